package response_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-client-resource/cognitoclient/internal/calls"
	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

const (
	requestID  = "9b7e2f0c-5d1a-4c3e-8f6b-2a1d0e9c8b7a"
	oldID      = "4f3k2j1h0g9f8e7d6c5b4a3z2y"
	newID      = "7a6b5c4d3e2f1g0h9i8j7k6l5m"
	stackID    = "arn:aws:cloudformation:eu-west-1:123456789012:stack/app/1c2d3e4f-aaaa-bbbb-cccc-0123456789ab"
	secret     = "s3cr3t-1v0zq8r0a5l7n2k4m6p9t1u3w5y7a9c2e4g6i8k0"
	sigQuery   = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE&" + signature
	lambdaTime = 10 * time.Second
)

// receiver is a loopback stand-in for CloudFormation's pre-signed S3 URL. It
// records every PUT attempt and counts accepted connections.
type receiver struct {
	url     string // with a pre-signed-looking query
	accepts atomic.Int64

	mu       sync.Mutex
	attempts []attempt
}

type attempt struct {
	body   []byte
	header http.Header
	length int64
}

// countingListener counts the connections it accepts.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// newReceiver starts a receiver on 127.0.0.1 whose n-th attempt (from 1) is
// answered by answer.
func newReceiver(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *receiver {
	t.Helper()
	rc := &receiver{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("receiver: reading the body: %v", err)
		}
		rc.mu.Lock()
		rc.attempts = append(rc.attempts, attempt{body: body, header: r.Header.Clone(), length: r.ContentLength})
		n := len(rc.attempts)
		rc.mu.Unlock()
		if r.Method != http.MethodPut {
			t.Errorf("receiver: method %s, want PUT", r.Method)
		}
		answer(n, w, r)
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.Listener.Close()
	srv.Listener = countingListener{Listener: ln, n: &rc.accepts}
	srv.Start()
	t.Cleanup(srv.Close)
	rc.url = srv.URL + "/cloudformation-custom-resource-response-euwest1/arn%3Aaws%3Acloudformation/WebClient/" + requestID + "?" + sigQuery
	return rc
}

func (rc *receiver) received() []attempt {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]attempt(nil), rc.attempts...)
}

func status(code int) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(code) }
}

// logBuffer collects log output; handler goroutines may write to it after
// Wrap returned.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines decodes every log line.
func (l *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(l.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// handled returns the one "event handled" line.
func (l *logBuffer) handled(t *testing.T) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, m := range l.lines(t) {
		if m["msg"] == "event handled" {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d lines with msg \"event handled\", want 1; log:\n%s", len(found), l.String())
	}
	return found[0]
}

func (l *logBuffer) has(t *testing.T, msg string) bool {
	t.Helper()
	return l.find(t, msg) != nil
}

// find returns the first line with msg, or nil.
func (l *logBuffer) find(t *testing.T, msg string) map[string]any {
	t.Helper()
	for _, m := range l.lines(t) {
		if m["msg"] == msg {
			return m
		}
	}
	return nil
}

// functionARN is the invoked function of every test invocation: in the
// Region and account of stackID.
const functionARN = "arn:aws:lambda:eu-west-1:123456789012:function:cognito-client"

// inFunction returns a context of an invocation of functionARN, as the
// Lambda runtime makes one.
func inFunction() context.Context {
	return lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{InvokedFunctionArn: functionARN})
}

// trust is the function's trust in eu-west-1, loopback allowed.
func trust() response.Trust {
	return response.Trust{Region: "eu-west-1", DNSSuffix: cognito.DNSSuffix, AllowLoopback: true}
}

// options are fast settings for tests: small retries and backoffs.
func options(logs *logBuffer) response.Options {
	return response.Options{
		Trust:          trust(),
		Logger:         slog.New(slog.NewJSONHandler(logs, nil)),
		Margin:         time.Second,
		DeliveryMargin: 500 * time.Millisecond,
		FinishMargin:   100 * time.Millisecond,
		AttemptTimeout: 200 * time.Millisecond,
		BaseBackoff:    time.Millisecond,
		MaxBackoff:     5 * time.Millisecond,
		MaxAttempts:    3,
	}
}

func event(rt cfn.RequestType, responseURL string) cfn.Event {
	e := cfn.Event{
		RequestType:        rt,
		RequestID:          requestID,
		ResponseURL:        responseURL,
		ResourceType:       "Custom::CognitoUserPoolClient",
		LogicalResourceID:  "WebClient",
		StackID:            stackID,
		ResourceProperties: map[string]any{"UserPoolId": "eu-west-1_AbCdEf123"},
	}
	if rt != cfn.RequestCreate {
		e.PhysicalResourceID = oldID
	}
	return e
}

// invoke runs one event through Wrap under a Lambda-like deadline.
func invoke(t *testing.T, h response.Handler, o response.Options, e cfn.Event, timeout time.Duration) cfn.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(inFunction(), timeout)
	defer cancel()
	resp, err := response.Wrap(h, o)(ctx, eventJSON(t, e))
	if err != nil {
		t.Fatalf("Wrap returned error %v, want nil on every path", err)
	}
	return resp
}

// eventJSON is e as the Lambda runtime delivers it.
func eventJSON(t *testing.T, e cfn.Event) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// undoCounter is an Undo that counts its runs.
type undoCounter struct{ n atomic.Int64 }

func (u *undoCounter) undo(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		return errors.New("undo ran without a deadline")
	}
	calls.Add(ctx)
	u.n.Add(1)
	return nil
}

// storeARN is the SecretArn of the owned client of successData.
const storeARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:cognito-user-pool-client/eu-west-1_AbCdEf123/x-AbCdEf"

func successData() map[string]any {
	return map[string]any{"ClientId": newID, "ClientName": "WebClient", "UserPoolId": "eu-west-1_AbCdEf123", "ClientSecret": secret, "SecretArn": storeARN}
}

// hidden is r as the function returns it: the values of Data.ClientSecret
// and Data.SecretArn, when there are any, replaced by the placeholder.
func hidden(r cfn.Response) cfn.Response {
	r.Data = maps.Clone(r.Data)
	for _, k := range []string{"ClientSecret", "SecretArn"} {
		if _, ok := r.Data[k]; ok {
			r.Data[k] = response.HiddenSecret
		}
	}
	return r
}

// decode parses a received body, failing on anything CloudFormation would
// not accept as a response.
func decode(t *testing.T, body []byte) cfn.Response {
	t.Helper()
	if len(body) > response.MaxBody {
		t.Errorf("body is %d bytes, more than %d", len(body), response.MaxBody)
	}
	if !utf8.Valid(body) {
		t.Errorf("body is not valid UTF-8")
	}
	var r cfn.Response
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("body is not a response: %v", err)
	}
	return r
}

// Rules 1, 2, 3, 6 and 7: one response for every kind of outcome, with the
// right physical id, equal to what the function returns.
func TestWrapRespondsOnce(t *testing.T) {
	tooBig := successData()
	tooBig["Extra"] = strings.Repeat("x", response.MaxBody)
	tests := []struct {
		name     string
		rt       cfn.RequestType
		out      response.Outcome
		panicVal any
		want     cfn.Response // RequestId, StackId and LogicalResourceId are checked apart
		undone   bool
	}{
		{
			name: "owned create succeeds with a secret",
			rt:   cfn.RequestCreate,
			out:  response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Data: successData(), NoEcho: true, Action: "created"},
			want: cfn.Response{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Data: successData(), NoEcho: true},
		},
		{
			name: "update succeeds",
			rt:   cfn.RequestUpdate,
			out:  response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: oldID, Action: "updated", Changed: []string{"CallbackURLs"}},
			want: cfn.Response{Status: cfn.StatusSuccess, PhysicalResourceID: oldID},
		},
		{
			name: "failed create reports an id that is no client id",
			rt:   cfn.RequestCreate,
			out:  response.Outcome{Status: cfn.StatusFailed, PhysicalResourceID: newID, Reason: "1 problem in the properties, nothing was changed:\nX: y"},
			want: cfn.Response{Status: cfn.StatusFailed, PhysicalResourceID: response.FailedCreateID(requestID), Reason: "1 problem in the properties, nothing was changed:\nX: y"},
		},
		{
			name: "failed update reports the event's id and drops Data",
			rt:   cfn.RequestUpdate,
			out:  response.Outcome{Status: cfn.StatusFailed, PhysicalResourceID: newID, Data: successData(), NoEcho: true, Reason: "boom"},
			want: cfn.Response{Status: cfn.StatusFailed, PhysicalResourceID: oldID, Reason: "boom"},
		},
		{
			name: "failed delete reports the event's id",
			rt:   cfn.RequestDelete,
			out:  response.Outcome{Status: cfn.StatusFailed, Reason: "AccessDenied"},
			want: cfn.Response{Status: cfn.StatusFailed, PhysicalResourceID: oldID, Reason: "AccessDenied"},
		},
		{
			name:     "panic with a secret",
			rt:       cfn.RequestCreate,
			panicVal: "leaking " + secret,
			want:     cfn.Response{Status: cfn.StatusFailed, PhysicalResourceID: response.FailedCreateID(requestID), Reason: "Internal error: the handler panicked; the function's logs have the details"},
		},
		{
			name: "no status",
			rt:   cfn.RequestUpdate,
			out:  response.Outcome{PhysicalResourceID: newID},
			want: cfn.Response{Status: cfn.StatusFailed, PhysicalResourceID: oldID, Reason: "Internal error: the handler returned no status"},
		},
		{
			name:   "success without an id is undone",
			rt:     cfn.RequestCreate,
			out:    response.Outcome{Status: cfn.StatusSuccess},
			want:   cfn.Response{Status: cfn.StatusFailed, PhysicalResourceID: response.FailedCreateID(requestID), Reason: "Internal error: the handler returned SUCCESS without a physical resource id"},
			undone: true,
		},
		{
			name:   "success whose Data does not fit is undone",
			rt:     cfn.RequestCreate,
			out:    response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Data: tooBig, NoEcho: true},
			want:   cfn.Response{Status: cfn.StatusFailed, PhysicalResourceID: response.FailedCreateID(requestID), Reason: "Internal error: the response data cannot be sent (not JSON, or over 4096 bytes)"},
			undone: true,
		},
		{
			name:   "success whose Data is not JSON is undone",
			rt:     cfn.RequestCreate,
			out:    response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Data: map[string]any{"C": make(chan int)}},
			want:   cfn.Response{Status: cfn.StatusFailed, PhysicalResourceID: response.FailedCreateID(requestID), Reason: "Internal error: the response data cannot be sent (not JSON, or over 4096 bytes)"},
			undone: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, status(http.StatusOK))
			var logs logBuffer
			var u undoCounter
			h := func(context.Context, cfn.Event) response.Outcome {
				if tt.panicVal != nil {
					panic(tt.panicVal)
				}
				out := tt.out
				out.Undo = u.undo
				return out
			}
			got := invoke(t, h, options(&logs), event(tt.rt, rc.url), lambdaTime)

			at := rc.received()
			if len(at) != 1 {
				t.Fatalf("receiver got %d PUTs, want 1", len(at))
			}
			if ct, ok := at[0].header["Content-Type"]; !ok || len(ct) != 1 || ct[0] != "" {
				t.Errorf("Content-Type header = %q (present %v), want present and empty", ct, ok)
			}
			if at[0].length != int64(len(at[0].body)) {
				t.Errorf("Content-Length = %d, body is %d bytes", at[0].length, len(at[0].body))
			}
			sent := decode(t, at[0].body)
			if !reflect.DeepEqual(hidden(sent), got) {
				t.Errorf("returned response differs from the one sent, secret hidden:\nreturned %+v\nsent     %+v", got, sent)
			}
			want := tt.want
			want.RequestID, want.StackID, want.LogicalResourceID = requestID, stackID, "WebClient"
			if !reflect.DeepEqual(sent, want) {
				t.Errorf("sent %+v\nwant %+v", sent, want)
			}
			if undone := u.n.Load() > 0; undone != tt.undone {
				t.Errorf("undone = %v, want %v", undone, tt.undone)
			}
			if strings.Contains(logs.String(), secret) {
				t.Errorf("the log shows the secret:\n%s", logs.String())
			}
		})
	}
}

// Rule 2: a failed Create's id can never be mistaken for a client id.
func TestFailedCreateID(t *testing.T) {
	clientID := regexp.MustCompile(`^[\w+]+$`)
	for _, id := range []string{requestID, "abc", "", "a_b+c"} {
		t.Run(strconv.Quote(id), func(t *testing.T) {
			got := response.FailedCreateID(id)
			if clientID.MatchString(got) {
				t.Errorf("FailedCreateID(%q) = %q matches a client id", id, got)
			}
			if !strings.Contains(got, id) || got != response.FailedCreateID(id) {
				t.Errorf("FailedCreateID(%q) = %q, want a stable id naming the request", id, got)
			}
		})
	}
}

// Rule 3: the Reason is cut at a rune boundary so the body fits, and the cut
// keeps as much as fits.
func TestBodyCap(t *testing.T) {
	summary := "3 problems in the properties, nothing was changed:\n"
	tests := []struct {
		name   string
		reason string
		cut    bool
		// exact: every byte after the summary is one byte in the body, so
		// the longest cut that fits fills the body to MaxBody exactly.
		exact bool
	}{
		{name: "short reason is kept whole", reason: summary + "CallbackURLs[0]: not absolute"},
		{name: "10 KB of ASCII", reason: summary + strings.Repeat("a", 10<<10), cut: true, exact: true},
		{name: "1 MiB of ASCII", reason: summary + strings.Repeat("a", 1<<20), cut: true, exact: true},
		{name: "10 KB of multi-byte runes", reason: summary + strings.Repeat("é日本語🙂", 10<<10/12), cut: true},
		{name: "runes that JSON escapes", reason: summary + strings.Repeat("\"\\\n\t<>&\x01", 10<<10/8), cut: true},
		{name: "invalid UTF-8", reason: summary + strings.Repeat("ok\xff\xfe", 10<<10/4), cut: true},
		// Near the cap: a reason that fits alone but not beside the other
		// fields, one of exactly MaxBody bytes, and one whose last rune
		// straddles byte MaxBody.
		{name: "4000 bytes", reason: summary + strings.Repeat("a", 4000-len(summary)), cut: true, exact: true},
		{name: "MaxBody bytes", reason: summary + strings.Repeat("a", response.MaxBody-len(summary)), cut: true, exact: true},
		{name: "a rune across byte MaxBody", reason: summary + strings.Repeat("a", response.MaxBody-1-len(summary)) + "é", cut: true, exact: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, status(http.StatusOK))
			var logs logBuffer
			h := func(context.Context, cfn.Event) response.Outcome {
				return response.Outcome{Status: cfn.StatusFailed, Reason: tt.reason}
			}
			got := invoke(t, h, options(&logs), event(cfn.RequestUpdate, rc.url), lambdaTime)
			at := rc.received()
			if len(at) != 1 {
				t.Fatalf("receiver got %d PUTs, want 1", len(at))
			}
			body := at[0].body
			sent := decode(t, body)
			if sent.Reason != got.Reason {
				t.Errorf("returned reason differs from the one sent")
			}
			if !tt.cut {
				if sent.Reason != tt.reason {
					t.Errorf("reason = %q, want it whole", sent.Reason)
				}
				return
			}
			kept, marked := strings.CutSuffix(sent.Reason, "…")
			if !marked {
				t.Errorf("a cut reason does not end with …")
			}
			// Invalid bytes arrive as U+FFFD; compare with what JSON makes of the original.
			original := strings.ToValidUTF8(tt.reason, "\uFFFD")
			if !strings.HasPrefix(original, strings.ToValidUTF8(kept, "\uFFFD")) || !strings.HasPrefix(kept, summary) {
				t.Errorf("the reason sent is not a prefix of the original starting with the summary: %q", kept[:min(len(kept), 80)])
			}
			// The longest escaped rune (\u0001) takes 6 bytes: any more room
			// than that means the cut kept less than it could.
			if len(body) < response.MaxBody-6 || tt.exact && len(body) != response.MaxBody {
				t.Errorf("body is %d bytes: the reason was cut more than needed", len(body))
			}
		})
	}
}

// Rule 3: Data is never cut, and a realistic SUCCESS with the longest values
// the properties allow fits.
func TestRealisticSuccessFits(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	var logs logBuffer
	data := map[string]any{
		"ClientId":     strings.Repeat("a1", 64),                         // ≤128
		"ClientName":   strings.Repeat("Web Client=", 11) + "1234567890", // ≤128
		"UserPoolId":   "eu-west-1_" + strings.Repeat("A", 45),           // ≤55
		"ClientSecret": secret + secret[:10],                             // Cognito's are 51 characters
	}
	h := func(context.Context, cfn.Event) response.Outcome {
		return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: data["ClientId"].(string), Data: data, NoEcho: true}
	}
	e := event(cfn.RequestCreate, rc.url)
	e.StackID = "arn:aws-cn:cloudformation:cn-northwest-1:123456789012:stack/" + strings.Repeat("s", 128) + "/1c2d3e4f-aaaa-bbbb-cccc-0123456789ab"
	e.LogicalResourceID = strings.Repeat("L", 255)
	o := options(&logs)
	o.Trust.Region = "cn-northwest-1"
	ctx, cancel := context.WithTimeout(lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{
		InvokedFunctionArn: "arn:aws-cn:lambda:cn-northwest-1:123456789012:function:cognito-client",
	}), lambdaTime)
	defer cancel()
	if _, err := response.Wrap(h, o)(ctx, eventJSON(t, e)); err != nil {
		t.Fatal(err)
	}
	at := rc.received()
	if len(at) != 1 {
		t.Fatalf("receiver got %d PUTs, want 1", len(at))
	}
	sent := decode(t, at[0].body)
	if sent.Status != cfn.StatusSuccess || !reflect.DeepEqual(sent.Data, data) || !sent.NoEcho {
		t.Errorf("sent %+v, want SUCCESS with the Data whole and NoEcho", sent)
	}
}

// Rules 4 and 6: retries on 5xx, 429 and network errors only, no redirect,
// each attempt bounded, and an undelivered SUCCESS is undone.
func TestDelivery(t *testing.T) {
	redirectTarget := newReceiver(t, status(http.StatusOK))
	tests := []struct {
		name      string
		answer    func(n int, w http.ResponseWriter, r *http.Request)
		target    func(t *testing.T) string // another ResponseURL than the receiver's
		client    *http.Client
		attempts  int // PUTs received
		undone    bool
		uncertain bool   // a body was sent and no answer came: kept, logged
		err       string // the end of the error "response not delivered" logs
	}{
		{name: "200", answer: status(http.StatusOK), attempts: 1},
		{name: "204", answer: status(http.StatusNoContent), attempts: 1},
		{name: "299", answer: status(299), attempts: 1},
		{name: "500 then 200", answer: func(n int, w http.ResponseWriter, _ *http.Request) {
			if n == 1 {
				w.WriteHeader(http.StatusInternalServerError)
			}
		}, attempts: 2},
		{name: "503 twice then 200", answer: func(n int, w http.ResponseWriter, _ *http.Request) {
			if n < 3 {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		}, attempts: 3},
		// S3 may have stored the object before answering 5xx, and 429 and
		// 3xx are no proof either: only a 4xx other than 429 is.
		{name: "429 always", answer: status(http.StatusTooManyRequests), attempts: 3, uncertain: true},
		{name: "500 always", answer: status(http.StatusInternalServerError), attempts: 3, uncertain: true},
		{name: "503 always", answer: status(http.StatusServiceUnavailable), attempts: 3, uncertain: true},
		{name: "500, then 403", answer: func(n int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(map[bool]int{true: http.StatusInternalServerError, false: http.StatusForbidden}[n == 1])
		}, attempts: 2, uncertain: true},
		{name: "403 is not retried", answer: status(http.StatusForbidden), attempts: 1, undone: true, err: "PUT: status 403"},
		{name: "404 is not retried", answer: status(http.StatusNotFound), attempts: 1, undone: true},
		{name: "400 is not retried", answer: status(http.StatusBadRequest), attempts: 1, undone: true},
		{name: "499 is not retried", answer: status(499), attempts: 1, undone: true},
		{name: "302 is not followed", answer: func(_ int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, redirectTarget.url, http.StatusFound)
		}, attempts: 1, uncertain: true, err: "PUT: status 302, redirects are not followed"},
		{name: "307 is not followed by a client that would", client: &http.Client{}, answer: func(_ int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, redirectTarget.url, http.StatusTemporaryRedirect)
		}, attempts: 1, uncertain: true, err: "PUT: status 307, redirects are not followed"},
		{name: "300", answer: status(http.StatusMultipleChoices), attempts: 1, uncertain: true, err: "PUT: status 300, redirects are not followed"},
		{name: "399", answer: status(399), attempts: 1, uncertain: true, err: "PUT: status 399, redirects are not followed"},
		{name: "connection refused on every attempt", target: refusedURL, attempts: 0, undone: true},
		{name: "TLS handshake failed on every attempt", target: untrustedTLSURL, attempts: 0, undone: true},
		{name: "TLS handshake unfinished when each attempt's time is up", target: stalledTLSURL, attempts: 0, undone: true},
		{name: "hang on every attempt", answer: func(_ int, _ http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}, attempts: 3, uncertain: true},
		{name: "hang once, then 403", answer: func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				<-r.Context().Done()
				return
			}
			w.WriteHeader(http.StatusForbidden)
		}, attempts: 2, uncertain: true},
		{name: "connection lost after the body, every attempt", answer: func(_ int, w http.ResponseWriter, _ *http.Request) {
			resetConnection(t, w)
		}, attempts: 3, uncertain: true},
		{name: "500, then connection lost after the body, then 500", answer: func(n int, w http.ResponseWriter, _ *http.Request) {
			if n == 2 {
				resetConnection(t, w)
				return
			}
			w.WriteHeader(http.StatusInternalServerError)
		}, attempts: 3, uncertain: true},
		{name: "reset connection then 200", answer: func(n int, w http.ResponseWriter, _ *http.Request) {
			if n == 1 {
				resetConnection(t, w)
			}
		}, attempts: 2},
		{name: "slow body after 200", answer: func(_ int, w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			for range 50 { // until the client goes away, at most about 5 s
				if _, err := w.Write([]byte("x")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		}, attempts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, tt.answer)
			var logs logBuffer
			var u undoCounter
			o := options(&logs)
			o.Client = tt.client
			h := func(context.Context, cfn.Event) response.Outcome {
				return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Data: successData(), NoEcho: true, Action: "created", Undo: u.undo}
			}
			target := rc.url
			if tt.target != nil {
				target = tt.target(t)
			}
			got := invoke(t, h, o, event(cfn.RequestCreate, target), lambdaTime)

			at := rc.received()
			if len(at) != tt.attempts {
				t.Errorf("receiver got %d PUTs, want %d", len(at), tt.attempts)
			}
			for i, a := range at {
				if !bytes.Equal(a.body, at[0].body) {
					t.Errorf("attempt %d sent another body", i+1)
				}
			}
			if len(at) > 0 && !reflect.DeepEqual(hidden(decode(t, at[0].body)), got) {
				t.Errorf("returned response differs from the one sent")
			}
			if got.Status != cfn.StatusSuccess {
				t.Errorf("returned %s, want the SUCCESS that was sent", got.Status)
			}
			if n := redirectTarget.accepts.Load(); n != 0 {
				t.Errorf("the redirect target got %d connections", n)
			}
			if undone := u.n.Load() == 1; undone != tt.undone {
				t.Errorf("undone = %v (%d runs), want %v", undone, u.n.Load(), tt.undone)
			}
			if done := logs.has(t, "undo done"); done != tt.undone || logs.has(t, "undo failed") {
				t.Errorf("\"undo done\" logged = %v, want %v, and never \"undo failed\"", done, tt.undone)
			}
			if notDelivered := logs.has(t, "response not delivered"); notDelivered != (tt.undone || tt.uncertain) {
				t.Errorf("\"response not delivered\" logged = %v, want %v", notDelivered, tt.undone || tt.uncertain)
			}
			kept := logs.find(t, "response delivery uncertain, client kept")
			if (kept != nil) != tt.uncertain {
				t.Fatalf("\"response delivery uncertain, client kept\" logged = %v, want %v", kept != nil, tt.uncertain)
			}
			if kept != nil && (kept["level"] != "ERROR" || kept["client_id"] != newID || kept["user_pool_id"] != "eu-west-1_AbCdEf123") {
				t.Errorf("the line %v does not name the client and its pool at ERROR", kept)
			}
			if line := logs.find(t, "response not delivered"); tt.err != "" && (line == nil || !strings.HasSuffix(fmt.Sprint(line["error"]), tt.err)) {
				t.Errorf("the line \"response not delivered\" %v: want an error that ends with %q", line, tt.err)
			}
			want := map[bool]string{false: "delivered", true: "undelivered"}[tt.undone]
			if tt.uncertain {
				want = "uncertain"
			}
			if got := logs.handled(t)["response"]; got != want {
				t.Errorf("response %v, want %s", got, want)
			}
		})
	}
}

// Rule 4: the attempts stop at MaxAttempts, 6 when it is not set, and a
// backoff whose doubling overflows still waits at most MaxBackoff.
func TestRetryBound(t *testing.T) {
	tests := []struct {
		name        string
		maxAttempts int
		baseBackoff time.Duration
		want        int
	}{
		{name: "the default", want: 6},
		{name: "one", maxAttempts: 1, want: 1},
		// 2^62 ns doubled is negative, doubled again 0.
		{name: "a BaseBackoff whose doubling overflows", maxAttempts: 4, baseBackoff: 1 << 62, want: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, status(http.StatusServiceUnavailable))
			var logs logBuffer
			o := options(&logs)
			o.MaxAttempts, o.MaxBackoff = tt.maxAttempts, time.Millisecond
			if tt.baseBackoff != 0 {
				o.BaseBackoff = tt.baseBackoff
			}
			h := func(context.Context, cfn.Event) response.Outcome {
				return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: oldID, Action: "deleted"}
			}
			invoke(t, h, o, event(cfn.RequestDelete, rc.url), lambdaTime)
			if n := len(rc.received()); n != tt.want {
				t.Errorf("%d PUTs, want %d", n, tt.want)
			}
			if line := logs.find(t, "response not delivered"); line == nil || line["attempts"] != float64(tt.want) {
				t.Errorf("the delivery failure line %v does not count %d attempts", line, tt.want)
			}
		})
	}
}

// roundTripper answers every request with status, recording the deadline
// of its context.
type roundTripper struct {
	status    int
	deadlines []time.Time
}

func (rt *roundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	d, _ := r.Context().Deadline()
	rt.deadlines = append(rt.deadlines, d)
	return &http.Response{StatusCode: rt.status, Body: http.NoBody, Request: r}, nil
}

// Rules 4 and 6: the PUT gives up DeliveryMargin before the Lambda
// deadline, and an Undo FinishMargin before it, so that the function
// returns in time.
func TestDeliveryDeadlines(t *testing.T) {
	var logs logBuffer
	o := options(&logs)
	o.AttemptTimeout = time.Hour // the delivery's deadline, not the attempt's
	rt := &roundTripper{status: http.StatusForbidden}
	o.Client = &http.Client{Transport: rt}
	var undoDeadline time.Time
	h := func(context.Context, cfn.Event) response.Outcome {
		return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Undo: func(ctx context.Context) error {
			undoDeadline, _ = ctx.Deadline()
			return nil
		}}
	}
	ctx, cancel := context.WithTimeout(inFunction(), lambdaTime)
	defer cancel()
	lambdaDeadline, _ := ctx.Deadline()
	if _, err := response.Wrap(h, o)(ctx, eventJSON(t, event(cfn.RequestCreate, "http://127.0.0.1:9/r"))); err != nil {
		t.Fatal(err)
	}
	if len(rt.deadlines) != 1 || !rt.deadlines[0].Equal(lambdaDeadline.Add(-o.DeliveryMargin)) {
		t.Errorf("PUT deadlines %v, want one, the Lambda deadline minus DeliveryMargin (%v)", rt.deadlines, lambdaDeadline.Add(-o.DeliveryMargin))
	}
	if !undoDeadline.Equal(lambdaDeadline.Add(-o.FinishMargin)) {
		t.Errorf("Undo's deadline %v, want the Lambda deadline minus FinishMargin (%v)", undoDeadline, lambdaDeadline.Add(-o.FinishMargin))
	}
}

// refusedURL is a ResponseURL on a loopback port where nothing listens.
func refusedURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/cloudformation-custom-resource-response-euwest1/x?" + sigQuery
}

// untrustedTLSURL is a ResponseURL on a loopback TLS server whose
// certificate the function does not trust, so every handshake fails before
// a byte of the request is sent.
func untrustedTLSURL(t *testing.T) string {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("a request went through a failed handshake")
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake errors are the point
	t.Cleanup(srv.Close)
	return srv.URL + "/cloudformation-custom-resource-response-euwest1/x?" + sigQuery
}

// stalledTLSURL is a ResponseURL on a loopback port that accepts
// connections and never answers, so a TLS handshake there never ends.
func stalledTLSURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var held sync.WaitGroup
	done := make(chan struct{})
	held.Go(func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				<-done
				return
			}
			conns = append(conns, c)
		}
	})
	t.Cleanup(func() {
		close(done)
		ln.Close()
		held.Wait()
	})
	return "https://" + ln.Addr().String() + "/cloudformation-custom-resource-response-euwest1/x?" + sigQuery
}

// resetConnection closes the request's connection with a TCP reset.
func resetConnection(t *testing.T, w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// Rules 1, 6 and 9: the deadline guard answers FAILED "timed out" once,
// cancels the handler's context, and undoes a SUCCESS that comes too late.
func TestDeadlineGuard(t *testing.T) {
	tests := []struct {
		name string
		// handler runs after the guard cancelled its context, once the
		// timed-out response was received.
		late   func(ctx context.Context) response.Outcome
		undone bool
	}{
		{name: "late SUCCESS is undone", undone: true, late: func(context.Context) response.Outcome {
			return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID}
		}},
		{name: "late FAILED", late: func(ctx context.Context) response.Outcome {
			return response.Outcome{Status: cfn.StatusFailed, Reason: ctx.Err().Error()}
		}},
		{name: "late panic", late: func(context.Context) response.Outcome {
			panic("late")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := make(chan struct{})
			var once sync.Once
			rc := newReceiver(t, func(int, http.ResponseWriter, *http.Request) { once.Do(func() { close(sent) }) })
			var logs logBuffer
			var u undoCounter
			o := options(&logs)
			var hctx context.Context
			h := func(ctx context.Context, _ cfn.Event) response.Outcome {
				hctx = ctx
				<-ctx.Done()
				<-sent
				out := tt.late(ctx)
				out.Undo = u.undo
				return out
			}
			ctx, cancel := context.WithTimeout(inFunction(), o.Margin+200*time.Millisecond)
			defer cancel()
			lambdaDeadline, _ := ctx.Deadline()
			got, err := response.Wrap(h, o)(ctx, eventJSON(t, event(cfn.RequestCreate, rc.url)))
			if err != nil {
				t.Fatalf("Wrap returned error %v", err)
			}

			at := rc.received()
			if len(at) != 1 {
				t.Fatalf("receiver got %d PUTs, want 1", len(at))
			}
			resp := decode(t, at[0].body)
			if !reflect.DeepEqual(resp, got) {
				t.Errorf("returned response differs from the one sent")
			}
			if resp.Status != cfn.StatusFailed || !strings.HasPrefix(resp.Reason, "Timed out") || resp.PhysicalResourceID != response.FailedCreateID(requestID) {
				t.Errorf("sent %+v, want FAILED \"Timed out…\" with the failed-create id", resp)
			}
			if d, ok := hctx.Deadline(); !ok || !d.Equal(lambdaDeadline.Add(-o.Margin)) {
				t.Errorf("handler's deadline = %v, want the Lambda deadline minus Margin (%v)", d, lambdaDeadline.Add(-o.Margin))
			}
			if undone := u.n.Load() == 1; undone != tt.undone {
				t.Errorf("undone = %v, want %v", undone, tt.undone)
			}
			if line := logs.handled(t); line["action"] != "failed" || line["level"] != "ERROR" {
				t.Errorf("event handled line = %v, want action failed at ERROR", line)
			}
		})
	}
}

// Rules 1 and 9: a handler that ignores its context still gets one timed-out
// response, and Wrap returns without it.
func TestDeadlineGuardHandlerIgnoresContext(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	var logs logBuffer
	o := options(&logs)
	release, exited := make(chan struct{}), make(chan struct{})
	var hctx context.Context
	h := func(ctx context.Context, _ cfn.Event) response.Outcome {
		defer close(exited)
		hctx = ctx
		<-release
		return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID}
	}
	got := invoke(t, h, o, event(cfn.RequestUpdate, rc.url), o.Margin+100*time.Millisecond)
	close(release)
	<-exited

	if at := rc.received(); len(at) != 1 {
		t.Fatalf("receiver got %d PUTs, want 1", len(at))
	}
	if got.Status != cfn.StatusFailed || got.PhysicalResourceID != oldID {
		t.Errorf("returned %+v, want FAILED with the event's id", got)
	}
	if hctx.Err() == nil {
		t.Errorf("the handler's context is still live after Wrap returned")
	}
	if !logs.has(t, "handler still running when the function returned") {
		t.Errorf("no log line about the handler still running")
	}
}

// Rule 1: a handler that finishes just as the guard fires still yields
// exactly one response, and its SUCCESS either stands or is undone.
func TestDeadlineGuardRace(t *testing.T) {
	for i := range 20 {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			rc := newReceiver(t, status(http.StatusOK))
			var logs logBuffer
			var u undoCounter
			o := options(&logs)
			h := func(ctx context.Context, _ cfn.Event) response.Outcome {
				<-ctx.Done()
				return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Undo: u.undo}
			}
			got := invoke(t, h, o, event(cfn.RequestCreate, rc.url), o.Margin+time.Duration(i)*time.Millisecond)
			at := rc.received()
			if len(at) != 1 {
				t.Fatalf("receiver got %d PUTs, want 1", len(at))
			}
			undone := u.n.Load() == 1
			if stands := got.Status == cfn.StatusSuccess; stands == undone {
				t.Errorf("status %s and undone = %v: a SUCCESS must stand or be undone, not both or neither", got.Status, undone)
			}
		})
	}
}

// Rule 5: a refused ResponseURL means no handler call, no connection, an
// error in the log and the FAILED response as the result.
func TestRefusedURL(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	hostPort := strings.TrimPrefix(strings.SplitN(rc.url, "/c", 2)[0], "http://")
	tests := []struct {
		name          string
		url           string
		allowLoopback bool
		rt            cfn.RequestType
		wantID        string
	}{
		{name: "loopback without AllowLoopback", url: rc.url, rt: cfn.RequestCreate, wantID: response.FailedCreateID(requestID)},
		{name: "user info", url: "http://user:pw@" + hostPort + "/x?" + sigQuery, allowLoopback: true, rt: cfn.RequestUpdate, wantID: oldID},
		{name: "other scheme", url: "ws://" + hostPort + "/x?" + sigQuery, allowLoopback: true, rt: cfn.RequestDelete, wantID: oldID},
		{name: "not a URL", url: "http://" + hostPort + "/%zz?" + sigQuery, allowLoopback: true, rt: cfn.RequestCreate, wantID: response.FailedCreateID(requestID)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs logBuffer
			o := options(&logs)
			o.Trust.AllowLoopback = tt.allowLoopback
			var called atomic.Bool
			h := func(ctx context.Context, _ cfn.Event) response.Outcome {
				called.Store(true)
				calls.Add(ctx)
				return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID}
			}
			got := invoke(t, h, o, event(tt.rt, tt.url), lambdaTime)
			if called.Load() {
				t.Errorf("the handler was called")
			}
			if n := rc.accepts.Load(); n != 0 {
				t.Errorf("the receiver accepted %d connections", n)
			}
			if got.Status != cfn.StatusFailed || got.PhysicalResourceID != tt.wantID || !strings.Contains(got.Reason, "refused") {
				t.Errorf("returned %+v, want FAILED %q, reason saying refused", got, tt.wantID)
			}
			if !logs.has(t, "event refused, nothing sent") {
				t.Errorf("no error logged for the refused URL")
			}
			line := logs.handled(t)
			if line["cognito_calls"] != 0.0 || line["level"] != "ERROR" || line["response"] != "refused" {
				t.Errorf("event handled line = %v, want 0 Cognito calls at ERROR, response refused", line)
			}
			for _, leak := range []string{signature, "pw@"} {
				if strings.Contains(logs.String(), leak) || strings.Contains(got.Reason, leak) {
					t.Errorf("%q leaked into the log or the reason", leak)
				}
			}
		})
	}
}

// Rules 5 and 7: without a ResponseURL the handler runs, nothing is sent, the
// result is the response, and a SUCCESS stands.
func TestEmptyResponseURL(t *testing.T) {
	tests := []struct {
		name string
		rt   cfn.RequestType
		out  response.Outcome
		want cfn.Response
	}{
		{
			name: "success",
			rt:   cfn.RequestCreate,
			out:  response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Data: successData(), NoEcho: true},
			want: hidden(cfn.Response{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Data: successData(), NoEcho: true}),
		},
		{
			name: "failed create",
			rt:   cfn.RequestCreate,
			out:  response.Outcome{Status: cfn.StatusFailed, Reason: "nope"},
			want: cfn.Response{Status: cfn.StatusFailed, PhysicalResourceID: response.FailedCreateID(requestID), Reason: "nope"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs logBuffer
			var u undoCounter
			var called atomic.Bool
			h := func(context.Context, cfn.Event) response.Outcome {
				called.Store(true)
				out := tt.out
				out.Undo = u.undo
				return out
			}
			got := invoke(t, h, options(&logs), event(tt.rt, ""), lambdaTime)
			want := tt.want
			want.RequestID, want.StackID, want.LogicalResourceID = requestID, stackID, "WebClient"
			if !called.Load() || !reflect.DeepEqual(got, want) {
				t.Errorf("called = %v, returned %+v\nwant %+v", called.Load(), got, want)
			}
			if u.n.Load() != 0 {
				t.Errorf("Undo ran, but there was nowhere to deliver to")
			}
			if logs.has(t, "response not delivered") || logs.handled(t)["response"] != "none" {
				t.Errorf("logged a delivery without a ResponseURL:\n%s", logs.String())
			}
		})
	}
}

// Rule 8: one "event handled" line with every key.
func TestEventLog(t *testing.T) {
	tests := []struct {
		name      string
		props     map[string]any
		out       response.Outcome
		answer    int
		want      map[string]any
		wantLevel string
	}{
		{
			name:      "owned create, nothing changed listed",
			props:     map[string]any{"UserPoolId": "eu-west-1_AbCdEf123"},
			out:       response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Action: "created"},
			answer:    http.StatusOK,
			want:      map[string]any{"mode": "owned", "action": "created", "changed": []any{}, "physical_resource_id": newID, "cognito_calls": 3.0, "response": "delivered"},
			wantLevel: "INFO",
		},
		{
			name:      "existing client updated",
			props:     map[string]any{"UserPoolId": "eu-west-1_AbCdEf123", "ClientId": oldID},
			out:       response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: oldID, Action: "updated", Changed: []string{"CallbackURLs", "LogoutURLs"}},
			answer:    http.StatusOK,
			want:      map[string]any{"mode": "existing", "action": "updated", "changed": []any{"CallbackURLs", "LogoutURLs"}, "physical_resource_id": oldID, "cognito_calls": 3.0},
			wantLevel: "INFO",
		},
		{
			name:      "empty ClientId is owned mode",
			props:     map[string]any{"UserPoolId": "eu-west-1_AbCdEf123", "ClientId": ""},
			out:       response.Outcome{Status: cfn.StatusFailed, Reason: "1 problem in the properties, nothing was changed:\nX: y", Action: "created"},
			answer:    http.StatusOK,
			want:      map[string]any{"mode": "owned", "action": "failed", "changed": []any{}, "physical_resource_id": response.FailedCreateID(requestID), "reason": "1 problem in the properties, nothing was changed:\nX: y"},
			wantLevel: "ERROR",
		},
		{
			name:      "an adopted client is owned",
			props:     map[string]any{"UserPoolId": "eu-west-1_AbCdEf123", "ClientId": oldID, "Adopt": "true"},
			out:       response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: oldID, Action: "deleted"},
			answer:    http.StatusOK,
			want:      map[string]any{"mode": "owned", "action": "deleted", "physical_resource_id": oldID},
			wantLevel: "INFO",
		},
		{
			name:      "Adopt false is existing-client mode",
			props:     map[string]any{"UserPoolId": "eu-west-1_AbCdEf123", "ClientId": oldID, "Adopt": "false"},
			out:       response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: oldID, Action: "skipped"},
			answer:    http.StatusOK,
			want:      map[string]any{"mode": "existing", "action": "skipped"},
			wantLevel: "INFO",
		},
		{
			name:  "URL retries and warnings",
			props: map[string]any{"UserPoolId": "eu-west-1_AbCdEf123", "ClientId": oldID},
			out: response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: oldID, Action: "deleted", URLRetries: 2,
				Warnings: []string{"AdditionalCallbackURLs: 1 callback URL kept on app client " + oldID + ": it is the DefaultRedirectURI"}},
			answer:    http.StatusOK,
			want:      map[string]any{"mode": "existing", "action": "deleted", "url_retries": 2.0},
			wantLevel: "INFO",
		},
		{
			name:      "undelivered success counts the Undo's call",
			props:     map[string]any{"UserPoolId": "eu-west-1_AbCdEf123"},
			out:       response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Action: "created"},
			answer:    http.StatusForbidden,
			want:      map[string]any{"action": "created", "cognito_calls": 4.0, "response": "undelivered"},
			wantLevel: "ERROR",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, status(tt.answer))
			var logs logBuffer
			var u undoCounter
			h := func(ctx context.Context, _ cfn.Event) response.Outcome {
				for range 3 {
					calls.Add(ctx)
				}
				out := tt.out
				out.Undo = u.undo
				return out
			}
			e := event(cfn.RequestCreate, rc.url)
			e.ResourceProperties = tt.props
			invoke(t, h, options(&logs), e, lambdaTime)
			line := logs.handled(t)
			for _, k := range []string{"time", "level", "msg", "request_id", "request_type", "logical_resource_id",
				"physical_resource_id", "mode", "action", "changed", "cognito_calls", "url_retries", "duration_ms", "response"} {
				if _, ok := line[k]; !ok {
					t.Errorf("key %q missing from %v", k, line)
				}
			}
			_, hasReason := line["reason"]
			if failed := line["action"] == "failed"; hasReason != failed {
				t.Errorf("reason present = %v, action %v", hasReason, line["action"])
			}
			if line["level"] != tt.wantLevel || line["request_id"] != requestID || line["request_type"] != "Create" || line["logical_resource_id"] != "WebClient" {
				t.Errorf("line = %v", line)
			}
			for k, v := range tt.want {
				if !reflect.DeepEqual(line[k], v) {
					t.Errorf("%s = %#v, want %#v", k, line[k], v)
				}
			}
			for _, w := range tt.out.Warnings {
				if !logs.has(t, w) {
					t.Errorf("no WARN line %q in:\n%s", w, logs.String())
				}
			}
		})
	}
}

// Rule 8: no path logs a secret or the URL's query, and no returned reason
// carries the query.
func TestNoSecretInLogs(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + closed.Addr().String() + "/x?" + sigQuery
	closed.Close()

	success := func(context.Context, cfn.Event) response.Outcome {
		return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Data: successData(), NoEcho: true, Action: "created",
			Undo: func(context.Context) error { return errors.New("undo failed") }}
	}
	tests := []struct {
		name    string
		answer  func(int, http.ResponseWriter, *http.Request) // nil: use url
		url     string
		handler response.Handler
	}{
		{name: "delivered", answer: status(http.StatusOK), handler: success},
		{name: "403 with a body quoting the signature", answer: func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, "<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>%s</SignatureProvided></Error>", signature)
		}, handler: success},
		{name: "redirect", answer: func(_ int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://127.0.0.1:1/?"+sigQuery, http.StatusFound)
		}, handler: success},
		{name: "hang", answer: func(_ int, _ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, handler: success},
		{name: "connection refused", url: closedURL, handler: success},
		{name: "refused URL", url: "https://evil.example/x?" + sigQuery, handler: success},
		{name: "panic with the secret", answer: status(http.StatusOK), handler: func(context.Context, cfn.Event) response.Outcome {
			panic("client secret is " + secret)
		}},
		{name: "panic with an error quoting the secret", answer: status(http.StatusOK), handler: func(context.Context, cfn.Event) response.Outcome {
			panic(fmt.Errorf("bad client %v", successData()))
		}},
		{name: "undo panics with the secret", answer: status(http.StatusForbidden), handler: func(context.Context, cfn.Event) response.Outcome {
			return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Data: successData(),
				Undo: func(context.Context) error { panic(secret) }}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.url
			if tt.answer != nil {
				u = newReceiver(t, tt.answer).url
			}
			var logs logBuffer
			got := invoke(t, tt.handler, options(&logs), event(cfn.RequestCreate, u), lambdaTime)
			text := logs.String()
			for _, leak := range []string{secret, signature, "X-Amz-Credential"} {
				if strings.Contains(text, leak) {
					t.Errorf("the log contains %q:\n%s", leak, text)
				}
				if strings.Contains(got.Reason, leak) {
					t.Errorf("the reason contains %q", leak)
				}
			}
			logs.handled(t)
		})
	}
}

// Wrap refuses margins that leave no time for the PUT or the Undo.
func TestWrapRejectsMarginsOutOfOrder(t *testing.T) {
	tests := []struct {
		name string
		o    response.Options
		ok   bool
	}{
		{name: "defaults", ok: true},
		{name: "only Margin set", o: response.Options{Margin: 900 * time.Millisecond}, ok: true},
		{name: "delivery margin beyond Margin", o: response.Options{Margin: time.Second, DeliveryMargin: 2 * time.Second}},
		{name: "finish margin beyond delivery margin", o: response.Options{Margin: time.Second, DeliveryMargin: 200 * time.Millisecond, FinishMargin: 300 * time.Millisecond}},
		{name: "negative margin", o: response.Options{Margin: -time.Second}},
		{name: "finish margin equal to the delivery margin", o: response.Options{Margin: time.Second, DeliveryMargin: 200 * time.Millisecond, FinishMargin: 200 * time.Millisecond}},
		{name: "delivery margin equal to Margin", o: response.Options{Margin: time.Second, DeliveryMargin: time.Second}},
		{name: "a Margin too short to leave a finish margin", o: response.Options{Margin: 14 * time.Nanosecond}},
		{name: "the shortest margins in order", o: response.Options{Margin: 3, DeliveryMargin: 2, FinishMargin: 1}, ok: true},
	}
	h := func(context.Context, cfn.Event) response.Outcome { return response.Outcome{} }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if r := recover(); (r == nil) != tt.ok {
					t.Errorf("panic = %v, want ok=%v", r, tt.ok)
				}
			}()
			response.Wrap(h, tt.o)
		})
	}
}

// A field of the wrong JSON type still gets the event its one FAILED
// response, naming the field, and the handler is never called; bytes that
// are not JSON have nowhere to be answered.
func TestMalformedEvent(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	url, _ := json.Marshal(rc.url)
	called := false
	h := func(context.Context, cfn.Event) response.Outcome {
		called = true
		return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: "x"}
	}
	fn := response.Wrap(h, response.Options{Trust: trust(), Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	ctx, cancel := context.WithTimeout(inFunction(), 10*time.Second)
	defer cancel()

	resp, err := fn(ctx, json.RawMessage(`{"RequestType":"Create","RequestId":"r-1","ResponseURL":`+string(url)+`,"ResourceProperties":"UserPoolId"}`))
	if err != nil || called {
		t.Fatalf("error %v, handler called %v; want a FAILED response without the handler", err, called)
	}
	want := "the event is malformed: ResourceProperties must be an object, not a string"
	if resp.Status != cfn.StatusFailed || resp.Reason != want || resp.PhysicalResourceID != response.FailedCreateID("r-1") {
		t.Errorf("response %s %q %q; want FAILED %q with a failed-create id", resp.Status, resp.Reason, resp.PhysicalResourceID, want)
	}
	if n := len(rc.received()); n != 1 {
		t.Errorf("%d PUTs, want 1", n)
	}

	resp, err = fn(ctx, json.RawMessage(`not json`))
	if err != nil || called || resp.Status != cfn.StatusFailed || !strings.Contains(resp.Reason, "not valid JSON") {
		t.Errorf("bytes that are not JSON: %+v, error %v, handler called %v; want FAILED as the result, and no call", resp, err, called)
	}
	if n := len(rc.received()); n != 1 {
		t.Errorf("bytes without a ResponseURL were answered somewhere: %d PUTs in all", n)
	}
}

// Malformed JSON of any kind still gets its one FAILED response, addressed
// with the top-level fields a tolerant scan salvages; the URL policy still
// applies, and the handler is never called.
func TestMalformedJSONIsAnswered(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	url, _ := json.Marshal(rc.url)
	head := `{"RequestType":"Create","RequestId":"r-1","StackId":"` + stackID + `","LogicalResourceId":"WebClient",`
	deep := strings.Repeat(`{"a":`, 20_000) + `1` + strings.Repeat(`}`, 20_000)
	tests := []struct {
		name    string
		payload string
		sent    bool   // a FAILED is PUT to the receiver
		id      string // its PhysicalResourceId
		reason  string
	}{
		{name: "truncated", payload: head + `"ResponseURL":` + string(url) + `,"ResourceProperties":{"UserPoolId":"eu-we`,
			sent: true, id: response.FailedCreateID("r-1"), reason: "not valid JSON"},
		{name: "nested deeper than the decoder allows", payload: head + `"ResourceProperties":{"X":` + deep + `},"ResponseURL":` + string(url) + `}`,
			sent: true, id: response.FailedCreateID("r-1"), reason: "more than 32 levels deep"},
		{name: "nested deeper than an event needs", payload: head + `"ResourceProperties":{"X":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `},"ResponseURL":` + string(url) + `}`,
			sent: true, id: response.FailedCreateID("r-1"), reason: "more than 32 levels deep"},
		{name: "more objects than an event needs", payload: head + `"ResponseURL":` + string(url) + `,"ResourceProperties":{"X":[` + strings.Repeat(`{},`, 5000) + `{}]}}`,
			sent: true, id: response.FailedCreateID("r-1"), reason: "more than 1000 objects and lists"},
		{name: "a stray byte", payload: head + `"ResponseURL":` + string(url) + `,"ResourceProperties":{"UserPoolId":x}}`,
			sent: true, id: response.FailedCreateID("r-1"), reason: "invalid character"},
		{name: "an Update keeps its physical id", payload: `{"RequestType":"Update","RequestId":"r-1","PhysicalResourceId":"` + oldID + `","ResponseURL":` + string(url) + `,`,
			sent: true, id: oldID, reason: "not valid JSON"},
		{name: "the URL policy still applies", payload: head + `"ResponseURL":"https://attacker-bucket.s3.amazonaws.com/x?` + signature + `",`,
			id: response.FailedCreateID("r-1"), reason: "refused"},
		{name: "no ResponseURL to be found", payload: head + `"ResourceProperties":{`,
			id: response.FailedCreateID("r-1"), reason: "not valid JSON"},
		{name: "a ResponseURL only inside the properties", payload: head + `"ResourceProperties":{"ResponseURL":` + string(url) + `,`,
			id: response.FailedCreateID("r-1"), reason: "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(rc.received())
			var logs logBuffer
			called := false
			h := func(context.Context, cfn.Event) response.Outcome {
				called = true
				return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: "x"}
			}
			ctx, cancel := context.WithTimeout(inFunction(), lambdaTime)
			defer cancel()
			out, err := response.Wrap(h, options(&logs)).Invoke(ctx, []byte(tt.payload))
			if err != nil || called {
				t.Fatalf("error %v, handler called %v", err, called)
			}
			var resp cfn.Response
			if err := json.Unmarshal(out, &resp); err != nil {
				t.Fatalf("the result is not a response: %v", err)
			}
			if resp.Status != cfn.StatusFailed || resp.PhysicalResourceID != tt.id || resp.RequestID != "r-1" || !strings.Contains(resp.Reason, tt.reason) {
				t.Errorf("result %+v, want FAILED for r-1 with id %s, reason naming %q", resp, tt.id, tt.reason)
			}
			at := rc.received()[before:]
			if (len(at) == 1) != tt.sent || len(at) > 1 {
				t.Fatalf("%d PUTs, want sent=%v", len(at), tt.sent)
			}
			if tt.sent && !reflect.DeepEqual(decode(t, at[0].body), resp) {
				t.Errorf("sent %s, returned %+v", at[0].body, resp)
			}
			if line := logs.handled(t); line["action"] != "failed" {
				t.Errorf("event line %v", line)
			}
			if strings.Contains(logs.String(), signature) {
				t.Error("the log shows the signature")
			}
		})
	}
}

// Like the runtime, Invoke answers the first JSON value of a payload and
// ignores what follows it.
func TestInvokeIgnoresTrailingBytes(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	h := func(context.Context, cfn.Event) response.Outcome {
		return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: oldID, Action: "deleted"}
	}
	var logs logBuffer
	ctx, cancel := context.WithTimeout(inFunction(), lambdaTime)
	defer cancel()
	out, err := response.Wrap(h, options(&logs)).Invoke(ctx, append(eventJSON(t, event(cfn.RequestDelete, rc.url)), " trailing"...))
	var resp cfn.Response
	if err != nil || json.Unmarshal(out, &resp) != nil || resp.Status != cfn.StatusSuccess || len(rc.received()) != 1 {
		t.Errorf("result %s, error %v, %d PUTs; want the SUCCESS, sent once", out, err, len(rc.received()))
	}
}

// A redelivered event is answered from memory, for the last 64 events whose
// response stood; an older one runs again.
func TestRedeliveryIsAnsweredFromMemory(t *testing.T) {
	var runs atomic.Int64
	h := func(context.Context, cfn.Event) response.Outcome {
		runs.Add(1)
		return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: "client" + strconv.FormatInt(runs.Load(), 10), Action: "created"}
	}
	fn := response.Wrap(h, response.Options{Trust: trust(), Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	ctx, cancel := context.WithTimeout(inFunction(), 10*time.Second)
	defer cancel()
	payload := func(i int) json.RawMessage {
		e := event(cfn.RequestCreate, "")
		e.RequestID = "r-" + strconv.Itoa(i)
		return eventJSON(t, e)
	}
	first, _ := fn(ctx, payload(0))
	again, _ := fn(ctx, payload(0))
	if runs.Load() != 1 || !reflect.DeepEqual(first, again) {
		t.Fatalf("redelivery ran the handler (%d runs) or answered %+v, want %+v", runs.Load(), again, first)
	}
	for i := 1; i <= 64; i++ {
		fn(ctx, payload(i))
	}
	fn(ctx, payload(64))
	if runs.Load() != 65 {
		t.Errorf("%d runs after 64 more events and a redelivery of the last, want 65", runs.Load())
	}
	if evicted, _ := fn(ctx, payload(0)); runs.Load() != 66 || evicted.PhysicalResourceID == first.PhysicalResourceID {
		t.Errorf("the oldest event was still answered from memory after 64 newer ones")
	}
}

// The function's result never holds a client secret, on any path: the PUT
// carries it (with NoEcho), the result shows the placeholder, and the
// redelivery memory answers with the placeholder too. The handler's Data is
// not changed in place.
func TestResultHidesSecret(t *testing.T) {
	tests := []struct {
		name   string
		answer func(int, http.ResponseWriter, *http.Request) // nil: no ResponseURL
		sent   bool                                          // CloudFormation accepted a body
	}{
		{name: "delivered", answer: status(http.StatusOK), sent: true},
		{name: "no ResponseURL", answer: nil},
		{name: "undeliverable (403)", answer: status(http.StatusForbidden)},
		{name: "undeliverable (500 on every attempt)", answer: status(http.StatusInternalServerError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs logBuffer
			var rc *receiver
			url := ""
			if tt.answer != nil {
				rc = newReceiver(t, tt.answer)
				url = rc.url
			}
			data := successData()
			h := func(context.Context, cfn.Event) response.Outcome {
				return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID, Data: data, NoEcho: true, Action: "updated"}
			}
			fn := response.Wrap(h, options(&logs))
			ctx, cancel := context.WithTimeout(inFunction(), lambdaTime)
			defer cancel()
			payload := eventJSON(t, event(cfn.RequestUpdate, url))
			for _, delivery := range []string{"first", "redelivery"} {
				got, err := fn(ctx, payload)
				if err != nil {
					t.Fatal(err)
				}
				out, _ := json.Marshal(got)
				if strings.Contains(string(out), secret) {
					t.Fatalf("%s: the result holds the secret: %s", delivery, out)
				}
				if got.Status != cfn.StatusSuccess || got.Data["ClientSecret"] != response.HiddenSecret || got.Data["SecretArn"] != response.HiddenSecret || !got.NoEcho || got.Data["ClientId"] != newID {
					t.Errorf("%s: result %+v, want SUCCESS with the secret hidden and NoEcho", delivery, got)
				}
			}
			if data["ClientSecret"] != secret {
				t.Error("the handler's Data was changed in place")
			}
			if rc == nil {
				return
			}
			at := rc.received()
			if len(at) == 0 {
				t.Fatal("nothing was sent")
			}
			if sent := decode(t, at[0].body); sent.Data["ClientSecret"] != secret || sent.Data["SecretArn"] != storeARN || !sent.NoEcho {
				t.Errorf("the PUT carries ClientSecret %v, NoEcho %v; want the secret, with NoEcho", sent.Data["ClientSecret"], sent.NoEcho)
			}
			if strings.Contains(logs.String(), secret) {
				t.Error("the log shows the secret")
			}
		})
	}
}

// Preconnect is given the host:port of an https ResponseURL once it passes
// the checks, before the handler runs, also when the event is answered
// FAILED without the handler; its release runs once, after the response.
// An http URL, a refused URL and an event without one are not preconnected.
func TestPreconnect(t *testing.T) {
	tlsURL := untrustedTLSURL(t)
	tlsAddr := strings.TrimPrefix(strings.SplitN(tlsURL, "/c", 2)[0], "https://")
	rc := newReceiver(t, status(http.StatusOK))
	untrusted := event(cfn.RequestUpdate, tlsURL)
	untrusted.StackID = strings.Replace(stackID, "123456789012", "210987654321", 1)
	for _, tc := range []struct {
		name        string
		e           cfn.Event
		allowLoop   bool
		want        string // the address preconnected, "" for none
		handlerRuns bool
	}{
		{name: "an https URL", e: event(cfn.RequestUpdate, tlsURL), allowLoop: true, want: tlsAddr, handlerRuns: true},
		{name: "an https URL of an untrusted stack", e: untrusted, allowLoop: true, want: tlsAddr},
		{name: "an http URL", e: event(cfn.RequestUpdate, rc.url), allowLoop: true, handlerRuns: true},
		{name: "a refused URL", e: event(cfn.RequestUpdate, tlsURL)},
		{name: "no URL", e: event(cfn.RequestUpdate, ""), allowLoop: true, handlerRuns: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs logBuffer
			o := options(&logs)
			o.Trust.AllowLoopback = tc.allowLoop
			var got []string
			var released atomic.Int32
			o.Preconnect = func(addr string) func() {
				got = append(got, addr)
				return func() { released.Add(1) }
			}
			var before []string // what was preconnected when the handler ran
			ran := false
			h := func(context.Context, cfn.Event) response.Outcome {
				ran, before = true, slices.Clone(got)
				return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: oldID, Action: "updated"}
			}
			invoke(t, h, o, tc.e, lambdaTime)
			var want []string
			if tc.want != "" {
				want = []string{tc.want}
			}
			if !slices.Equal(got, want) || int(released.Load()) != len(want) {
				t.Errorf("preconnected %q, released %d times; want %q, released once each", got, released.Load(), want)
			}
			if ran != tc.handlerRuns || (ran && !slices.Equal(before, want)) {
				t.Errorf("handler ran %v (want %v), after preconnecting %q", ran, tc.handlerRuns, before)
			}
		})
	}
}
