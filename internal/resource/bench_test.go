package resource

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambdacontext"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

// memCognito is a Cognito without a network: every call answers at once from
// memory, so a benchmark measures the function's own work per event and
// nothing of the SDK's serialisation, signing or transport.
//
// Describe always answers the same client, and Update never stores what it
// is sent, so every iteration of an Update benchmark makes the same Describe
// and the same real Update.
type memCognito struct {
	// Cognito is nil: the client secret calls are never made, since the
	// benchmark's client has no secret.
	Cognito
	client  types.UserPoolClientType // what Describe answers
	created *cip.CreateUserPoolClientInput
	calls   atomic.Int64
}

func (m *memCognito) CreateUserPoolClient(_ context.Context, in *cip.CreateUserPoolClientInput, _ ...func(*cip.Options)) (*cip.CreateUserPoolClientOutput, error) {
	m.calls.Add(1)
	m.created = in
	c := m.client
	c.ClientName = in.ClientName
	return &cip.CreateUserPoolClientOutput{UserPoolClient: &c}, nil
}

func (m *memCognito) DescribeUserPoolClient(context.Context, *cip.DescribeUserPoolClientInput, ...func(*cip.Options)) (*cip.DescribeUserPoolClientOutput, error) {
	m.calls.Add(1)
	c := m.client
	return &cip.DescribeUserPoolClientOutput{UserPoolClient: &c}, nil
}

func (m *memCognito) UpdateUserPoolClient(context.Context, *cip.UpdateUserPoolClientInput, ...func(*cip.Options)) (*cip.UpdateUserPoolClientOutput, error) {
	m.calls.Add(1)
	c := m.client
	return &cip.UpdateUserPoolClientOutput{UserPoolClient: &c}, nil
}

func (m *memCognito) DeleteUserPoolClient(context.Context, *cip.DeleteUserPoolClientInput, ...func(*cip.Options)) (*cip.DeleteUserPoolClientOutput, error) {
	m.calls.Add(1)
	return &cip.DeleteUserPoolClientOutput{}, nil
}

const (
	benchPool     = "us-east-1_Ab12Cd34E"
	benchClientID = "4v2m8q6r1t3y5u7i9o0p2a4s6d"
)

// benchProps declares every property of docs/reference.md §2 that a client without a
// secret can have, so that decoding, checking and the full request are
// exercised in full.
func benchProps() map[string]any {
	return map[string]any{
		"ServiceToken":                             "arn:aws:lambda:us-east-1:123456789012:function:cognito-client",
		"ServiceTimeout":                           "300",
		"UserPoolId":                               benchPool,
		"ClientName":                               "shop-web",
		"GenerateSecret":                           "false",
		"AccessTokenValidity":                      "10h",
		"IdTokenValidity":                          "90m",
		"RefreshTokenValidity":                     "30d",
		"AuthSessionValidity":                      "5m",
		"AllowedOAuthFlows":                        []any{"code"},
		"AllowedOAuthFlowsUserPoolClient":          "true",
		"AllowedOAuthScopes":                       []any{"openid", "email", "profile"},
		"CallbackURLs":                             []any{"https://shop.example.com/auth/callback", "http://localhost:3000/auth/callback"},
		"LogoutURLs":                               []any{"https://shop.example.com/"},
		"DefaultRedirectURI":                       "https://shop.example.com/auth/callback",
		"ExplicitAuthFlows":                        []any{"ALLOW_USER_SRP_AUTH"}, // rotation replaces ALLOW_REFRESH_TOKEN_AUTH
		"SupportedIdentityProviders":               []any{"COGNITO"},
		"ReadAttributes":                           []any{"email", "email_verified", "name"},
		"WriteAttributes":                          []any{"email", "name"},
		"PreventUserExistenceErrors":               "ENABLED",
		"EnableTokenRevocation":                    "true",
		"EnablePropagateAdditionalUserContextData": "false",
		"AnalyticsConfiguration": map[string]any{
			"ApplicationArn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef0123456789abcdef",
			"UserDataShared": "false",
		},
		"RefreshTokenRotation": map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": "30"},
	}
}

// newMemCognito returns a memCognito whose client is what Cognito stores for
// an owned Create of benchProps, so that Update events start from a client
// consistent with their OldResourceProperties.
func newMemCognito(b *testing.B) *memCognito {
	b.Helper()
	m := &memCognito{}
	if out := New(m).Handle(context.Background(), event(cfn.RequestCreate, "", benchProps(), nil)); out.Status != cfn.StatusSuccess {
		b.Fatalf("creating the benchmark's client: %s", out.Reason)
	}
	// A Create request and the stored client share their member names.
	raw, err := json.Marshal(m.created)
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(raw, &m.client); err != nil {
		b.Fatal(err)
	}
	id := benchClientID
	m.client.ClientId = &id
	m.calls.Store(0)
	return m
}

// updateEvent is the Update of the benchmarks: the access token validity and
// the callback URLs change.
func updateEvent() cfn.Event {
	updated := with(benchProps(),
		"AccessTokenValidity", "1h",
		"CallbackURLs", []any{"https://shop.example.com/auth/callback", "https://www.shop.example.com/auth/callback"})
	return event(cfn.RequestUpdate, benchClientID, updated, benchProps())
}

// BenchmarkEvent measures the work of one event in the function as
// lambda/main.go assembles it (response.Wrap around Resource.Handle, JSON log
// line included) against memCognito, with a Lambda deadline and no
// ResponseURL: everything but the network. Each case checks that it did what
// it says, and reports the Cognito calls it made per event as calls/op.
func BenchmarkEvent(b *testing.B) {
	invalid := benchProps()
	urls := make([]any, 100)
	for i := range urls {
		urls[i] = fmt.Sprintf("https://shop.example.com/auth/callback#%d", i) // a fragment is not allowed
	}
	invalid["CallbackURLs"] = urls
	delete(invalid, "DefaultRedirectURI")

	for _, tc := range []struct {
		name   string
		event  cfn.Event
		status cfn.StatusType
		reason string // the start of the Reason of a FAILED
		calls  int64
	}{
		{name: "Create", event: event(cfn.RequestCreate, "", benchProps(), nil), status: cfn.StatusSuccess, calls: 1},
		{name: "Update", event: updateEvent(), status: cfn.StatusSuccess, calls: 2},
		{name: "Delete", event: event(cfn.RequestDelete, benchClientID, benchProps(), nil), status: cfn.StatusSuccess, calls: 1},
		{
			name: "CreateInvalid100", event: event(cfn.RequestCreate, "", invalid, nil), status: cfn.StatusFailed,
			reason: "100 problems in the properties, nothing was changed:\n", calls: 0,
		},
	} {
		b.Run(tc.name, func(b *testing.B) {
			m := newMemCognito(b)
			fn, ctx := benchFunction(b, m)
			ev := newBenchEvent(b, tc.event)
			for b.Loop() {
				resp, err := fn(ctx, ev.next())
				if err != nil || resp.Status != tc.status || !strings.HasPrefix(resp.Reason, tc.reason) {
					b.Fatalf("response = %s %q, %v; want %s %q…", resp.Status, resp.Reason, err, tc.status, tc.reason)
				}
			}
			if perEvent := m.calls.Load() / ev.n; perEvent != tc.calls || m.calls.Load()%ev.n != 0 {
				b.Fatalf("%d Cognito calls in %d events, want %d per event", m.calls.Load(), ev.n, tc.calls)
			}
			b.ReportMetric(float64(tc.calls), "calls/op")
		})
	}
}

// benchFunction returns the function as lambda/main.go assembles it around
// m, and the context of an invocation with an hour to go.
func benchFunction(b *testing.B, m *memCognito) (response.Function, context.Context) {
	b.Helper()
	fn := response.Wrap(New(m).Handle, response.Options{
		Trust:  response.Trust{Region: "us-east-1", DNSSuffix: cognito.DNSSuffix},
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
	})
	invocation := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{
		InvokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:cognito-client",
	})
	ctx, cancel := context.WithTimeout(invocation, time.Hour)
	b.Cleanup(cancel)
	return fn, ctx
}

// benchEvent is an event as the runtime hands it to the function, raw JSON
// (decoding it is part of the work), with a RequestId of its own each time,
// written in place: the function answers a redelivered event from memory.
type benchEvent struct {
	payload []byte
	slot    int   // where the RequestId's digits start
	n       int64 // events handed out
}

func newBenchEvent(b *testing.B, e cfn.Event) *benchEvent {
	b.Helper()
	e.RequestID = "bench-000000000000"
	payload, err := json.Marshal(e)
	if err != nil {
		b.Fatal(err)
	}
	return &benchEvent{payload: payload, slot: bytes.Index(payload, []byte("000000000000"))}
}

// next returns the event with the next RequestId.
func (ev *benchEvent) next() []byte {
	strconv.AppendInt(ev.payload[:ev.slot], 1e11+ev.n, 10)
	ev.n++
	return ev.payload
}

// BenchmarkUpdateBudget times, in turn within each iteration, the Update of
// BenchmarkEvent; decoding its event into a cfn.Event, the work aws-lambda-go
// does for any handler that takes a typed event, the floor's included; and a
// round trip of the event through the standard library's JSON (decoded,
// encoded back). It reports the median iteration of each, as update-ns/op,
// decode-ns/op and roundtrip-ns/op, so that load on the machine weighs on
// the three alike and a burst of it on none: `make bench` holds the Update
// net of decoding to a multiple of the round trip, a budget that scales
// with the machine. Decoding's allocations are decode-allocs/op.
func BenchmarkUpdateBudget(b *testing.B) {
	fn, ctx := benchFunction(b, newMemCognito(b))
	ev := newBenchEvent(b, updateEvent())
	decode := func(payload []byte) cfn.Event {
		var e cfn.Event
		if err := json.Unmarshal(payload, &e); err != nil {
			b.Fatal(err)
		}
		return e
	}
	var update, decoding, trip []time.Duration
	for b.Loop() {
		payload := ev.next()
		t0 := time.Now()
		if resp, err := fn(ctx, payload); err != nil || resp.Status != cfn.StatusSuccess {
			b.Fatalf("response = %s %q, %v; want SUCCESS", resp.Status, resp.Reason, err)
		}
		t1 := time.Now()
		decode(payload)
		t2 := time.Now()
		if _, err := json.Marshal(decode(payload)); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		update, decoding, trip = append(update, t1.Sub(t0)), append(decoding, t2.Sub(t1)), append(trip, t3.Sub(t2))
	}
	median := func(d []time.Duration) float64 {
		slices.Sort(d)
		return float64(d[len(d)/2])
	}
	b.ReportMetric(median(update), "update-ns/op")
	b.ReportMetric(median(decoding), "decode-ns/op")
	b.ReportMetric(median(trip), "roundtrip-ns/op")
	b.ReportMetric(testing.AllocsPerRun(10, func() { decode(ev.payload) }), "decode-allocs/op")
}
