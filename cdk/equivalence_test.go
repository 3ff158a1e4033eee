package cdk_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awspinpoint"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/cdk"
	"github.com/cognito-client-resource/cognitoclient/internal/native"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/wire"
)

// matrixEnv holds what the prop sets of the matrix refer to.
type matrixEnv struct {
	pool           awscognito.IUserPool // imported: a literal id
	poolWithIdPs   awscognito.IUserPool // Google and Amazon registered on it
	importedServer awscognito.IUserPoolResourceServer
	stackServer    awscognito.IUserPoolResourceServer // its id is a Ref
	app            awspinpoint.CfnApp
	pinpointRole   awsiam.IRole
}

// matrix is the prop sets on which NewClient must ask Cognito for the very
// client awscognito.NewUserPoolClient makes.
func matrix(e matrixEnv) []struct {
	name  string
	props *awscognito.UserPoolClientProps
} {
	s := jsii.String
	scopes := func(ss ...awscognito.OAuthScope) *[]awscognito.OAuthScope { return &ss }
	idps := func(ps ...awscognito.UserPoolClientIdentityProvider) *[]awscognito.UserPoolClientIdentityProvider {
		return &ps
	}
	code := &awscognito.OAuthFlows{AuthorizationCodeGrant: jsii.Bool(true)}
	type row = struct {
		name  string
		props *awscognito.UserPoolClientProps
	}
	return []row{
		{"defaults: OAuth with code and implicit, every scope, example.com", &awscognito.UserPoolClientProps{UserPool: e.pool}},
		{"a name, no secret", &awscognito.UserPoolClientProps{UserPool: e.pool, UserPoolClientName: s("web-app"), GenerateSecret: jsii.Bool(false)}},
		{"code grant, OIDC scopes, callback and logout URLs", &awscognito.UserPoolClientProps{UserPool: e.pool, OAuth: &awscognito.OAuthSettings{
			Flows:        code,
			Scopes:       scopes(awscognito.OAuthScope_OPENID(), awscognito.OAuthScope_EMAIL()),
			CallbackUrls: jsii.Strings("https://app.example.com/callback", "http://localhost:3000/callback"),
			LogoutUrls:   jsii.Strings("https://app.example.com/", "http://127.0.0.1:3000/"),
		}}},
		{"implicit grant to an app scheme, default scopes", &awscognito.UserPoolClientProps{UserPool: e.pool, OAuth: &awscognito.OAuthSettings{
			Flows:        &awscognito.OAuthFlows{ImplicitCodeGrant: jsii.Bool(true)},
			CallbackUrls: jsii.Strings("myapp://callback"),
		}}},
		{"OAuth without flows: the default flows; profile brings openid", &awscognito.UserPoolClientProps{UserPool: e.pool, OAuth: &awscognito.OAuthSettings{
			Scopes:       scopes(awscognito.OAuthScope_PROFILE()),
			CallbackUrls: jsii.Strings("https://app.example.com/callback"),
		}}},
		{"client credentials with resource-server scopes, secret", &awscognito.UserPoolClientProps{UserPool: e.pool, GenerateSecret: jsii.Bool(true), OAuth: &awscognito.OAuthSettings{
			Flows: &awscognito.OAuthFlows{ClientCredentials: jsii.Bool(true)},
			Scopes: scopes(
				awscognito.OAuthScope_ResourceServer(e.importedServer, awscognito.NewResourceServerScope(&awscognito.ResourceServerScopeProps{ScopeName: s("read"), ScopeDescription: s("read")})),
				awscognito.OAuthScope_ResourceServer(e.importedServer, awscognito.NewResourceServerScope(&awscognito.ResourceServerScopeProps{ScopeName: s("write"), ScopeDescription: s("write")})),
			),
		}}},
		{"scopes of a resource server in the stack (tokens) and a custom one", &awscognito.UserPoolClientProps{UserPool: e.pool, OAuth: &awscognito.OAuthSettings{
			Flows: code,
			Scopes: scopes(awscognito.OAuthScope_OPENID(),
				awscognito.OAuthScope_ResourceServer(e.stackServer, awscognito.NewResourceServerScope(&awscognito.ResourceServerScopeProps{ScopeName: s("read"), ScopeDescription: s("read")})),
				awscognito.OAuthScope_Custom(s("payments/charge"))),
			CallbackUrls: jsii.Strings("https://app.example.com/callback"),
		}}},
		{"default redirect URI among the callback URLs", &awscognito.UserPoolClientProps{UserPool: e.pool, OAuth: &awscognito.OAuthSettings{
			Flows:              code,
			CallbackUrls:       jsii.Strings("https://a.example.com/cb", "https://b.example.com/cb"),
			DefaultRedirectUri: s("https://b.example.com/cb"),
		}}},
		{"OAuth disabled", &awscognito.UserPoolClientProps{UserPool: e.pool, DisableOAuth: jsii.Bool(true)}},
		{"admin and phone scopes, both grants named", &awscognito.UserPoolClientProps{UserPool: e.pool, OAuth: &awscognito.OAuthSettings{
			Flows:        &awscognito.OAuthFlows{AuthorizationCodeGrant: jsii.Bool(true), ImplicitCodeGrant: jsii.Bool(true)},
			Scopes:       scopes(awscognito.OAuthScope_COGNITO_ADMIN(), awscognito.OAuthScope_PHONE()),
			CallbackUrls: jsii.Strings("https://app.example.com/callback"),
		}}},
		{"validities in minutes", &awscognito.UserPoolClientProps{UserPool: e.pool,
			AccessTokenValidity:  awscdk.Duration_Minutes(jsii.Number(90)),
			IdTokenValidity:      awscdk.Duration_Minutes(jsii.Number(60)),
			RefreshTokenValidity: awscdk.Duration_Minutes(jsii.Number(60 * 24 * 30)),
		}},
		{"validities in hours", &awscognito.UserPoolClientProps{UserPool: e.pool,
			AccessTokenValidity:  awscdk.Duration_Hours(jsii.Number(10)),
			IdTokenValidity:      awscdk.Duration_Hours(jsii.Number(24)),
			RefreshTokenValidity: awscdk.Duration_Hours(jsii.Number(48)),
		}},
		{"validities in days, at their maximums", &awscognito.UserPoolClientProps{UserPool: e.pool,
			AccessTokenValidity:  awscdk.Duration_Days(jsii.Number(1)),
			IdTokenValidity:      awscdk.Duration_Days(jsii.Number(1)),
			RefreshTokenValidity: awscdk.Duration_Days(jsii.Number(3650)),
		}},
		{"validities in seconds, at their minimums", &awscognito.UserPoolClientProps{UserPool: e.pool,
			AccessTokenValidity:  awscdk.Duration_Seconds(jsii.Number(300)),
			IdTokenValidity:      awscdk.Duration_Seconds(jsii.Number(300)),
			RefreshTokenValidity: awscdk.Duration_Seconds(jsii.Number(3600)),
		}},
		{"only a refresh validity, in milliseconds; auth session of 15 minutes", &awscognito.UserPoolClientProps{UserPool: e.pool,
			RefreshTokenValidity: awscdk.Duration_Millis(jsii.Number(7 * 24 * 3600 * 1000)),
			AuthSessionValidity:  awscdk.Duration_Minutes(jsii.Number(15)),
		}},
		{"auth session in seconds and milliseconds units", &awscognito.UserPoolClientProps{UserPool: e.pool,
			AuthSessionValidity: awscdk.Duration_Seconds(jsii.Number(180)),
			IdTokenValidity:     awscdk.Duration_Millis(jsii.Number(2 * 3600 * 1000)),
		}},
		{"identity providers named", &awscognito.UserPoolClientProps{UserPool: e.pool, SupportedIdentityProviders: idps(
			awscognito.UserPoolClientIdentityProvider_COGNITO(), awscognito.UserPoolClientIdentityProvider_GOOGLE(),
			awscognito.UserPoolClientIdentityProvider_FACEBOOK(), awscognito.UserPoolClientIdentityProvider_AMAZON(),
			awscognito.UserPoolClientIdentityProvider_APPLE(), awscognito.UserPoolClientIdentityProvider_Custom(s("Corp SAML")),
		)}},
		{"identity providers registered on the pool (the L2's default)", &awscognito.UserPoolClientProps{UserPool: e.poolWithIdPs}},
		{"no identity provider", &awscognito.UserPoolClientProps{UserPool: e.pool, SupportedIdentityProviders: idps()}},
		{"read and write attributes, standard and custom", &awscognito.UserPoolClientProps{UserPool: e.pool,
			ReadAttributes: awscognito.NewClientAttributes().
				WithStandardAttributes(&awscognito.StandardAttributesMask{Email: jsii.Bool(true), EmailVerified: jsii.Bool(true), GivenName: jsii.Bool(true), PhoneNumber: jsii.Bool(true)}).
				WithCustomAttributes(s("tier"), s("custom:plan")),
			WriteAttributes: awscognito.NewClientAttributes().
				WithStandardAttributes(&awscognito.StandardAttributesMask{GivenName: jsii.Bool(true)}).
				WithCustomAttributes(s("tier")),
		}},
		{"a secret, with additional user context data", &awscognito.UserPoolClientProps{UserPool: e.pool,
			GenerateSecret: jsii.Bool(true), EnablePropagateAdditionalUserContextData: jsii.Bool(true),
		}},
		{"every auth flow: the refresh-token flow added", &awscognito.UserPoolClientProps{UserPool: e.pool, AuthFlows: &awscognito.AuthFlow{
			UserPassword: jsii.Bool(true), AdminUserPassword: jsii.Bool(true), Custom: jsii.Bool(true), UserSrp: jsii.Bool(true), User: jsii.Bool(true),
		}}},
		{"refresh token rotation with a grace period: no refresh-token flow", &awscognito.UserPoolClientProps{UserPool: e.pool,
			AuthFlows:                       &awscognito.AuthFlow{UserSrp: jsii.Bool(true)},
			RefreshTokenRotationGracePeriod: awscdk.Duration_Seconds(jsii.Number(30)),
		}},
		{"refresh token rotation without grace, without flows", &awscognito.UserPoolClientProps{UserPool: e.pool,
			RefreshTokenRotationGracePeriod: awscdk.Duration_Seconds(jsii.Number(0)),
		}},
		{"refresh token rotation, a grace of one minute", &awscognito.UserPoolClientProps{UserPool: e.pool,
			AuthFlows:                       &awscognito.AuthFlow{User: jsii.Bool(true)},
			RefreshTokenRotationGracePeriod: awscdk.Duration_Minutes(jsii.Number(1)),
		}},
		{"analytics to a Pinpoint application, user data shared", &awscognito.UserPoolClientProps{UserPool: e.pool, Analytics: &awscognito.AnalyticsConfiguration{
			Application: e.app, ShareUserData: jsii.Bool(true),
		}}},
		{"analytics by application id, role and external id", &awscognito.UserPoolClientProps{UserPool: e.pool, Analytics: &awscognito.AnalyticsConfiguration{
			ApplicationId: s("a1b2c3d4e5f6"), ExternalId: s("external"), Role: e.pinpointRole,
		}}},
		{"user existence errors prevented", &awscognito.UserPoolClientProps{UserPool: e.pool, PreventUserExistenceErrors: jsii.Bool(true)}},
		{"legacy user existence errors, token revocation off", &awscognito.UserPoolClientProps{UserPool: e.pool,
			PreventUserExistenceErrors: jsii.Bool(false), EnableTokenRevocation: jsii.Bool(false),
		}},
		{"token revocation on", &awscognito.UserPoolClientProps{UserPool: e.pool, EnableTokenRevocation: jsii.Bool(true)}},
		{"everything at once", &awscognito.UserPoolClientProps{UserPool: e.poolWithIdPs,
			UserPoolClientName: s("everything"),
			GenerateSecret:     jsii.Bool(true),
			AuthFlows:          &awscognito.AuthFlow{UserSrp: jsii.Bool(true), Custom: jsii.Bool(true)},
			OAuth: &awscognito.OAuthSettings{
				Flows:              code,
				Scopes:             scopes(awscognito.OAuthScope_OPENID(), awscognito.OAuthScope_EMAIL(), awscognito.OAuthScope_PROFILE()),
				CallbackUrls:       jsii.Strings("https://app.example.com/callback", "http://[::1]:8080/cb"),
				LogoutUrls:         jsii.Strings("https://app.example.com/"),
				DefaultRedirectUri: s("https://app.example.com/callback"),
			},
			AccessTokenValidity:                      awscdk.Duration_Minutes(jsii.Number(45)),
			IdTokenValidity:                          awscdk.Duration_Hours(jsii.Number(2)),
			RefreshTokenValidity:                     awscdk.Duration_Days(jsii.Number(90)),
			AuthSessionValidity:                      awscdk.Duration_Minutes(jsii.Number(5)),
			ReadAttributes:                           awscognito.NewClientAttributes().WithStandardAttributes(&awscognito.StandardAttributesMask{Email: jsii.Bool(true)}),
			WriteAttributes:                          awscognito.NewClientAttributes().WithCustomAttributes(s("tier")),
			PreventUserExistenceErrors:               jsii.Bool(true),
			EnableTokenRevocation:                    jsii.Bool(true),
			EnablePropagateAdditionalUserContextData: jsii.Bool(true),
			Analytics:                                &awscognito.AnalyticsConfiguration{ApplicationId: s("a1b2c3d4e5f6"), ExternalId: s("x"), Role: e.pinpointRole, ShareUserData: jsii.Bool(false)},
		}},
	}
}

// TestClientEquivalence builds, from each prop set of the matrix, the L2
// and NewClient side by side in one stack, synthesizes once, and checks that
// the Cognito request each would send is the same: the native resource's
// CreateUserPoolClient (its CloudFormation properties, field by field) and
// the function's (its properties decoded by internal/props, the request
// built by internal/wire), compared with their units normalised.
func TestClientEquivalence(t *testing.T) {
	stack := newStack(t)
	e := matrixEnv{
		pool:           importedPool(stack, "Pool"),
		poolWithIdPs:   awscognito.UserPool_FromUserPoolId(stack, jsii.String("PoolWithIdPs"), jsii.String("us-east-1_IdPs12345")),
		importedServer: awscognito.UserPoolResourceServer_FromUserPoolResourceServerId(stack, jsii.String("ImportedServer"), jsii.String("orders")),
		app:            awspinpoint.NewCfnApp(stack, jsii.String("Analytics"), &awspinpoint.CfnAppProps{Name: jsii.String("analytics")}),
		pinpointRole:   awsiam.Role_FromRoleArn(stack, jsii.String("PinpointRole"), jsii.String("arn:aws:iam::123456789012:role/pinpoint"), nil),
	}
	// Amazon Pinpoint has closed (the CDK's validation and cfn-lint both
	// warn of it, as W3696); the L2 still takes an application, and the
	// ApplicationArn form of AnalyticsConfiguration needs one.
	awscdk.Validations_Of(e.app).Acknowledge(&awscdk.Acknowledgment{
		Id: jsii.String("CloudFormation-Validate::W3696"), Reason: jsii.String("the L2's Analytics.Application takes a Pinpoint application"),
	})
	e.app.AddMetadata(jsii.String("cfn-lint"), map[string]any{"config": map[string]any{"ignore_checks": []string{"W3696"}}})
	e.stackServer = awscognito.NewUserPoolResourceServer(stack, jsii.String("Server"), &awscognito.UserPoolResourceServerProps{
		UserPool: e.pool, Identifier: jsii.String("inventory"),
		Scopes: &[]awscognito.ResourceServerScope{awscognito.NewResourceServerScope(&awscognito.ResourceServerScopeProps{ScopeName: jsii.String("read"), ScopeDescription: jsii.String("read")})},
	})
	awscognito.NewUserPoolIdentityProviderGoogle(stack, jsii.String("Google"), &awscognito.UserPoolIdentityProviderGoogleProps{
		UserPool: e.poolWithIdPs, ClientId: jsii.String("google-client"), ClientSecretValue: awscdk.SecretValue_UnsafePlainText(jsii.String("google-secret")),
	})
	awscognito.NewUserPoolIdentityProviderAmazon(stack, jsii.String("Amazon"), &awscognito.UserPoolIdentityProviderAmazonProps{
		UserPool: e.poolWithIdPs, ClientId: jsii.String("amazon-client"), ClientSecret: jsii.String("amazon-secret"),
	})

	rows := matrix(e)
	type pair struct{ native, ours string }
	ids := make([]pair, len(rows))
	for i, r := range rows {
		l2 := awscognito.NewUserPoolClient(stack, jsii.String(fmt.Sprintf("Native%d", i)), r.props)
		c := cdk.NewClient(stack, jsii.String(fmt.Sprintf("Ours%d", i)), r.props)
		ids[i] = pair{logicalID(stack, l2), logicalID(stack, c)}
	}
	awscdk.Stage_Of(stack).Synth(nil) // with the constructs' validations
	template := jsonValue(t, assertions.Template_FromStack(stack, nil).ToJSON()).(map[string]any)
	resources := template["Resources"].(map[string]any)
	propertiesOf := func(id, typ string) map[string]any {
		r, ok := resources[id].(map[string]any)
		if !ok || r["Type"] != typ {
			t.Fatalf("no %s %s in the template", typ, id)
		}
		return standIns(r["Properties"]).(map[string]any)
	}

	for i, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			want, err := native.CreateInput(propertiesOf(ids[i].native, "AWS::Cognito::UserPoolClient"))
			if err != nil {
				t.Fatal(err)
			}
			got := functionCreate(t, propertiesOf(ids[i].ours, resourceType))
			if d := native.Diff(got, want); d != nil {
				t.Errorf("the resource would ask Cognito for another client than the L2:\n%s", strings.Join(d, "\n"))
			}
		})
	}

	// Only the L2s made an AWS::Cognito::UserPoolClient: NewClient leaves
	// nothing of its own L2 behind.
	if got := len(idsOfType(resources, "AWS::Cognito::UserPoolClient")); got != len(rows) {
		t.Errorf("%d AWS::Cognito::UserPoolClient, want the %d of the L2s", got, len(rows))
	}
	for _, id := range []string{"Ours0", "Ours1"} {
		if stack.Node().FindChild(jsii.String(id)).Node().TryFindChild(jsii.String("L2")) != nil {
			t.Errorf("%s keeps its L2 child", id)
		}
	}
	lint(t, stack)

	t.Run("the matrix sets every field of the props", func(t *testing.T) {
		values := make([]reflect.Value, len(rows))
		for i, r := range rows {
			values[i] = reflect.ValueOf(r.props).Elem()
		}
		for _, f := range unset(values, "UserPoolClientProps") {
			t.Errorf("no prop set of the matrix sets %s: add one, and compare it with the L2", f)
		}
	})
}

// functionCreate returns the CreateUserPoolClient request the function
// sends for a Create with the custom resource's properties (without the
// ClientName default it adds when none is declared, which names the client
// after its logical id as CloudFormation does for the native resource).
func functionCreate(t *testing.T, properties map[string]any) *cip.CreateUserPoolClientInput {
	t.Helper()
	delete(properties, "ServiceToken")
	s, err := props.Decode(properties)
	if err != nil {
		t.Fatalf("the function refuses the properties: %v", err)
	}
	if s.Existing() {
		t.Fatal("existing-client mode")
	}
	return wire.Create(s.UserPoolId, s.Config, s.Declared, s.GenerateSecret, s.Secret.Literal)
}

// standIns replaces each intrinsic function (a Ref, a Fn::GetAtt, a
// Fn::Join...) by a string that names it, the same on both sides of a
// comparison, so that properties holding tokens can be decoded: a short
// ARN, which is also a valid scope and provider name.
func standIns(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k := range x {
				if k == "Ref" || strings.HasPrefix(k, "Fn::") {
					b, _ := json.Marshal(x)
					sum := sha256.Sum256(b)
					return "arn:aws:i:r:1:" + hex.EncodeToString(sum[:4])
				}
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = standIns(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = standIns(e)
		}
		return out
	}
	return v
}

// unset names the fields of the structs vs (of one type) that none of them
// sets, and the same within the struct-valued fields they do set.
func unset(vs []reflect.Value, path string) []string {
	if len(vs) == 0 {
		return []string{path}
	}
	var out []string
	t := vs[0].Type()
	for i := range t.NumField() {
		name := path + "." + t.Field(i).Name
		var set []reflect.Value
		for _, v := range vs {
			if f := v.Field(i); !f.IsZero() {
				set = append(set, f)
			}
		}
		if len(set) == 0 {
			out = append(out, name)
			continue
		}
		if ft := t.Field(i).Type; ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct {
			elems := make([]reflect.Value, len(set))
			for j, f := range set {
				elems[j] = f.Elem()
			}
			out = append(out, unset(elems, name)...)
		}
	}
	return out
}

// idsOfType returns the logical ids of the resources of type typ.
func idsOfType(resources map[string]any, typ string) []string {
	var ids []string
	for id, r := range resources {
		if r.(map[string]any)["Type"] == typ {
			ids = append(ids, id)
		}
	}
	return ids
}
