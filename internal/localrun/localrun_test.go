package localrun_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
)

// signature stands for a pre-signed URL's signature.
const signature = "X-Amz-Signature=c0ffee"

// ownedCreate returns a Create event for an owned client in pool, from a
// stack of the local function's account, with a ResponseURL when url is not
// empty.
func ownedCreate(t *testing.T, pool, url string) []byte {
	return ownedCreateIn(t, lambdalocal.Account, pool, url)
}

// ownedCreateIn is ownedCreate from a stack of account.
func ownedCreateIn(t *testing.T, account, pool, url string) []byte {
	t.Helper()
	e := map[string]any{
		"RequestType":       "Create",
		"RequestId":         "3f1b7c2e-0000-4000-8000-000000000001",
		"StackId":           "arn:aws:cloudformation:us-east-1:" + account + ":stack/localrun/5b8c8a40",
		"LogicalResourceId": "WebClient",
		"ResourceType":      "Custom::CognitoUserPoolClient",
		"ResourceProperties": map[string]any{
			"ServiceToken": lambdalocal.FunctionARN,
			"UserPoolId":   pool,
			"ClientName":   "localrun",
		},
	}
	if url != "" {
		e["ResponseURL"] = url
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestInvoke runs the real bootstrap against the Cognito fake: the quick
// way through everything the local tools rely on.
func TestInvoke(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	bin, err := localrun.Build(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	fake := cognitofake.New()
	t.Cleanup(fake.Close)
	pool := fake.CreatePool()

	tests := []struct {
		name    string
		env     []string
		event   func(t *testing.T) []byte
		wantErr string // "" for a SUCCESS response
		refused string // the FAILED reason, for a refused event
	}{
		{name: "a stack of another account: FAILED, no Cognito call", env: localrun.CognitoEnv(fake.URL()),
			event: func(t *testing.T) []byte {
				return ownedCreateIn(t, "999999999999", pool, "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?"+signature)
			}, refused: `StackId: the stack is in account "999999999999", which may not use this function: it serves its own account, 012345678912`},
		{name: "a stack of a trusted account", env: append(localrun.CognitoEnv(fake.URL()), "TRUSTED_STACK_ACCOUNTS=999999999999"),
			event: func(t *testing.T) []byte { return ownedCreateIn(t, "999999999999", pool, "") }},
		{name: "no ResponseURL: the result is the response", env: localrun.CognitoEnv(fake.URL()),
			event: func(t *testing.T) []byte { return ownedCreate(t, pool, "") }},
		{name: "ResponseURL: the one response sent to it", env: localrun.CognitoEnv(fake.URL()),
			event: func(t *testing.T) []byte {
				return ownedCreate(t, pool, "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?"+signature)
			}},
		{name: "ResponseURL without loopback allowed: no response sent", env: []string{localrun.EndpointVar + "=" + fake.URL(), "AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=x"},
			event: func(t *testing.T) []byte {
				return ownedCreate(t, pool, "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?"+signature)
			}, wantErr: "sent 0 responses to the ResponseURL"},
		{name: "not a JSON object", env: localrun.CognitoEnv(fake.URL()),
			event: func(*testing.T) []byte { return []byte(`["Create"]`) }, wantErr: "the event is not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs strings.Builder
			fn, err := localrun.Start(bin, tt.env, &logs, &logs)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := fn.Invoke(ctx, tt.event(t))
			if closeErr := fn.Close(); closeErr != nil {
				t.Errorf("Close = %v", closeErr)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Invoke = %v, want an error saying %q", err, tt.wantErr)
				}
				if err != nil && strings.Contains(err.Error(), signature) {
					t.Errorf("the error shows the signature: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Invoke: %v\nlogs:\n%s", err, logs.String())
			}
			if tt.refused != "" {
				if resp.Status != cfn.StatusFailed || !strings.Contains(resp.Reason, tt.refused) {
					t.Errorf("response %+v, want FAILED saying %q", resp, tt.refused)
				}
				if !strings.Contains(logs.String(), `"cognito_calls":0`) {
					t.Errorf("the refused event made Cognito calls:\n%s", logs.String())
				}
				return
			}
			if resp.Status != cfn.StatusSuccess || resp.PhysicalResourceID == "" || resp.Data["ClientName"] != "localrun" {
				t.Errorf("response %+v, want a SUCCESS for the new client", resp)
			}
		})
	}
}

func TestCognitoEnv(t *testing.T) {
	env := strings.Join(localrun.CognitoEnv("http://127.0.0.1:9229"), "\n")
	for _, want := range []string{
		"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=http://127.0.0.1:9229",
		"AWS_ACCESS_KEY_ID=",
		"AWS_SECRET_ACCESS_KEY=",
		"ALLOW_LOOPBACK_RESPONSE_URL=true",
	} {
		if !strings.Contains(env, want) {
			t.Errorf("CognitoEnv lacks %s:\n%s", want, env)
		}
	}
}
