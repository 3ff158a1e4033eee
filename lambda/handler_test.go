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
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-client-resource/cognitoclient/internal/clientsecret/secrettest"
	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/resource"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretsfake"
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
	var secrets []string
	suiteSecrets.Range(func(k, _ any) bool {
		secrets = append(secrets, k.(string))
		return true
	})
	if err := scanLogs(suiteLogs.String(), secrets); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: log scan:", err)
		code = 1
	}
	os.Exit(code)
}

// scanLogs reports the first log line that holds one of secrets or the
// ResponseURL signature. It does not insist on lines: `go test -list` and
// fuzzing workers run TestMain too, and log nothing.
func scanLogs(logs string, secrets []string) error {
	for i, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, signature) || strings.Contains(line, "X-Amz-Signature") {
			return fmt.Errorf("line %d holds the ResponseURL signature: %s", i+1, line)
		}
		for _, s := range secrets {
			if strings.Contains(line, s) {
				return fmt.Errorf("line %d holds a client secret", i+1)
			}
		}
	}
	return nil
}

// stackID is the stack of the tests' events: in the local function's
// account and Region, as the function's account rule wants.
const stackID = "arn:aws:cloudformation:" + lambdalocal.Region + ":" + lambdalocal.Account + ":stack/s/1c2d3e4f-aaaa-bbbb-cccc-0123456789ab"

// invocation is the context of one invocation, as the Lambda runtime makes
// it: it carries the invoked function's ARN, the local function's, whose
// account the function serves.
func invocation() context.Context {
	return lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{InvokedFunctionArn: lambdalocal.FunctionARN})
}

// sources are the CLIENT_SECRET_SOURCES of the tests' function: secrets of
// its own account under app/.
const sources = "arn:aws:secretsmanager:" + lambdalocal.Region + ":" + lambdalocal.Account + ":secret:app/*"

// awsEnv points the SDK's standard configuration at fake Cognito and Secrets
// Manager endpoints, with static credentials and no shared files, the way
// the Lambda runtime configures the real function, and sets
// CLIENT_SECRET_SOURCES. loopback sets ALLOW_LOOPBACK_RESPONSE_URL.
func awsEnv(t testing.TB, endpoint, secretsEndpoint string, loopback bool) {
	t.Helper()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": endpoint,
		"AWS_ENDPOINT_URL_SECRETS_MANAGER":           secretsEndpoint,
		"CLIENT_SECRET_SOURCES":                      sources,
		"AWS_REGION":                                 lambdalocal.Region,
		"AWS_ACCESS_KEY_ID":                          "AKIAHANDLERTEST",
		"AWS_SECRET_ACCESS_KEY":                      "handler-test-key",
		"AWS_CONFIG_FILE":                            os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE":                os.DevNull,
		"ALLOW_LOOPBACK_RESPONSE_URL":                fmt.Sprint(loopback),
		"TRUSTED_STACK_ACCOUNTS":                     "",
	} {
		t.Setenv(k, v)
	}
}

// entry is the function as the Lambda runtime calls it: raw JSON in, raw
// JSON out, through aws-lambda-go's own decoding of the event.
//
// optFns adjust the Cognito client, and respond, when not nil, the
// response's timing; the waits of the lifecycle (before a not-found is
// believed, around additive URL writes) are milliseconds. The policies are
// those of production.
func entry(logs io.Writer, respond func(*response.Options), optFns ...func(*cip.Options)) lambda.Handler {
	return lambda.NewHandler(newFunction(logs, adjust{
		cognito: optFns,
		resource: []resource.Option{
			resource.WithNotFoundPauses(time.Millisecond, 2*time.Millisecond, 4*time.Millisecond),
			resource.WithURLPauses(10*time.Millisecond, 10*time.Millisecond),
		},
		response: respond,
	}))
}

// shortRetries shortens the Cognito backoff so that "beyond the retries"
// takes milliseconds; the policy (what is retried, how often) is unchanged.
func shortRetries(o *cip.Options) {
	o.Retryer = retry.AddWithMaxBackoffDelay(o.Retryer, time.Millisecond)
}

// answer is how the receiver answers the PUT numbered n (from 1) of an
// invocation: it returns the body it accepted, nil when it refused it.
type answer func(n int32, w http.ResponseWriter, r *http.Request) (accepted []byte)

// answerStatus reads the body and answers code, accepting only a 200. The
// body is read first: an HTTP/1 server may not read it after answering.
func answerStatus(code int) answer {
	return func(_ int32, w http.ResponseWriter, r *http.Request) []byte {
		body, err := io.ReadAll(r.Body)
		w.WriteHeader(code)
		if err != nil || code != http.StatusOK {
			return nil
		}
		return body
	}
}

// fn is the function exactly as main assembles it, invoked the way the
// runtime invokes it, pointed at the faithful fake through the standard AWS
// environment variables, with a receiver standing in for CloudFormation's
// pre-signed URL.
type fn struct {
	t        testing.TB
	fake     *cognitofake.Server
	sm       *secretsfake.Server
	pool     string
	receiver *httptest.Server
	answer   atomic.Pointer[answer] // nil: 200
	puts     atomic.Int32           // PUTs received in the current invocation
	bodies   chan []byte            // the bodies the receiver accepted
	logs     lockedBuffer
	unkept   bool            // see fnConfig
	ctx      context.Context // the next invocation's context; nil: invocation()
	f        lambda.Handler
}

// fnConfig is what newFn's options adjust.
type fnConfig struct {
	cognito  []func(*cip.Options)
	respond  func(*response.Options)
	loopback bool
	accounts string // TRUSTED_STACK_ACCOUNTS
	// unkept: the log lines are scanned by each invocation only, not kept
	// for TestMain's scan, and the secrets they are scanned for are the
	// invocation's own, so that millions of fuzzed events cost no memory.
	unkept    bool
	inProcess bool // see inProcess
}

type fnOption func(*fnConfig)

// withCognito adds options to the Cognito client, after shortRetries.
func withCognito(optFns ...func(*cip.Options)) fnOption {
	return func(c *fnConfig) { c.cognito = append(c.cognito, optFns...) }
}

// productionURLs leaves ALLOW_LOOPBACK_RESPONSE_URL unset, as in production:
// only pre-signed AWS URLs are accepted.
func productionURLs(c *fnConfig) { c.loopback = false }

// trusting sets TRUSTED_STACK_ACCOUNTS.
func trusting(accounts string) fnOption { return func(c *fnConfig) { c.accounts = accounts } }

// fastDelivery shortens the response PUT's backoff to milliseconds and its
// attempts to three: what is retried, and what counts as delivered, are
// production's. Each attempt keeps 2 s, ten times what a loopback answer or
// a failed handshake takes on a loaded machine: an attempt that timed out
// is an uncertain delivery, which would change what a row observes.
func fastDelivery(c *fnConfig) {
	c.respond = func(o *response.Options) {
		o.AttemptTimeout, o.BaseBackoff, o.MaxBackoff, o.MaxAttempts = 2*time.Second, time.Millisecond, 5*time.Millisecond, 3
	}
}

// unkeptLogs makes every invocation scan its own lines only (see fnConfig).
func unkeptLogs(c *fnConfig) { c.unkept = true }

// inProcess serves the function's Cognito calls and response PUTs in the
// calling goroutine, by the same fake and receiver, with no connection: no
// server goroutine runs between two invocations, so that an invocation's
// code coverage depends on its event alone, as a fuzzer needs.
func inProcess(c *fnConfig) { c.inProcess = true }

// handlerTransport is an http.RoundTripper that serves each request with h,
// in the caller's goroutine.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

func newFn(t testing.TB, opts ...fnOption) *fn {
	t.Helper()
	cfg := fnConfig{cognito: []func(*cip.Options){shortRetries}, loopback: true}
	for _, o := range opts {
		o(&cfg)
	}
	h := &fn{t: t, fake: cognitofake.New(), sm: secretsfake.New(secretsfake.WithAccount(lambdalocal.Account)), bodies: make(chan []byte, 16), unkept: cfg.unkept}
	t.Cleanup(func() {
		h.noteSecrets()
		h.fake.Close()
		h.sm.Close()
	})
	h.pool = h.fake.CreatePool()
	receive := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := h.puts.Add(1)
		a := answerStatus(http.StatusOK)
		if p := h.answer.Load(); p != nil {
			a = *p
		}
		if body := a(n, w, r); body != nil {
			h.bodies <- body
		}
	})
	h.receiver = httptest.NewServer(receive)
	t.Cleanup(h.receiver.Close)
	if cfg.inProcess {
		cognito := &http.Client{Transport: handlerTransport{h.fake.Handler()}}
		cfg.cognito = append(cfg.cognito, func(o *cip.Options) { o.HTTPClient = cognito })
		timing := cfg.respond
		cfg.respond = func(o *response.Options) {
			if timing != nil {
				timing(o)
			}
			o.Client = &http.Client{Transport: handlerTransport{receive}}
		}
	}
	awsEnv(t, h.fake.URL(), h.sm.URL(), cfg.loopback)
	t.Setenv("TRUSTED_STACK_ACCOUNTS", cfg.accounts)
	var logs io.Writer = io.MultiWriter(&suiteLogs, &h.logs)
	if cfg.unkept {
		logs = &h.logs
	}
	h.f = entry(logs, cfg.respond, cfg.cognito...)
	return h
}

// answerWith makes the receiver answer every later PUT with a.
func (h *fn) answerWith(a answer) { h.answer.Store(&a) }

// noteSecrets returns every secret value the fakes hold for h's pool, and
// adds them to the secrets TestMain's scan looks for, unless h's logs are
// not kept for it: each client's secrets (generated by Cognito, by the
// function, or declared), and the values in every version of every Secrets
// Manager secret (the stores' current, previous and pending secrets, and the
// values that references resolve to).
func (h *fn) noteSecrets() []string {
	secrets := secretsOf(h.fake, h.pool, h.sm)
	if !h.unkept {
		for _, s := range secrets {
			suiteSecrets.Store(s, true)
		}
	}
	return secrets
}

// secretsOf returns every secret value of the clients of pool and of the
// Secrets Manager secrets of sm.
func secretsOf(fake *cognitofake.Server, pool string, sm *secretsfake.Server) []string {
	var secrets []string
	for _, c := range fake.Clients(pool) {
		if c.ClientSecret != nil {
			secrets = append(secrets, *c.ClientSecret)
		}
		for _, s := range fake.Secrets(pool, *c.ClientId) {
			secrets = append(secrets, s.Value)
		}
	}
	for _, sec := range sm.Secrets() {
		for _, v := range sec.Versions {
			secrets = append(secrets, secrettest.Values(v.Value, "ClientSecret", "secret")...)
		}
	}
	return secrets
}

// url is a ResponseURL on the receiver for an event, signature included.
func (h *fn) url(path string) string {
	return h.receiver.URL + path + "?X-Amz-Signature=" + signature
}

// invoke runs one event with the given time left before the Lambda deadline
// and returns the function's result, the body CloudFormation received (nil
// when none) and the event's log line.
func (h *fn) invoke(e cfn.Event, timeout time.Duration) (cfn.Response, []byte, map[string]any) {
	h.t.Helper()
	payload, err := json.Marshal(e)
	if err != nil {
		h.t.Fatal(err)
	}
	resp, body, line, err := h.invokeRaw(payload, timeout)
	if err != nil {
		h.t.Fatalf("the function returned an error to the runtime: %v", err)
	}
	if line == nil {
		h.t.Fatal("no event line")
	}
	return resp, body, line
}

// invokeRaw runs one raw event payload, as the runtime delivers it, and
// returns what the function returned (its result, or the error the runtime
// would report), the body CloudFormation accepted (nil when none) and the
// event's log line (nil when none). It fails the test if the event wrote
// more than one event line, accepted more than one body, or logged a known
// secret or the signature.
func (h *fn) invokeRaw(payload []byte, timeout time.Duration) (cfn.Response, []byte, map[string]any, error) {
	h.t.Helper()
	parent := h.ctx
	if parent == nil {
		parent = invocation()
	}
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	// A declared ClientSecret is a secret too (a reference is not).
	var declared []string
	var e struct{ ResourceProperties, OldResourceProperties map[string]any }
	if json.Unmarshal(payload, &e) == nil {
		for _, p := range []map[string]any{e.ResourceProperties, e.OldResourceProperties} {
			if v, ok := p["ClientSecret"].(string); ok && v != "" && !strings.HasPrefix(v, "{{") {
				declared = append(declared, v)
				if !h.unkept {
					suiteSecrets.Store(v, true)
				}
			}
		}
	}
	start := len(h.logs.String())
	h.puts.Store(0)
	out, err := h.f.Invoke(ctx, payload)
	var resp cfn.Response
	var leaked string // a secret in the result, which must never be
	if err == nil {
		if jerr := json.Unmarshal(out, &resp); jerr != nil {
			h.t.Fatalf("the function's result is not a response: %v", jerr)
		}
		if v, ok := resp.Data["ClientSecret"].(string); ok && v != response.HiddenSecret {
			leaked = v
			suiteSecrets.Store(v, true)
		}
	}
	var body []byte
	select {
	case body = <-h.bodies:
	default:
	}
	select {
	case <-h.bodies:
		h.t.Fatal("CloudFormation accepted two responses for one event")
	default:
	}
	logs := h.logs.String()[start:]
	var line map[string]any
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, `"msg":"event handled"`) {
			if line != nil {
				h.t.Fatal("two event lines for one event")
			}
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				h.t.Fatal(err)
			}
		}
	}
	secrets := append(h.noteSecrets(), declared...)
	if leaked != "" {
		secrets = append(secrets, leaked)
	}
	if !h.unkept {
		suiteSecrets.Range(func(k, _ any) bool {
			secrets = append(secrets, k.(string))
			return true
		})
	}
	if serr := scanLogs(logs, secrets); serr != nil {
		h.t.Fatal(serr)
	}
	return resp, body, line, err
}

func (h *fn) event(rt cfn.RequestType, physicalID string, props map[string]any) cfn.Event {
	if props == nil {
		props = h.props()
	}
	return cfn.Event{
		RequestType: rt, RequestID: "0f5a3c1e-" + string(rt), StackID: stackID,
		LogicalResourceID: "Client", ResourceType: "Custom::CognitoUserPoolClient",
		PhysicalResourceID: physicalID, ResourceProperties: props, OldResourceProperties: props,
		ResponseURL: h.url("/cfn-response"),
	}
}

// props are valid owned-mode properties in the fake's pool.
func (h *fn) props() map[string]any {
	return map[string]any{
		"UserPoolId":           h.pool,
		"AccessTokenValidity":  "10h",
		"RefreshTokenValidity": "30d",
		"ExplicitAuthFlows":    []any{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
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

func decodeBody(t testing.TB, body []byte) cfn.Response {
	t.Helper()
	var r cfn.Response
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("response body: %v", err)
	}
	return r
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
	h.answerWith(answerStatus(http.StatusForbidden))
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
	payload, _ := json.Marshal(e)
	resp, body, _, err := h.invokeRaw(payload, 30*time.Second)
	if err != nil || resp.Status != cfn.StatusSuccess || resp.Data["ClientId"] != resp.PhysicalResourceID {
		t.Fatalf("result %+v, %v", resp, err)
	}
	if h.puts.Load() != 0 || body != nil {
		t.Error("something was sent")
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
// only in the PUT's Data: the function's result shows the placeholder.
func TestSecretOnlyInData(t *testing.T) {
	h := newFn(t)
	props := map[string]any{"UserPoolId": h.pool, "GenerateSecret": "true",
		"AllowedOAuthFlows": []any{"client_credentials"}, "AllowedOAuthScopes": []any{"api/read"}}
	resp, body, line := h.invoke(h.event(cfn.RequestCreate, "", props), 30*time.Second)
	got := decodeBody(t, body)
	secret, _ := got.Data["ClientSecret"].(string)
	if got.Status != cfn.StatusSuccess || secret == "" || !got.NoEcho || resp.Data["ClientSecret"] != response.HiddenSecret {
		t.Fatalf("status %s, NoEcho %v, secret present %v, result's ClientSecret %q", got.Status, got.NoEcho, secret != "", resp.Data["ClientSecret"])
	}
	raw, _ := json.Marshal(line)
	if strings.Contains(string(raw), secret) {
		t.Error("the event line holds the secret")
	}
}
