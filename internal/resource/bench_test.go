package resource

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
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

	updated := with(benchProps(),
		"AccessTokenValidity", "1h",
		"CallbackURLs", []any{"https://shop.example.com/auth/callback", "https://www.shop.example.com/auth/callback"})

	for _, tc := range []struct {
		name   string
		event  cfn.Event
		status cfn.StatusType
		reason string // the start of the Reason of a FAILED
		calls  int64
	}{
		{name: "Create", event: event(cfn.RequestCreate, "", benchProps(), nil), status: cfn.StatusSuccess, calls: 1},
		{name: "Update", event: event(cfn.RequestUpdate, benchClientID, updated, benchProps()), status: cfn.StatusSuccess, calls: 2},
		{name: "Delete", event: event(cfn.RequestDelete, benchClientID, benchProps(), nil), status: cfn.StatusSuccess, calls: 1},
		{
			name: "CreateInvalid100", event: event(cfn.RequestCreate, "", invalid, nil), status: cfn.StatusFailed,
			reason: "100 problems in the properties, nothing was changed:\n", calls: 0,
		},
	} {
		b.Run(tc.name, func(b *testing.B) {
			m := newMemCognito(b)
			fn := response.Wrap(New(m).Handle, response.Options{
				Trust:  response.Trust{Region: "us-east-1", DNSSuffix: cognito.DNSSuffix},
				Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
			})
			invocation := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{
				InvokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:cognito-client",
			})
			ctx, cancel := context.WithTimeout(invocation, time.Hour)
			defer cancel()
			// The runtime hands the function raw JSON; decoding it is part of
			// the work. Each event gets its own RequestId, written in place,
			// because the function answers a redelivered event from memory.
			tc.event.RequestID = "bench-000000000000"
			payload, err := json.Marshal(tc.event)
			if err != nil {
				b.Fatal(err)
			}
			slot := bytes.Index(payload, []byte("000000000000"))
			var n int64
			for b.Loop() {
				strconv.AppendInt(payload[:slot], 1e11+n, 10)
				resp, err := fn(ctx, payload)
				if err != nil || resp.Status != tc.status || !strings.HasPrefix(resp.Reason, tc.reason) {
					b.Fatalf("response = %s %q, %v; want %s %q…", resp.Status, resp.Reason, err, tc.status, tc.reason)
				}
				n++
			}
			if perEvent := m.calls.Load() / n; perEvent != tc.calls || m.calls.Load()%n != 0 {
				b.Fatalf("%d Cognito calls in %d events, want %d per event", m.calls.Load(), n, tc.calls)
			}
			b.ReportMetric(float64(tc.calls), "calls/op")
		})
	}
}

// BenchmarkDecodeEvent measures decoding the Update event of BenchmarkEvent
// into a cfn.Event: the work aws-lambda-go does for any handler that takes a
// typed event, the floor's included. The function does it itself (so that a
// field of the wrong type still gets a response), so `make bench` reports the
// Update both with it and net of it.
func BenchmarkDecodeEvent(b *testing.B) {
	updated := with(benchProps(),
		"AccessTokenValidity", "1h",
		"CallbackURLs", []any{"https://shop.example.com/auth/callback", "https://www.shop.example.com/auth/callback"})
	payload, err := json.Marshal(event(cfn.RequestUpdate, benchClientID, updated, benchProps()))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var e cfn.Event
		if err := json.Unmarshal(payload, &e); err != nil {
			b.Fatal(err)
		}
	}
}
