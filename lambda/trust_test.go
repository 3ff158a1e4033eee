package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

// The function answers only its own account's stacks (from the invoked
// function's ARN), and those of TRUSTED_STACK_ACCOUNTS, in its own Region:
// any other event is answered FAILED, saying why, with no Cognito call. A
// malformed TRUSTED_STACK_ACCOUNTS fails every event the same way, and a
// URL issued for another event is refused, with nothing sent. Loopback
// URLs are held to all of it.
func TestEventsFromUntrustedStacks(t *testing.T) {
	const foreign = "999999999999"
	foreignStack := strings.Replace(stackID, lambdalocal.Account, foreign, 1)
	tests := []struct {
		name     string
		opts     []fnOption
		ctx      func() context.Context // the invocation's; default invocation()
		event    func(h *fn, e *cfn.Event)
		status   cfn.StatusType
		reason   string // part of the FAILED reason
		delivery string // the log line's response
	}{
		{name: "the function's own account", status: cfn.StatusSuccess, delivery: "delivered"},
		{name: "a foreign account", event: func(_ *fn, e *cfn.Event) { e.StackID = foreignStack },
			status: cfn.StatusFailed, reason: `StackId: the stack is in account "999999999999", which may not use this function: it serves its own account, 012345678912, and those of TRUSTED_STACK_ACCOUNTS (none)`,
			delivery: "delivered"},
		{name: "a foreign Region", event: func(_ *fn, e *cfn.Event) { e.StackID = strings.Replace(stackID, lambdalocal.Region, "eu-west-1", 1) },
			status: cfn.StatusFailed, reason: `StackId: the stack is in Region "eu-west-1", the function in us-east-1`, delivery: "delivered"},
		{name: "a trusted account", opts: []fnOption{trusting("111122223333, " + foreign)}, event: func(_ *fn, e *cfn.Event) { e.StackID = foreignStack },
			status: cfn.StatusSuccess, delivery: "delivered"},
		{name: "a trusted account in a foreign Region", opts: []fnOption{trusting(foreign)},
			event: func(_ *fn, e *cfn.Event) {
				e.StackID = strings.Replace(foreignStack, lambdalocal.Region, "eu-west-1", 1)
			}, status: cfn.StatusFailed, reason: "StackId: the stack is in Region", delivery: "delivered"},
		{name: "the function's account, others trusted", opts: []fnOption{trusting(foreign)}, status: cfn.StatusSuccess, delivery: "delivered"},
		{name: "a malformed TRUSTED_STACK_ACCOUNTS", opts: []fnOption{trusting("*")},
			status: cfn.StatusFailed, reason: `the function cannot check where events come from, so it answers none: TRUSTED_STACK_ACCOUNTS: entry 1, "*", is not a 12-digit account id`,
			delivery: "delivered"},
		{name: "a malformed TRUSTED_STACK_ACCOUNTS, no ResponseURL", opts: []fnOption{trusting("123,456")},
			event: func(_ *fn, e *cfn.Event) { e.ResponseURL = "" }, status: cfn.StatusFailed, reason: "TRUSTED_STACK_ACCOUNTS", delivery: "none"},
		{name: "an invocation without the function's ARN", ctx: context.Background,
			status: cfn.StatusFailed, reason: "the invocation carries no function ARN", delivery: "delivered"},
		{name: "another account's function", ctx: func() context.Context {
			return lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{
				InvokedFunctionArn: strings.Replace(lambdalocal.FunctionARN, lambdalocal.Account, foreign, 1)})
		}, status: cfn.StatusFailed, reason: `account "012345678912", which may not use this function: it serves its own account, 999999999999`, delivery: "delivered"},
		{name: "a URL issued for another request", event: func(h *fn, e *cfn.Event) { e.ResponseURL = h.url("/" + key(e.StackID, e.LogicalResourceID, "another")) },
			status: cfn.StatusFailed, reason: "issued for RequestId", delivery: "refused"},
		{name: "a URL issued for another stack", event: func(h *fn, e *cfn.Event) {
			e.ResponseURL = h.url("/" + key(foreignStack, e.LogicalResourceID, e.RequestID))
		},
			status: cfn.StatusFailed, reason: "issued for StackId", delivery: "refused"},
		{name: "a URL issued for this event", event: func(h *fn, e *cfn.Event) {
			e.ResponseURL = h.url("/" + key(e.StackID, e.LogicalResourceID, e.RequestID))
		},
			status: cfn.StatusSuccess, delivery: "delivered"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newFn(t, tc.opts...)
			e := h.event(cfn.RequestCreate, "", nil)
			if tc.event != nil {
				tc.event(h, &e)
			}
			ctx := invocation()
			if tc.ctx != nil {
				ctx = tc.ctx()
			}
			resp, body, line := h.invokeIn(ctx, e)
			calls := len(h.fake.Calls())
			if resp.Status != tc.status || !strings.Contains(resp.Reason, tc.reason) {
				t.Fatalf("%s %q, want %s with a reason containing %q", resp.Status, resp.Reason, tc.status, tc.reason)
			}
			if line["response"] != tc.delivery || (body != nil) != (tc.delivery == "delivered") {
				t.Errorf("response %v, body sent %v; want %s", line["response"], body != nil, tc.delivery)
			}
			if tc.status == cfn.StatusFailed && (calls != 0 || len(h.fake.Clients(h.pool)) != 0) {
				t.Errorf("%d Cognito calls, %d clients: a refused event must touch nothing", calls, len(h.fake.Clients(h.pool)))
			}
			if body != nil && decodeBody(t, body).Reason != resp.Reason {
				t.Errorf("the body sent is not the result")
			}
		})
	}
}

// key is the object key CloudFormation gives an event's response: StackId,
// LogicalResourceId and RequestId, '|'-joined, with only ':' and '|'
// escaped (ledger row 32).
func key(stack, logical, request string) string {
	return strings.NewReplacer(":", "%3A", "|", "%7C").Replace(stack + "|" + logical + "|" + request)
}

// invokeIn is invoke in the invocation context ctx, with 30 s left.
func (h *fn) invokeIn(ctx context.Context, e cfn.Event) (cfn.Response, []byte, map[string]any) {
	h.t.Helper()
	h.ctx = ctx
	defer func() { h.ctx = nil }()
	return h.invoke(e, 30*time.Second)
}

// An event of 6 MiB (a direct synchronous invocation may send up to 6 MB;
// CloudFormation never more than 1 MiB) is answered by one FAILED, from the
// fields the salvage scan finds, before it is decoded: no Cognito call, and
// nothing of it in the logs.
func TestOversizeEventGetsOneFailed(t *testing.T) {
	h := newFn(t)
	e := create(h, h.props())
	e.ResourceProperties["ClientName"] = strings.Repeat("n", 6<<20-2048)
	payload := mustJSON(t, e)
	if len(payload) <= 6<<20-4096 || len(payload) > 6<<20 {
		t.Fatalf("the event is %d bytes, want just under 6 MiB", len(payload))
	}
	resp, body, line, err := h.invokeRaw(payload, 30*time.Second)
	if err != nil || body == nil || line == nil {
		t.Fatalf("error %v, body sent %v, line %v", err, body != nil, line)
	}
	if resp.Status != cfn.StatusFailed || resp.PhysicalResourceID != response.FailedCreateID(e.RequestID) ||
		!strings.HasPrefix(resp.Reason, "the event is 6") || !strings.Contains(resp.Reason, "over the 1048576 bytes (1 MiB) that CloudFormation sends") {
		t.Errorf("%s %q (id %s)", resp.Status, resp.Reason, resp.PhysicalResourceID)
	}
	if n := len(h.fake.Calls()); n != 0 || h.puts.Load() != 1 {
		t.Errorf("%d Cognito calls, %d PUTs; want none and one", n, h.puts.Load())
	}
	if n := len(h.logs.String()); n > 4<<10 {
		t.Errorf("%d bytes of logs for one event", n)
	}
}

// A number of 500 digits is quoted as any other value, cut to 64 bytes, and
// named by its property; the Reason and the log line hold no more of it.
func TestHugeNumberIsQuotedCut(t *testing.T) {
	h := newFn(t)
	digits := strings.Repeat("7", 500)
	payload := []byte(strings.Replace(string(mustJSON(t, create(h, h.props()))), `"AccessTokenValidity":"10h"`, `"AccessTokenValidity":`+digits, 1))
	if !strings.Contains(string(payload), digits) {
		t.Fatal("the number is not in the event")
	}
	resp, _, line, err := h.invokeRaw(payload, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	want := `AccessTokenValidity: the number "` + strings.Repeat("7", 64) + `"… is out of range: no property takes a number this large`
	if resp.Status != cfn.StatusFailed || !strings.Contains(resp.Reason, want) {
		t.Errorf("%s %q, want the problem %q", resp.Status, resp.Reason, want)
	}
	raw, _ := json.Marshal(line)
	for _, text := range []string{resp.Reason, string(raw), h.logs.String()} {
		if strings.Contains(text, strings.Repeat("7", 65)) || strings.Contains(text, "not a number") {
			t.Errorf("more than 64 digits, or a contradiction, in %.300q", text)
		}
	}
	if n := len(h.fake.Calls()); n != 0 {
		t.Errorf("%d Cognito calls", n)
	}
}
