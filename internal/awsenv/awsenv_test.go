package awsenv_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-client-resource/cognitoclient/internal/awsenv"
)

// vars are the variables the tests set; each test starts with all empty.
var vars = []string{
	"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
	"AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_SDK_UA_APP_ID", "AWS_PROFILE", "AWS_CONFIG_FILE",
	"AWS_SHARED_CREDENTIALS_FILE", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_ACCOUNT_ID",
}

// cognito is what the function's Cognito client would be made of.
type cognito struct {
	region, endpoint, appID string
	fips, dualStack         bool
	key, token              string // "" when there are no credentials
	credErr                 string
}

func load(t *testing.T, env map[string]string) cognito {
	t.Helper()
	for _, k := range vars {
		t.Setenv(k, env[k])
	}
	client := &http.Client{}
	cfg, err := awsenv.Load(client)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTPClient != client {
		t.Error("the configuration does not send with the client given")
	}
	o := cip.NewFromConfig(cfg).Options()
	got := cognito{region: o.Region, appID: o.AppID,
		fips:      o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled,
		dualStack: o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled}
	if o.BaseEndpoint != nil {
		got.endpoint = *o.BaseEndpoint
	}
	c, err := o.Credentials.Retrieve(context.Background())
	if err != nil {
		got.credErr = err.Error()
	} else {
		got.key, got.token = c.AccessKeyID, c.SessionToken
	}
	return got
}

func TestLoad(t *testing.T) {
	noCreds := "no AWS credentials in the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function's role)"
	for _, tc := range []struct {
		name string
		env  map[string]string
		want cognito
	}{
		{"as Lambda sets it", map[string]string{"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1",
			"AWS_ACCESS_KEY_ID": "ASIAROLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"},
			cognito{region: "eu-west-1", key: "ASIAROLE", token: "token"}},
		{"AWS_DEFAULT_REGION alone", map[string]string{"AWS_DEFAULT_REGION": "us-west-2"},
			cognito{region: "us-west-2", credErr: noCreds}},
		{"nothing", nil, cognito{credErr: noCreds}},
		{"Cognito's endpoint", map[string]string{"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:9229"},
			cognito{endpoint: "http://127.0.0.1:9229", credErr: noCreds}},
		{"every service's endpoint", map[string]string{"AWS_ENDPOINT_URL": "https://aws.test"},
			cognito{endpoint: "https://aws.test", credErr: noCreds}},
		{"Cognito's endpoint over every service's", map[string]string{"AWS_ENDPOINT_URL": "https://aws.test", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "https://cognito.test"},
			cognito{endpoint: "https://cognito.test", credErr: noCreds}},
		{"configured endpoints ignored", map[string]string{"AWS_ENDPOINT_URL": "https://aws.test", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "https://cognito.test", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"},
			cognito{credErr: noCreds}},
		{"FIPS and dual-stack", map[string]string{"AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "TRUE"},
			cognito{fips: true, dualStack: true, credErr: noCreds}},
		{"FIPS and dual-stack off", map[string]string{"AWS_USE_FIPS_ENDPOINT": "false", "AWS_USE_DUALSTACK_ENDPOINT": "False"},
			cognito{credErr: noCreds}},
		{"the SDK's other names of the keys", map[string]string{"AWS_ACCESS_KEY": "AKIAOLD", "AWS_SECRET_KEY": "old"},
			cognito{key: "AKIAOLD", credErr: ""}},
		{"a session token without keys is no credentials", map[string]string{"AWS_SESSION_TOKEN": "token"}, cognito{credErr: noCreds}},
		{"app id", map[string]string{"AWS_SDK_UA_APP_ID": "shop"}, cognito{appID: "shop", credErr: noCreds}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := load(t, tc.env); got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// Shared files and profiles are not read: a profile's Region and
// credentials do not reach the function.
func TestLoadReadsNoSharedFiles(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte("[profile shop]\nregion = ap-south-1\naws_access_key_id = AKIAFILE\naws_secret_access_key = file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := load(t, map[string]string{"AWS_PROFILE": "shop", "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": config})
	if got.region != "" || got.key != "" || !strings.HasPrefix(got.credErr, "no AWS credentials") {
		t.Errorf("got %+v, want no Region and no credentials", got)
	}
}

// A boolean variable that is neither true nor false is an error, as in the
// SDK, naming it.
func TestLoadRefusesWhatTheSDKRefuses(t *testing.T) {
	for _, name := range []string{"AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"} {
		t.Run(name, func(t *testing.T) {
			for _, k := range vars {
				t.Setenv(k, "")
			}
			t.Setenv(name, "1")
			if _, err := awsenv.Load(&http.Client{}); err == nil || !strings.Contains(err.Error(), name+"=1") {
				t.Errorf("Load with %s=1: error %v, want one naming it", name, err)
			}
		})
	}
}
