package response_test

import (
	"context"
	"encoding/json"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

func TestParseAccounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
		err      string // part of the error; "" for none
	}{
		{name: "empty", in: ""},
		{name: "blank", in: "  "},
		{name: "one", in: "111122223333", want: []string{"111122223333"}},
		{name: "two, spaces around", in: " 111122223333 , 444455556666 ", want: []string{"111122223333", "444455556666"}},
		{name: "eleven digits", in: "11112222333", err: `entry 1, "11112222333", is not a 12-digit account id`},
		{name: "thirteen digits", in: "111122223333,4444555566667", err: `entry 2, "4444555566667"`},
		{name: "an empty entry", in: "111122223333,,444455556666", err: `entry 2, ""`},
		{name: "a trailing comma", in: "111122223333,", err: `entry 2, ""`},
		{name: "a wildcard", in: "*", err: `entry 1, "*"`},
		{name: "an ARN", in: "arn:aws:iam::111122223333:root", err: "entry 1"},
		{name: "separated by spaces", in: "111122223333 444455556666", err: "entry 1"},
		{name: "a long value, quoted cut", in: strings.Repeat("1", 500), err: `"` + strings.Repeat("1", 64) + `"…`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := response.ParseAccounts(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "TRUSTED_STACK_ACCOUNTS: ") {
					t.Fatalf("ParseAccounts(%q) = %v, %v; want an error naming %q", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("ParseAccounts(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestCheckStackID(t *testing.T) {
	t.Parallel()
	own := []string{"123456789012"}
	trusting := []string{"123456789012", "444455556666"}
	const stack = "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/8f1f2a40-9b1e-11ef-8a3c-0a1b2c3d4e5f"
	tests := []struct {
		name, stackID string
		accounts      []string
		err           string // part of the error; "" for none
	}{
		{name: "the function's own account", stackID: stack, accounts: own},
		{name: "a trusted account", stackID: strings.Replace(stack, "123456789012", "444455556666", 1), accounts: trusting},
		{name: "a foreign account", stackID: strings.Replace(stack, "123456789012", "999999999999", 1), accounts: own,
			err: `StackId: the stack is in account "999999999999", which may not use this function: it serves its own account, 123456789012, and those of TRUSTED_STACK_ACCOUNTS (none)`},
		{name: "a foreign account, others trusted", stackID: strings.Replace(stack, "123456789012", "999999999999", 1), accounts: trusting,
			err: "(444455556666)"},
		{name: "a foreign Region", stackID: strings.Replace(stack, "eu-west-1", "us-east-1", 1), accounts: own,
			err: `StackId: the stack is in Region "us-east-1", the function in eu-west-1`},
		{name: "a foreign partition", stackID: strings.Replace(stack, "arn:aws:", "arn:aws-cn:", 1), accounts: own,
			err: `StackId: the stack is in partition "aws-cn", the function in aws`},
		{name: "another service's ARN", stackID: strings.Replace(stack, "cloudformation", "lambda", 1), accounts: own, err: "is not a CloudFormation stack ARN"},
		{name: "a stack set, not a stack", stackID: strings.Replace(stack, ":stack/", ":stackset/", 1), accounts: own, err: "is not a CloudFormation stack ARN"},
		{name: "a stack without a name", stackID: "arn:aws:cloudformation:eu-west-1:123456789012:stack/", accounts: own, err: "is not a CloudFormation stack ARN"},
		{name: "empty", stackID: "", accounts: own, err: `StackId: "" is not a CloudFormation stack ARN`},
		{name: "the account with a colon inside", stackID: "arn:aws:cloudformation:eu-west-1:1234:56789012:stack/s/1", accounts: own, err: "is not a CloudFormation stack ARN"},
		{name: "a megabyte of StackId, quoted cut", stackID: stack + strings.Repeat("x", 1<<20), accounts: []string{"999999999999"}, err: `account "123456789012"`},
		{name: "a megabyte that is no ARN, quoted cut", stackID: strings.Repeat("x", 1<<20), accounts: own, err: `"` + strings.Repeat("x", 64) + `"… is not`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := response.CheckStackID(tt.stackID, "aws", "eu-west-1", tt.accounts)
			if (err != nil) != (tt.err != "") || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("CheckStackID = %v, want an error containing %q", err, tt.err)
			}
			if err != nil && len(err.Error()) > 400 {
				t.Errorf("the error is %d bytes: a value was echoed whole", len(err.Error()))
			}
		})
	}
}

// Events from anywhere but a trusted account's stack in the function's own
// partition and Region are answered FAILED, without the handler; a URL
// issued for another event is refused, with nothing sent. Both hold for
// loopback URLs too.
func TestTrust(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	const other = "999999999999"
	// keyURL is a ResponseURL on the receiver, path style, whose key names
	// a stack, resource and request as CloudFormation writes it.
	keyURL := func(stack, logical, request string) string {
		return rc.url[:strings.Index(rc.url, "/cloudformation")] + "/cloudformation-custom-resource-response-euwest1/" +
			strings.NewReplacer(":", "%3A", "|", "%7C").Replace(stack+"|"+logical+"|"+request) + "?" + sigQuery
	}
	tests := []struct {
		name    string
		arn     string // the invoked function's; "-" for none
		trust   func(*response.Trust)
		event   func(*cfn.Event)
		called  bool   // the handler runs
		sent    bool   // a response is PUT
		reason  string // part of the FAILED reason
		refused bool   // the log line says refused
	}{
		{name: "own account, own Region", called: true, sent: true},
		{name: "a foreign account", event: func(e *cfn.Event) { e.StackID = strings.Replace(stackID, "123456789012", other, 1) },
			sent: true, reason: `StackId: the stack is in account "999999999999", which may not use this function`},
		{name: "a trusted account", trust: func(tr *response.Trust) { tr.TrustedStackAccounts = "111122223333," + other },
			event: func(e *cfn.Event) { e.StackID = strings.Replace(stackID, "123456789012", other, 1) }, called: true, sent: true},
		{name: "a foreign Region", event: func(e *cfn.Event) { e.StackID = strings.Replace(stackID, "eu-west-1", "eu-central-1", 1) },
			sent: true, reason: `StackId: the stack is in Region "eu-central-1", the function in eu-west-1`},
		{name: "a foreign Region, trusted account", trust: func(tr *response.Trust) { tr.TrustedStackAccounts = other },
			event: func(e *cfn.Event) {
				e.StackID = strings.Replace(strings.Replace(stackID, "eu-west-1", "eu-central-1", 1), "123456789012", other, 1)
			}, sent: true, reason: "in Region"},
		{name: "a foreign partition", event: func(e *cfn.Event) { e.StackID = strings.Replace(stackID, "arn:aws:", "arn:aws-us-gov:", 1) },
			sent: true, reason: "partition"},
		{name: "no StackId", event: func(e *cfn.Event) { e.StackID = "" }, sent: true, reason: "StackId"},
		{name: "no ResponseURL: still checked", event: func(e *cfn.Event) {
			e.StackID = strings.Replace(stackID, "123456789012", other, 1)
			e.ResponseURL = ""
		}, reason: "account"},
		{name: "malformed TRUSTED_STACK_ACCOUNTS", trust: func(tr *response.Trust) { tr.TrustedStackAccounts = "all" },
			sent: true, reason: `the function cannot check where events come from, so it answers none: TRUSTED_STACK_ACCOUNTS: entry 1, "all"`},
		{name: "malformed TRUSTED_STACK_ACCOUNTS, own account", trust: func(tr *response.Trust) { tr.TrustedStackAccounts = "123456789012;" },
			sent: true, reason: "TRUSTED_STACK_ACCOUNTS"},
		{name: "malformed AWS_REGION", trust: func(tr *response.Trust) { tr.Region = "eu west 1" },
			sent: true, reason: `AWS_REGION "eu west 1" is not a Region name`},
		{name: "no function ARN in the invocation", arn: "-", sent: true, reason: "the invocation carries no function ARN"},
		{name: "a function ARN that is not one", arn: "arn:aws:iam::123456789012:role/x", sent: true, reason: "is not a Lambda function's"},
		{name: "a qualified function ARN", arn: functionARN + ":live", called: true, sent: true},
		{name: "the Region from the ARN without AWS_REGION", trust: func(tr *response.Trust) { tr.Region = "" }, called: true, sent: true},
		{name: "without AWS_REGION, another Region's ARN", trust: func(tr *response.Trust) { tr.Region = "" },
			arn: strings.Replace(functionARN, "eu-west-1", "us-west-2", 1), sent: true, reason: `in Region "eu-west-1", the function in us-west-2`},
		{name: "a URL issued for another request", event: func(e *cfn.Event) { e.ResponseURL = keyURL(stackID, "WebClient", "another") },
			reason: "issued for RequestId", refused: true},
		{name: "a URL issued for another stack", event: func(e *cfn.Event) {
			e.ResponseURL = keyURL(strings.Replace(stackID, "/app/", "/other/", 1), "WebClient", requestID)
		}, reason: "issued for StackId", refused: true},
		{name: "a URL issued for another resource", event: func(e *cfn.Event) { e.ResponseURL = keyURL(stackID, "Other", requestID) },
			reason: "issued for LogicalResourceId", refused: true},
		{name: "a URL issued for this event", event: func(e *cfn.Event) { e.ResponseURL = keyURL(stackID, "WebClient", requestID) },
			called: true, sent: true},
		{name: "a URL issued for this event, foreign account", event: func(e *cfn.Event) {
			e.StackID = strings.Replace(stackID, "123456789012", other, 1)
			e.ResponseURL = keyURL(e.StackID, "WebClient", requestID)
		}, sent: true, reason: "account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(rc.received())
			var logs logBuffer
			o := options(&logs)
			if tt.trust != nil {
				tt.trust(&o.Trust)
			}
			e := event(cfn.RequestUpdate, rc.url)
			if tt.event != nil {
				tt.event(&e)
			}
			var called atomic.Bool
			h := func(context.Context, cfn.Event) response.Outcome {
				called.Store(true)
				return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: oldID, Action: "updated"}
			}
			ctx := context.Background()
			switch arn := tt.arn; arn {
			case "":
				ctx = inFunction()
			case "-":
			default:
				ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{InvokedFunctionArn: arn})
			}
			ctx, cancel := context.WithTimeout(ctx, lambdaTime)
			defer cancel()
			got, err := response.Wrap(h, o)(ctx, eventJSON(t, e))
			if err != nil {
				t.Fatal(err)
			}
			if called.Load() != tt.called {
				t.Errorf("handler called %v, want %v", called.Load(), tt.called)
			}
			if n := len(rc.received()) - before; n != map[bool]int{true: 1}[tt.sent] {
				t.Errorf("%d PUTs, want sent=%v", n, tt.sent)
			}
			if tt.reason == "" {
				if got.Status != cfn.StatusSuccess {
					t.Errorf("%s %q, want SUCCESS", got.Status, got.Reason)
				}
				return
			}
			if got.Status != cfn.StatusFailed || !strings.Contains(got.Reason, tt.reason) || got.PhysicalResourceID != oldID {
				t.Errorf("%s %q (id %s), want FAILED with a reason containing %q and the event's id", got.Status, got.Reason, got.PhysicalResourceID, tt.reason)
			}
			line := logs.handled(t)
			if line["action"] != "failed" || line["cognito_calls"] != 0.0 || (line["response"] == "refused") != tt.refused {
				t.Errorf("event line %v", line)
			}
			if strings.Contains(logs.String(), signature) || strings.Contains(got.Reason, signature) {
				t.Error("the signature leaked")
			}
		})
	}
}

// An event of MaxEvent bytes is read and handled, one byte more is not; a
// payload of MaxEvent bytes with bytes after its event is read as the
// event, as the runtime would.
func TestEventSizeBound(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	// sized is the event, padded in its properties, followed by trailing,
	// size bytes in all.
	sized := func(size int, trailing string) []byte {
		e := event(cfn.RequestDelete, rc.url)
		e.ResourceProperties = map[string]any{"Pad": ""}
		pad := size - len(eventJSON(t, e)) - len(trailing)
		e.ResourceProperties = map[string]any{"Pad": strings.Repeat("p", pad)}
		return append(eventJSON(t, e), trailing...)
	}
	tests := []struct {
		name    string
		payload []byte
		handled bool
	}{
		{name: "MaxEvent bytes", payload: sized(response.MaxEvent, ""), handled: true},
		{name: "MaxEvent bytes, trailing bytes included", payload: sized(response.MaxEvent, " x"), handled: true},
		{name: "one byte more", payload: sized(response.MaxEvent+1, "")},
		{name: "one byte more, trailing bytes included", payload: sized(response.MaxEvent+1, " x")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.payload) != map[bool]int{true: response.MaxEvent, false: response.MaxEvent + 1}[tt.handled] {
				t.Fatalf("the payload is %d bytes", len(tt.payload))
			}
			called := false
			h := func(context.Context, cfn.Event) response.Outcome {
				called = true
				return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: oldID, Action: "deleted"}
			}
			var logs logBuffer
			ctx, cancel := context.WithTimeout(inFunction(), lambdaTime)
			defer cancel()
			out, err := response.Wrap(h, options(&logs)).Invoke(ctx, tt.payload)
			var got cfn.Response
			if err != nil || json.Unmarshal(out, &got) != nil {
				t.Fatalf("result %.200s, %v", out, err)
			}
			if called != tt.handled || (got.Status == cfn.StatusSuccess) != tt.handled {
				t.Errorf("handler called %v, result %s %q; want handled=%v", called, got.Status, got.Reason, tt.handled)
			}
			if !tt.handled && !strings.Contains(got.Reason, "over the 1048576 bytes (1 MiB)") {
				t.Errorf("reason %q does not say the event is too large", got.Reason)
			}
		})
	}
}

// An event over 1 MiB (a direct invocation can send 6 MB) is answered
// FAILED from what the salvage scan finds, before anything decodes it: the
// handler is never called, and the URL, key and account rules hold as ever.
func TestOversizeEvent(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	const size = 6<<20 - 1024
	oversize := func(e cfn.Event) []byte {
		e.ResourceProperties = map[string]any{"ClientName": strings.Repeat("n", size)}
		return eventJSON(t, e)
	}
	tests := []struct {
		name   string
		event  func(*cfn.Event)
		sent   bool
		reason string
	}{
		{name: "a trusted stack", sent: true, reason: "the event is 6290"},
		{name: "a foreign account", event: func(e *cfn.Event) { e.StackID = strings.Replace(stackID, "123456789012", "999999999999", 1) },
			sent: true, reason: "the event is 6290"},
		{name: "another Region's bucket", event: func(e *cfn.Event) {
			e.ResponseURL = "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?" + sigQuery
		}, reason: "refused"},
		{name: "no ResponseURL", event: func(e *cfn.Event) { e.ResponseURL = "" }, reason: "over the 1048576 bytes (1 MiB) that CloudFormation sends"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(rc.received())
			var logs logBuffer
			e := event(cfn.RequestCreate, rc.url)
			if tt.event != nil {
				tt.event(&e)
			}
			payload := oversize(e)
			called := false
			h := func(context.Context, cfn.Event) response.Outcome {
				called = true
				return response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: newID}
			}
			fn := response.Wrap(h, options(&logs))
			ctx, cancel := context.WithTimeout(inFunction(), lambdaTime)
			defer cancel()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			out, err := fn.Invoke(ctx, payload)
			runtime.ReadMemStats(&m1)
			var got cfn.Response
			if err != nil || json.Unmarshal(out, &got) != nil {
				t.Fatalf("result %.200s, %v", out, err)
			}
			if called || got.Status != cfn.StatusFailed || !strings.Contains(got.Reason, tt.reason) || got.RequestID != requestID ||
				got.PhysicalResourceID != response.FailedCreateID(requestID) {
				t.Errorf("handler called %v, result %+v; want FAILED for the event, reason containing %q", called, got, tt.reason)
			}
			if n := len(rc.received()) - before; n != map[bool]int{true: 1}[tt.sent] {
				t.Errorf("%d PUTs, want sent=%v", n, tt.sent)
			}
			// Decoding 6 MiB would allocate several times that; reading
			// the top-level fields allocates next to nothing.
			if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 1<<20 {
				t.Errorf("answering it allocated %d bytes: the event was decoded", alloc)
			}
			if len(logs.String()) > 4<<10 {
				t.Errorf("%d bytes of logs for one event: a value was logged whole", len(logs.String()))
			}
		})
	}
}
