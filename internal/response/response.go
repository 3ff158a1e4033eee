// Package response answers CloudFormation exactly once per event.
//
// [Wrap] turns the lifecycle's [Handler] into the function given to
// lambda.Start. Whatever the handler does (returns, fails, panics, or runs
// into the Lambda deadline), one response is decided at a single point and
// sent at most once, with a body that fits CloudFormation's 4096-byte limit,
// only to a URL that passes [CheckURL] and [CheckURLKey] (CloudFormation's
// response bucket of the function's Region, for that very event), and
// retried within the deadline. Only the stacks of trusted accounts in the
// function's partition and Region reach the handler ([Trust],
// [CheckStackID]). The function then returns that response, with any client
// secret hidden, and no error, so Lambda's asynchronous retries never run an
// event twice.
//
// Nothing this package logs or returns as an error contains a client secret
// (Data is never logged) or the query of the ResponseURL (its signature).
package response

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/cognito-client-resource/cognitoclient/internal/calls"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// Outcome is what the lifecycle decided for one event.
type Outcome struct {
	// Status is cfn.StatusSuccess or cfn.StatusFailed; anything else is
	// answered as a FAILED internal error.
	Status cfn.StatusType
	// PhysicalResourceID is the id a SUCCESS reports. It is ignored on
	// FAILED: a failed Create reports [FailedCreateID], a failed Update or
	// Delete the event's own PhysicalResourceId.
	PhysicalResourceID string
	// Data is sent with a SUCCESS (ClientId, ClientName, UserPoolId, and
	// ClientSecret when there is one). It is never logged, and never cut.
	Data map[string]any
	// NoEcho hides Data from the stack's outputs and events; set it when
	// Data holds a secret.
	NoEcho bool
	// Reason explains a FAILED; it must start with a one-line summary,
	// because the end is what is cut when the body would exceed MaxBody.
	Reason string
	// Action is logged: created, updated, unchanged, replaced, deleted or
	// skipped. A FAILED is always logged as failed.
	Action string
	// Changed names the properties whose values changed, for the log.
	Changed []string
	// URLRetries counts the read-modify-writes of the client's URL lists
	// that were repeated because another writer undid this event's URLs;
	// logged as url_retries.
	URLRetries int
	// Warnings are logged at WARN, one line each, before the event's line.
	// Like Reason, they must hold no secret.
	Warnings []string
	// Undo, when set on a SUCCESS, removes what the event created. It runs
	// when the SUCCESS certainly was not delivered (no attempt's body was
	// written, or every attempt was answered with an error status), so an
	// owned Create never orphans a client, and when the outcome arrives
	// after the deadline guard already sent FAILED "timed out". It does not
	// run when a body was sent and no answer came: CloudFormation may hold
	// that SUCCESS, so the client stays and an ERROR line names it. Its
	// context ends shortly before the Lambda deadline; Undo must return by
	// then.
	Undo func(context.Context) error
}

// Handler decides the outcome of one event. Its context carries a
// calls.Counter and ends at the deadline guard, Options.Margin before the
// Lambda deadline, which cancels any Cognito call still in flight.
type Handler func(ctx context.Context, e cfn.Event) Outcome

// Options configures [Wrap]. Trust comes from the function's environment;
// every other zero value is the production setting.
type Options struct {
	// Trust is what an event must match to be answered: the function's
	// Region and partition, the accounts whose stacks may use it, and
	// whether loopback ResponseURLs are allowed.
	Trust Trust
	// Logger receives one "event handled" line per event, and a line for
	// each delivery failure, Undo and panic. Nil logs JSON to stdout.
	Logger *slog.Logger
	// Client sends the response. Nil is a client with http.DefaultTransport.
	// Redirects are never followed, whatever Client.CheckRedirect says.
	Client *http.Client
	// Preconnect, when set, is given the host:port of an https ResponseURL
	// as soon as the URL passes its checks, before the handler runs, so
	// that Client's connection to it can be opened meanwhile. The function
	// it returns is called once the response is sent.
	Preconnect func(addr string) (release func())

	// Margin is how long before the Lambda deadline the guard sends FAILED
	// "timed out" and ends the handler's context. Default 3s, which leaves
	// time for the PUT, so the response is sent at least 2s before the
	// deadline. Without a deadline in the context (some local runs) there
	// is no guard, and the work after the handler returns gets Margin.
	Margin time.Duration
	// DeliveryMargin is how long before the deadline the PUT gives up, so
	// that an Undo still has time. Default Margin/3; it must be less than
	// Margin.
	DeliveryMargin time.Duration
	// FinishMargin is how long before the deadline an Undo, or the wait for
	// a handler that outlived the guard, gives up, so the function returns
	// before Lambda counts the invocation as timed out (which would make
	// Lambda run the event again). Default Margin/15; it must be less than
	// DeliveryMargin.
	FinishMargin time.Duration
	// AttemptTimeout bounds each PUT attempt, answer included. Default 5s.
	AttemptTimeout time.Duration
	// BaseBackoff and MaxBackoff bound the wait before a retry: uniform in
	// [0, min(MaxBackoff, BaseBackoff·2^(attempt-1))). Defaults 250ms and 4s.
	BaseBackoff, MaxBackoff time.Duration
	// MaxAttempts bounds the PUT attempts. Default 6.
	MaxAttempts int
}

// Reasons of the FAILED responses Wrap decides itself. None quotes what the
// handler returned or panicked with, which could hold a secret.
const (
	reasonTimedOut = "Timed out: the handler did not finish before the deadline guard; in-flight Cognito calls were cancelled"
	reasonPanic    = "Internal error: the handler panicked; the function's logs have the details"
	reasonNoStatus = "Internal error: the handler returned no status"
	reasonNoID     = "Internal error: the handler returned SUCCESS without a physical resource id"
	reasonBadData  = "Internal error: the response data cannot be sent (not JSON, or over 4096 bytes)"
)

// Wrap returns the function given to lambda.Start. For each event it checks
// the ResponseURL, runs h under the deadline guard, sends exactly one
// response, runs the outcome's Undo when its SUCCESS did not stand, logs one
// "event handled" line (the keys the README lists, with "response":
// delivered, undelivered, uncertain, none, refused or duplicate), and returns
// the response with a nil error, also when
// the response could not be delivered or the URL was refused. The returned
// response is exactly the one sent, or the one that would have been sent,
// except that the values of Data.ClientSecret and Data.SecretArn are
// [HiddenSecret] ([HideSecrets]): the secret goes to CloudFormation only,
// never into the function's result.
//
// An event whose ResponseURL fails [CheckURL] (a host or bucket that is not
// CloudFormation's response bucket of the function's Region) or
// [CheckURLKey] (a URL issued for another stack or request) is refused
// whole: h is not called and nothing is sent. An event that does not come
// from a trusted account's stack in the function's own partition and Region
// ([CheckStackID]; the function's own account is that of the invoked
// function's ARN, in the context), or that arrives while [Trust] is
// misconfigured, is answered FAILED, saying why, without h being called. An
// event without a ResponseURL is held to the same rules, and sends nothing.
//
// Wrap decodes the event itself, because a field of the wrong JSON type
// would otherwise fail in the runtime before any code of ours runs, and the
// stack would wait for a response that never comes. The decoder fills every
// other field, so such an event gets its one FAILED response, naming the
// field and the type found, without h being called. Numbers in the
// properties reach h as json.Number, as written. Events over [MaxEvent]
// bytes (only a direct invocation can send one) are not decoded at all;
// they, bytes that are not valid JSON, and events nested deeper than
// [MaxDepth] or holding more than [MaxContainers] objects and lists, get a
// FAILED response too, addressed with the fields a tolerant scan finds at
// the top level (ResponseURL, RequestId, StackId, LogicalResourceId,
// PhysicalResourceId, RequestType), under the same rules; without a
// ResponseURL among them the FAILED response is only the function's result.
// The error result is always nil.
//
// Wrap's timers and contexts are released when the function returns, but a
// handler that ignores its context may still be running then; its late
// outcome is discarded (after its Undo, when it arrives before the
// function returns).
//
// Wrap panics if the margins of o are not in the order
// 0 < FinishMargin < DeliveryMargin < Margin.
func Wrap(h Handler, o Options) Function {
	w := newWrapper(h, o)
	return func(ctx context.Context, event json.RawMessage) (cfn.Response, error) {
		e, malformed := decodeEvent(event)
		if malformed != "" {
			resp, _ := w.handle(ctx, e, malformed)
			return resp, nil
		}
		key := sha256.Sum256(event)
		if resp, ok := w.recent.lookup(key); ok {
			w.logEvent(ctx, e, resp, Outcome{Action: "skipped"}, deliveryDuplicate, &calls.Counter{}, time.Now())
			return resp, nil
		}
		resp, stands := w.handle(ctx, e, "")
		resp = HideSecrets(resp)
		if stands {
			w.recent.remember(key, resp)
		}
		return resp, nil
	}
}

// MaxEvent is the largest event the function reads, in bytes: the most
// CloudFormation sends. A direct synchronous invocation can send up to 6 MB;
// such an event is answered FAILED from what the salvage scan finds in it,
// without being decoded, so that it costs no more memory than the bytes
// themselves.
const MaxEvent = 1 << 20

// decodeEvent decodes the event in b, or returns why it cannot be, with the
// fields the salvage scan finds in it (all of them but the properties when
// only a field's type is wrong).
func decodeEvent(b []byte) (e cfn.Event, malformed string) {
	if len(b) > MaxEvent {
		return salvage(b), fmt.Sprintf("the event is %d bytes, over the %d bytes (1 MiB) that CloudFormation sends: it was not read", len(b), MaxEvent)
	}
	if err := checkShape(b); err != nil {
		return salvage(b), "the event is malformed: " + err.Error()
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	err := dec.Decode(&e)
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		return e, "the event is malformed: " + typeErr.Field + " must be " + jsonKind(typeErr.Type) + ", not " + foundKind(typeErr.Value)
	case err != nil:
		// The decoder's message quotes at most one character.
		return salvage(b), "the event is malformed: it is not valid JSON (" + err.Error() + ")"
	}
	if _, err := dec.Token(); err != io.EOF {
		return salvage(b), "the event is malformed: it is not valid JSON (more follows the event's object)"
	}
	return e, ""
}

// HiddenSecret stands in for the values of Data.ClientSecret and
// Data.SecretArn (the secret's store) in the function's result. They go only
// into the PUT to the ResponseURL: whoever may invoke the function (or read
// what an invocation returned, such as Lambda's asynchronous destinations)
// never sees them.
const HiddenSecret = "(hidden: sent only to CloudFormation)"

// hiddenData are the keys of Data whose values the function's result hides.
var hiddenData = []string{"ClientSecret", "SecretArn"}

// HideSecrets returns r with the values of Data.ClientSecret and
// Data.SecretArn, when there are any, replaced by HiddenSecret. Data is
// copied, never changed in place: the map came from the handler.
func HideSecrets(r cfn.Response) cfn.Response {
	cloned := false
	for _, k := range hiddenData {
		if _, ok := r.Data[k]; ok {
			if !cloned {
				r.Data, cloned = maps.Clone(r.Data), true
			}
			r.Data[k] = HiddenSecret
		}
	}
	return r
}

// Function is the function Wrap returns. Given to lambda.Start, it receives
// the event's bytes as they came (see [Function.Invoke]).
type Function func(ctx context.Context, event json.RawMessage) (cfn.Response, error)

// Invoke makes f a lambda.Handler, so that the runtime hands it the payload
// untouched: given f itself, aws-lambda-go would decode the payload first
// and drop an invalid one with an error, before f could answer it. Like the
// runtime, Invoke reads the first JSON value of payload and ignores what
// follows it; a payload without a valid first value, or over [MaxEvent]
// bytes, goes to f whole. The result is the response as JSON.
func (f Function) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	// A payload that is one valid value, as CloudFormation's always is, is
	// passed as it is: a decoder would copy the whole megabyte.
	first := json.RawMessage(payload)
	if len(payload) <= MaxEvent && !json.Valid(payload) {
		var v json.RawMessage
		if err := json.NewDecoder(bytes.NewReader(payload)).Decode(&v); err == nil {
			first = v
		}
	}
	resp, err := f(ctx, first)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resp); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// foundKind names the JSON kind of the value an UnmarshalTypeError found,
// from its Value ("number", "string", "bool", "array", "object", or "number
// <text>"), never quoting the value itself.
func foundKind(value string) string {
	kind, _, _ := strings.Cut(value, " ")
	switch kind {
	case "number":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "array":
		return "a list"
	case "object":
		return "an object"
	}
	return "a value of another type"
}

// jsonKind names the JSON kind that Go type t decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	default:
		return "a number"
	}
}

type wrapper struct {
	h      Handler
	o      Options
	client *http.Client
	log    *slog.Logger
	recent recent

	// From o.Trust, read once: the trusted accounts, the DNS suffix of the
	// function's Region, and why either cannot be trusted.
	accounts  []string
	configErr error
	suffix    string
	suffixErr error
}

func newWrapper(h Handler, o Options) *wrapper {
	if o.Margin == 0 {
		o.Margin = 3 * time.Second
	}
	if o.DeliveryMargin == 0 {
		o.DeliveryMargin = o.Margin / 3
	}
	if o.FinishMargin == 0 {
		o.FinishMargin = o.Margin / 15
	}
	if !(0 < o.FinishMargin && o.FinishMargin < o.DeliveryMargin && o.DeliveryMargin < o.Margin) {
		panic(fmt.Sprintf("response: margins must be 0 < FinishMargin (%s) < DeliveryMargin (%s) < Margin (%s)",
			o.FinishMargin, o.DeliveryMargin, o.Margin))
	}
	if o.AttemptTimeout <= 0 {
		o.AttemptTimeout = 5 * time.Second
	}
	if o.BaseBackoff <= 0 {
		o.BaseBackoff = 250 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 4 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 6
	}
	w := &wrapper{h: h, o: o, log: o.Logger}
	w.accounts, w.configErr = ParseAccounts(o.Trust.TrustedStackAccounts)
	if o.Trust.Region != "" {
		w.suffix, w.suffixErr = w.dnsSuffix(o.Trust.Region)
	}
	if w.log == nil {
		w.log = slog.New(slog.NewJSONHandler(os.Stdout, nil))
	}
	client := http.Client{}
	if o.Client != nil {
		client = *o.Client
	}
	client.CheckRedirect = noRedirect
	w.client = &client
	return w
}

// handle answers one event; stands reports whether its response stands: it
// was delivered, or there was nowhere to deliver it. A refusal that is not
// empty is the FAILED reason of an event that could not be read; h is not
// called for it.
func (w *wrapper) handle(ctx context.Context, e cfn.Event, refusal string) (resp cfn.Response, stands bool) {
	start := time.Now()
	ctx, counter := calls.WithCounter(ctx)
	s := w.scope(ctx)
	if e.ResponseURL != "" {
		err := CheckURL(e.ResponseURL, s.region, s.suffix, w.o.Trust.AllowLoopback)
		if err == nil {
			err = CheckURLKey(e)
		}
		if err != nil {
			w.log.ErrorContext(ctx, "event refused, nothing sent", "request_id", e.RequestID, "error", err.Error())
			out := Outcome{Status: cfn.StatusFailed, Reason: err.Error()}
			resp := build(e, out)
			w.logEvent(ctx, e, resp, out, deliveryRefused, counter, start)
			return resp, false
		}
	}
	if w.o.Preconnect != nil {
		if addr, ok := httpsAddr(e.ResponseURL); ok {
			defer w.o.Preconnect(addr)()
		}
	}
	if refusal == "" {
		if err := s.check(e); err != nil {
			refusal = err.Error()
		}
	}
	h := w.h
	if refusal != "" {
		h = func(context.Context, cfn.Event) Outcome {
			return Outcome{Status: cfn.StatusFailed, Reason: refusal, Action: "failed"}
		}
	}

	deadline, hasDeadline := ctx.Deadline()
	var hctx context.Context
	var cancel context.CancelFunc
	if hasDeadline {
		hctx, cancel = context.WithDeadline(ctx, deadline.Add(-w.o.Margin))
	} else {
		hctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()
	// Buffered, so a handler that returns after Wrap did never blocks.
	done := make(chan Outcome, 1)
	go func() { done <- w.run(hctx, h, e) }()

	// The single decision point: whatever is decided here is the only
	// response this event gets.
	var out Outcome
	late := false
	select {
	case out = <-done:
	case <-hctx.Done():
		select {
		case out = <-done: // finished as the guard fired: its outcome is real
		default:
			late = true
			out = Outcome{Status: cfn.StatusFailed, Reason: reasonTimedOut}
		}
	}
	cancel()

	if !hasDeadline {
		deadline = time.Now().Add(w.o.Margin)
	}
	// What follows must run to the end even if the Lambda context ends
	// early; it keeps the calls.Counter, so Undo's calls are counted too.
	after := context.WithoutCancel(ctx)
	resp, body := w.respond(e, out)
	delivery := deliveryNone
	if e.ResponseURL != "" {
		dctx, dcancel := context.WithDeadline(after, deadline.Add(-w.o.DeliveryMargin))
		attempts, uncertain, err := w.put(dctx, e.ResponseURL, body)
		dcancel()
		delivery = deliveryDone
		if err != nil {
			delivery = deliveryFailed
			if uncertain {
				delivery = deliveryUncertain
			}
			w.log.ErrorContext(ctx, "response not delivered", "request_id", e.RequestID,
				"status", string(resp.Status), "attempts", attempts, "response", delivery, "error", err.Error())
		}
	}

	fctx, fcancel := context.WithDeadline(after, deadline.Add(-w.o.FinishMargin))
	defer fcancel()
	if late {
		select {
		case lo := <-done:
			if lo.Status == cfn.StatusSuccess && lo.Undo != nil {
				w.undo(fctx, e, lo.Undo, "the handler succeeded after the timed-out response")
			}
		case <-fctx.Done():
			w.log.WarnContext(ctx, "handler still running when the function returned", "request_id", e.RequestID)
		}
	} else if out.Status == cfn.StatusSuccess && out.Undo != nil {
		// The SUCCESS stands when it was delivered, or when there was
		// nowhere to deliver it (local runs print the result instead). It
		// is undone only when it certainly did not arrive: CloudFormation
		// may hold a SUCCESS whose body was sent without an answer, and the
		// client it names must then exist; an orphan costs less than a
		// stack pointing at a deleted client.
		switch {
		case resp.Status != cfn.StatusSuccess || delivery == deliveryFailed:
			w.undo(fctx, e, out.Undo, "the SUCCESS response was not delivered")
		case delivery == deliveryUncertain:
			w.log.ErrorContext(ctx, msgUncertain,
				"request_id", e.RequestID, "client_id", out.PhysicalResourceID, "user_pool_id", userPoolID(e, out))
		}
	}
	w.logEvent(ctx, e, resp, out, delivery, counter, start)
	return resp, delivery != deliveryFailed
}

// msgUncertain is the ERROR line of a SUCCESS whose delivery is uncertain.
// If the stack never got it, the client it names is an orphan to delete by
// hand; the README says so.
const msgUncertain = "response delivery uncertain, client kept"

// userPoolID names the pool of the client out reports: from its Data, else
// from the event's properties.
func userPoolID(e cfn.Event, out Outcome) string {
	if id, ok := out.Data["UserPoolId"].(string); ok {
		return id
	}
	id, _ := e.ResourceProperties["UserPoolId"].(string)
	return id
}

// run calls h, turning a panic into a FAILED outcome.
func (w *wrapper) run(ctx context.Context, h Handler, e cfn.Event) (out Outcome) {
	defer func() {
		if v := recover(); v != nil {
			w.log.ErrorContext(ctx, "handler panicked", "request_id", e.RequestID,
				"panic", describePanic(v), "stack", string(debug.Stack()))
			out = Outcome{Status: cfn.StatusFailed, Reason: reasonPanic}
		}
	}()
	return h(ctx, e)
}

// describePanic names a panic value without quoting anything the program
// put in it: a runtime error's message is the runtime's own, any other value
// is known by its type only.
func describePanic(v any) string {
	var re runtime.Error
	if err, ok := v.(error); ok && errors.As(err, &re) {
		return re.Error()
	}
	return fmt.Sprintf("a value of type %T", v)
}

// respond returns the response for out and its body. An outcome that cannot
// be answered as it is (no valid status, a SUCCESS without an id or with
// Data that cannot be sent) becomes a FAILED internal error.
func (w *wrapper) respond(e cfn.Event, out Outcome) (cfn.Response, []byte) {
	switch {
	case out.Status != cfn.StatusSuccess && out.Status != cfn.StatusFailed:
		out = Outcome{Status: cfn.StatusFailed, Reason: reasonNoStatus}
	case out.Status == cfn.StatusSuccess && out.PhysicalResourceID == "":
		out = Outcome{Status: cfn.StatusFailed, Reason: reasonNoID}
	}
	resp := build(e, out)
	body, err := encode(resp)
	if err != nil || len(body) > MaxBody {
		resp = build(e, Outcome{Status: cfn.StatusFailed, Reason: reasonBadData})
		// A FAILED response has only strings: it always encodes.
		body, _ = encode(resp)
	}
	return resp, body
}

// undo runs an Outcome's Undo, recovering a panic so that the function
// still returns its response.
func (w *wrapper) undo(ctx context.Context, e cfn.Event, undo func(context.Context) error, why string) {
	err := func() (err error) {
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("undo panicked with %s", describePanic(v))
			}
		}()
		return undo(ctx)
	}()
	if err != nil {
		w.log.ErrorContext(ctx, "undo failed", "request_id", e.RequestID, "why", why, "error", err.Error())
		return
	}
	w.log.WarnContext(ctx, "undo done", "request_id", e.RequestID, "why", why)
}

// What became of the response, as the "response" key of the "event handled"
// line says it.
const (
	deliveryDone   = "delivered"
	deliveryFailed = "undelivered" // certainly not: logged at ERROR, CloudFormation will time out waiting
	// The body was sent and no answer came: CloudFormation may have it.
	// Logged at ERROR; what the event made is kept.
	deliveryUncertain = "uncertain"
	deliveryNone      = "none"    // no ResponseURL in the event
	deliveryRefused   = "refused" // the ResponseURL failed CheckURL or CheckURLKey
	// A redelivery of an event this instance answered: the first response is
	// returned again and nothing is sent or called.
	deliveryDuplicate = "duplicate"
)

// logEvent writes the one "event handled" line of an event.
func (w *wrapper) logEvent(ctx context.Context, e cfn.Event, resp cfn.Response, out Outcome, delivery string, counter *calls.Counter, start time.Time) {
	mode := props.Mode(e.ResourceProperties)
	action, level := out.Action, slog.LevelInfo
	if resp.Status != cfn.StatusSuccess {
		action, level = "failed", slog.LevelError
	}
	if delivery == deliveryFailed || delivery == deliveryUncertain {
		level = slog.LevelError
	}
	changed := out.Changed
	if changed == nil {
		changed = []string{} // logged as [], never null
	}
	attrs := []slog.Attr{
		slog.String("request_id", e.RequestID),
		slog.String("request_type", string(e.RequestType)),
		slog.String("logical_resource_id", e.LogicalResourceID),
		slog.String("physical_resource_id", resp.PhysicalResourceID),
		slog.String("mode", mode),
		slog.String("action", action),
		slog.Any("changed", changed),
		slog.Int64("cognito_calls", counter.Load()),
		slog.Int("url_retries", out.URLRetries),
		slog.Int64("duration_ms", time.Since(start).Milliseconds()),
		slog.String("response", delivery),
	}
	if resp.Status != cfn.StatusSuccess {
		attrs = append(attrs, slog.String("reason", resp.Reason))
	}
	for _, warning := range out.Warnings {
		w.log.WarnContext(ctx, warning, "request_id", e.RequestID)
	}
	w.log.LogAttrs(ctx, level, "event handled", attrs...)
}
