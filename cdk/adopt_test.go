package cdk_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/cdk"
	"github.com/cognito-client-resource/cognitoclient/internal/native"
)

// adoptedID is the id of the client the L2 made, which the adoption names.
const adoptedID = "1example23456789adopted"

// TestAdoptingTheL2sClient is the migration of docs/cdk.md ("Adopting the
// L2's client") for three prop sets: step (a) is the L2 with RETAIN, step (b)
// the same props given to NewClient with WithAdoption. The custom resource
// declares the very configuration the L2 gave its client, under another
// logical id (CloudFormation does not change a resource's type in place),
// with ClientId and Adopt, and keeps both Retain policies without being
// told; ApplyRemovalPolicy still changes them.
func TestAdoptingTheL2sClient(t *testing.T) {
	app := newApp(t, t.TempDir())
	type step struct {
		before, after awscdk.Stack
		l2            awscognito.UserPoolClient
		client        *cdk.Client
	}
	propSets := []struct {
		name  string
		props func(pool awscognito.IUserPool) *awscognito.UserPoolClientProps
	}{
		{"defaults", func(pool awscognito.IUserPool) *awscognito.UserPoolClientProps {
			return &awscognito.UserPoolClientProps{UserPool: pool}
		}},
		{"a web client", func(pool awscognito.IUserPool) *awscognito.UserPoolClientProps {
			return &awscognito.UserPoolClientProps{
				UserPool: pool, UserPoolClientName: jsii.String("web"), GenerateSecret: jsii.Bool(false),
				AuthFlows:           &awscognito.AuthFlow{UserSrp: jsii.Bool(true)},
				AccessTokenValidity: awscdk.Duration_Minutes(jsii.Number(90)), RefreshTokenValidity: awscdk.Duration_Days(jsii.Number(30)),
				OAuth: &awscognito.OAuthSettings{
					Flows:        &awscognito.OAuthFlows{AuthorizationCodeGrant: jsii.Bool(true)},
					Scopes:       &[]awscognito.OAuthScope{awscognito.OAuthScope_OPENID(), awscognito.OAuthScope_EMAIL()},
					CallbackUrls: jsii.Strings("https://app.example.com/callback"), LogoutUrls: jsii.Strings("https://app.example.com/"),
				},
				PreventUserExistenceErrors: jsii.Bool(true),
			}
		}},
		{"a confidential machine client", func(pool awscognito.IUserPool) *awscognito.UserPoolClientProps {
			return &awscognito.UserPoolClientProps{
				UserPool: pool, GenerateSecret: jsii.Bool(true),
				OAuth: &awscognito.OAuthSettings{
					Flows:  &awscognito.OAuthFlows{ClientCredentials: jsii.Bool(true)},
					Scopes: &[]awscognito.OAuthScope{awscognito.OAuthScope_Custom(jsii.String("orders/read"))},
				},
			}
		}},
	}
	steps := make([]step, len(propSets))
	for i, ps := range propSets {
		var s step
		s.before = awscdk.NewStack(app, jsii.String("Before"+strings.ReplaceAll(ps.name, " ", "")), nil)
		s.l2 = awscognito.NewUserPoolClient(s.before, jsii.String("Web"), ps.props(importedPool(s.before, "Pool")))
		s.l2.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN) // step (a)
		s.after = awscdk.NewStack(app, jsii.String("After"+strings.ReplaceAll(ps.name, " ", "")), nil)
		cdk.NewProvider(s.after, &cdk.ProviderProps{BootstrapDir: jsii.String(dummyBootstrap(t))})
		s.client = cdk.NewClient(s.after, jsii.String("Web"), ps.props(importedPool(s.after, "Pool")), cdk.WithAdoption(jsii.String(adoptedID)))
		steps[i] = s
	}
	// A later deploy, once the adoption is complete, lets the stack's
	// deletion delete the client.
	later := awscdk.NewStack(app, jsii.String("Later"), nil)
	cdk.NewProvider(later, &cdk.ProviderProps{BootstrapDir: jsii.String(dummyBootstrap(t))})
	cdk.NewClient(later, jsii.String("Web"), &awscognito.UserPoolClientProps{UserPool: importedPool(later, "Pool")},
		cdk.WithAdoption(jsii.String(adoptedID))).ApplyRemovalPolicy(awscdk.RemovalPolicy_DESTROY)
	app.Synth(nil)

	for i, ps := range propSets {
		s := steps[i]
		t.Run(ps.name, func(t *testing.T) {
			nativeID, nativeRes := only(t, s.before, "AWS::Cognito::UserPoolClient")
			oursID, ours := only(t, s.after, resourceType)
			if nativeID == oursID {
				t.Errorf("the custom resource has the L2's logical id %s: CloudFormation would refuse the change of type", nativeID)
			}
			for _, r := range []map[string]any{nativeRes, ours} {
				if r["DeletionPolicy"] != "Retain" || r["UpdateReplacePolicy"] != "Retain" {
					t.Errorf("DeletionPolicy %v, UpdateReplacePolicy %v; want Retain and Retain", r["DeletionPolicy"], r["UpdateReplacePolicy"])
				}
			}
			got := ours["Properties"].(map[string]any)
			if got["ClientId"] != adoptedID || got["Adopt"] != "true" {
				t.Fatalf("ClientId %v, Adopt %v", got["ClientId"], got["Adopt"])
			}
			delete(got, "ClientId")
			delete(got, "Adopt")
			want, err := native.CreateInput(standIns(nativeRes["Properties"]).(map[string]any))
			if err != nil {
				t.Fatal(err)
			}
			if d := native.Diff(functionCreate(t, standIns(got).(map[string]any)), want); d != nil {
				t.Errorf("the adopting resource declares another configuration than the L2's client has:\n%s", strings.Join(d, "\n"))
			}
			msg := panicText(func() { s.client.UserPoolClientSecret() })
			if !strings.Contains(msg, "Web has no UserPoolClientSecret: it adopts an existing client (WithAdoption), and the resource never hands out a secret it did not create") {
				t.Errorf("UserPoolClientSecret panicked with %q", msg)
			}
			if msg := panicText(func() { s.client.Secret() }); !strings.Contains(msg, "Web has no client secret store: it adopts an existing client (WithAdoption)") {
				t.Errorf("Secret panicked with %q", msg)
			}
			lint(t, s.before, s.after)
		})
	}
	t.Run("RemovalPolicy DESTROY in a later deploy", func(t *testing.T) {
		_, r := only(t, later, resourceType)
		if r["DeletionPolicy"] != "Delete" || r["UpdateReplacePolicy"] != "Delete" {
			t.Errorf("DeletionPolicy %v, UpdateReplacePolicy %v; want Delete and Delete", r["DeletionPolicy"], r["UpdateReplacePolicy"])
		}
	})
}

// The CloudFormation-named form adopts with ClientSettings.Adopt beside a
// ClientId, and keeps the client with the same default policy; and what
// adoption refuses fails the synthesis, with the function's messages.
func TestAdoptionInTheCloudFormationNamedForm(t *testing.T) {
	stack := newStack(t)
	pool := importedPool(stack, "Pool")
	adopt := func(id, logout string) *cdk.UserPoolClientSettings {
		return cdk.NewUserPoolClientSettings(stack, jsii.String(id), &cdk.UserPoolClientSettingsProps{
			UserPool: pool, ClientId: jsii.String(adoptedID),
			ClientSettings: cdk.ClientSettings{Adopt: jsii.Bool(true), LogoutURLs: jsii.Strings(logout)},
		})
	}
	adopt("Adopted", "https://kept.example.com/")
	awscdk.RemovalPolicies_Of(adopt("Released", "https://deleted.example.com/")).Destroy(nil)
	policies := map[string]string{}
	for _, r := range resources(t, stack, resourceType) {
		ps := r["Properties"].(map[string]any)
		if ps["ClientId"] != adoptedID || ps["Adopt"] != "true" {
			t.Errorf("properties %v", jsonText(ps))
		}
		if r["DeletionPolicy"] != r["UpdateReplacePolicy"] {
			t.Errorf("DeletionPolicy %v, UpdateReplacePolicy %v", r["DeletionPolicy"], r["UpdateReplacePolicy"])
		}
		policies[ps["LogoutURLs"].([]any)[0].(string)], _ = r["DeletionPolicy"].(string)
	}
	want := map[string]string{"https://kept.example.com/": "Retain", "https://deleted.example.com/": "Delete"}
	if jsonText(policies) != jsonText(want) {
		t.Errorf("DeletionPolicy by client: %v, want %v", policies, want)
	}
	lint(t, stack)
}

func TestAdoptionRefusals(t *testing.T) {
	stack := newStack(t)
	pool := importedPool(stack, "Pool")
	props := func() *awscognito.UserPoolClientProps {
		return &awscognito.UserPoolClientProps{UserPool: pool, DisableOAuth: jsii.Bool(true)}
	}
	cdk.NewClient(stack, jsii.String("Both"), props(), cdk.WithAdoption(jsii.String(adoptedID)), cdk.WithExistingClient(jsii.String(adoptedID)))
	cdk.NewClient(stack, jsii.String("AddedURLs"), props(), cdk.WithAdoption(jsii.String(adoptedID)), cdk.WithAdditionalLogoutURLs(jsii.Strings("https://pr-1.example.com/")))
	cdk.NewUserPoolClient(stack, jsii.String("OwnedAdopts"), &cdk.UserPoolClientProps{UserPool: pool, ClientSettings: cdk.ClientSettings{Adopt: jsii.Bool(true)}})
	cdk.NewClient(stack, jsii.String("AdoptedSecret"), props(), cdk.WithAdoption(jsii.String(adoptedID)),
		cdk.WithClientSecret(awscdk.SecretValue_SecretsManager(jsii.String("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/web-AbCdEf"),
			&awscdk.SecretsManagerSecretOptions{JsonField: jsii.String("clientSecret"), VersionId: jsii.String("EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE")})))
	msg := panicText(func() { awscdk.Stage_Of(stack).Synth(nil) })
	for _, w := range []string{
		"[Stack/Both] ClientId: is given by both WithExistingClient and WithAdoption: give one",
		"[Stack/AddedURLs] AdditionalLogoutURLs: can't be used with Adopt: an adopted client is this resource's own, and takes LogoutURLs whole",
		"[Stack/OwnedAdopts] Adopt: needs ClientId",
		"[Stack/AdoptedSecret] ClientSecret: can't be used with Adopt: an adopted client keeps the secret it has",
	} {
		if !strings.Contains(msg, w) {
			t.Errorf("synth error lacks %q:\n%s", w, msg)
		}
	}
	if got := strings.Count(msg, "[Stack/"); got != 4 {
		t.Errorf("synth error holds %d problems, want 4:\n%s", got, msg)
	}
}
