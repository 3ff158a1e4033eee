// Package awsenv is the AWS configuration of the function: what Lambda puts
// in its environment, read under the names and rules of the AWS SDK's
// environment configuration (config.NewEnvConfig), for the settings a
// function of this kind can have.
//
// The SDK's config package is not imported: it links every other source of
// configuration and credentials (shared files and profiles, SSO, web
// identity, process credentials, the container and instance metadata
// endpoints), with the STS, SSO and sign-in clients, whose package
// initialisers build their endpoint tables and schemas at every cold start
// even when nothing calls them. A Lambda function never uses them: they were
// a sixth of the binary and a tenth of a cold start's CPU.
package awsenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Load returns the configuration that the environment gives, with client
// sending every request:
//
//   - the Region: AWS_REGION, else AWS_DEFAULT_REGION;
//   - the credentials of the function's role: AWS_ACCESS_KEY_ID,
//     AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, which Lambda sets (and
//     the SDK's other names for the first two, AWS_ACCESS_KEY and
//     AWS_SECRET_KEY);
//   - the endpoints: AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>
//     (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, …), unless
//     AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, and AWS_USE_FIPS_ENDPOINT
//     and AWS_USE_DUALSTACK_ENDPOINT;
//   - AWS_SDK_UA_APP_ID, for the user agent.
//
// Shared configuration files, profiles and every other credential source
// are not read. Without credentials, every request fails at once, saying
// so. The error names a variable whose value is neither true nor false.
func Load(client aws.HTTPClient) (aws.Config, error) {
	var e env
	var err error
	if e.ignoreEndpoints, err = boolVar("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"); err != nil {
		return aws.Config{}, err
	}
	fips, err := boolVar("AWS_USE_FIPS_ENDPOINT")
	if err != nil {
		return aws.Config{}, err
	}
	dualStack, err := boolVar("AWS_USE_DUALSTACK_ENDPOINT")
	if err != nil {
		return aws.Config{}, err
	}
	e.fips = [...]aws.FIPSEndpointState{unset: aws.FIPSEndpointStateUnset, on: aws.FIPSEndpointStateEnabled, off: aws.FIPSEndpointStateDisabled}[fips]
	e.dualStack = [...]aws.DualStackEndpointState{unset: aws.DualStackEndpointStateUnset, on: aws.DualStackEndpointStateEnabled, off: aws.DualStackEndpointStateDisabled}[dualStack]

	cfg := aws.Config{
		Region:        firstOf("AWS_REGION", "AWS_DEFAULT_REGION"),
		Credentials:   noCredentials{},
		HTTPClient:    client,
		AppID:         os.Getenv("AWS_SDK_UA_APP_ID"),
		ConfigSources: []any{e}, // a client reads its own endpoint, FIPS and dual-stack settings there
	}
	creds := aws.Credentials{
		AccessKeyID:     firstOf("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"),
		SecretAccessKey: firstOf("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"),
		Source:          "EnvConfigCredentials",
	}
	if creds.HasKeys() {
		creds.SessionToken = os.Getenv("AWS_SESSION_TOKEN")
		creds.AccountID = os.Getenv("AWS_ACCOUNT_ID")
		cfg.Credentials = credentialsProvider(creds)
	}
	if u := os.Getenv("AWS_ENDPOINT_URL"); u != "" && e.ignoreEndpoints != on {
		cfg.BaseEndpoint = aws.String(u)
	}
	return cfg, nil
}

// The values of a boolean variable: unset, true or false.
const (
	unset = iota
	on
	off
)

// boolVar reads a boolean variable as the SDK does: true or false, in any
// case; anything else is an error.
func boolVar(name string) (int, error) {
	switch v := os.Getenv(name); {
	case v == "":
		return unset, nil
	case strings.EqualFold(v, "true"):
		return on, nil
	case strings.EqualFold(v, "false"):
		return off, nil
	default:
		return unset, fmt.Errorf("invalid value for environment variable, %s=%s, need true or false", name, v)
	}
}

// firstOf returns the first of the variables that is set and not empty.
func firstOf(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}

// env is the part of the environment a service client reads for itself, as
// the SDK's config sources give it.
type env struct {
	ignoreEndpoints int
	fips            aws.FIPSEndpointState
	dualStack       aws.DualStackEndpointState
}

// GetServiceBaseEndpoint returns AWS_ENDPOINT_URL_<SERVICE>: the service's
// SDK id in capitals, spaces as underscores.
func (env) GetServiceBaseEndpoint(_ context.Context, sdkID string) (string, bool, error) {
	u := os.Getenv("AWS_ENDPOINT_URL_" + strings.ReplaceAll(strings.ToUpper(sdkID), " ", "_"))
	return u, u != "", nil
}

// GetIgnoreConfiguredEndpoints returns AWS_IGNORE_CONFIGURED_ENDPOINT_URLS.
func (e env) GetIgnoreConfiguredEndpoints(context.Context) (bool, bool, error) {
	return e.ignoreEndpoints == on, e.ignoreEndpoints != unset, nil
}

// GetUseFIPSEndpoint returns AWS_USE_FIPS_ENDPOINT.
func (e env) GetUseFIPSEndpoint(context.Context) (aws.FIPSEndpointState, bool, error) {
	return e.fips, e.fips != aws.FIPSEndpointStateUnset, nil
}

// GetUseDualStackEndpoint returns AWS_USE_DUALSTACK_ENDPOINT.
func (e env) GetUseDualStackEndpoint(context.Context) (aws.DualStackEndpointState, bool, error) {
	return e.dualStack, e.dualStack != aws.DualStackEndpointStateUnset, nil
}

// credentialsProvider gives credentials read once: Lambda sets them for the
// lifetime of the execution environment.
type credentialsProvider aws.Credentials

// Retrieve returns the credentials.
func (c credentialsProvider) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials(c), nil
}

// errNoCredentials is what a request fails with when the environment has
// no credentials.
var errNoCredentials = errors.New("no AWS credentials in the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function's role)")

// noCredentials fails every request with errNoCredentials.
type noCredentials struct{}

// Retrieve returns errNoCredentials.
func (noCredentials) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{}, errNoCredentials
}
