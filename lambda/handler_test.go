package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

// suiteLogs holds every log line the function wrote during this package's
// tests, the real binary's stdout included; suiteSecrets every client secret
// a fake issued. TestMain fails the run if a line holds one of them or the
// ResponseURL signature.
var (
	suiteLogs    lockedBuffer
	suiteSecrets sync.Map
)

func TestMain(m *testing.M) {
	code := m.Run()
	if err := scanLogs(suiteLogs.String()); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: log scan:", err)
		code = 1
	}
	os.Exit(code)
}

// scanLogs reports the first log line that holds a secret or the signature.
// It does not insist on lines: `go test -list` and fuzzing workers run
// TestMain too, and log nothing.
func scanLogs(logs string) error {
	var err error
	for i, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, signature) || strings.Contains(line, "X-Amz-Signature") {
			return fmt.Errorf("line %d holds the ResponseURL signature: %s", i+1, line)
		}
		suiteSecrets.Range(func(k, _ any) bool {
			if strings.Contains(line, k.(string)) {
				err = fmt.Errorf("line %d holds a client secret", i+1)
				return false
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// fn is the function exactly as main assembles it, pointed at the faithful
// fake through the standard AWS environment variables, with Cognito retries
// shortened so that "beyond the retries" takes milliseconds.
type fn struct {
	t        *testing.T
	fake     *cognitofake.Server
	pool     string
	receiver *httptest.Server
	status   atomic.Int32 // what the receiver answers
	puts     atomic.Int32
	bodies   chan []byte
	logs     lockedBuffer
	f        func(context.Context, cfn.Event) (cfn.Response, error)
}

func newFn(t *testing.T) *fn {
	t.Helper()
	h := &fn{t: t, fake: cognitofake.New(), bodies: make(chan []byte, 16)}
	t.Cleanup(func() {
		for _, c := range h.fake.Clients(h.pool) {
			if c.ClientSecret != nil {
				suiteSecrets.Store(*c.ClientSecret, true)
			}
		}
		h.fake.Close()
	})
	h.pool = h.fake.CreatePool()
	h.status.Store(http.StatusOK)
	h.receiver = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.puts.Add(1)
		if code := int(h.status.Load()); code != http.StatusOK {
			w.WriteHeader(code)
			return
		}
		h.bodies <- body
	}))
	t.Cleanup(h.receiver.Close)
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": h.fake.URL(),
		"AWS_REGION":                  "us-east-1",
		"AWS_ACCESS_KEY_ID":           "AKIAHANDLERTEST",
		"AWS_SECRET_ACCESS_KEY":       "handler-test-key",
		"AWS_CONFIG_FILE":             os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		"ALLOW_LOOPBACK_RESPONSE_URL": "true",
	} {
		t.Setenv(k, v)
	}
	h.f = newFunction(io.MultiWriter(&suiteLogs, &h.logs), func(o *cip.Options) {
		o.Retryer = retry.AddWithMaxBackoffDelay(o.Retryer, time.Millisecond)
	})
	return h
}

// invoke runs one event with the given time left before the Lambda deadline
// and returns the function's result, the body CloudFormation received (nil
// when none) and the event's log line.
func (h *fn) invoke(e cfn.Event, timeout time.Duration) (cfn.Response, []byte, map[string]any) {
	h.t.Helper()
	if e.ResponseURL == "" {
		e.ResponseURL = h.receiver.URL + "/cfn-response?X-Amz-Signature=" + signature
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	start := len(h.logs.String())
	h.puts.Store(0)
	resp, err := h.f(ctx, e)
	if err != nil {
		h.t.Fatalf("the function returned an error to the runtime: %v", err)
	}
	var body []byte
	select {
	case body = <-h.bodies:
	default:
	}
	var line map[string]any
	for _, l := range strings.Split(h.logs.String()[start:], "\n") {
		if strings.Contains(l, `"msg":"event handled"`) {
			if line != nil {
				h.t.Fatal("two event lines for one event")
			}
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				h.t.Fatal(err)
			}
		}
	}
	if line == nil {
		h.t.Fatal("no event line")
	}
	return resp, body, line
}

func (h *fn) event(rt cfn.RequestType, physicalID string, props map[string]any) cfn.Event {
	if props == nil {
		props = map[string]any{
			"UserPoolId":           h.pool,
			"AccessTokenValidity":  "10h",
			"RefreshTokenValidity": "30d",
			"ExplicitAuthFlows":    []any{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
		}
	}
	return cfn.Event{
		RequestType: rt, RequestID: "0f5a3c1e-" + string(rt), StackID: "arn:aws:cloudformation:us-east-1:123456789012:stack/s/1",
		LogicalResourceID: "Client", ResourceType: "Custom::CognitoUserPoolClient",
		PhysicalResourceID: physicalID, ResourceProperties: props, OldResourceProperties: props,
	}
}

func (h *fn) created() string {
	h.t.Helper()
	resp, _, _ := h.invoke(h.event(cfn.RequestCreate, "", nil), 30*time.Second)
	if resp.Status != cfn.StatusSuccess {
		h.t.Fatalf("Create: %s", resp.Reason)
	}
	h.fake.ResetCalls()
	return resp.PhysicalResourceID
}

func decodeBody(t *testing.T, body []byte) cfn.Response {
	t.Helper()
	var r cfn.Response
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("response body: %v", err)
	}
	return r
}

// TestFaults: one row per fault. Each asserts exactly one response with the
// right status and physical id, the number of Cognito requests (retries
// included) in the log line, and the client's state afterwards.
func TestFaults(t *testing.T) {
	tests := []struct {
		name      string
		inject    func(h *fn)
		rt        cfn.RequestType
		status    cfn.StatusType
		calls     int
		reason    string
		timeout   time.Duration
		unchanged bool
	}{
		{name: "internal error beyond the retries", rt: cfn.RequestUpdate, status: cfn.StatusFailed,
			inject: func(h *fn) { h.fake.Fail("DescribeUserPoolClient", 100, cognitofake.Internal) },
			calls:  cognito.MaxAttempts, reason: "InternalErrorException", unchanged: true},
		{name: "throttling beyond the retries", rt: cfn.RequestUpdate, status: cfn.StatusFailed,
			inject: func(h *fn) { h.fake.Fail("UpdateUserPoolClient", 100, cognitofake.Throttle) },
			calls:  1 + cognito.MaxAttempts, reason: "TooManyRequestsException", unchanged: true},
		{name: "throttled twice, then served", rt: cfn.RequestUpdate, status: cfn.StatusSuccess,
			inject: func(h *fn) { h.fake.Fail("DescribeUserPoolClient", 2, cognitofake.Throttle) }, calls: 4},
		{name: "concurrent modification is retried", rt: cfn.RequestUpdate, status: cfn.StatusSuccess,
			inject: func(h *fn) { h.fake.Fail("UpdateUserPoolClient", 1, cognitofake.ConcurrentModification) }, calls: 3},
		{name: "connection reset mid-call is retried", rt: cfn.RequestUpdate, status: cfn.StatusSuccess,
			inject: func(h *fn) { h.fake.Fail("DescribeUserPoolClient", 1, cognitofake.ResetConnection) }, calls: 3},
		{name: "limit exceeded on Create is not retried", rt: cfn.RequestCreate, status: cfn.StatusFailed,
			inject: func(h *fn) { h.fake.Fail("CreateUserPoolClient", 1, cognitofake.LimitExceeded) },
			calls:  1, reason: "LimitExceededException"},
		{name: "a call that hangs past the deadline", rt: cfn.RequestUpdate, status: cfn.StatusFailed,
			inject: func(h *fn) { h.fake.Fail("DescribeUserPoolClient", 1, cognitofake.Hang) },
			calls:  1, reason: "timed out", timeout: 4 * time.Second, unchanged: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newFn(t)
			id := ""
			if tc.rt == cfn.RequestUpdate {
				id = h.created()
			}
			before, _ := h.fake.Client(h.pool, id)
			tc.inject(h)
			e := h.event(tc.rt, id, nil)
			if tc.rt == cfn.RequestUpdate {
				e.ResourceProperties = map[string]any{"UserPoolId": h.pool, "AccessTokenValidity": "2h", "RefreshTokenValidity": "30d",
					"ExplicitAuthFlows": []any{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}}
			}
			timeout := tc.timeout
			if timeout == 0 {
				timeout = 30 * time.Second
			}
			deadline := time.Now().Add(timeout)
			resp, body, line := h.invoke(e, timeout)
			received := time.Now()
			if n := h.puts.Load(); n != 1 || body == nil {
				t.Fatalf("%d response PUTs, want exactly 1", n)
			}
			if got := decodeBody(t, body); got.Status != tc.status || got.Status != resp.Status {
				t.Fatalf("status %s (result %s), want %s; reason %q", got.Status, resp.Status, tc.status, got.Reason)
			}
			if tc.status == cfn.StatusFailed {
				if !strings.Contains(strings.ToLower(resp.Reason), strings.ToLower(tc.reason)) {
					t.Errorf("reason %q does not mention %q", resp.Reason, tc.reason)
				}
				wantID := id
				if tc.rt == cfn.RequestCreate {
					wantID = response.FailedCreateID(e.RequestID)
				}
				if resp.PhysicalResourceID != wantID {
					t.Errorf("PhysicalResourceId = %q, want %q", resp.PhysicalResourceID, wantID)
				}
			}
			if got := int(line["cognito_calls"].(float64)); got != tc.calls {
				t.Errorf("cognito_calls = %d, want %d (calls: %v)", got, tc.calls, h.fake.Calls())
			}
			if tc.reason == "timed out" && deadline.Sub(received) < 2*time.Second {
				t.Errorf("the timed-out response came %v before the deadline, want at least 2s", deadline.Sub(received))
			}
			if tc.unchanged {
				after, _ := h.fake.Client(h.pool, id)
				if *after.AccessTokenValidity != *before.AccessTokenValidity {
					t.Error("a failed event changed the client")
				}
			}
			if tc.rt == cfn.RequestCreate && tc.status == cfn.StatusFailed && len(h.fake.Clients(h.pool)) != 0 {
				t.Error("a failed Create left a client behind")
			}
		})
	}
}

// The in-flight call is cancelled when the guard fires: the fake sees the
// hung request end, so nothing keeps running after the response.
func TestDeadlineCancelsInFlightCall(t *testing.T) {
	h := newFn(t)
	h.fake.Fail("CreateUserPoolClient", 1, cognitofake.Hang)
	resp, _, _ := h.invoke(h.event(cfn.RequestCreate, "", nil), 4*time.Second)
	if resp.Status != cfn.StatusFailed {
		t.Fatalf("status %s", resp.Status)
	}
	closed := make(chan struct{})
	go func() { h.fake.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("the hung Cognito request was not cancelled")
	}
}

// When CloudFormation refuses the SUCCESS of an owned Create, the client just
// created is deleted, so nothing is orphaned.
func TestUndeliveredCreateIsUndone(t *testing.T) {
	h := newFn(t)
	h.status.Store(http.StatusForbidden)
	resp, _, line := h.invoke(h.event(cfn.RequestCreate, "", nil), 30*time.Second)
	if resp.Status != cfn.StatusSuccess {
		t.Fatalf("the result is the response it would have sent; got %s %s", resp.Status, resp.Reason)
	}
	if n := len(h.fake.Clients(h.pool)); n != 0 {
		t.Errorf("%d clients left after an undelivered Create, want 0", n)
	}
	if h.puts.Load() != 1 {
		t.Errorf("a 403 must not be retried: %d PUTs", h.puts.Load())
	}
	if line["response"] != "undelivered" {
		t.Errorf("log line response = %v", line["response"])
	}
}

// Without a ResponseURL (sam local invoke), nothing is sent and the result
// is the response.
func TestNoResponseURL(t *testing.T) {
	h := newFn(t)
	e := h.event(cfn.RequestCreate, "", nil)
	e.ResponseURL = ""
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := h.f(ctx, e)
	if err != nil || resp.Status != cfn.StatusSuccess || resp.Data["ClientId"] != resp.PhysicalResourceID {
		t.Fatalf("result %+v, %v", resp, err)
	}
	if h.puts.Load() != 0 {
		t.Error("something was sent")
	}
}

// A ResponseURL outside the allowlist refuses the whole event.
func TestRefusedResponseURL(t *testing.T) {
	h := newFn(t)
	e := h.event(cfn.RequestCreate, "", nil)
	e.ResponseURL = "https://cloudformation-custom-resource-response.amazonaws.com.evil.example/x?X-Amz-Signature=" + signature
	resp, _, line := h.invoke(e, 30*time.Second)
	if resp.Status != cfn.StatusFailed || len(h.fake.Calls()) != 0 {
		t.Fatalf("status %s, %d Cognito calls; want FAILED and none", resp.Status, len(h.fake.Calls()))
	}
	if strings.Contains(resp.Reason, signature) || line["response"] != "refused" {
		t.Errorf("reason %q, response %v", resp.Reason, line["response"])
	}
}

// A hundred problems still make one FAILED body within 4096 bytes, cut at a
// UTF-8 boundary, summary first.
func TestManyProblemsFitOneResponse(t *testing.T) {
	h := newFn(t)
	urls := make([]any, 100)
	for i := range urls {
		urls[i] = fmt.Sprintf("http://ünïcödé-%03d.example.com/cb#frag", i)
	}
	props := map[string]any{"UserPoolId": h.pool, "CallbackURLs": urls}
	resp, body, _ := h.invoke(h.event(cfn.RequestCreate, "", props), 30*time.Second)
	if len(body) > response.MaxBody || !utf8.Valid(body) {
		t.Fatalf("body of %d bytes (valid UTF-8: %v)", len(body), utf8.Valid(body))
	}
	if !strings.HasPrefix(resp.Reason, "100 problems") && !strings.HasPrefix(resp.Reason, "10") {
		t.Errorf("reason does not start with its summary: %.80q", resp.Reason)
	}
	if len(h.fake.Calls()) != 0 {
		t.Error("invalid properties reached Cognito")
	}
}

// A SUCCESS with a secret sets NoEcho, and the secret reaches CloudFormation
// only in Data.
func TestSecretOnlyInData(t *testing.T) {
	h := newFn(t)
	props := map[string]any{"UserPoolId": h.pool, "GenerateSecret": "true",
		"AllowedOAuthFlows": []any{"client_credentials"}, "AllowedOAuthScopes": []any{"api/read"}}
	resp, body, line := h.invoke(h.event(cfn.RequestCreate, "", props), 30*time.Second)
	got := decodeBody(t, body)
	secret, _ := got.Data["ClientSecret"].(string)
	if got.Status != cfn.StatusSuccess || secret == "" || !got.NoEcho || resp.Data["ClientSecret"] != secret {
		t.Fatalf("status %s, NoEcho %v, secret present %v", got.Status, got.NoEcho, secret != "")
	}
	raw, _ := json.Marshal(line)
	if strings.Contains(string(raw), secret) {
		t.Error("the event line holds the secret")
	}
}
