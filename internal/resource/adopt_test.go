package resource

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/wire"
)

// adoptedSecret is the secret of the confidential clients these tests
// adopt: the resource must never return, store or log it.
const adoptedSecret = "adopted0secret0made0elsewhere0123456789abcdefghijklmn"

// liveClient is a client as AWS::Cognito::UserPoolClient leaves it, with
// many settings that no template of these tests declares.
func liveClient(secret bool) types.UserPoolClientType {
	c := types.UserPoolClientType{
		ClientName:                               aws.String("WebClient-a1B2c3D4e5F6"),
		ExplicitAuthFlows:                        []types.ExplicitAuthFlowsType{"ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
		ReadAttributes:                           []string{"email", "custom:tier"},
		WriteAttributes:                          []string{"custom:tier"},
		AccessTokenValidity:                      aws.Int32(90),
		IdTokenValidity:                          aws.Int32(2),
		RefreshTokenValidity:                     10,
		AuthSessionValidity:                      aws.Int32(7),
		TokenValidityUnits:                       &types.TokenValidityUnitsType{AccessToken: "minutes", IdToken: "hours", RefreshToken: "days"},
		AllowedOAuthFlowsUserPoolClient:          aws.Bool(true),
		AllowedOAuthFlows:                        []types.OAuthFlowType{"code"},
		AllowedOAuthScopes:                       []string{"openid", "email"},
		CallbackURLs:                             []string{"https://app.example.com/callback"},
		LogoutURLs:                               []string{"https://app.example.com/"},
		SupportedIdentityProviders:               []string{"COGNITO"},
		PreventUserExistenceErrors:               types.PreventUserExistenceErrorTypesEnabled,
		EnableTokenRevocation:                    aws.Bool(true),
		EnablePropagateAdditionalUserContextData: aws.Bool(false),
		RefreshTokenRotation:                     &types.RefreshTokenRotationType{Feature: types.FeatureTypeDisabled, RetryGracePeriodSeconds: aws.Int32(0)},
	}
	if secret {
		c.ClientSecret = aws.String(adoptedSecret)
	}
	return c
}

// adopting returns the properties that adopt client id, with kv added.
func (h *harness) adopting(id string, kv ...any) map[string]any {
	return with(map[string]any{"ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:cognito-client",
		"UserPoolId": h.pool, "ClientId": id, "Adopt": "true"}, kv...)
}

// noSecretHandled fails when an event of an adopted client returned a
// secret or touched Secrets Manager: the resource never returns, stores or
// rotates a secret it did not create.
func (h *harness) noSecretHandled(t *testing.T, out response.Outcome) {
	t.Helper()
	for _, k := range []string{"ClientSecret", "SecretArn"} {
		if _, ok := out.Data[k]; ok {
			t.Errorf("Data holds %s", k)
		}
	}
	if out.NoEcho {
		t.Error("NoEcho is set: Data holds no secret")
	}
	if ops := h.smOps(); len(ops) > 0 {
		t.Errorf("Secrets Manager calls %v: an adopted client has no store", ops)
	}
	if strings.Contains(out.Reason, adoptedSecret) {
		t.Error("the reason holds the client's secret")
	}
	for _, w := range out.Warnings {
		if strings.Contains(w, adoptedSecret) {
			t.Error("a warning holds the client's secret")
		}
	}
}

// Adopting a live client: one Describe, and an Update only when the template
// changes something; every setting it does not declare is kept, the name
// included (no default name for an adopted client), and the client keeps
// its id and its secret, which Data never holds.
func TestAdoptCreate(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seed := liveClient(true)
	id := h.fake.PutClient(h.pool, seed)
	before := h.stored(id)

	t.Run("the same settings: nothing is written", func(t *testing.T) {
		p := h.adopting(id, "CallbackURLs", []any{"https://app.example.com/callback"}, "AccessTokenValidity", "90m", "GenerateSecret", "true")
		out, ops := h.handle(event(cfn.RequestCreate, "", p, nil))
		wantStatus(t, out, cfn.StatusSuccess, "unchanged")
		// GenerateSecret is declared: one List checks it.
		wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
		h.noSecretHandled(t, out)
		if out.PhysicalResourceID != id || out.Data["ClientId"] != id || out.Data["ClientName"] != *seed.ClientName {
			t.Errorf("PhysicalResourceId %s, Data %v: want the adopted client %s, named as it was", out.PhysicalResourceID, out.Data, id)
		}
		if diff := compareClients(before, h.stored(id)); diff != "" {
			t.Errorf("the client changed:\n%s", diff)
		}
	})
	t.Run("a client that does not exist: FAILED, nothing made", func(t *testing.T) {
		missing := "doesnotexist1234567890abcd"
		out, ops := h.handle(event(cfn.RequestCreate, "", h.adopting(missing, "LogoutURLs", []any{"https://app.example.com/"}), nil))
		wantStatus(t, out, cfn.StatusFailed, "failed")
		wantOps(t, ops, "DescribeUserPoolClient", "DescribeUserPoolClient", "DescribeUserPoolClient", "DescribeUserPoolClient")
		if !strings.Contains(out.Reason, "ClientId: no client "+missing) || len(h.fake.Clients(h.pool)) != 1 {
			t.Errorf("reason %q, %d clients", out.Reason, len(h.fake.Clients(h.pool)))
		}
	})
	t.Run("a declared change: the full request keeps the rest", func(t *testing.T) {
		p := h.adopting(id, "CallbackURLs", []any{"https://app.example.com/callback", "https://d111.cloudfront.net/callback"})
		out, ops := h.handle(event(cfn.RequestCreate, "", p, nil))
		wantStatus(t, out, cfn.StatusSuccess, "updated")
		wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient")
		h.noSecretHandled(t, out)
		if !slices.Equal(out.Changed, []string{"CallbackURLs"}) {
			t.Errorf("Changed = %v", out.Changed)
		}
		got := h.stored(id)
		want := before
		want.CallbackURLs = []string{"https://app.example.com/callback", "https://d111.cloudfront.net/callback"}
		want.LastModifiedDate = got.LastModifiedDate
		// No rotation is written {Feature: DISABLED} (ledger rows 9 and 10).
		want.RefreshTokenRotation = &types.RefreshTokenRotationType{Feature: types.FeatureTypeDisabled}
		if diff := compareClients(want, got); diff != "" {
			t.Errorf("settings the template does not declare changed:\n%s", diff)
		}
		if secrets := h.fake.Secrets(h.pool, id); len(secrets) != 1 || secrets[0].Value != adoptedSecret {
			t.Errorf("the client's secrets changed: %d listed", len(secrets))
		}
	})
}

// A declared GenerateSecret must state what the client has, which one List
// tells (never Describe, ledger row 28); a contradiction fails before any
// change. Without it, the List is made only when a rule needs to know.
func TestAdoptGenerateSecret(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	confidential := h.fake.PutClient(h.pool, liveClient(true))
	public := h.fake.PutClient(h.pool, liveClient(false))
	// A confidential client whose original secret was rotated away:
	// Describe shows none, List still lists one (ledger row 28).
	rotated := h.fake.PutClient(h.pool, liveClient(true))
	if _, err := h.fake.AddSecret(h.pool, rotated, "second0secret0added0later0123456789abcdefghij"); err != nil {
		t.Fatal(err)
	}
	original := h.fake.Secrets(h.pool, rotated)[0].ID
	if err := h.fake.RemoveSecret(h.pool, rotated, original); err != nil {
		t.Fatal(err)
	}
	if c := h.stored(rotated); c.ClientSecret != nil {
		t.Fatal("the fake still describes the rotated client's secret")
	}
	machine := []any{"AllowedOAuthFlows", []any{"client_credentials"}, "AllowedOAuthScopes", []any{"orders/read"}}
	tests := []struct {
		name   string
		id     string
		kv     []any
		ops    []string
		reason string // "" for SUCCESS
	}{
		{"true on a client with a secret", confidential, []any{"GenerateSecret", "true"}, []string{"DescribeUserPoolClient", "ListUserPoolClientSecrets"}, ""},
		{"true on a client whose original secret is gone", rotated, []any{"GenerateSecret", "true"}, []string{"DescribeUserPoolClient", "ListUserPoolClientSecrets"}, ""},
		{"false on a public client", public, []any{"GenerateSecret", "false"}, []string{"DescribeUserPoolClient", "ListUserPoolClientSecrets"}, ""},
		{"false on a client with a secret", confidential, []any{"GenerateSecret", "false", "LogoutURLs", []any{"https://other.example.com/"}},
			[]string{"DescribeUserPoolClient", "ListUserPoolClientSecrets"}, "GenerateSecret: is false, but app client " + confidential + " has a client secret"},
		{"true on a public client", public, []any{"GenerateSecret", "true", "LogoutURLs", []any{"https://other.example.com/"}},
			[]string{"DescribeUserPoolClient", "ListUserPoolClientSecrets"}, "GenerateSecret: is true, but app client " + public + " has no client secret"},
		{"undeclared: no List", confidential, []any{"LogoutURLs", []any{"https://app.example.com/"}}, []string{"DescribeUserPoolClient"}, ""},
		{"client_credentials on a client whose original secret is gone", rotated, machine,
			[]string{"DescribeUserPoolClient", "ListUserPoolClientSecrets", "UpdateUserPoolClient"}, ""},
		{"client_credentials on a public client", public, machine,
			[]string{"DescribeUserPoolClient", "ListUserPoolClientSecrets"}, "AllowedOAuthFlows: has client_credentials, which only an app client with a secret can use"},
		{"both problems at once, with one List", public, append([]any{"GenerateSecret", "true"}, machine...),
			[]string{"DescribeUserPoolClient", "ListUserPoolClientSecrets"}, "2 problems in the properties, nothing was changed:\nAllowedOAuthFlows: has client_credentials"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := h.stored(tc.id)
			out, ops := h.handle(event(cfn.RequestCreate, "", h.adopting(tc.id, tc.kv...), nil))
			wantOps(t, ops, tc.ops...)
			h.noSecretHandled(t, out)
			if tc.reason == "" {
				if out.Status != cfn.StatusSuccess {
					t.Fatalf("FAILED: %s", out.Reason)
				}
				return
			}
			wantStatus(t, out, cfn.StatusFailed, "failed")
			if !strings.Contains(out.Reason, tc.reason) {
				t.Errorf("reason %q does not say %q", out.Reason, tc.reason)
			}
			if diff := compareClients(before, h.stored(tc.id)); diff != "" {
				t.Errorf("a failed adoption changed the client:\n%s", diff)
			}
		})
	}
}

// What Adopt refuses is refused before any call, all at once, naming each
// property.
func TestAdoptRefusedBeforeAnyCall(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id := h.fake.PutClient(h.pool, liveClient(true))
	const literal = "Lit3ralSecretValue_0123456789+abc"
	tests := []struct {
		name  string
		props map[string]any
		want  []string
	}{
		{"a ClientSecret", h.adopting(id, "ClientSecret", literal), []string{"ClientSecret: can't be used with Adopt"}},
		{"a rotation", h.adopting(id, "GenerateSecret", "true", "ClientSecretVersion", "2"), []string{"ClientSecretVersion: can't be used with Adopt"}},
		{"PreviousSecret", h.adopting(id, "PreviousSecret", "Delete"), []string{"PreviousSecret: can't be used with Adopt"}},
		{"added URLs", h.adopting(id, "AdditionalCallbackURLs", []any{"https://a.example.com/cb"}), []string{"AdditionalCallbackURLs: can't be used with Adopt"}},
		{"Adopt without ClientId", with(h.adopting(id), "ClientId", nil), []string{"Adopt: needs ClientId"}},
		{"everything at once", h.adopting(id, "ClientSecret", literal, "PreviousSecret", "Keep", "AccessTokenValidity", "2d"),
			[]string{"3 problems", "AccessTokenValidity: \"2d\" is too long", "ClientSecret: can't be used with Adopt", "PreviousSecret: can't be used with Adopt"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := h.stored(id)
			for _, rt := range []cfn.RequestType{cfn.RequestCreate, cfn.RequestUpdate} {
				out, ops := h.handle(event(rt, id, tc.props, h.adopting(id)))
				wantStatus(t, out, cfn.StatusFailed, "failed")
				wantOps(t, ops)
				h.noSecretHandled(t, out)
				for _, w := range tc.want {
					if !strings.Contains(out.Reason, w) {
						t.Errorf("%s: reason %q does not say %q", rt, out.Reason, w)
					}
				}
				if strings.Contains(out.Reason, literal) {
					t.Errorf("%s: the reason shows the declared secret", rt)
				}
			}
			if diff := compareClients(before, h.stored(id)); diff != "" {
				t.Errorf("the client changed:\n%s", diff)
			}
		})
	}
}

// An adopted client is updated as an owned one: Describe and the full
// request, a property no longer declared back to Cognito's default; but a
// client gone out of band is not made again (a new client would have
// another id than the ClientId the template names).
func TestAdoptUpdate(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id := h.fake.PutClient(h.pool, liveClient(true))
	old := h.adopting(id, "GenerateSecret", "true", "IdTokenValidity", "2h", "LogoutURLs", []any{"https://app.example.com/"})
	if out, _ := h.handle(event(cfn.RequestCreate, "", old, nil)); out.Status != cfn.StatusSuccess {
		t.Fatal(out.Reason)
	}

	t.Run("a change", func(t *testing.T) {
		next := with(old, "LogoutURLs", []any{"https://app.example.com/bye"})
		out, ops := h.handle(event(cfn.RequestUpdate, id, next, old))
		wantStatus(t, out, cfn.StatusSuccess, "updated")
		wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "UpdateUserPoolClient")
		h.noSecretHandled(t, out)
		if out.PhysicalResourceID != id || !slices.Equal(h.stored(id).LogoutURLs, []string{"https://app.example.com/bye"}) {
			t.Errorf("PhysicalResourceId %s, LogoutURLs %v", out.PhysicalResourceID, h.stored(id).LogoutURLs)
		}
		old = next
	})
	t.Run("nothing changes", func(t *testing.T) {
		out, ops := h.handle(event(cfn.RequestUpdate, id, old, old))
		wantStatus(t, out, cfn.StatusSuccess, "unchanged")
		wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
	})
	t.Run("a property no longer declared goes back to its default", func(t *testing.T) {
		next := with(old, "IdTokenValidity", nil, "GenerateSecret", nil)
		out, ops := h.handle(event(cfn.RequestUpdate, id, next, old))
		wantStatus(t, out, cfn.StatusSuccess, "updated")
		wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient")
		c := h.stored(id)
		if v, u := *c.IdTokenValidity, c.TokenValidityUnits.IdToken; v != 1 || u != types.TimeUnitsTypeHours {
			t.Errorf("IdTokenValidity = %d %s, want the default 1 hours", v, u)
		}
		if c.ClientSecret == nil || *c.ClientSecret != adoptedSecret {
			t.Error("the client's secret changed")
		}
		old = next
	})
	t.Run("a client gone out of band fails, and is not made again", func(t *testing.T) {
		h.deleteOutOfBand(id)
		next := with(old, "LogoutURLs", []any{"https://app.example.com/"})
		out, ops := h.handle(event(cfn.RequestUpdate, id, next, old))
		wantStatus(t, out, cfn.StatusFailed, "failed")
		wantOps(t, ops, "DescribeUserPoolClient", "DescribeUserPoolClient", "DescribeUserPoolClient", "DescribeUserPoolClient")
		if !strings.Contains(out.Reason, "ClientId: no client "+id) || len(h.fake.Clients(h.pool)) != 0 {
			t.Errorf("reason %q, %d clients", out.Reason, len(h.fake.Clients(h.pool)))
		}
	})
}

// The Delete of an adopted client deletes it, as an owned client's Delete
// does, with no Secrets Manager call; but never after a failed Create, nor
// when the physical id is not the client's: the Delete that follows a failed
// adoption, or one for a resource whose Create never answered, must leave
// the live client alone.
func TestAdoptDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	t.Run("deletes the client", func(t *testing.T) {
		id := h.fake.PutClient(h.pool, liveClient(true))
		p := h.adopting(id, "GenerateSecret", "true")
		out, ops := h.handle(event(cfn.RequestDelete, id, p, nil))
		wantStatus(t, out, cfn.StatusSuccess, "deleted")
		wantOps(t, ops, "DeleteUserPoolClient")
		h.noSecretHandled(t, out)
		if _, ok := h.fake.Client(h.pool, id); ok {
			t.Error("the client still exists")
		}
		t.Run("already gone", func(t *testing.T) {
			out, ops := h.handle(event(cfn.RequestDelete, id, p, nil))
			wantStatus(t, out, cfn.StatusSuccess, "deleted")
			wantOps(t, ops, "DeleteUserPoolClient")
		})
	})
	t.Run("invalid properties do not block it", func(t *testing.T) {
		id := h.fake.PutClient(h.pool, liveClient(false))
		out, _ := h.handle(event(cfn.RequestDelete, id, h.adopting(id, "AccessTokenValidity", "1y", "ClientSecret", "x"), nil))
		wantStatus(t, out, cfn.StatusSuccess, "deleted")
	})
	t.Run("after a failed adoption", func(t *testing.T) {
		id := h.fake.PutClient(h.pool, liveClient(true))
		// The Create fails: the template contradicts the client.
		p := h.adopting(id, "GenerateSecret", "false")
		out, _ := h.handle(event(cfn.RequestCreate, "", p, nil))
		wantStatus(t, out, cfn.StatusFailed, "failed")
		// CloudFormation then deletes the resource, by the id the failed
		// Create reported (package response makes it: docs/reference.md §3.8).
		failedID := response.FailedCreateID("5c7e9a1b-3d4f-4c8e-a0b2-4f6c8e0a2b07")
		out, ops := h.handle(event(cfn.RequestDelete, failedID, p, nil))
		wantStatus(t, out, cfn.StatusSuccess, "skipped")
		wantOps(t, ops)
		if len(out.Warnings) != 0 {
			t.Errorf("warnings %v", out.Warnings)
		}
		h.stored(id)
	})
	t.Run("a physical id that is not the client", func(t *testing.T) {
		id := h.fake.PutClient(h.pool, liveClient(false))
		for _, tc := range []struct {
			physical string
			warns    bool // a client id: a WARN line says the client was kept
		}{
			{"WebClientAdopted", true},
			{"cognito-auth-WebClientAdopted-1A2B3C4D5E6F", false},
		} {
			out, ops := h.handle(event(cfn.RequestDelete, tc.physical, h.adopting(id), nil))
			wantStatus(t, out, cfn.StatusSuccess, "skipped")
			wantOps(t, ops)
			warned := len(out.Warnings) == 1 && strings.Contains(out.Warnings[0], "app client "+id+" was not deleted")
			if warned != tc.warns || len(out.Warnings) > 1 {
				t.Errorf("%s: warnings %v, want a warning naming the kept client: %v", tc.physical, out.Warnings, tc.warns)
			}
		}
		h.stored(id)
	})
	t.Run("Adopt false is existing-client mode: no call", func(t *testing.T) {
		id := h.fake.PutClient(h.pool, liveClient(false))
		out, ops := h.handle(event(cfn.RequestDelete, id, h.adopting(id, "Adopt", "false"), nil))
		wantStatus(t, out, cfn.StatusSuccess, "skipped")
		wantOps(t, ops)
		h.stored(id)
	})
}

// Every pair of modes an Update can go between (owned, existing, adopted),
// with what the function does, whether the resource is replaced (a new
// physical id), and what CloudFormation's Delete of the old id then does
// with the old properties: the table of docs/reference.md §3.5.
func TestReplacementBetweenModes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	owned := func() map[string]any { return h.ownedProps() }
	existing := func(id string) map[string]any {
		return map[string]any{"UserPoolId": h.pool, "ClientId": id, "LogoutURLs": []any{"https://app.example.com/"}}
	}
	adopted := func(id string, kv ...any) map[string]any {
		return h.adopting(id, append([]any{"LogoutURLs", []any{"https://app.example.com/"}}, kv...)...)
	}
	const (
		same   = "same"  // the old client, in place
		named  = "named" // the client the new properties name
		newOne = "new"   // a client the event created
	)
	const describeUpdate, create = "DescribeUserPoolClient UpdateUserPoolClient", "CreateUserPoolClient"
	tests := []struct {
		name string
		// from and to build the old and new properties from the old
		// client's id and another live client's.
		from, to func(old, other string) map[string]any
		ownedOld bool   // the old client is the resource's own (else live, made elsewhere)
		ops      string // the Cognito calls of the Update
		id       string // the physical id it answers
		// oldKept: after CloudFormation's Delete of the old id (sent only
		// when the id changed) or, in place, after the resource's own
		// Delete, whether the old client still exists.
		oldKept bool
	}{
		{"owned to owned", func(_, _ string) map[string]any { return owned() }, func(_, _ string) map[string]any { return with(owned(), "LogoutURLs", []any{"https://x.example.com/"}) },
			true, describeUpdate, same, false},
		{"owned to owned with a secret", func(_, _ string) map[string]any { return owned() }, func(_, _ string) map[string]any { return with(owned(), "GenerateSecret", "true") },
			true, create + " ListUserPoolClientSecrets", newOne, false},
		{"owned to existing", func(_, _ string) map[string]any { return owned() }, func(_, o string) map[string]any { return existing(o) },
			true, describeUpdate, named, false},
		{"owned to existing, its own id", func(_, _ string) map[string]any { return owned() }, func(x, _ string) map[string]any { return existing(x) },
			true, describeUpdate, same, true},
		{"owned to adopted", func(_, _ string) map[string]any { return owned() }, func(_, o string) map[string]any { return adopted(o) },
			true, describeUpdate, named, false},
		{"owned to adopted, its own id", func(_, _ string) map[string]any { return owned() }, func(x, _ string) map[string]any { return adopted(x) },
			true, describeUpdate, same, false},
		{"existing to owned", func(x, _ string) map[string]any { return existing(x) }, func(_, _ string) map[string]any { return owned() },
			false, create, newOne, true},
		{"existing to existing, another client", func(x, _ string) map[string]any { return existing(x) }, func(_, o string) map[string]any { return existing(o) },
			false, describeUpdate, named, true},
		{"existing to adopted (Adopt alone)", func(x, _ string) map[string]any { return existing(x) }, func(x, _ string) map[string]any { return adopted(x) },
			false, "DescribeUserPoolClient", same, false},
		{"existing to adopted, another client", func(x, _ string) map[string]any { return existing(x) }, func(_, o string) map[string]any { return adopted(o) },
			false, describeUpdate, named, true},
		{"adopted to owned: the client stays the resource's", func(x, _ string) map[string]any { return adopted(x) }, func(_, _ string) map[string]any { return owned() },
			false, describeUpdate, same, false},
		{"adopted to existing (Adopt alone)", func(x, _ string) map[string]any { return adopted(x) }, func(x, _ string) map[string]any { return existing(x) },
			false, "DescribeUserPoolClient", same, true},
		{"adopted to existing (Adopt: false)", func(x, _ string) map[string]any { return adopted(x) }, func(x, _ string) map[string]any { return with(adopted(x), "Adopt", "false") },
			false, "DescribeUserPoolClient", same, true},
		{"adopted to existing, another client", func(x, _ string) map[string]any { return adopted(x) }, func(_, o string) map[string]any { return existing(o) },
			false, describeUpdate, named, false},
		{"adopted to adopted", func(x, _ string) map[string]any { return adopted(x) }, func(x, _ string) map[string]any { return adopted(x, "LogoutURLs", []any{"https://x.example.com/"}) },
			false, describeUpdate, same, false},
		{"adopted to adopted, GenerateSecret declared", func(x, _ string) map[string]any { return adopted(x) }, func(x, _ string) map[string]any { return adopted(x, "GenerateSecret", "false") },
			false, "DescribeUserPoolClient ListUserPoolClientSecrets", same, false},
		{"adopted to adopted, another client", func(x, _ string) map[string]any { return adopted(x) }, func(_, o string) map[string]any { return adopted(o) },
			false, describeUpdate, named, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var old string
			if tc.ownedOld {
				old = h.create(owned())
			} else {
				old = h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("live"), LogoutURLs: []string{"https://old.example.com/"}})
			}
			other := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("other")})
			from, to := tc.from(old, other), tc.to(old, other)
			if !tc.ownedOld {
				if out, _ := h.handle(event(cfn.RequestCreate, "", from, nil)); out.Status != cfn.StatusSuccess {
					t.Fatalf("Create: %s", out.Reason)
				}
			}
			out, ops := h.handle(event(cfn.RequestUpdate, old, to, from))
			wantOps(t, ops, strings.Fields(tc.ops)...)
			if out.Status != cfn.StatusSuccess {
				t.Fatalf("Update: %s", out.Reason)
			}
			switch tc.id {
			case same:
				if out.PhysicalResourceID != old || out.Action == "replaced" {
					t.Fatalf("PhysicalResourceId %s (%s), want the old %s, in place", out.PhysicalResourceID, out.Action, old)
				}
				// In place, CloudFormation sends no Delete now; the old
				// client's fate is the resource's own Delete's, later.
				h.handle(event(cfn.RequestDelete, old, to, nil))
			case named, newOne:
				want := other
				if tc.id == newOne {
					want = out.PhysicalResourceID
					if want == old || want == other {
						t.Fatalf("PhysicalResourceId %s: want a new client", want)
					}
				}
				if out.PhysicalResourceID != want || out.Action != "replaced" {
					t.Fatalf("PhysicalResourceId %s (%s), want %s, replaced", out.PhysicalResourceID, out.Action, want)
				}
				h.stored(want)
				// A new physical id: CloudFormation deletes the old one,
				// with the old properties, once the update is complete.
				if out, _ := h.handle(event(cfn.RequestDelete, old, from, nil)); out.Status != cfn.StatusSuccess {
					t.Fatalf("Delete of the old id: %s", out.Reason)
				}
				h.stored(want)
			}
			if _, kept := h.fake.Client(h.pool, old); kept != tc.oldKept {
				t.Errorf("the old client exists: %v, want %v", kept, tc.oldKept)
			}
		})
	}
}

// An Update that fails reports the physical id it was given, and
// CloudFormation rolls it back with an Update that swaps the properties
// (ledger row 43). For every failed move between modes, that rollback must
// bring the resource back to its client in place: never a new client (a new
// client id), never a refusal (UPDATE_ROLLBACK_FAILED). And a move that
// succeeded and is rolled back because another resource failed is undone
// the same way.
func TestRollbackBetweenModes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	owned := func() map[string]any { return h.ownedProps() }
	public := func() string { return h.fake.PutClient(h.pool, liveClient(false)) }
	const missing = "doesnotexist1234567890abcd"
	tests := []struct {
		name     string
		ownedOld bool // the resource's own client, else a live one made elsewhere
		// from and to build the properties before and after from the
		// resource's client and another live client.
		from, to func(mine, other string) map[string]any
		failed   bool   // the forward Update fails (else it succeeds, and another resource fails)
		reason   string // of the failed forward Update
	}{
		{"owned to a missing existing client", true, func(_, _ string) map[string]any { return owned() },
			func(_, _ string) map[string]any { return map[string]any{"UserPoolId": h.pool, "ClientId": missing} }, true, "ClientId: no client " + missing},
		{"owned to a missing client adopted", true, func(_, _ string) map[string]any { return owned() },
			func(_, _ string) map[string]any { return h.adopting(missing) }, true, "ClientId: no client " + missing},
		{"owned to an adopted client its GenerateSecret contradicts", true, func(_, _ string) map[string]any { return owned() },
			func(_, o string) map[string]any { return h.adopting(o, "GenerateSecret", "true") }, true, "GenerateSecret: is true"},
		{"adopted to owned with a secret it did not create", false, func(m, _ string) map[string]any { return h.adopting(m) },
			func(_, _ string) map[string]any { return with(owned(), "GenerateSecret", "true") }, true, "GenerateSecret: app client"},
		{"existing to adopted, GenerateSecret contradicting", false, func(m, _ string) map[string]any { return map[string]any{"UserPoolId": h.pool, "ClientId": m} },
			func(m, _ string) map[string]any { return h.adopting(m, "GenerateSecret", "true") }, true, "GenerateSecret: is true"},
		{"owned to adopted, its own id, undone", true, func(_, _ string) map[string]any { return owned() },
			func(m, _ string) map[string]any { return h.adopting(m) }, false, ""},
		{"owned with a secret to adopted, its own id, undone", true, func(_, _ string) map[string]any { return with(owned(), "GenerateSecret", "true") },
			func(m, _ string) map[string]any { return h.adopting(m, "GenerateSecret", "true") }, false, ""},
		{"adopted to owned, undone", false, func(m, _ string) map[string]any { return h.adopting(m) },
			func(_, _ string) map[string]any { return owned() }, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			other := public()
			var mine string
			if tc.ownedOld {
				mine = h.create(tc.from("", other))
			} else {
				mine = public()
			}
			from, to := tc.from(mine, other), tc.to(mine, other)
			if !tc.ownedOld {
				if out, _ := h.handle(event(cfn.RequestCreate, "", from, nil)); out.Status != cfn.StatusSuccess {
					t.Fatalf("Create: %s", out.Reason)
				}
			}
			before := h.stored(mine)
			var secret any
			if tc.ownedOld {
				out, _ := h.handle(event(cfn.RequestUpdate, mine, from, from))
				secret = out.Data["ClientSecret"]
			}
			clients := len(h.fake.Clients(h.pool))

			out, _ := h.handle(event(cfn.RequestUpdate, mine, to, from))
			if tc.failed {
				wantStatus(t, out, cfn.StatusFailed, "failed")
				if !strings.Contains(out.Reason, tc.reason) {
					t.Errorf("the forward Update's reason %q lacks %q", out.Reason, tc.reason)
				}
			} else if out.Status != cfn.StatusSuccess || out.PhysicalResourceID != mine {
				t.Fatalf("the forward Update: %s %s (%s)", out.Status, out.PhysicalResourceID, out.Reason)
			}

			// The rollback: the same physical id, the properties swapped.
			out, ops := h.handle(event(cfn.RequestUpdate, mine, from, to))
			if out.Status != cfn.StatusSuccess || out.PhysicalResourceID != mine {
				t.Fatalf("the rollback: %s, PhysicalResourceId %s (want %s): %s", out.Status, out.PhysicalResourceID, mine, out.Reason)
			}
			if slices.Contains(ops, "CreateUserPoolClient") || len(h.fake.Clients(h.pool)) != clients {
				t.Errorf("the rollback made a client: calls %v", ops)
			}
			if out.Data["ClientSecret"] != secret {
				t.Errorf("the rollback's ClientSecret is not the one before the Update")
			}
			after := h.stored(mine)
			if tc.failed {
				// The failed Update changed nothing: nor does its rollback.
				before.LastModifiedDate, before.RefreshTokenRotation = after.LastModifiedDate, after.RefreshTokenRotation
				if diff := compareClients(before, after); diff != "" {
					t.Errorf("the client is not back as it was:\n%s", diff)
				}
			}
			declared, _ := decode(from, "WebClient")
			if now := wire.FromClient(&after); props.Changed(props.Overlay(now, declared, nil), now) != nil {
				t.Errorf("after the rollback the client does not hold what the restored properties declare: %v", props.Changed(props.Overlay(now, declared, nil), now))
			}
		})
	}
}

// When an owned client follows properties that named a client, what those
// properties declared and the owned ones do not goes back to Cognito's
// default only if it was ever written to this client: after adopting it,
// yes; after a move to another client that failed (the rollback of that
// Update), no, so that the rollback leaves the client as it was, even a
// setting changed by hand.
func TestOwnedAfterNamedClientResetsOnlyWhatWasWritten(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const missing = "doesnotexist1234567890abcd"
	const byHand = "https://by-hand.example.com/"
	tests := []struct {
		name string
		// client makes the resource's client; named builds the properties
		// that named a client, from that client's id.
		client     func() string
		named      func(mine string) map[string]any
		wantLogout []string
	}{
		{"adopted, then owned: its LogoutURLs go back to none",
			func() string { return h.fake.PutClient(h.pool, liveClient(false)) },
			func(mine string) map[string]any {
				return h.adopting(mine, "LogoutURLs", []any{"https://app.example.com/"})
			},
			nil},
		{"the rollback of a move to a missing client: LogoutURLs set by hand are kept",
			func() string {
				id := h.create(h.ownedProps())
				c := h.stored(id)
				cfg := wire.FromClient(&c)
				cfg.LogoutURLs = []string{byHand}
				if _, err := h.client.UpdateUserPoolClient(context.Background(), wire.Update(h.pool, id, cfg)); err != nil {
					t.Fatal(err)
				}
				return id
			},
			func(string) map[string]any {
				return map[string]any{"UserPoolId": h.pool, "ClientId": missing, "LogoutURLs": []any{"https://app.example.com/"}}
			},
			[]string{byHand}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mine := tc.client()
			out, ops := h.handle(event(cfn.RequestUpdate, mine, h.ownedProps(), tc.named(mine)))
			if out.Status != cfn.StatusSuccess || out.PhysicalResourceID != mine {
				t.Fatalf("Update: %s, PhysicalResourceId %s (want %s): %s", out.Status, out.PhysicalResourceID, mine, out.Reason)
			}
			if slices.Contains(ops, "CreateUserPoolClient") {
				t.Errorf("calls %v: the client stays the resource's, in place", ops)
			}
			if got := h.stored(mine).LogoutURLs; !slices.Equal(got, tc.wantLogout) {
				t.Errorf("LogoutURLs = %v, want %v", got, tc.wantLogout)
			}
		})
	}
}
