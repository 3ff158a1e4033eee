package main

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/cognitolocal"
	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
)

func TestMask(t *testing.T) {
	tests := []struct {
		name string
		data map[string]any
		want map[string]any
	}{
		{"no data", nil, nil},
		{"no secret", map[string]any{"ClientId": "abc"}, map[string]any{"ClientId": "abc"}},
		{"secret", map[string]any{"ClientId": "abc", "ClientSecret": "s3cr3t"}, map[string]any{"ClientId": "abc", "ClientSecret": masked}},
		{"secret and store", map[string]any{"ClientId": "abc", "ClientSecret": "s3cr3t", "SecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:x"},
			map[string]any{"ClientId": "abc", "ClientSecret": masked, "SecretArn": masked}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := maps.Clone(tt.data)
			got := mask(cfn.Response{Data: tt.data})
			if !maps.Equal(got.Data, tt.want) {
				t.Errorf("Data = %v, want %v", got.Data, tt.want)
			}
			if !maps.Equal(tt.data, orig) {
				t.Errorf("mask changed the response it was given: %v", tt.data)
			}
		})
	}
}

func TestLocalSecretsManager(t *testing.T) {
	tests := []struct {
		name             string
		cognito, secrets string
		wantFake         bool
	}{
		{"against AWS", "", "", false},
		{"a local Cognito endpoint", "http://127.0.0.1:9229", "", true},
		{"a Secrets Manager endpoint of one's own", "http://127.0.0.1:9229", "http://127.0.0.1:4566", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(localrun.EndpointVar, tt.cognito)
			t.Setenv(localrun.SecretsManagerEndpointVar, tt.secrets)
			var notes strings.Builder
			env, stop := localSecretsManager(&notes)
			defer stop()
			if got := len(env) == 1 && strings.HasPrefix(env[0], localrun.SecretsManagerEndpointVar+"=http://127.0.0.1:"); got != tt.wantFake {
				t.Fatalf("env %q: want a fake's endpoint: %v", env, tt.wantFake)
			}
			if got := strings.Contains(notes.String(), "a fake started for this event"); got != tt.wantFake {
				t.Errorf("notes %q: want the fake announced: %v", notes.String(), tt.wantFake)
			}
			if !tt.wantFake {
				return
			}
			url := strings.TrimPrefix(env[0], localrun.SecretsManagerEndpointVar+"=")
			resp, err := http.Post(url, "application/x-amz-json-1.1", strings.NewReader("{}"))
			if err != nil {
				t.Fatalf("the fake does not answer: %v", err)
			}
			resp.Body.Close()
			stop()
			if _, err := http.Post(url, "application/x-amz-json-1.1", strings.NewReader("{}")); err == nil {
				t.Error("the fake still answers after stop")
			}
		})
	}
}

// TestMakeInvokeWithoutAWSConfiguration runs `make invoke` as someone with
// no AWS setup at all would: an empty environment but for PATH and the go
// command's caches, HOME an empty directory. The function still checks the
// event's properties; a Cognito call fails naming the missing Region; and
// make ends normally on the FAILED response it printed, without an "Error 1".
func TestMakeInvokeWithoutAWSConfiguration(t *testing.T) {
	t.Parallel()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GOFLAGS", "GOTOOLCHAIN"} {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", k, err)
		}
		env = append(env, k+"="+strings.TrimSpace(string(out)))
	}
	invalid, err := os.ReadFile("../../events/invalid-oauth.expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		event      string
		wantReason string
	}{
		{"the properties are checked", "events/invalid-oauth.json", strings.TrimSuffix(string(invalid), "\n")},
		{"a Cognito call fails naming the missing Region", "events/create-owned.json",
			"CreateUserPoolClient: operation error Cognito Identity Provider: CreateUserPoolClient, no AWS Region is configured: set AWS_REGION to the user pool's Region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), "make", "--no-print-directory", "-C", "../..",
				"invoke", "EVENT="+tt.event, "TOOLS_BIN="+t.TempDir())
			cmd.Env = env
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("make invoke: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
			}
			if strings.Contains(stderr.String(), "make:") {
				t.Errorf("make reports an error after an expected FAILED:\n%s", stderr.String())
			}
			// make echoes the go build line before the response.
			out := stdout.String()
			var resp cfn.Response
			if i := strings.Index(out, "\n{"); i < 0 || json.Unmarshal([]byte(out[i:]), &resp) != nil {
				t.Fatalf("stdout does not end with the response:\n%s", out)
			}
			if resp.Status != cfn.StatusFailed || resp.Reason != tt.wantReason {
				t.Errorf("Status %s, Reason %q; want FAILED, %q", resp.Status, resp.Reason, tt.wantReason)
			}
			if !strings.Contains(stderr.String(), "invoke: no AWS Region is configured") {
				t.Errorf("stderr does not say that no Region is configured:\n%s", stderr.String())
			}
		})
	}
}

// TestMakeInvokeFailsWithoutResponse: status 2 (no response came) still
// fails the make target.
func TestMakeInvokeFailsWithoutResponse(t *testing.T) {
	t.Parallel()
	cmd := exec.CommandContext(t.Context(), "make", "--no-print-directory", "-C", "../..",
		"invoke", "EVENT=events/no-such-event.json", "TOOLS_BIN="+t.TempDir())
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("make invoke of a missing event: %v, want it to fail\n%s", err, out)
	}
	if !strings.Contains(string(out), "no-such-event.json") {
		t.Errorf("the output does not name the missing file:\n%s", out)
	}
}

// TestRun invokes events through the real binary against cognito-local, as
// `make invoke` does with AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER set.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cognito-local")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	emu, err := cognitolocal.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	pool, err := emu.CreateUserPool(ctx, "invoke")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(localrun.EndpointVar, emu.Endpoint())
	for _, k := range []string{localrun.SecretsManagerEndpointVar, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "TRUSTED_STACK_ACCOUNTS"} {
		t.Setenv(k, "")
	}

	invalid, err := os.ReadFile("../../events/invalid-oauth.expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	const signature = "X-Amz-Signature=c0ffee0123456789"
	tests := []struct {
		name string
		// event is the path of the event, or the changes to make to
		// events/create-owned.json (its user pool is set to the emulator's).
		event      string
		changes    map[string]any
		wantCode   int
		wantStatus cfn.StatusType
		wantReason string
		wantNote   string
	}{
		{name: "invalid sample, result only", event: "../../events/invalid-oauth.json",
			wantCode: 1, wantStatus: cfn.StatusFailed, wantReason: strings.TrimSuffix(string(invalid), "\n")},
		{name: "owned create, result only", changes: map[string]any{},
			wantCode: 0, wantStatus: cfn.StatusSuccess},
		{name: "a stack of another account, refused", changes: map[string]any{
			"StackId": "arn:aws:cloudformation:us-east-1:999999999999:stack/shop-auth/8f1f2a40-9b1e-11ef-8a3c-0a1b2c3d4e5f"},
			wantCode: 1, wantStatus: cfn.StatusFailed,
			wantReason: `StackId: the stack is in account "999999999999", which may not use this function: it serves its own account, 012345678912, and those of TRUSTED_STACK_ACCOUNTS (none)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.event
			if tt.changes != nil {
				path = ownedCreate(t, pool, tt.changes)
			}
			var stdout, stderr strings.Builder
			code := run(ctx, []string{path}, &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout.String(), stderr.String())
			}
			var resp cfn.Response
			if err := json.Unmarshal([]byte(stdout.String()), &resp); err != nil {
				t.Fatalf("stdout is not the response alone: %v\n%s", err, stdout.String())
			}
			if resp.Status != tt.wantStatus || resp.Reason != tt.wantReason {
				t.Errorf("Status %s, Reason %q; want %s, %q", resp.Status, resp.Reason, tt.wantStatus, tt.wantReason)
			}
			if !strings.Contains(stderr.String(), tt.wantNote) {
				t.Errorf("stderr does not say %q:\n%s", tt.wantNote, stderr.String())
			}
			if !strings.Contains(stderr.String(), "Secrets Manager calls go to a fake") {
				t.Errorf("stderr does not say where the Secrets Manager calls go:\n%s", stderr.String())
			}
			if strings.Contains(stdout.String()+stderr.String(), signature) {
				t.Error("the output shows the ResponseURL's signature")
			}
			if resp.Status != cfn.StatusSuccess {
				return
			}
			out, err := emu.Client().DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(resp.PhysicalResourceID)})
			if err != nil {
				t.Fatalf("the client of the response: %v", err)
			}
			if out.UserPoolClient.ClientSecret != nil || resp.Data["ClientSecret"] != nil {
				t.Error("a client without a secret has one")
			}
		})
	}

	t.Run("usage", func(t *testing.T) {
		var stdout, stderr strings.Builder
		if code := run(ctx, nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage:") || stdout.Len() > 0 {
			t.Errorf("no event: exit status %d, stderr %q, stdout %q; want 2 and the usage", code, stderr.String(), stdout.String())
		}
	})
}

// TestRunWithASecret invokes an owned Create with a secret, to a ResponseURL,
// through the real binary against the Cognito fake (cognito-local has no
// client secret operations) and the Secrets Manager fake invoke starts
// beside a local Cognito endpoint: the response the function sent carries
// the secret, and what invoke prints masks it.
func TestRunWithASecret(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the bootstrap")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	fake := cognitofake.New()
	defer fake.Close()
	pool := fake.CreatePool()
	t.Setenv(localrun.EndpointVar, fake.URL())
	for _, k := range []string{localrun.SecretsManagerEndpointVar, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "TRUSTED_STACK_ACCOUNTS"} {
		t.Setenv(k, "")
	}
	const signature = "X-Amz-Signature=c0ffee0123456789"
	path := ownedCreate(t, pool, map[string]any{
		"GenerateSecret": "true",
		"ResponseURL":    "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/stack/WebClient?" + signature,
	})
	var stdout, stderr strings.Builder
	if code := run(ctx, []string{path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	var resp cfn.Response
	if err := json.Unmarshal([]byte(stdout.String()), &resp); err != nil {
		t.Fatalf("stdout is not the response alone: %v\n%s", err, stdout.String())
	}
	listed := fake.Secrets(pool, resp.PhysicalResourceID)
	if len(listed) != 1 || resp.Data["ClientSecret"] != masked || !resp.NoEcho || resp.Data["SecretArn"] != masked {
		t.Fatalf("%d secrets; Data %v, NoEcho %v", len(listed), resp.Data, resp.NoEcho)
	}
	out := stdout.String() + stderr.String()
	if !strings.Contains(stderr.String(), "ALLOW_LOOPBACK_RESPONSE_URL=true") || !strings.Contains(stderr.String(), "Secrets Manager calls go to a fake") {
		t.Errorf("the notes are missing:\n%s", stderr.String())
	}
	if strings.Contains(out, signature) || strings.Contains(out, listed[0].Value) {
		t.Error("the output shows the signature or the client secret")
	}
}

// ownedCreate writes events/create-owned.json, with pool as its user pool
// and changes applied to its properties (ResponseURL and StackId to the
// event's top level), to a temporary file and returns its path.
func ownedCreate(t *testing.T, pool string, changes map[string]any) string {
	t.Helper()
	raw, err := os.ReadFile("../../events/create-owned.json")
	if err != nil {
		t.Fatal(err)
	}
	var e map[string]any
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	properties := e["ResourceProperties"].(map[string]any)
	properties["UserPoolId"] = pool
	for k, v := range changes {
		if k == "ResponseURL" || k == "StackId" {
			e[k] = v
		} else {
			properties[k] = v
		}
	}
	out, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
