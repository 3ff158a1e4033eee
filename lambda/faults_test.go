package main

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/wire"
)

// mustJSON encodes v, which the tests build, so it always encodes.
func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// config is the configuration Cognito stores for a client, as a Describe
// would show it; ok is false when the client does not exist.
func (h *fn) config(id string) (props.Config, bool) {
	c, ok := h.fake.Client(h.pool, id)
	if !ok {
		return props.Config{}, false
	}
	return wire.FromClient(&c), true
}

// emptyOutput makes Cognito's answer to op an output with nothing in it:
// the request is sent and answered, then the SDK hands the lifecycle an
// output without its UserPoolClient, which no conversion expects.
func emptyOutput(op string, empty any) func(*cip.Options) {
	return func(o *cip.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Deserialize.Add(middleware.DeserializeMiddlewareFunc("EmptyOutput",
				func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
					out, md, err := next.HandleDeserialize(ctx, in)
					if err == nil && awsmiddleware.GetOperationName(ctx) == op {
						out.Result = empty
					}
					return out, md, err
				}), middleware.Before)
		})
	}
}

// faultRow is one fault of the matrix. event prepares the fake, the receiver
// and the clients, and returns the payload delivered as the runtime delivers
// it; the row then asserts the one response (or the no-send case of docs/reference.md §4),
// its status, reason and physical id, the log line, and Cognito's end state.
type faultRow struct {
	name    string
	opts    []fnOption
	timeout time.Duration // before the Lambda deadline; default 30s
	// slow rows wait in real time (backoff, a slow server) without a
	// timeout; -short skips them, and the rows with a timeout.
	slow  bool
	event func(t *testing.T, h *fn) []byte

	status   cfn.StatusType
	reason   string // a FAILED's Reason contains it, case-insensitively
	action   string // the log line's action
	delivery string // the log line's response: delivered, undelivered, none
	puts     int32  // PUT attempts the receiver got; 0 is 1 for a delivered response
	morePuts bool   // puts is a minimum: the count depends on timing
	calls    int    // Cognito requests, retries included
	state    func(t *testing.T, h *fn)
}

// create is an owned Create of props as CloudFormation sends it: without
// OldResourceProperties, so that its size is that of the properties.
func create(h *fn, props map[string]any) cfn.Event {
	e := h.event(cfn.RequestCreate, "", props)
	e.OldResourceProperties = nil
	return e
}

// updateTo2h is an Update of the client created by h.created() that changes
// its access token validity from 10h to 2h.
func updateTo2h(t *testing.T, h *fn) cfn.Event {
	id := h.created()
	e := h.event(cfn.RequestUpdate, id, nil)
	e.ResourceProperties = h.props()
	e.ResourceProperties["AccessTokenValidity"] = "2h"
	return e
}

// accessValidity asserts the access token validity of the only client.
func accessValidity(want time.Duration) func(t *testing.T, h *fn) {
	return func(t *testing.T, h *fn) {
		t.Helper()
		cs := h.fake.Clients(h.pool)
		if len(cs) != 1 {
			t.Fatalf("%d clients, want 1", len(cs))
		}
		if got := wire.FromClient(&cs[0]).AccessTokenValidity; got != want {
			t.Errorf("access token validity %v, want %v", got, want)
		}
	}
}

// keptAndNamed asserts that the one client created is kept and that an
// ERROR line names it and its pool.
func keptAndNamed(t *testing.T, h *fn) {
	t.Helper()
	cs := h.fake.Clients(h.pool)
	if len(cs) != 1 {
		t.Fatalf("%d clients, want the one created, kept", len(cs))
	}
	for l := range strings.SplitSeq(h.logs.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "response delivery uncertain, client kept" {
			if m["level"] != "ERROR" || m["client_id"] != *cs[0].ClientId || m["user_pool_id"] != h.pool {
				t.Errorf("the line %v does not name client %s of pool %s at ERROR", m, *cs[0].ClientId, h.pool)
			}
			return
		}
	}
	t.Error("no ERROR line names the client kept")
}

func clients(want int) func(t *testing.T, h *fn) {
	return func(t *testing.T, h *fn) {
		t.Helper()
		if got := len(h.fake.Clients(h.pool)); got != want {
			t.Errorf("%d clients in the pool, want %d", got, want)
		}
	}
}

// existingClient stores a client the way another stack would have left it.
func existingClient(h *fn) string {
	return h.fake.PutClient(h.pool, types.UserPoolClientType{
		ClientName:        new("made-elsewhere"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
	})
}

// TestFaults is the fault matrix: Cognito's faults, the response PUT's,
// malformed events, a panic, redelivery, rollback and Deletes after
// failures, each through the whole function.
func TestFaults(t *testing.T) {
	ok := func(t *testing.T, h *fn) []byte { return mustJSON(t, h.event(cfn.RequestCreate, "", nil)) }
	update := func(t *testing.T, h *fn) []byte { return mustJSON(t, updateTo2h(t, h)) }

	rows := []faultRow{
		// Cognito.
		{name: "Cognito 5xx beyond the retries", event: func(t *testing.T, h *fn) []byte {
			b := update(t, h)
			h.fake.Fail("DescribeUserPoolClient", 100, cognitofake.Internal)
			return b
		}, status: cfn.StatusFailed, reason: "InternalErrorException", calls: cognito.MaxAttempts,
			state: accessValidity(10 * time.Hour)},
		{name: "Cognito 5xx twice, then served", event: func(t *testing.T, h *fn) []byte {
			h.fake.Fail("CreateUserPoolClient", 2, cognitofake.Internal)
			return ok(t, h)
		}, status: cfn.StatusSuccess, action: "created", calls: 3, state: clients(1)},
		{name: "throttling beyond the retries", event: func(t *testing.T, h *fn) []byte {
			b := update(t, h)
			h.fake.Fail("UpdateUserPoolClient", 100, cognitofake.Throttle)
			return b
		}, status: cfn.StatusFailed, reason: "TooManyRequestsException", calls: 1 + cognito.MaxAttempts,
			state: accessValidity(10 * time.Hour)},
		{name: "throttled twice, then served", event: func(t *testing.T, h *fn) []byte {
			b := update(t, h)
			h.fake.Fail("DescribeUserPoolClient", 2, cognitofake.Throttle)
			return b
		}, status: cfn.StatusSuccess, action: "updated", calls: 4, state: accessValidity(2 * time.Hour)},
		{name: "concurrent modification is retried", event: func(t *testing.T, h *fn) []byte {
			b := update(t, h)
			h.fake.Fail("UpdateUserPoolClient", 1, cognitofake.ConcurrentModification)
			return b
		}, status: cfn.StatusSuccess, action: "updated", calls: 3, state: accessValidity(2 * time.Hour)},
		{name: "connection reset mid-call is retried", event: func(t *testing.T, h *fn) []byte {
			b := update(t, h)
			h.fake.Fail("DescribeUserPoolClient", 1, cognitofake.ResetConnection)
			return b
		}, status: cfn.StatusSuccess, action: "updated", calls: 3, state: accessValidity(2 * time.Hour)},
		{name: "limit exceeded on Create is not retried", event: func(t *testing.T, h *fn) []byte {
			h.fake.Fail("CreateUserPoolClient", 1, cognitofake.LimitExceeded)
			return ok(t, h)
		}, status: cfn.StatusFailed, reason: "LimitExceededException", calls: 1, state: clients(0)},
		{name: "an Update call that hangs past the deadline", timeout: 4 * time.Second, event: func(t *testing.T, h *fn) []byte {
			b := update(t, h)
			h.fake.Fail("DescribeUserPoolClient", 1, cognitofake.Hang)
			return b
		}, status: cfn.StatusFailed, reason: "timed out", calls: 1, state: accessValidity(10 * time.Hour)},
		{name: "a Create call that hangs past the deadline", timeout: 4 * time.Second, event: func(t *testing.T, h *fn) []byte {
			h.fake.Fail("CreateUserPoolClient", 1, cognitofake.Hang)
			return ok(t, h)
		}, status: cfn.StatusFailed, reason: "timed out", calls: 1, state: clients(0)},
		{name: "a panic inside conversion", opts: []fnOption{withCognito(emptyOutput("DescribeUserPoolClient", &cip.DescribeUserPoolClientOutput{}))},
			event: update, status: cfn.StatusFailed, reason: "panicked", calls: 1, state: func(t *testing.T, h *fn) {
				accessValidity(10*time.Hour)(t, h)
				if !strings.Contains(h.logs.String(), `"msg":"handler panicked"`) {
					t.Error("the panic was not logged")
				}
			}},

		// The response PUT. An owned Create whose SUCCESS is not delivered
		// is undone: Create, then Delete.
		{name: "response PUT refused with 403", event: func(t *testing.T, h *fn) []byte {
			h.answerWith(answerStatus(http.StatusForbidden))
			return ok(t, h)
		}, status: cfn.StatusSuccess, action: "created", delivery: "undelivered", puts: 1, calls: 2, state: clients(0)},
		{name: "response PUT answered 500 twice, then accepted", event: func(t *testing.T, h *fn) []byte {
			h.answerWith(func(n int32, w http.ResponseWriter, r *http.Request) []byte {
				if n <= 2 {
					return answerStatus(http.StatusInternalServerError)(n, w, r)
				}
				return answerStatus(http.StatusOK)(n, w, r)
			})
			return ok(t, h)
		}, status: cfn.StatusSuccess, action: "created", puts: 3, calls: 1, state: clients(1)},
		{name: "response PUT throttled with 429, then accepted", event: func(t *testing.T, h *fn) []byte {
			h.answerWith(func(n int32, w http.ResponseWriter, r *http.Request) []byte {
				if n == 1 {
					return answerStatus(http.StatusTooManyRequests)(n, w, r)
				}
				return answerStatus(http.StatusOK)(n, w, r)
			})
			return ok(t, h)
		}, status: cfn.StatusSuccess, action: "created", puts: 2, calls: 1, state: clients(1)},
		// The body was sent and no answer came: CloudFormation may hold
		// the SUCCESS, so the client stays and an ERROR line names it.
		{name: "response PUT hangs", timeout: 8 * time.Second, event: func(t *testing.T, h *fn) []byte {
			h.answerWith(func(_ int32, _ http.ResponseWriter, r *http.Request) []byte {
				// Read first: the server notices the client leaving only
				// once the body has been read.
				_, _ = io.Copy(io.Discard, r.Body)
				select {
				case <-r.Context().Done(): // the function gave up on this attempt
				case <-time.After(30 * time.Second):
				}
				return nil
			})
			return ok(t, h)
		}, status: cfn.StatusSuccess, action: "created", delivery: "uncertain", puts: 1, morePuts: true, calls: 1, state: keptAndNamed},
		// A 5xx, a 429 or a redirect is no proof that S3 stored nothing:
		// the client stays, named at ERROR.
		{name: "response PUT answered 500 on every attempt", opts: []fnOption{fastDelivery}, event: func(t *testing.T, h *fn) []byte {
			h.answerWith(answerStatus(http.StatusInternalServerError))
			return ok(t, h)
		}, status: cfn.StatusSuccess, action: "created", delivery: "uncertain", puts: 3, calls: 1, state: keptAndNamed},
		{name: "response PUT answered 503, then 403", opts: []fnOption{fastDelivery}, event: func(t *testing.T, h *fn) []byte {
			h.answerWith(func(n int32, w http.ResponseWriter, r *http.Request) []byte {
				return answerStatus(map[bool]int{true: http.StatusServiceUnavailable, false: http.StatusForbidden}[n == 1])(n, w, r)
			})
			return ok(t, h)
		}, status: cfn.StatusSuccess, action: "created", delivery: "uncertain", puts: 2, calls: 1, state: keptAndNamed},
		{name: "response PUT redirected", event: func(t *testing.T, h *fn) []byte {
			h.answerWith(func(_ int32, w http.ResponseWriter, r *http.Request) []byte {
				http.Redirect(w, r, h.url("/elsewhere"), http.StatusTemporaryRedirect)
				return nil
			})
			return ok(t, h)
		}, status: cfn.StatusSuccess, action: "created", delivery: "uncertain", puts: 1, calls: 1, state: keptAndNamed},
		// Certainly not delivered: undone.
		{name: "response PUT fails its TLS handshake on every attempt", opts: []fnOption{fastDelivery}, event: func(t *testing.T, h *fn) []byte {
			srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
				t.Error("a request went through a failed handshake")
			}))
			srv.Config.ErrorLog = log.New(io.Discard, "", 0)
			t.Cleanup(srv.Close)
			e := h.event(cfn.RequestCreate, "", nil)
			e.ResponseURL = srv.URL + "/cfn-response?X-Amz-Signature=" + signature
			return mustJSON(t, e)
		}, status: cfn.StatusSuccess, action: "created", delivery: "undelivered", puts: 0, calls: 2, state: clients(0)},
		{name: "response PUT slow to read", slow: true, event: func(t *testing.T, h *fn) []byte {
			h.answerWith(func(n int32, w http.ResponseWriter, r *http.Request) []byte {
				time.Sleep(1500 * time.Millisecond) // within one attempt's timeout
				return answerStatus(http.StatusOK)(n, w, r)
			})
			return ok(t, h)
		}, status: cfn.StatusSuccess, action: "created", puts: 1, calls: 1, state: clients(1)},
		{name: "response PUT connection refused", opts: []fnOption{fastDelivery}, event: func(t *testing.T, h *fn) []byte {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := ln.Addr().String()
			ln.Close() // nothing listens there any more
			e := h.event(cfn.RequestCreate, "", nil)
			e.ResponseURL = "http://" + addr + "/cfn-response?X-Amz-Signature=" + signature
			return mustJSON(t, e)
		}, status: cfn.StatusSuccess, action: "created", delivery: "undelivered", puts: 0, calls: 2, state: clients(0)},

		// Malformed events, delivered as raw JSON.
		{name: "unknown RequestType", event: func(t *testing.T, h *fn) []byte {
			return mustJSON(t, h.event("Upsert", "", nil))
		}, status: cfn.StatusFailed, reason: "RequestType", calls: 0, state: clients(0)},
		{name: "RequestType missing", event: func(t *testing.T, h *fn) []byte {
			return mustJSON(t, map[string]any{"RequestId": "r-1", "ResponseURL": h.url("/r"), "StackId": stackID,
				"LogicalResourceId": "Client", "PhysicalResourceId": "p", "ResourceProperties": h.props()})
		}, status: cfn.StatusFailed, reason: "RequestType", calls: 0, state: clients(0)},
		{name: "ResourceProperties missing", event: func(t *testing.T, h *fn) []byte {
			return mustJSON(t, map[string]any{"RequestType": "Create", "RequestId": "r-1", "ResponseURL": h.url("/r"), "StackId": stackID})
		}, status: cfn.StatusFailed, reason: "UserPoolId", calls: 0, state: clients(0)},
		{name: "ResourceProperties null", event: func(t *testing.T, h *fn) []byte {
			return []byte(`{"RequestType":"Create","RequestId":"r-1","StackId":"` + stackID + `","ResponseURL":"` + h.url("/r") + `","ResourceProperties":null}`)
		}, status: cfn.StatusFailed, reason: "UserPoolId", calls: 0, state: clients(0)},
		{name: "a property of the wrong type", event: func(t *testing.T, h *fn) []byte {
			p := h.props()
			p["ExplicitAuthFlows"] = map[string]any{"ALLOW_USER_SRP_AUTH": true}
			p["GenerateSecret"] = []any{"true"}
			return mustJSON(t, h.event(cfn.RequestCreate, "", p))
		}, status: cfn.StatusFailed, reason: "ExplicitAuthFlows", calls: 0, state: clients(0)},
		{name: "properties of about 1 MB in one value", event: func(t *testing.T, h *fn) []byte {
			p := h.props()
			p["ClientName"] = strings.Repeat("n", 500_000)
			p["AllowedOAuthScopes"] = []any{strings.Repeat("s", 500_000)}
			return mustJSON(t, create(h, p))
		}, status: cfn.StatusFailed, reason: "ClientName", calls: 0, state: clients(0)},
		{name: "properties of about 1 MB in many values", event: func(t *testing.T, h *fn) []byte {
			p := h.props()
			urls := make([]any, 850)
			for i := range urls {
				urls[i] = "https://app.example.com/" + strings.Repeat("c", 1000)
			}
			p["CallbackURLs"] = urls
			for i := range 1000 {
				p["Unknown"+strings.Repeat("x", i%10)+string(rune('a'+i%26))] = strings.Repeat("v", 100)
			}
			return mustJSON(t, create(h, p))
		}, status: cfn.StatusFailed, reason: "CallbackURLs", calls: 0, state: clients(0)},
		{name: "an empty event", event: func(t *testing.T, h *fn) []byte { return []byte("null") },
			status: cfn.StatusFailed, reason: "StackId", delivery: "none", calls: 0, state: clients(0)},

		// The same event delivered twice (answered from memory: see
		// TestOwnedCreateDeliveredTwice), rollback, and Deletes after failures.
		{name: "the same Update delivered twice", event: func(t *testing.T, h *fn) []byte {
			b := update(t, h)
			if resp, _, _, err := h.invokeRaw(b, 30*time.Second); err != nil || resp.Status != cfn.StatusSuccess {
				t.Fatalf("first delivery: %+v %v", resp, err)
			}
			return b
		}, status: cfn.StatusSuccess, action: "skipped", delivery: "duplicate", calls: 0, state: accessValidity(2 * time.Hour)},
		{name: "the same Delete delivered twice", event: func(t *testing.T, h *fn) []byte {
			b := mustJSON(t, h.event(cfn.RequestDelete, h.created(), nil))
			if resp, _, _, err := h.invokeRaw(b, 30*time.Second); err != nil || resp.Status != cfn.StatusSuccess {
				t.Fatalf("first delivery: %+v %v", resp, err)
			}
			return b
		}, status: cfn.StatusSuccess, action: "skipped", delivery: "duplicate", calls: 0, state: clients(0)},
		{name: "the same existing-client Create delivered twice", event: func(t *testing.T, h *fn) []byte {
			p := map[string]any{"UserPoolId": h.pool, "ClientId": existingClient(h), "AccessTokenValidity": "2h"}
			b := mustJSON(t, h.event(cfn.RequestCreate, "", p))
			if resp, _, _, err := h.invokeRaw(b, 30*time.Second); err != nil || resp.Status != cfn.StatusSuccess {
				t.Fatalf("first delivery: %+v %v", resp, err)
			}
			h.fake.ResetCalls()
			return b
		}, status: cfn.StatusSuccess, action: "skipped", delivery: "duplicate", calls: 0, state: accessValidity(2 * time.Hour)},
		{name: "an Update rollback (old and new properties swapped)", event: func(t *testing.T, h *fn) []byte {
			e := updateTo2h(t, h)
			original, _ := h.config(e.PhysicalResourceID)
			e.ResourceProperties["AllowedOAuthFlows"] = []any{"code"}
			e.ResourceProperties["AllowedOAuthScopes"] = []any{"openid"}
			e.ResourceProperties["CallbackURLs"] = []any{"https://app.example.com/cb"}
			if resp, _, _ := h.invoke(e, 30*time.Second); resp.Status != cfn.StatusSuccess {
				t.Fatalf("the update: %s", resp.Reason)
			}
			h.fake.ResetCalls()
			e.ResourceProperties, e.OldResourceProperties = e.OldResourceProperties, e.ResourceProperties
			e.RequestID += "-rollback"
			t.Cleanup(func() {
				if t.Failed() {
					return
				}
				back, _ := h.config(e.PhysicalResourceID)
				if ch := props.Changed(original, back); ch != nil {
					t.Errorf("the rollback left %v different from before the update", ch)
				}
			})
			return mustJSON(t, e)
		}, status: cfn.StatusSuccess, action: "updated", calls: 2, state: accessValidity(10 * time.Hour)},
		{name: "a Delete for the id a failed Create returned", event: func(t *testing.T, h *fn) []byte {
			p := h.props()
			p["AccessTokenValidity"] = "10y"
			create := h.event(cfn.RequestCreate, "", p)
			resp, _, _ := h.invoke(create, 30*time.Second)
			if resp.Status != cfn.StatusFailed || resp.PhysicalResourceID != response.FailedCreateID(create.RequestID) {
				t.Fatalf("the failed Create answered %s %q", resp.Status, resp.PhysicalResourceID)
			}
			existingClient(h) // a real client that must not be touched
			return mustJSON(t, h.event(cfn.RequestDelete, resp.PhysicalResourceID, p))
		}, status: cfn.StatusSuccess, action: "skipped", calls: 0, state: clients(1)},
		{name: "a Delete while the pool is gone", event: func(t *testing.T, h *fn) []byte {
			b := mustJSON(t, h.event(cfn.RequestDelete, h.created(), nil))
			h.fake.DeletePool(h.pool)
			return b
		}, status: cfn.StatusSuccess, action: "deleted", calls: 1, state: func(t *testing.T, h *fn) {
			if h.fake.Clients(h.pool) != nil {
				t.Error("the pool came back")
			}
		}},
		{name: "an Update while the pool is gone", event: func(t *testing.T, h *fn) []byte {
			b := update(t, h)
			h.fake.DeletePool(h.pool)
			return b
			// Four Describes (not-found is believed only when it repeats),
			// then the Create that would replace a vanished client.
		}, status: cfn.StatusFailed, reason: "ResourceNotFoundException", calls: 5, state: func(t *testing.T, h *fn) {
			if h.fake.Clients(h.pool) != nil {
				t.Error("the pool came back")
			}
		}},
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && (tc.timeout != 0 || tc.slow) {
				t.Skip("waits in real time")
			}
			h := newFn(t, tc.opts...)
			payload := tc.event(t, h)
			var e cfn.Event
			if err := json.Unmarshal(payload, &e); err != nil {
				t.Fatalf("a row's event must decode: %v", err)
			}
			h.fake.ResetCalls()
			timeout := tc.timeout
			if timeout == 0 {
				timeout = 30 * time.Second
			}
			deadline := time.Now().Add(timeout)
			resp, body, line, err := h.invokeRaw(payload, timeout)
			answered := time.Now()
			if err != nil {
				t.Fatalf("the function returned an error to the runtime: %v", err)
			}
			if line == nil {
				t.Fatal("no event line")
			}
			delivery := tc.delivery
			if delivery == "" {
				delivery = "delivered"
			}
			if line["response"] != delivery {
				t.Errorf("response %v, want %s", line["response"], delivery)
			}
			puts := tc.puts
			if puts == 0 && delivery == "delivered" {
				puts = 1
			}
			if n := h.puts.Load(); n != puts && !(tc.morePuts && n > puts) {
				t.Errorf("%d response PUTs, want %d", n, puts)
			}
			if (body != nil) != (delivery == "delivered") {
				t.Fatalf("accepted body %q with response %s", body, delivery)
			}
			if body != nil {
				if got := decodeBody(t, body); got.Status != resp.Status || got.PhysicalResourceID != resp.PhysicalResourceID || got.Reason != resp.Reason {
					t.Errorf("the body sent %+v is not the result %+v", got, resp)
				}
				if len(body) > response.MaxBody {
					t.Errorf("a body of %d bytes", len(body))
				}
			}
			if resp.Status != tc.status {
				t.Fatalf("status %s, want %s; reason %q", resp.Status, tc.status, resp.Reason)
			}
			if resp.RequestID != e.RequestID || resp.LogicalResourceID != e.LogicalResourceID || resp.StackID != e.StackID {
				t.Errorf("the response does not echo the event: %+v", resp)
			}
			if tc.status == cfn.StatusFailed {
				if !strings.Contains(strings.ToLower(resp.Reason), strings.ToLower(tc.reason)) {
					t.Errorf("reason %q does not mention %q", resp.Reason, tc.reason)
				}
				wantID := e.PhysicalResourceID
				if e.RequestType == cfn.RequestCreate {
					wantID = response.FailedCreateID(e.RequestID)
				}
				if resp.PhysicalResourceID != wantID {
					t.Errorf("PhysicalResourceId = %q, want %q", resp.PhysicalResourceID, wantID)
				}
				if line["action"] != "failed" {
					t.Errorf("action %v, want failed", line["action"])
				}
			} else if line["action"] != tc.action {
				t.Errorf("action %v, want %s", line["action"], tc.action)
			}
			if got := int(line["cognito_calls"].(float64)); got != tc.calls || got != len(h.fake.Calls()) {
				t.Errorf("cognito_calls = %d, want %d (the fake saw %d)", got, tc.calls, len(h.fake.Calls()))
			}
			if tc.reason == "timed out" && deadline.Sub(answered) < 2*time.Second {
				t.Errorf("the timed-out response came %v before the deadline, want at least 2s", deadline.Sub(answered))
			}
			tc.state(t, h)
		})
	}
}

// dialCounter stands in for every host on the network: the function it
// is given to (dialCounter.respond) sends its response through a transport
// whose every connection lands on one loopback listener, whatever the URL's
// host, and is counted there, and each connection the function would open
// ahead for a response is counted too. A refused URL must leave both counts
// at zero, which without it would be indistinguishable from a DNS failure.
type dialCounter struct {
	ln          net.Listener
	conns       atomic.Int32
	preconnects atomic.Int32
	done        chan struct{}
}

func newDialCounter(t *testing.T) *dialCounter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &dialCounter{ln: ln, done: make(chan struct{})}
	go func() {
		defer close(d.done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return // closed
			}
			d.conns.Add(1)
			c.Close()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-d.done
	})
	return d
}

// respond is the fnOption that gives the function the counter's transport
// and counts the connections it would open ahead.
func (d *dialCounter) respond(c *fnConfig) {
	c.respond = func(o *response.Options) {
		o.Client = &http.Client{Transport: &http.Transport{
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				var dialer net.Dialer
				return dialer.DialContext(ctx, network, d.ln.Addr().String())
			},
		}}
		o.Preconnect = func(string) func() {
			d.preconnects.Add(1)
			return func() {}
		}
	}
}

// Hostile ResponseURLs, with the production policy, to a function in
// us-east-1: each refuses the whole event, with no Cognito call and no
// connection anywhere, and neither the result nor the logs hold the URL's
// query. Only CloudFormation's response bucket of the function's own Region,
// for this very event, may receive a response: any other host or bucket,
// even one of AWS, could be an attacker's, who would then read the
// response's data.
func TestHostileResponseURLs(t *testing.T) {
	const q = "?X-Amz-Signature=" + signature
	const host = "cloudformation-custom-resource-response-useast1.s3.amazonaws.com"
	rows := []struct{ name, url string }{
		{"http scheme", "http://" + host + "/p" + q},
		{"no scheme", "//" + host + "/p" + q},
		{"another scheme", "ftp://" + host + "/p" + q},
		{"file scheme", "file:///etc/passwd" + q},
		{"another host", "https://example.com/p" + q},
		{"amazonaws.com as a prefix", "https://" + host + ".evil.example/p" + q},
		{"amazonaws.com in the path", "https://evil.example/" + host + "/p" + q},
		{"amazonaws.com in the query", "https://evil.example/p" + q + "&h=." + host},
		{"amazonaws.com in the fragment", "https://evil.example/p" + q + "#." + host},
		{"amazonaws.com without a subdomain", "https://amazonaws.com/p" + q},
		{"a label ending in amazonaws.com", "https://evilamazonaws.com/p" + q},
		{"user info", "https://x@" + host + "/p" + q},
		{"user info with a password", "https://x:y@" + host + "/p" + q},
		{"user info hiding the host", "https://" + host + "@evil.example/p" + q},
		{"IPv4 literal", "https://52.216.0.1/p" + q},
		{"IPv6 literal", "https://[2600:1f18::1]/p" + q},
		{"loopback literal without ALLOW_LOOPBACK_RESPONSE_URL", "https://127.0.0.1/p" + q},
		{"localhost without ALLOW_LOOPBACK_RESPONSE_URL", "http://localhost:8080/p" + q},
		{"port 80", "https://" + host + ":80/p" + q},
		{"port 8443", "https://" + host + ":8443/p" + q},
		{"port 4430", "https://" + host + ":4430/p" + q},
		{"Cyrillic o in com", "https://s3.amazonaws.c\u043em/p" + q},
		{"Cyrillic a in amazonaws", "https://s3.\u0430mazonaws.com/p" + q},
		{"punycode look-alike", "https://s3.amazonaws.xn--cm-fmc/p" + q},
		{"ideographic full stop", "https://s3.amazonaws\u3002com/p" + q},
		{"fullwidth letters", "https://s3.\uff41mazonaws.com/p" + q},
		{"percent-encoded dot", "https://evil.example%2eamazonaws.com/p" + q},
		{"trailing dot", "https://s3.amazonaws.com./p" + q},
		{"backslash", "https://evil.example\\." + host + "/p" + q},
		{"empty host", "https:///p" + q},
		{"empty host with a port", "https://:443/p" + q},
		{"not a URL", "https://" + host + "/p\x7f" + q},
		{"control characters", "https://" + host + "/p\r\nHost: evil.example" + q},

		// AWS hosts that are not CloudFormation's response bucket.
		{"another bucket's pre-signed URL", "https://attacker-bucket.s3.us-east-1.amazonaws.com/p" + q},
		{"another bucket, path style", "https://s3.us-east-1.amazonaws.com/attacker-bucket/p" + q},
		{"another bucket, global endpoint", "https://attacker-bucket.s3.amazonaws.com/p" + q},
		{"API Gateway", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/p" + q},
		{"load balancer", "https://my-lb-1234567890.us-east-1.elb.amazonaws.com/p" + q},
		{"Lambda function URL", "https://abc123.lambda-url.us-east-1.on.aws/p" + q},
		{"CloudFront", "https://d111111abcdef8.cloudfront.net/p" + q},
		{"another AWS service", "https://sqs.us-east-1.amazonaws.com/123456789012/q" + q},
		{"S3 access point", "https://ap-123456789012.s3-accesspoint.us-east-1.amazonaws.com/p" + q},
		{"S3 website endpoint", "https://" + strings.TrimSuffix(host, ".s3.amazonaws.com") + ".s3-website-us-east-1.amazonaws.com/p" + q},

		// Look-alikes of the response bucket.
		{"response host under another domain", "https://" + host + ".evil.com/p" + q},
		{"a subdomain of the response host", "https://x." + host + "/p" + q},
		{"a bucket named like it, with a suffix", "https://cloudformation-custom-resource-response-useast1-evil.s3.amazonaws.com/p" + q},
		{"a bucket named like it, with a dot", "https://cloudformation-custom-resource-response-useast1.s3.evil.s3.amazonaws.com/p" + q},
		{"a bucket named like it, with a Region", "https://cloudformation-custom-resource-response-useast1.s3.us-east-1.s3.amazonaws.com/p" + q},
		{"path style under another first segment", "https://s3.amazonaws.com/attacker/cloudformation-custom-resource-response-useast1/p" + q},
		{"path style, empty first segment", "https://s3.amazonaws.com//cloudformation-custom-resource-response-useast1/p" + q},
		{"path style, percent-encoded bucket", "https://s3.amazonaws.com/%63loudformation-custom-resource-response-useast1/p" + q},
		{"path style, dot-dot out of the bucket", "https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1/../attacker/p" + q},
		{"path style, encoded slash", "https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1%2F..%2Fattacker/p" + q},
		{"percent-encoded dot in the response host", "https://cloudformation-custom-resource-response-useast1%2es3.amazonaws.com/p" + q},
		{"bucket in user info", "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com@attacker-bucket.s3.amazonaws.com/p" + q},
		{"a dotted bucket ending like the global endpoint", "https://" + host + ".s3.amazonaws.com/p" + q},
		{"path style, upper-case bucket", "https://s3.amazonaws.com/CLOUDFORMATION-custom-resource-response-useast1/p" + q},
		{"path style, dot segment", "https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1/./p" + q},
		{"path style, the bucket without a key", "https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1" + q},
		{"path style, the bucket name as a prefix", "https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1-evil/p" + q},
		{"empty user info", "https://@" + host + "/p" + q},
		{"IPv6 literal with a zone", "https://[fe80::1%25en0]/p" + q},

		// Anyone can create a bucket named cloudformation-custom-resource-response-<anything>,
		// in any Region: only this Region's, on this partition's S3, is CloudFormation's.
		{"the attacker suffix, virtual-hosted, global", "https://cloudformation-custom-resource-response-attacker.s3.amazonaws.com/p" + q},
		{"the attacker suffix, virtual-hosted, Regional", "https://cloudformation-custom-resource-response-attacker.s3.us-east-1.amazonaws.com/p" + q},
		{"the attacker suffix, virtual-hosted, dashed", "https://cloudformation-custom-resource-response-attacker.s3-us-east-1.amazonaws.com/p" + q},
		{"the attacker suffix, path style, global", "https://s3.amazonaws.com/cloudformation-custom-resource-response-attacker/p" + q},
		{"the attacker suffix, path style, Regional", "https://s3.us-east-1.amazonaws.com/cloudformation-custom-resource-response-attacker/p" + q},
		{"the attacker suffix, path style, dashed", "https://s3-us-east-1.amazonaws.com/cloudformation-custom-resource-response-attacker/p" + q},
		{"the Region with its dashes", "https://cloudformation-custom-resource-response-us-east-1.s3.amazonaws.com/p" + q},
		{"another Region's bucket, virtual-hosted on its endpoint", "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/p" + q},
		{"another Region's bucket, virtual-hosted, global", "https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/p" + q},
		{"another Region's bucket, path style on its endpoint", "https://s3.eu-west-1.amazonaws.com/cloudformation-custom-resource-response-euwest1/p" + q},
		{"another Region's bucket, path style, global", "https://s3.amazonaws.com/cloudformation-custom-resource-response-euwest1/p" + q},
		{"this Region's bucket on another Region's endpoint", "https://cloudformation-custom-resource-response-useast1.s3.eu-west-1.amazonaws.com/p" + q},
		{"this Region's bucket, path style on another Region's endpoint", "https://s3.eu-west-1.amazonaws.com/cloudformation-custom-resource-response-useast1/p" + q},
		{"China's bucket", "https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/p" + q},
		{"GovCloud's bucket", "https://cloudformation-custom-resource-response-usgovwest1.s3.us-gov-west-1.amazonaws.com/p" + q},
		{"this Region's bucket on China's suffix", "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.cn/p" + q},
		{"this Region's bucket on the EU sovereign suffix", "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.eu/p" + q},
		{"dual-stack endpoint", "https://cloudformation-custom-resource-response-useast1.s3.dualstack.us-east-1.amazonaws.com/p" + q},
		{"external-1 endpoint", "https://cloudformation-custom-resource-response-useast1.s3-external-1.amazonaws.com/p" + q},
		{"FIPS endpoint", "https://cloudformation-custom-resource-response-useast1.s3-fips.us-east-1.amazonaws.com/p" + q},

		// CloudFormation's bucket, but a URL it issued for another event.
		{"a URL issued for another request", "https://" + host + "/" + key(stackID, "Client", "another-request") + q},
		{"a URL issued for another stack", "https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1/" +
			key(strings.Replace(stackID, lambdalocal.Account, "999999999999", 1), "Client", "0f5a3c1e-Create") + q},
	}
	if len(rows) < 79 {
		t.Fatalf("%d rows; the review's 79 URL shapes, at least, belong here", len(rows))
	}
	dials := newDialCounter(t)
	h := newFn(t, productionURLs, dials.respond)
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			h.t = t
			h.fake.ResetCalls()
			e := h.event(cfn.RequestCreate, "", nil)
			e.ResponseURL = tc.url
			resp, body, line, err := h.invokeRaw(mustJSON(t, e), 30*time.Second)
			if err != nil {
				t.Fatalf("the function returned an error to the runtime: %v", err)
			}
			if resp.Status != cfn.StatusFailed || !strings.Contains(resp.Reason, "refused") {
				t.Errorf("result %s %q, want FAILED, refused", resp.Status, resp.Reason)
			}
			if strings.Contains(resp.Reason, signature) {
				t.Errorf("the reason holds the signature: %q", resp.Reason)
			}
			if line == nil || line["response"] != "refused" || line["cognito_calls"] != 0.0 {
				t.Errorf("log line %v", line)
			}
			if n := len(h.fake.Calls()); n != 0 {
				t.Errorf("%d Cognito calls", n)
			}
			if n, p := dials.conns.Load(), dials.preconnects.Load(); n != 0 || p != 0 || body != nil || h.puts.Load() != 0 {
				t.Errorf("%d connections, %d opened ahead, %d PUTs", n, p, h.puts.Load())
			}
		})
	}

	// The counter does see a connection when one is made: an allowed URL,
	// for a Delete that needs no Cognito call, reaches it.
	t.Run("an allowed URL is dialled", func(t *testing.T) {
		if testing.Short() {
			t.Skip("waits for the deadline in real time")
		}
		h.t = t
		e := h.event(cfn.RequestDelete, response.FailedCreateID("r"), nil)
		e.ResponseURL = "https://" + host + "/p" + q
		_, _, line, err := h.invokeRaw(mustJSON(t, e), 5*time.Second)
		if err != nil || line["response"] != "undelivered" {
			t.Fatalf("log line %v, %v", line, err)
		}
		if dials.conns.Load() == 0 || dials.preconnects.Load() != 1 {
			t.Errorf("%d connections and %d opened ahead seen, want some and 1: the counter sees nothing", dials.conns.Load(), dials.preconnects.Load())
		}
	})
}

// An owned Create delivered twice (same bytes, which Lambda's at-least-once
// asynchronous delivery allows) leaves one client: the redelivery gets the
// first response back, with no Cognito call and no second PUT. A Create
// whose first response was not delivered (its client undone) runs again.
func TestOwnedCreateDeliveredTwice(t *testing.T) {
	h := newFn(t)
	b := mustJSON(t, h.event(cfn.RequestCreate, "", nil))
	first, body1, _, err1 := h.invokeRaw(b, 30*time.Second)
	h.fake.ResetCalls()
	second, body2, line, err2 := h.invokeRaw(b, 30*time.Second)
	if err1 != nil || err2 != nil || first.Status != cfn.StatusSuccess || body1 == nil {
		t.Fatalf("%+v %v; %+v %v", first, err1, second, err2)
	}
	if !reflect.DeepEqual(first, second) || body2 != nil || len(h.fake.Calls()) != 0 || line["response"] != "duplicate" {
		t.Errorf("redelivery: response %+v (first %+v), body sent %v, %d Cognito calls, line %v",
			second, first, body2 != nil, len(h.fake.Calls()), line["response"])
	}
	if n := len(h.fake.Clients(h.pool)); n != 1 {
		t.Errorf("%d clients, want 1", n)
	}

	t.Run("first response undelivered", func(t *testing.T) {
		h := newFn(t)
		h.t = t
		b := mustJSON(t, h.event(cfn.RequestCreate, "", nil))
		h.answerWith(answerStatus(http.StatusForbidden))
		if _, _, _, err := h.invokeRaw(b, 30*time.Second); err != nil {
			t.Fatal(err)
		}
		h.answerWith(answerStatus(http.StatusOK))
		again, body, _, err := h.invokeRaw(b, 30*time.Second)
		if err != nil || again.Status != cfn.StatusSuccess || body == nil || len(h.fake.Clients(h.pool)) != 1 {
			t.Errorf("the redelivery after an undone Create: %+v, body %v, %d clients; want a new client and its SUCCESS",
				again, body != nil, len(h.fake.Clients(h.pool)))
		}
	})
}

// An event whose fields have the wrong JSON type still gets its one FAILED
// response, naming the field, when its ResponseURL is usable.
func TestMistypedEventGetsOneFailed(t *testing.T) {
	h := newFn(t)
	url, _ := json.Marshal(h.url("/r"))
	for name, tc := range map[string]struct{ payload, field string }{
		"properties a string": {`{"RequestType":"Create","RequestId":"r-1","ResponseURL":` + string(url) + `,"ResourceProperties":"UserPoolId"}`, "ResourceProperties"},
		"properties a list":   {`{"RequestType":"Create","RequestId":"r-1","ResponseURL":` + string(url) + `,"ResourceProperties":[]}`, "ResourceProperties"},
		"RequestId a number":  {`{"RequestType":"Delete","RequestId":7,"ResponseURL":` + string(url) + `,"PhysicalResourceId":"failed-create-x"}`, "RequestId"},
	} {
		t.Run(name, func(t *testing.T) {
			h.t = t
			resp, body, line, err := h.invokeRaw([]byte(tc.payload), 30*time.Second)
			if err != nil || body == nil || line == nil || h.puts.Load() != 1 || len(h.fake.Calls()) != 0 {
				t.Fatalf("error %v, body %q, line %v, %d PUTs", err, body, line, h.puts.Load())
			}
			if resp.Status != cfn.StatusFailed || !strings.Contains(resp.Reason, tc.field) {
				t.Errorf("%s %q, want FAILED naming %s", resp.Status, resp.Reason, tc.field)
			}
		})
	}
}

// Whoever may invoke the function cannot read a client secret through it,
// on every path (no ResponseURL, an undeliverable one, a refused one, a
// redelivery): for a client made elsewhere (existing-client mode), no
// response holds its secret at all, not even the PUT to CloudFormation; for
// an owned client with a secret, the result shows the placeholder and only
// the PUT carries the secret.
func TestInvokerNeverReadsSecret(t *testing.T) {
	const secret = "directinvokesecret0123456789abcdefghijklmnopqrstu"
	suiteSecrets.Store(secret, true)
	rows := []struct {
		name  string
		setup func(h *fn, e *cfn.Event)
	}{
		{"no ResponseURL", func(_ *fn, e *cfn.Event) { e.ResponseURL = "" }},
		{"ResponseURL refuses the PUT", func(h *fn, _ *cfn.Event) { h.answerWith(answerStatus(http.StatusForbidden)) }},
		{"ResponseURL fails every attempt", func(h *fn, _ *cfn.Event) { h.answerWith(answerStatus(http.StatusInternalServerError)) }},
		{"ResponseURL refused by the policy", func(_ *fn, e *cfn.Event) {
			e.ResponseURL = "https://attacker-bucket.s3.amazonaws.com/p?X-Amz-Signature=" + signature
		}},
		{"delivered, then redelivered", func(*fn, *cfn.Event) {}},
	}
	for _, mode := range []string{"existing", "owned"} {
		for _, tc := range rows {
			t.Run(mode+"/"+tc.name, func(t *testing.T) {
				h := newFn(t, fastDelivery)
				props := map[string]any{"UserPoolId": h.pool, "GenerateSecret": "true",
					"AllowedOAuthFlows": []any{"client_credentials"}, "AllowedOAuthScopes": []any{"api/read"}}
				if mode == "existing" {
					id := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: new("has-a-secret"), ClientSecret: new(secret)})
					props = map[string]any{"UserPoolId": h.pool, "ClientId": id}
				}
				e := h.event(cfn.RequestCreate, "", props)
				tc.setup(h, &e)
				payload := mustJSON(t, e)
				for range 2 { // the second is a redelivery of the same bytes
					resp, body, _, err := h.invokeRaw(payload, 30*time.Second)
					if err != nil {
						t.Fatal(err)
					}
					out, _ := json.Marshal(resp)
					for _, c := range h.fake.Clients(h.pool) {
						if c.ClientSecret != nil && strings.Contains(string(out), *c.ClientSecret) {
							t.Fatalf("the result holds a secret: %s", out)
						}
					}
					_, inResult := resp.Data["ClientSecret"]
					switch {
					case mode == "existing" && (inResult || strings.Contains(string(body), secret) || strings.Contains(string(body), "ClientSecret")):
						t.Errorf("existing-client mode returned the secret: result %v, PUT %s", resp.Data, body)
					case mode == "owned" && resp.Status == cfn.StatusSuccess && resp.Data["ClientSecret"] != response.HiddenSecret:
						t.Errorf("Data.ClientSecret = %v, want the placeholder", resp.Data["ClientSecret"])
					}
				}
			})
		}
	}
}

// A confidential client made elsewhere, managed in existing-client mode:
// the SUCCESS that CloudFormation receives carries its id, name and pool,
// never its secret (no !GetAtt can read it), and no NoEcho is needed.
func TestExistingClientDataHasNoSecret(t *testing.T) {
	h := newFn(t)
	const secret = "existingconfidentialsecret0123456789abcdefghijklmn"
	suiteSecrets.Store(secret, true)
	id := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: new("confidential"), ClientSecret: new(secret),
		AllowedOAuthFlowsUserPoolClient: new(true), AllowedOAuthFlows: []types.OAuthFlowType{types.OAuthFlowTypeClientCredentials},
		AllowedOAuthScopes: []string{"api/read"}})
	props := map[string]any{"UserPoolId": h.pool, "ClientId": id, "AccessTokenValidity": "2h"}
	for _, e := range []cfn.Event{h.event(cfn.RequestCreate, "", props), h.event(cfn.RequestUpdate, id, props)} {
		_, body, _ := h.invoke(e, 30*time.Second)
		sent := decodeBody(t, body)
		if sent.Status != cfn.StatusSuccess || strings.Contains(string(body), secret) || sent.NoEcho {
			t.Fatalf("%s: sent %s", e.RequestType, body)
		}
		want := map[string]any{"ClientId": id, "ClientName": "confidential", "UserPoolId": h.pool}
		if !reflect.DeepEqual(sent.Data, want) {
			t.Errorf("%s: Data %v, want %v", e.RequestType, sent.Data, want)
		}
	}
}

// Malformed JSON, as the runtime delivers it to the assembled function, still
// gets its one FAILED response when a ResponseURL can be found in it: the
// runtime's own decoding never drops it first.
func TestMalformedJSONGetsOneFailed(t *testing.T) {
	h := newFn(t)
	url, _ := json.Marshal(h.url("/r"))
	head := `{"RequestType":"Create","RequestId":"r-1","StackId":"s","LogicalResourceId":"Client","ResponseURL":` + string(url) + `,`
	for name, payload := range map[string]string{
		"truncated":            head + `"ResourceProperties":{"UserPoolId":"` + h.pool,
		"a stray byte":         head + `"ResourceProperties":{"UserPoolId":` + h.pool + `}}`,
		"a million levels":     head + `"ResourceProperties":{"X":` + strings.Repeat("[", 1<<20) + strings.Repeat("]", 1<<20) + `}}`,
		"nesting past the URL": `{"RequestType":"Create","RequestId":"r-1","ResourceProperties":{"X":` + strings.Repeat(`{"a":`, 20_000) + `1` + strings.Repeat("}", 20_000) + `},"ResponseURL":` + string(url) + `}`,
	} {
		t.Run(name, func(t *testing.T) {
			h.t = t
			h.fake.ResetCalls()
			resp, body, line, err := h.invokeRaw([]byte(payload), 30*time.Second)
			if err != nil || body == nil || line == nil || h.puts.Load() != 1 || len(h.fake.Calls()) != 0 {
				t.Fatalf("error %v, body %q, line %v, %d PUTs, %d Cognito calls", err, body, line, h.puts.Load(), len(h.fake.Calls()))
			}
			if sent := decodeBody(t, body); sent.Status != cfn.StatusFailed || sent.RequestID != "r-1" ||
				sent.PhysicalResourceID != response.FailedCreateID("r-1") || sent.Reason != resp.Reason {
				t.Errorf("sent %+v, returned %+v", sent, resp)
			}
		})
	}
}
