package resource

import (
	"context"
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
	"github.com/cognito-client-resource/cognitoclient/internal/secretsfake"
	"github.com/cognito-client-resource/cognitoclient/internal/secretstore"
)

// harness runs events through a Resource against the faithful fakes of
// Cognito and Secrets Manager, with the production client configuration
// (retry policies included).
type harness struct {
	t       *testing.T
	fake    *cognitofake.Server
	sm      *secretsfake.Server
	pool    string
	client  *cip.Client
	secrets *sm.Client
	crash   *crasher // both clients' HTTP client: it can stop the process at any call
	r       *Resource
}

// sources are the CLIENT_SECRET_SOURCES of the harness's function.
const sources = "arn:aws:secretsmanager:us-east-1:" + secretsfake.DefaultAccount + ":secret:app/*"

func newHarness(t *testing.T) *harness {
	t.Helper()
	fake, smFake := cognitofake.New(), secretsfake.New()
	t.Cleanup(fake.Close)
	t.Cleanup(smFake.Close)
	crash := &crasher{}
	cfg := func(endpoint string) aws.Config {
		return aws.Config{
			Region:       cognitofake.Region,
			BaseEndpoint: aws.String(endpoint),
			Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", ""),
			HTTPClient:   crash,
		}
	}
	client := cognito.NewClient(cfg(fake.URL()))
	secrets := secretstore.NewClient(cfg(smFake.URL()), func(o *sm.Options) {
		o.Retryer = retry.AddWithMaxBackoffDelay(o.Retryer, time.Millisecond)
	})
	srcs, err := secretref.ParseSources(sources)
	if err != nil {
		t.Fatal(err)
	}
	// Not-found is believed after three quick Describes: the pauses of
	// production are the same logic, only longer.
	r := New(client, WithNotFoundPauses(time.Millisecond, 2*time.Millisecond, 4*time.Millisecond),
		WithURLPauses(time.Millisecond, time.Millisecond),
		WithSecrets(Secrets{Store: secrets, Sources: srcs}))
	return &harness{t: t, fake: fake, sm: smFake, pool: fake.CreatePool(), client: client, secrets: secrets, crash: crash, r: r}
}

// eventContext is the context of an event: the function's own ARN, as Lambda gives
// it, names its account.
func eventContext() context.Context {
	return lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{
		InvokedFunctionArn: "arn:aws:lambda:us-east-1:" + secretsfake.DefaultAccount + ":function:cognito-client",
	})
}

func (h *harness) deleteOutOfBand(id string) {
	h.t.Helper()
	if _, err := h.client.DeleteUserPoolClient(context.Background(), &cip.DeleteUserPoolClientInput{UserPoolId: &h.pool, ClientId: &id}); err != nil {
		h.t.Fatal(err)
	}
}

// compareClients describes how two stored clients differ, or returns "".
func compareClients(want, got types.UserPoolClientType) string {
	w, _ := json.MarshalIndent(want, "", "  ")
	g, _ := json.MarshalIndent(got, "", "  ")
	if string(w) == string(g) {
		return ""
	}
	return "want " + string(w) + "\ngot  " + string(g)
}

// handle runs one event and returns its outcome and the operations it called.
func (h *harness) handle(e cfn.Event) (response.Outcome, []string) {
	h.t.Helper()
	h.fake.ResetCalls()
	h.sm.ResetCalls()
	out := h.r.Handle(eventContext(), e)
	var ops []string
	for _, c := range h.fake.Calls() {
		ops = append(ops, c.Operation)
	}
	return out, ops
}

func (h *harness) stored(id string) types.UserPoolClientType {
	h.t.Helper()
	c, ok := h.fake.Client(h.pool, id)
	if !ok {
		h.t.Fatalf("client %s does not exist in the fake", id)
	}
	return c
}

func event(rt cfn.RequestType, physicalID string, properties, old map[string]any) cfn.Event {
	return cfn.Event{
		RequestType:           rt,
		RequestID:             "5c7e9a1b-3d4f-4c8e-a0b2-4f6c8e0a2b07",
		StackID:               "arn:aws:cloudformation:us-east-1:123456789012:stack/app/8f1f2a40",
		LogicalResourceID:     "WebClient",
		ResourceType:          "Custom::CognitoUserPoolClient",
		PhysicalResourceID:    physicalID,
		ResourceProperties:    properties,
		OldResourceProperties: old,
	}
}

// with returns a copy of base with the given properties set (nil deletes).
func with(base map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(base)+len(kv)/2)
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
			continue
		}
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func (h *harness) ownedProps() map[string]any {
	return map[string]any{
		"ServiceToken":         "arn:aws:lambda:us-east-1:123456789012:function:cognito-client",
		"ServiceTimeout":       "300",
		"UserPoolId":           h.pool,
		"AccessTokenValidity":  "10h",
		"IdTokenValidity":      "90m",
		"RefreshTokenValidity": "30d",
		"AllowedOAuthFlows":    []any{"code"},
		"AllowedOAuthScopes":   []any{"openid", "email"},
		"CallbackURLs":         []any{"https://app.example.com/callback"},
		"ExplicitAuthFlows":    []any{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
	}
}

// create runs an owned Create and returns the new client's id.
func (h *harness) create(properties map[string]any) string {
	h.t.Helper()
	out, _ := h.handle(event(cfn.RequestCreate, "", properties, nil))
	if out.Status != cfn.StatusSuccess {
		h.t.Fatalf("Create failed: %s", out.Reason)
	}
	return out.PhysicalResourceID
}

func wantOps(t *testing.T, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("Cognito calls = %v, want %v", got, want)
	}
}

func wantStatus(t *testing.T, out response.Outcome, status cfn.StatusType, action string) {
	t.Helper()
	if out.Status != status || out.Action != action {
		t.Fatalf("outcome = %s/%s (%s), want %s/%s", out.Status, out.Action, out.Reason, status, action)
	}
}

var clientIDPattern = regexp.MustCompile(`^[\w+]+$`)

func TestOwnedCreate(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	out, ops := h.handle(event(cfn.RequestCreate, "", h.ownedProps(), nil))
	wantStatus(t, out, cfn.StatusSuccess, "created")
	wantOps(t, ops, "CreateUserPoolClient")
	c := h.stored(out.PhysicalResourceID)
	if got := *c.ClientName; got != "WebClient" {
		t.Errorf("ClientName = %q, want the LogicalResourceId", got)
	}
	if *c.AccessTokenValidity != 10 || c.TokenValidityUnits.AccessToken != types.TimeUnitsTypeHours ||
		*c.IdTokenValidity != 90 || c.TokenValidityUnits.IdToken != types.TimeUnitsTypeMinutes ||
		c.RefreshTokenValidity != 30 || c.TokenValidityUnits.RefreshToken != types.TimeUnitsTypeDays {
		t.Errorf("validity = %d %s, %d %s, %d %s; want 10 hours, 90 minutes, 30 days",
			*c.AccessTokenValidity, c.TokenValidityUnits.AccessToken, *c.IdTokenValidity, c.TokenValidityUnits.IdToken,
			c.RefreshTokenValidity, c.TokenValidityUnits.RefreshToken)
	}
	if c.AllowedOAuthFlowsUserPoolClient == nil || !*c.AllowedOAuthFlowsUserPoolClient {
		t.Error("AllowedOAuthFlowsUserPoolClient not inferred true from the declared flows")
	}
	if out.Data["ClientId"] != out.PhysicalResourceID || out.Data["UserPoolId"] != h.pool || out.Data["ClientName"] != "WebClient" {
		t.Errorf("Data = %v", out.Data)
	}
	if _, ok := out.Data["ClientSecret"]; ok || out.NoEcho {
		t.Error("a client without a secret must not return ClientSecret or set NoEcho")
	}
	if out.Undo == nil {
		t.Fatal("an owned Create must be undoable when its SUCCESS cannot be delivered")
	}
	if err := out.Undo(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.fake.Client(h.pool, out.PhysicalResourceID); ok {
		t.Error("Undo left the client in place")
	}
}

func TestOwnedCreateWithSecret(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	out, _ := h.handle(event(cfn.RequestCreate, "", with(h.ownedProps(),
		"GenerateSecret", "TRUE", "AllowedOAuthFlows", []any{"client_credentials"}, "AllowedOAuthScopes", []any{"api/read"},
		"CallbackURLs", nil), nil))
	wantStatus(t, out, cfn.StatusSuccess, "created")
	secret := h.stored(out.PhysicalResourceID).ClientSecret
	if secret == nil || out.Data["ClientSecret"] != *secret || !out.NoEcho {
		t.Errorf("want the client secret in Data with NoEcho; got NoEcho=%v", out.NoEcho)
	}
}

func TestInvalidPropertiesMakeNoCall(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	bad := with(h.ownedProps(),
		"AccessTokenValidity", "2d",
		"CallbackURLs", []any{"https://app.example.com/cb", "https://app.example.com/cb#frag"},
		"CallbackUrls", []any{"https://x.example.com"},
		"GenerateSecret", "yes")
	for _, rt := range []cfn.RequestType{cfn.RequestCreate, cfn.RequestUpdate} {
		t.Run(string(rt), func(t *testing.T) {
			out, ops := h.handle(event(rt, "abc123", bad, h.ownedProps()))
			wantStatus(t, out, cfn.StatusFailed, "failed")
			wantOps(t, ops)
			for _, p := range []string{"AccessTokenValidity:", "CallbackURLs[1]:", "CallbackUrls:", "GenerateSecret:"} {
				if !strings.Contains(out.Reason, p) {
					t.Errorf("reason does not name %s:\n%s", p, out.Reason)
				}
			}
			if !strings.HasPrefix(out.Reason, "4 problems") {
				t.Errorf("reason does not start with its summary:\n%s", out.Reason)
			}
		})
	}
}

// A rule that needs the defaults of a new client (code flow without callback
// URLs) is reported together with the problems of the properties alone.
func TestOwnedCreateReportsEffectiveRulesWithPropertyProblems(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	out, ops := h.handle(event(cfn.RequestCreate, "", with(h.ownedProps(), "CallbackURLs", nil, "IdTokenValidity", "3m"), nil))
	wantStatus(t, out, cfn.StatusFailed, "failed")
	wantOps(t, ops)
	if !strings.Contains(out.Reason, "IdTokenValidity:") || !strings.Contains(out.Reason, "CallbackURLs") {
		t.Errorf("want both problems in one report:\n%s", out.Reason)
	}
}

func TestOwnedUpdate(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	old := h.ownedProps()
	id := h.create(old)

	t.Run("changed", func(t *testing.T) {
		next := with(old, "AccessTokenValidity", "1h", "LogoutURLs", []any{"https://app.example.com/"})
		out, ops := h.handle(event(cfn.RequestUpdate, id, next, old))
		wantStatus(t, out, cfn.StatusSuccess, "updated")
		wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient")
		if out.PhysicalResourceID != id {
			t.Errorf("PhysicalResourceId = %s, want %s", out.PhysicalResourceID, id)
		}
		if !slices.Equal(out.Changed, []string{"AccessTokenValidity", "LogoutURLs"}) {
			t.Errorf("Changed = %v", out.Changed)
		}
		c := h.stored(id)
		if *c.AccessTokenValidity != 1 || c.TokenValidityUnits.AccessToken != types.TimeUnitsTypeHours {
			t.Errorf("access validity = %d %s, want 1 hours", *c.AccessTokenValidity, c.TokenValidityUnits.AccessToken)
		}
		if *c.IdTokenValidity != 90 || c.TokenValidityUnits.IdToken != types.TimeUnitsTypeMinutes {
			t.Error("the ID token validity was not carried in the full request")
		}
		if !slices.Equal(c.ExplicitAuthFlows, []types.ExplicitAuthFlowsType{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}) {
			t.Errorf("ExplicitAuthFlows = %v: reset by the update", c.ExplicitAuthFlows)
		}
		old = next
	})
	t.Run("unchanged", func(t *testing.T) {
		out, ops := h.handle(event(cfn.RequestUpdate, id, old, old))
		wantStatus(t, out, cfn.StatusSuccess, "unchanged")
		wantOps(t, ops, "DescribeUserPoolClient")
		if len(out.Changed) != 0 {
			t.Errorf("Changed = %v, want none", out.Changed)
		}
	})
	t.Run("removed property returns to its default", func(t *testing.T) {
		next := with(old, "ExplicitAuthFlows", nil, "IdTokenValidity", nil)
		out, _ := h.handle(event(cfn.RequestUpdate, id, next, old))
		wantStatus(t, out, cfn.StatusSuccess, "updated")
		c := h.stored(id)
		// Cognito's default is no list at all (ledger row 7).
		if len(c.ExplicitAuthFlows) != 0 {
			t.Errorf("ExplicitAuthFlows = %v, want none, Cognito's default", c.ExplicitAuthFlows)
		}
		if v, u := *c.IdTokenValidity, c.TokenValidityUnits.IdToken; !(v == 1 && u == types.TimeUnitsTypeHours) {
			t.Errorf("IdTokenValidity = %d %s, want the default 1 hours", v, u)
		}
		old = next
	})
	t.Run("drift on a declared field is corrected", func(t *testing.T) {
		c := h.stored(id)
		c.CallbackURLs = []string{"https://drifted.example.com/cb"}
		h.fake.PutClient(h.pool, c) // same id: overwrites, as a console edit would
		out, ops := h.handle(event(cfn.RequestUpdate, id, old, old))
		wantStatus(t, out, cfn.StatusSuccess, "updated")
		wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient")
		if got := h.stored(id).CallbackURLs; !slices.Equal(got, []string{"https://app.example.com/callback"}) {
			t.Errorf("CallbackURLs = %v, drift not corrected", got)
		}
	})
}

func TestOwnedUpdateRecreatesClientDeletedOutOfBand(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := h.ownedProps()
	id := h.create(p)
	h.deleteOutOfBand(id)
	out, ops := h.handle(event(cfn.RequestUpdate, id, p, p))
	wantStatus(t, out, cfn.StatusSuccess, "replaced")
	wantOps(t, ops, "DescribeUserPoolClient", "DescribeUserPoolClient", "DescribeUserPoolClient", "DescribeUserPoolClient", "CreateUserPoolClient")
	if out.PhysicalResourceID == id {
		t.Error("a new client must have a new id")
	}
	h.stored(out.PhysicalResourceID)
}

func TestReplacement(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	other := h.fake.CreatePool()
	base := h.ownedProps()
	existing := h.fake.PutClient(other, types.UserPoolClientType{ClientName: aws.String("console-made")})
	tests := []struct {
		name    string
		next    map[string]any
		ops     []string
		newPool string
	}{
		{"UserPoolId changed", with(base, "UserPoolId", other), []string{"CreateUserPoolClient"}, other},
		{"GenerateSecret changed", with(base, "GenerateSecret", "true"), []string{"CreateUserPoolClient", "ListUserPoolClientSecrets"}, h.pool},
		{"owned to existing-client mode", with(base, "UserPoolId", other, "ClientId", existing),
			[]string{"DescribeUserPoolClient", "UpdateUserPoolClient"}, other},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := h.create(base)
			out, ops := h.handle(event(cfn.RequestUpdate, id, tc.next, base))
			wantStatus(t, out, cfn.StatusSuccess, "replaced")
			wantOps(t, ops, tc.ops...)
			if out.PhysicalResourceID == id {
				t.Fatal("a replacement must return a new physical id")
			}
			if _, ok := h.fake.Client(tc.newPool, out.PhysicalResourceID); !ok {
				t.Error("the new client is not in the new pool")
			}
			h.stored(id) // the old client stays until CloudFormation's Delete
		})
	}
	t.Run("existing-client mode, ClientId changed", func(t *testing.T) {
		a := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("a")})
		b := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("b")})
		old := map[string]any{"UserPoolId": h.pool, "ClientId": a, "LogoutURLs": []any{"https://a.example.com/"}, "AllowedOAuthFlowsUserPoolClient": "true", "AllowedOAuthFlows": []any{"implicit"}, "AllowedOAuthScopes": []any{"openid"}, "CallbackURLs": []any{"https://a.example.com/cb"}}
		out, ops := h.handle(event(cfn.RequestUpdate, a, with(old, "ClientId", b), old))
		wantStatus(t, out, cfn.StatusSuccess, "replaced")
		wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient")
		if out.PhysicalResourceID != b {
			t.Errorf("PhysicalResourceId = %s, want the new client %s", out.PhysicalResourceID, b)
		}
	})
}

func TestOwnedDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := h.ownedProps()
	id := h.create(p)
	out, ops := h.handle(event(cfn.RequestDelete, id, p, nil))
	wantStatus(t, out, cfn.StatusSuccess, "deleted")
	wantOps(t, ops, "DeleteUserPoolClient")
	if _, ok := h.fake.Client(h.pool, id); ok {
		t.Fatal("client still exists")
	}
	t.Run("already gone", func(t *testing.T) {
		out, ops := h.handle(event(cfn.RequestDelete, id, p, nil))
		wantStatus(t, out, cfn.StatusSuccess, "deleted")
		wantOps(t, ops, "DeleteUserPoolClient")
	})
	t.Run("pool gone", func(t *testing.T) {
		id := h.create(p)
		h.fake.DeletePool(h.pool)
		out, _ := h.handle(event(cfn.RequestDelete, id, p, nil))
		wantStatus(t, out, cfn.StatusSuccess, "deleted")
	})
	t.Run("invalid properties do not block a Delete", func(t *testing.T) {
		h := newHarness(t)
		id := h.create(h.ownedProps())
		out, _ := h.handle(event(cfn.RequestDelete, id, with(h.ownedProps(), "AccessTokenValidity", "1y"), nil))
		wantStatus(t, out, cfn.StatusSuccess, "deleted")
	})
}

func TestDeleteWithoutCall(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	existing := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("kept")})
	tests := []struct {
		name       string
		physicalID string
		props      map[string]any
	}{
		{"after a failed Create", response.FailedCreateID("5c7e9a1b-3d4f-4c8e-a0b2-4f6c8e0a2b07"), h.ownedProps()},
		{"after a failed Create with invalid properties", response.FailedCreateID("x"), map[string]any{"Bogus": "1"}},
		{"existing-client mode", existing, map[string]any{"UserPoolId": h.pool, "ClientId": existing}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if clientIDPattern.MatchString(tc.physicalID) && tc.props["ClientId"] == nil {
				t.Fatalf("test id %q could be a client id", tc.physicalID)
			}
			out, ops := h.handle(event(cfn.RequestDelete, tc.physicalID, tc.props, nil))
			wantStatus(t, out, cfn.StatusSuccess, "skipped")
			wantOps(t, ops)
		})
	}
	h.stored(existing)
}

// The reset-safety guarantee end to end: a client made elsewhere with many
// settings keeps every one of them when the template declares only URLs.
func TestExistingClientKeepsWhatItDoesNotDeclare(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seed := types.UserPoolClientType{
		ClientName:        aws.String("made-by-amplify"),
		ClientSecret:      aws.String("s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-123"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH"},
		ReadAttributes:    []string{"email", "custom:tier"},
		WriteAttributes:   []string{"custom:tier"},
		// As Describe shows the ApplicationArn form (ledger row 13).
		AnalyticsConfiguration: &types.AnalyticsConfigurationType{ApplicationArn: aws.String("arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"),
			RoleArn: aws.String(cognitofake.ServiceLinkedRoleArn("123456789012")), UserDataShared: true},
		RefreshTokenRotation:                     &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(30)},
		AccessTokenValidity:                      aws.Int32(90),
		IdTokenValidity:                          aws.Int32(45),
		RefreshTokenValidity:                     600,
		AuthSessionValidity:                      aws.Int32(7),
		TokenValidityUnits:                       &types.TokenValidityUnitsType{AccessToken: "minutes", IdToken: "minutes", RefreshToken: "minutes"},
		AllowedOAuthFlowsUserPoolClient:          aws.Bool(true),
		AllowedOAuthFlows:                        []types.OAuthFlowType{"code"},
		AllowedOAuthScopes:                       []string{"openid"},
		CallbackURLs:                             []string{"https://old.example.com/cb"},
		PreventUserExistenceErrors:               types.PreventUserExistenceErrorTypesEnabled,
		EnableTokenRevocation:                    aws.Bool(true),
		EnablePropagateAdditionalUserContextData: aws.Bool(true),
	}
	id := h.fake.PutClient(h.pool, seed)
	props := map[string]any{"UserPoolId": h.pool, "ClientId": id,
		"CallbackURLs": []any{"https://old.example.com/cb", "https://d111.cloudfront.net/cb"}}
	out, ops := h.handle(event(cfn.RequestCreate, "", props, nil))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
	wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient")
	if _, secret := out.Data["ClientSecret"]; out.PhysicalResourceID != id || out.NoEcho || secret {
		t.Errorf("PhysicalResourceId %s (want %s), NoEcho %v, secret in Data %v: existing-client mode returns no secret", out.PhysicalResourceID, id, out.NoEcho, secret)
	}
	got := h.stored(id)
	want := seed
	want.ClientId, want.UserPoolId = got.ClientId, got.UserPoolId
	want.CreationDate, want.LastModifiedDate = got.CreationDate, got.LastModifiedDate
	want.CallbackURLs = []string{"https://old.example.com/cb", "https://d111.cloudfront.net/cb"}
	// Durations survive; the request writes each in the largest exact unit.
	want.AccessTokenValidity, want.TokenValidityUnits = aws.Int32(90), &types.TokenValidityUnitsType{AccessToken: "minutes", IdToken: "minutes", RefreshToken: "hours"}
	want.RefreshTokenValidity = 10
	if diff := compareClients(want, got); diff != "" {
		t.Errorf("settings the template does not declare changed:\n%s", diff)
	}
}

func TestExistingClientErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	short := h.fake.PutClient(h.pool, types.UserPoolClientType{
		ClientName: aws.String("short-refresh"), RefreshTokenValidity: 2,
		TokenValidityUnits: &types.TokenValidityUnitsType{RefreshToken: "hours"},
	})
	tests := []struct {
		name   string
		props  map[string]any
		ops    []string
		reason string
	}{
		{"missing client", map[string]any{"UserPoolId": h.pool, "ClientId": "doesnotexist1234567890abcd", "LogoutURLs": []any{"https://a.example.com/"}},
			[]string{"DescribeUserPoolClient", "DescribeUserPoolClient", "DescribeUserPoolClient", "DescribeUserPoolClient"}, "ClientId: no client doesnotexist1234567890abcd"},
		{"access validity over the current refresh validity", map[string]any{"UserPoolId": h.pool, "ClientId": short, "AccessTokenValidity": "1d"},
			[]string{"DescribeUserPoolClient"}, "AccessTokenValidity"},
		{"scopes on a client without OAuth", map[string]any{"UserPoolId": h.pool, "ClientId": short, "AllowedOAuthScopes": []any{"openid"}},
			[]string{"DescribeUserPoolClient"}, "AllowedOAuthFlowsUserPoolClient: is false, but AllowedOAuthScopes is set"},
		{"GenerateSecret in existing-client mode", map[string]any{"UserPoolId": h.pool, "ClientId": short, "GenerateSecret": "true"},
			nil, "GenerateSecret"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := h.fake.Client(h.pool, short)
			out, ops := h.handle(event(cfn.RequestCreate, "", tc.props, nil))
			wantStatus(t, out, cfn.StatusFailed, "failed")
			wantOps(t, ops, tc.ops...)
			if !strings.Contains(out.Reason, tc.reason) {
				t.Errorf("reason %q does not mention %q", out.Reason, tc.reason)
			}
			after, _ := h.fake.Client(h.pool, short)
			if diff := compareClients(before, after); diff != "" {
				t.Errorf("a failed event changed the client:\n%s", diff)
			}
		})
	}
}

func TestExistingClientUnchanged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("c"), LogoutURLs: []string{"https://a.example.com/"},
		AllowedOAuthFlowsUserPoolClient: aws.Bool(true), AllowedOAuthFlows: []types.OAuthFlowType{"implicit"}, AllowedOAuthScopes: []string{"openid"},
		CallbackURLs: []string{"https://a.example.com/cb"}})
	p := map[string]any{"UserPoolId": h.pool, "ClientId": id, "LogoutURLs": []any{"https://a.example.com/"}}
	out, ops := h.handle(event(cfn.RequestUpdate, id, p, p))
	wantStatus(t, out, cfn.StatusSuccess, "unchanged")
	wantOps(t, ops, "DescribeUserPoolClient")
}

func TestUnknownRequestType(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	out, ops := h.handle(event("Upsert", "", h.ownedProps(), nil))
	wantStatus(t, out, cfn.StatusFailed, "failed")
	wantOps(t, ops)
}

// An owned Create sends only what the template declares: no default auth
// flows are written into the client (ledger row 7), so rotation can be
// turned on without declaring flows.
func TestOwnedCreateSendsOnlyDeclared(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := map[string]any{"UserPoolId": h.pool, "RefreshTokenRotation": map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": "10s"}}
	out, ops := h.handle(event(cfn.RequestCreate, "", p, nil))
	wantStatus(t, out, cfn.StatusSuccess, "created")
	wantOps(t, ops, "CreateUserPoolClient")
	var sent map[string]any
	if err := json.Unmarshal(h.fake.Calls()[0].Input, &sent); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range sent {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"ClientName", "GenerateSecret", "RefreshTokenRotation", "UserPoolId"}; !slices.Equal(keys, want) && !slices.Equal(keys, slices.DeleteFunc(want, func(k string) bool { return k == "GenerateSecret" })) {
		t.Errorf("CreateUserPoolClient carried %v, want only %v", keys, want)
	}
	c := h.stored(out.PhysicalResourceID)
	if len(c.ExplicitAuthFlows) != 0 || c.RefreshTokenRotation == nil || c.RefreshTokenRotation.Feature != types.FeatureTypeEnabled {
		t.Errorf("ExplicitAuthFlows %v, rotation %+v; want none and ENABLED", c.ExplicitAuthFlows, c.RefreshTokenRotation)
	}

	// Updates that do not declare flows keep none.
	p2 := with(p, "LogoutURLs", []any{"https://app.example.com/bye"})
	out, _ = h.handle(event(cfn.RequestUpdate, out.PhysicalResourceID, p2, p))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
	if c := h.stored(out.PhysicalResourceID); len(c.ExplicitAuthFlows) != 0 {
		t.Errorf("ExplicitAuthFlows after an update = %v, want none", c.ExplicitAuthFlows)
	}
}

// Removing RefreshTokenRotation from the template turns rotation off: the
// update says DISABLED, because one that left rotation out would keep it
// (ledger row 10).
func TestRemovingRotationTurnsItOff(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := map[string]any{"UserPoolId": h.pool, "RefreshTokenRotation": map[string]any{"Feature": "ENABLED"}}
	id := h.create(p)
	next := with(p, "RefreshTokenRotation", nil)
	out, ops := h.handle(event(cfn.RequestUpdate, id, next, p))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
	wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient")
	if !slices.Equal(out.Changed, []string{"RefreshTokenRotation"}) {
		t.Errorf("changed = %v, want [RefreshTokenRotation]", out.Changed)
	}
	if r := h.stored(id).RefreshTokenRotation; r != nil && r.Feature == types.FeatureTypeEnabled {
		t.Errorf("rotation after removing it from the template = %+v, want off", r)
	}
	// The client now describes as {DISABLED, 0}: the same template again
	// changes nothing.
	out, ops = h.handle(event(cfn.RequestUpdate, id, next, next))
	wantStatus(t, out, cfn.StatusSuccess, "unchanged")
	wantOps(t, ops, "DescribeUserPoolClient")
}

// An existing client that allows the refresh-token flow, and a template
// that turns rotation on without declaring flows: FAILED right after the
// Describe, naming both properties, nothing changed (ledger row 11).
func TestExistingClientRotationAgainstRefreshFlow(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id := h.fake.PutClient(h.pool, types.UserPoolClientType{
		ClientName:        aws.String("console-made"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
	})
	before, _ := h.fake.Client(h.pool, id)
	p := map[string]any{"UserPoolId": h.pool, "ClientId": id, "RefreshTokenRotation": map[string]any{"Feature": "ENABLED"}}
	out, ops := h.handle(event(cfn.RequestCreate, "", p, nil))
	wantStatus(t, out, cfn.StatusFailed, "failed")
	wantOps(t, ops, "DescribeUserPoolClient")
	if !strings.Contains(out.Reason, "ExplicitAuthFlows: has ALLOW_REFRESH_TOKEN_AUTH, but RefreshTokenRotation is ENABLED") {
		t.Errorf("reason does not name both properties:\n%s", out.Reason)
	}
	after, _ := h.fake.Client(h.pool, id)
	if diff := compareClients(before, after); diff != "" {
		t.Errorf("a failed event changed the client:\n%s", diff)
	}
}

// Templates written for AWS::Cognito::UserPoolClient set URLs without the
// OAuth flag; Cognito stores them (ledger row 15).
func TestURLsWithoutOAuthFlag(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := map[string]any{"UserPoolId": h.pool,
		"CallbackURLs": []any{"https://app.example.com/cb"}, "LogoutURLs": []any{"https://app.example.com/bye"},
		"DefaultRedirectURI": "https://app.example.com/cb"}
	id := h.create(p)
	c := h.stored(id)
	if !slices.Equal(c.CallbackURLs, []string{"https://app.example.com/cb"}) || deref(c.DefaultRedirectURI) != "https://app.example.com/cb" {
		t.Errorf("stored %v / %v", c.CallbackURLs, c.DefaultRedirectURI)
	}
	existing := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("plain")})
	out, _ := h.handle(event(cfn.RequestCreate, "", with(p, "ClientId", existing), nil))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
}

// client_credentials with openid is refused before any call (ledger row 16).
func TestClientCredentialsWithOpenIDMakesNoCall(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := map[string]any{"UserPoolId": h.pool, "GenerateSecret": "true",
		"AllowedOAuthFlows": []any{"client_credentials"}, "AllowedOAuthScopes": []any{"openid"}}
	out, ops := h.handle(event(cfn.RequestCreate, "", p, nil))
	wantStatus(t, out, cfn.StatusFailed, "failed")
	wantOps(t, ops)
	if !strings.Contains(out.Reason, "AllowedOAuthScopes: has openid") {
		t.Errorf("reason = %s", out.Reason)
	}
}

// The ApplicationArn form of analytics is described with a service-linked
// role added (ledger row 13): declaring the same ApplicationArn makes no
// update, and an unrelated update keeps the form exactly, without sending
// the role back (row 14).
func TestAnalyticsByArnIsKept(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const app = "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"
	id := h.fake.PutClient(h.pool, types.UserPoolClientType{
		ClientName: aws.String("with-analytics"),
		AnalyticsConfiguration: &types.AnalyticsConfigurationType{ApplicationArn: aws.String(app),
			RoleArn: aws.String(cognitofake.ServiceLinkedRoleArn("123456789012")), UserDataShared: true},
	})
	before, _ := h.fake.Client(h.pool, id)
	p := map[string]any{"UserPoolId": h.pool, "ClientId": id,
		"AnalyticsConfiguration": map[string]any{"ApplicationArn": app, "UserDataShared": "true"}}
	out, ops := h.handle(event(cfn.RequestCreate, "", p, nil))
	wantStatus(t, out, cfn.StatusSuccess, "unchanged")
	wantOps(t, ops, "DescribeUserPoolClient")

	q := map[string]any{"UserPoolId": h.pool, "ClientId": id, "LogoutURLs": []any{"https://app.example.com/bye"}}
	out, ops = h.handle(event(cfn.RequestUpdate, id, q, with(q, "LogoutURLs", nil)))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
	wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient")
	var sent struct {
		AnalyticsConfiguration map[string]any
	}
	if err := json.Unmarshal(h.fake.Calls()[1].Input, &sent); err != nil {
		t.Fatal(err)
	}
	if _, role := sent.AnalyticsConfiguration["RoleArn"]; role || sent.AnalyticsConfiguration["ApplicationArn"] != app {
		t.Errorf("update sent analytics %v, want the ApplicationArn without a RoleArn", sent.AnalyticsConfiguration)
	}
	after, _ := h.fake.Client(h.pool, id)
	if !reflect.DeepEqual(before.AnalyticsConfiguration, after.AnalyticsConfiguration) {
		t.Errorf("analytics changed: %+v, was %+v", after.AnalyticsConfiguration, before.AnalyticsConfiguration)
	}
}

// A Describe that misses a client created moments ago (ledger row 21) is
// not believed at once: an owned Update never replaces a client, and an
// existing-client Create never fails, because of one not-found.
func TestLaggingReadsAreNotBelieved(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := h.ownedProps()
	id := h.create(p)
	next := with(p, "LogoutURLs", []any{"https://app.example.com/bye"})
	h.fake.LagReads(id, 3)
	out, ops := h.handle(event(cfn.RequestUpdate, id, next, p))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
	wantOps(t, ops, "DescribeUserPoolClient", "DescribeUserPoolClient", "DescribeUserPoolClient", "DescribeUserPoolClient", "UpdateUserPoolClient")
	if out.PhysicalResourceID != id || len(h.fake.Clients(h.pool)) != 1 {
		t.Errorf("PhysicalResourceId %s (want %s), %d clients: a lagging read replaced the client", out.PhysicalResourceID, id, len(h.fake.Clients(h.pool)))
	}

	existing := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("fresh")})
	h.fake.LagReads(existing, 2)
	out, _ = h.handle(event(cfn.RequestCreate, "", map[string]any{"UserPoolId": h.pool, "ClientId": existing, "LogoutURLs": []any{"https://a.example.com/"}}, nil))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
}

// Existing-client mode never returns the client's secret, on any event that
// answers SUCCESS: the resource did not create that client, and a stack
// author must not read the secret of every client in the allowed pools
// through !GetAtt. An owned client's secret is still returned.
func TestExistingClientNeverReturnsSecret(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const secret = "existing-secret-0123456789abcdefghijklmnopqrstuvwxyz"
	id := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("confidential"), ClientSecret: aws.String(secret)})
	other := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("other"), ClientSecret: aws.String(secret + "2")})
	existing := map[string]any{"UserPoolId": h.pool, "ClientId": id, "CallbackURLs": []any{"https://a.example.com/cb"}}
	changed := map[string]any{"UserPoolId": h.pool, "ClientId": id, "CallbackURLs": []any{"https://b.example.com/cb"}}
	replaced := map[string]any{"UserPoolId": h.pool, "ClientId": other}
	adding := map[string]any{"UserPoolId": h.pool, "ClientId": id, "AdditionalCallbackURLs": []any{"https://c.example.com/cb"}}
	tests := []struct {
		name  string
		event cfn.Event
	}{
		{"Create", event(cfn.RequestCreate, "", existing, nil)},
		{"Update", event(cfn.RequestUpdate, id, changed, existing)},
		{"Update, nothing changes", event(cfn.RequestUpdate, id, changed, changed)},
		{"Update to another client", event(cfn.RequestUpdate, id, replaced, existing)},
		{"Create adding URLs", event(cfn.RequestCreate, "", adding, nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := h.handle(tc.event)
			if out.Status != cfn.StatusSuccess {
				t.Fatalf("%s: %s", out.Status, out.Reason)
			}
			if _, ok := out.Data["ClientSecret"]; ok || out.NoEcho || out.Data["ClientId"] != out.PhysicalResourceID {
				t.Errorf("Data %v, NoEcho %v: want the client's id and no secret", out.Data, out.NoEcho)
			}
		})
	}
	t.Run("an owned client still returns its secret", func(t *testing.T) {
		out, _ := h.handle(event(cfn.RequestCreate, "", map[string]any{"UserPoolId": h.pool, "GenerateSecret": "true"}, nil))
		if s, _ := out.Data["ClientSecret"].(string); out.Status != cfn.StatusSuccess || s == "" || !out.NoEcho {
			t.Errorf("%s: secret present %v, NoEcho %v", out.Status, s != "", out.NoEcho)
		}
	})
}
