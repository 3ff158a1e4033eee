package cdk_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2actions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/cdk"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// The drop-in is an IUserPoolClient for the Go compiler; jsii accepting it
// is what TestClientGoesWhereTheL2Goes shows.
var _ awscognito.IUserPoolClient = (*cdk.Client)(nil)

// injector is a property injector for awscognito.UserPoolClient that
// records where it ran and gives the L2 its props. (An injector written in
// Go cannot pass its original props back: jsii-go hands them over as plain
// maps, in which the references to constructs, such as the user pool, no
// longer resolve; that is so for every L2, and injectors written in
// TypeScript are not concerned.)
type injector struct {
	props *awscognito.UserPoolClientProps
	ran   []string
}

func (*injector) ConstructUniqueId() *string {
	return awscognito.UserPoolClient_PROPERTY_INJECTION_ID()
}

func (i *injector) Inject(_ any, c *awscdk.InjectionContext) any {
	i.ran = append(i.ran, *c.Scope.Node().Path()+" "+*c.Id)
	return i.props
}

// TestClientGoesWhereTheL2Goes builds one app in which the drop-in is given
// wherever an awscognito.IUserPoolClient goes (an ALB's Cognito action, an
// HTTP API's user pool authorizer, NewUserPoolClientSettings, a Secrets
// Manager secret from its UserPoolClientSecret), with a pool in another
// stack, a callback URL from another construct, a property injector on the
// app and the extras; it synthesizes, and cfn-lint passes on every stack.
func TestClientGoesWhereTheL2Goes(t *testing.T) {
	stack := newStack(t)
	app := awscdk.Stage_Of(stack)

	pool := awscognito.NewUserPool(stack, jsii.String("Users"), nil)
	domain := pool.AddDomain(jsii.String("Domain"), &awscognito.UserPoolDomainOptions{
		CognitoDomain: &awscognito.CognitoDomainOptions{DomainPrefix: jsii.String("drop-in-test")},
	})
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{MaxAzs: jsii.Number(2), NatGateways: jsii.Number(0)})
	alb := awselasticloadbalancingv2.NewApplicationLoadBalancer(stack, jsii.String("Alb"), &awselasticloadbalancingv2.ApplicationLoadBalancerProps{
		Vpc: vpc, InternetFacing: jsii.Bool(true),
	})
	// The ALB's own address in the callback URL: a token from another
	// construct, and no cycle (the listener depends on the client, the
	// client on the load balancer).
	callback := jsii.String("https://" + *alb.LoadBalancerDnsName() + "/oauth2/idpresponse")
	props := &awscognito.UserPoolClientProps{
		UserPool:       pool,
		GenerateSecret: jsii.Bool(true),
		OAuth: &awscognito.OAuthSettings{
			Flows:        &awscognito.OAuthFlows{AuthorizationCodeGrant: jsii.Bool(true)},
			Scopes:       &[]awscognito.OAuthScope{awscognito.OAuthScope_OPENID()},
			CallbackUrls: &[]*string{callback},
		},
	}
	// The organisation's defaults, injected on the stack.
	injected := *props
	injected.PreventUserExistenceErrors = jsii.Bool(true)
	defaults := &injector{props: &injected}
	awscdk.PropertyInjectors_Of(stack).Add(defaults)
	client := cdk.NewClient(stack, jsii.String("Web"), props)
	if want := []string{"Stack/Web L2"}; !reflect.DeepEqual(defaults.ran, want) {
		t.Errorf("the injector ran for %q, want %q", defaults.ran, want)
	}
	client.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN)

	alb.AddListener(jsii.String("Https"), &awselasticloadbalancingv2.BaseApplicationListenerProps{
		Port:         jsii.Number(443),
		Certificates: &[]awselasticloadbalancingv2.IListenerCertificate{awselasticloadbalancingv2.ListenerCertificate_FromArn(jsii.String("arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"))},
		DefaultAction: awselasticloadbalancingv2actions.NewAuthenticateCognitoAction(&awselasticloadbalancingv2actions.AuthenticateCognitoActionProps{
			UserPool: pool, UserPoolClient: client, UserPoolDomain: domain,
			Next: awselasticloadbalancingv2.ListenerAction_FixedResponse(jsii.Number(200), &awselasticloadbalancingv2.FixedResponseOptions{
				ContentType: jsii.String("text/plain"), MessageBody: jsii.String("signed in"),
			}),
		}),
	})
	api := awsapigatewayv2.NewHttpApi(stack, jsii.String("Api"), nil)
	api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
		Path:        jsii.String("/items"),
		Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_GET},
		Integration: awsapigatewayv2integrations.NewHttpUrlIntegration(jsii.String("Backend"), jsii.String("https://backend.example.com/items"), nil),
		Authorizer: awsapigatewayv2authorizers.NewHttpUserPoolAuthorizer(jsii.String("Cognito"), pool, &awsapigatewayv2authorizers.HttpUserPoolAuthorizerProps{
			UserPoolClients: &[]awscognito.IUserPoolClient{client},
		}),
	})
	awssecretsmanager.NewSecret(stack, jsii.String("Secret"), &awssecretsmanager.SecretProps{SecretStringValue: client.UserPoolClientSecret()})
	cdk.NewUserPoolClientSettings(stack, jsii.String("PreviewURLs"), &cdk.UserPoolClientSettingsProps{
		UserPool: pool, Client: client, AdditionalLogoutURLs: jsii.Strings("https://pr-1.example.com/"),
	})
	awscdk.NewCfnOutput(stack, jsii.String("ClientName"), &awscdk.CfnOutputProps{Value: client.UserPoolClientName()})

	// A pool in another stack; a client of it in existing-client mode, with
	// the extras.
	pools := awscdk.NewStack(app, jsii.String("Pools"), nil)
	shared := awscognito.NewUserPool(pools, jsii.String("Shared"), nil)
	tenant := awscdk.NewStack(app, jsii.String("Tenant"), nil)
	cdk.NewProvider(tenant, &cdk.ProviderProps{BootstrapDir: jsii.String(dummyBootstrap(t))})
	minutes := awscdk.NewCfnParameter(tenant, jsii.String("AccessMinutes"), &awscdk.CfnParameterProps{Type: jsii.String("Number"), Default: jsii.Number(60)})
	existing := cdk.NewClient(tenant, jsii.String("Existing"), &awscognito.UserPoolClientProps{
		UserPool: shared, DisableOAuth: jsii.Bool(true), PreventUserExistenceErrors: jsii.Bool(false),
	},
		cdk.WithExistingClient(jsii.String("1example23456789")),
		cdk.WithAdditionalLogoutURLs(jsii.Strings("https://tenant.example.com/")),
		cdk.WithAccessTokenValidity(awscdk.Duration_Minutes(minutes.ValueAsNumber())),
		cdk.WithIdTokenValidity(awscdk.Duration_Seconds(jsii.Number(330))),
		cdk.WithRefreshTokenValidity(awscdk.Duration_Hours(jsii.Number(36))),
		cdk.WithAuthSessionValidity(awscdk.Duration_Seconds(jsii.Number(300))),
		cdk.WithServiceTimeout(awscdk.Duration_Minutes(jsii.Number(10))),
	)
	lint(t, stack, pools, tenant)

	tmpl := jsonValue(t, assertions.Template_FromStack(stack, nil).ToJSON()).(map[string]any)
	resources := tmpl["Resources"].(map[string]any)
	id := logicalID(stack, client)
	ref := map[string]any{"Ref": id}
	if got := idsOfType(resources, "AWS::Cognito::UserPoolClient"); len(got) != 0 {
		t.Errorf("AWS::Cognito::UserPoolClient %v in the template: the L2 must not stay", got)
	}
	if d := stack.Node().FindChild(jsii.String("Web")).Node().DefaultChild(); d == nil || *d.Node().Path() != "Stack/Web/Default/Default" {
		t.Errorf("DefaultChild is not the custom resource's CfnResource")
	}
	web := resources[id].(map[string]any)
	if web["Type"] != resourceType || web["DeletionPolicy"] != "Retain" {
		t.Errorf("%s: type %v, deletion policy %v; want %s, Retain", id, web["Type"], web["DeletionPolicy"], resourceType)
	}
	webProps := web["Properties"].(map[string]any)
	for name, want := range map[string]any{
		// The injector's default reached the L2 inside NewClient.
		"PreventUserExistenceErrors": "ENABLED",
		"CallbackURLs": []any{map[string]any{"Fn::Join": []any{"", []any{
			"https://", map[string]any{"Fn::GetAtt": []any{logicalID(stack, alb), "DNSName"}}, "/oauth2/idpresponse",
		}}}},
		"GenerateSecret": "true",
	} {
		if got := webProps[name]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %s, want %s", name, jsonText(got), jsonText(want))
		}
	}
	uses := []struct {
		what string
		typ  string
		path []string
		want any
	}{
		{"the ALB's Cognito action", "AWS::ElasticLoadBalancingV2::Listener", []string{"DefaultActions", "0", "AuthenticateCognitoConfig", "UserPoolClientId"}, ref},
		{"the HTTP API authorizer's audience", "AWS::ApiGatewayV2::Authorizer", []string{"JwtConfiguration", "Audience"}, []any{ref}},
		{"the secret", "AWS::SecretsManager::Secret", []string{"SecretString"}, map[string]any{"Fn::GetAtt": []any{id, "ClientSecret"}}},
		{"the settings on the client", resourceType + "#PreviewURLs", []string{"ClientId"}, ref},
	}
	for _, u := range uses {
		typ, only, _ := strings.Cut(u.typ, "#")
		found := 0
		for rid, r := range resources {
			r := r.(map[string]any)
			if r["Type"] != typ || (only != "" && !strings.HasPrefix(rid, only)) {
				continue
			}
			found++
			var v any = r["Properties"]
			for _, k := range u.path {
				switch x := v.(type) {
				case map[string]any:
					v = x[k]
				case []any:
					v = x[0]
				}
			}
			if !reflect.DeepEqual(v, u.want) {
				t.Errorf("%s: %s = %s, want %s", u.what, strings.Join(u.path, "."), jsonText(v), jsonText(u.want))
			}
		}
		if found != 1 {
			t.Errorf("%s: %d resources of type %s", u.what, found, typ)
		}
	}
	outputs := tmpl["Outputs"].(map[string]any)
	if got, want := outputs["ClientName"].(map[string]any)["Value"], (map[string]any{"Fn::GetAtt": []any{id, "ClientName"}}); !reflect.DeepEqual(got, want) {
		t.Errorf("UserPoolClientName = %s, want %s", jsonText(got), jsonText(want))
	}

	got := jsonValue(t, assertions.Template_FromStack(tenant, nil).ToJSON()).(map[string]any)["Resources"].(map[string]any)[logicalID(tenant, existing)].(map[string]any)["Properties"].(map[string]any)
	delete(got, "ServiceToken")
	want := map[string]any{
		"UserPoolId":                      map[string]any{"Fn::ImportValue": got["UserPoolId"].(map[string]any)["Fn::ImportValue"]},
		"ClientId":                        "1example23456789",
		"AllowedOAuthFlowsUserPoolClient": "false",
		"PreventUserExistenceErrors":      "LEGACY",
		"SupportedIdentityProviders":      []any{"COGNITO"},
		"AdditionalLogoutURLs":            []any{"https://tenant.example.com/"},
		"AccessTokenValidity":             map[string]any{"Fn::Join": []any{"", []any{map[string]any{"Ref": "AccessMinutes"}, "m"}}},
		"IdTokenValidity":                 "330s",
		"RefreshTokenValidity":            "36h",
		"AuthSessionValidity":             "5m",
		"ServiceTimeout":                  "600",
	}
	if !reflect.DeepEqual(got, want) || !strings.Contains(jsonText(got["UserPoolId"]), "Shared") {
		t.Errorf("existing client's properties:\n got %s\nwant %s (an import of the Pools stack's pool)", jsonText(got), jsonText(want))
	}
	if msg := panicText(func() { existing.UserPoolClientSecret() }); !strings.Contains(msg, "existing client") {
		t.Errorf("UserPoolClientSecret of an existing client: panic %q, want one that says it never hands out its secret", msg)
	}
}

// TestClientRefusesNamingTheField: props the L2 refuses panic in NewClient,
// with the L2's message, the construct's path, and the field where the L2's
// message names none.
func TestClientRefusesNamingTheField(t *testing.T) {
	stack := newStack(t)
	pool := importedPool(stack, "Pool")
	days := awscdk.NewCfnParameter(stack, jsii.String("Days"), &awscdk.CfnParameterProps{Type: jsii.String("Number")}).ValueAsNumber()
	tests := []struct {
		name, id string
		props    *awscognito.UserPoolClientProps
		want     []string
	}{
		{"no props", "NoProps", nil, []string{"NewClient NoProps: UserPoolClientProps.UserPool is required"}},
		{"no pool", "NoPool", &awscognito.UserPoolClientProps{}, []string{"NewClient NoPool: UserPoolClientProps.UserPool is required"}},
		{"a Duration from a token", "Token", &awscognito.UserPoolClientProps{UserPool: pool, RefreshTokenValidity: awscdk.Duration_Days(days)}, []string{
			"NewClient Stack/Token: awscognito.UserPoolClient refuses the props: ",
			"UserPoolClientProps.RefreshTokenValidity is a Duration from a token, which the L2 cannot range-check: give it with cdk.WithRefreshTokenValidity instead",
		}},
		{"a Duration that is not whole minutes", "Seconds", &awscognito.UserPoolClientProps{UserPool: pool, IdTokenValidity: awscdk.Duration_Seconds(jsii.Number(330))}, []string{
			"NewClient Stack/Seconds: awscognito.UserPoolClient refuses the props: '330 seconds' cannot be converted into a whole number of minutes.",
			"UserPoolClientProps.IdTokenValidity (5 minutes 30 seconds) is not a whole number of minutes, the only unit the L2 writes: give it with cdk.WithIdTokenValidity instead",
		}},
		{"a validity out of the L2's range", "Range", &awscognito.UserPoolClientProps{UserPool: pool, AccessTokenValidity: awscdk.Duration_Minutes(jsii.Number(2))}, []string{
			"NewClient Stack/Range: awscognito.UserPoolClient refuses the props: accessTokenValidity: Must be a duration between 5 minutes and 1 day (inclusive); received 2 minutes.",
		}},
		{"a grace period from a token", "Grace", &awscognito.UserPoolClientProps{UserPool: pool, RefreshTokenRotationGracePeriod: awscdk.Duration_Seconds(days)}, []string{
			"NewClient Stack/Grace: awscognito.UserPoolClient refuses the props: ",
			"UserPoolClientProps.RefreshTokenRotationGracePeriod is a Duration from a token, which the L2 cannot range-check",
		}},
		{"OAuth settings beside DisableOAuth", "Disabled", &awscognito.UserPoolClientProps{UserPool: pool, DisableOAuth: jsii.Bool(true), OAuth: &awscognito.OAuthSettings{}}, []string{
			"NewClient Stack/Disabled: awscognito.UserPoolClient refuses the props: OAuth settings cannot be specified when disableOAuth is set.",
		}},
		{"a default redirect URI that is no callback URL", "Redirect", &awscognito.UserPoolClientProps{UserPool: pool, OAuth: &awscognito.OAuthSettings{
			CallbackUrls: jsii.Strings("https://a.example.com/cb"), DefaultRedirectUri: jsii.String("https://b.example.com/cb"),
		}}, []string{
			"NewClient Stack/Redirect: awscognito.UserPoolClient refuses the props: defaultRedirectUri must be included in callbackUrls.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := panicText(func() { cdk.NewClient(stack, jsii.String(tt.id), tt.props) })
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("panic lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

// TestClientFailsSynthNamingTheProperty: what the L2 accepts but the
// function would refuse, and mistakes in the options, fail the synthesis
// with the function's own messages (props.Decode's, for the properties the
// function would receive), all at once, each under its construct's path.
func TestClientFailsSynthNamingTheProperty(t *testing.T) {
	stack := newStack(t)
	pool := importedPool(stack, "Pool")
	s := jsii.String
	tests := []struct {
		id      string
		props   *awscognito.UserPoolClientProps
		opts    []cdk.Option
		decoded map[string]any // the properties the function would receive
		more    []string       // problems only the construct finds
	}{
		{
			id: "ClientCredentialsWithoutSecret",
			props: &awscognito.UserPoolClientProps{UserPool: pool, OAuth: &awscognito.OAuthSettings{
				Flows:  &awscognito.OAuthFlows{ClientCredentials: jsii.Bool(true)},
				Scopes: &[]awscognito.OAuthScope{awscognito.OAuthScope_Custom(s("orders/read"))},
			}},
			decoded: map[string]any{
				"UserPoolId": poolID, "AllowedOAuthFlows": []any{"client_credentials"}, "AllowedOAuthScopes": []any{"orders/read"},
				"AllowedOAuthFlowsUserPoolClient": "true", "SupportedIdentityProviders": []any{"COGNITO"},
			},
		},
		{
			id:    "Twice",
			props: &awscognito.UserPoolClientProps{UserPool: pool, DisableOAuth: jsii.Bool(true), AccessTokenValidity: awscdk.Duration_Hours(jsii.Number(1))},
			opts:  []cdk.Option{cdk.WithAccessTokenValidity(awscdk.Duration_Hours(jsii.Number(2))), cdk.WithIdTokenValidity(awscdk.Duration_Millis(jsii.Number(1500)))},
			more: []string{
				"AccessTokenValidity: is set both by UserPoolClientProps and by WithAccessTokenValidity: give it once",
				"IdTokenValidity: 1 second 500 millis is not a whole number of seconds",
			},
		},
		{
			id:    "OwnedWithAddedURLs",
			props: &awscognito.UserPoolClientProps{UserPool: pool, DisableOAuth: jsii.Bool(true)},
			opts:  []cdk.Option{cdk.WithAdditionalLogoutURLs(jsii.Strings("https://pr-1.example.com/")), cdk.WithServiceTimeout(awscdk.Duration_Seconds(jsii.Number(60)))},
			decoded: map[string]any{
				"UserPoolId": poolID, "AllowedOAuthFlowsUserPoolClient": "false", "SupportedIdentityProviders": []any{"COGNITO"},
				"AdditionalLogoutURLs": []any{"https://pr-1.example.com/"},
			},
			more: []string{"ServiceTimeout: 1 minute is shorter than the provider function's timeout of 2 minutes: CloudFormation would stop waiting before the function answers"},
		},
		{
			id:    "ExistingWithSecretAndTheL2sCallbackURL",
			props: &awscognito.UserPoolClientProps{UserPool: pool, GenerateSecret: jsii.Bool(true)},
			opts:  []cdk.Option{cdk.WithExistingClient(s("1example23456789")), cdk.WithAdditionalCallbackURLs(jsii.Strings("https://pr-1.example.com/cb"))},
			decoded: map[string]any{
				"UserPoolId": poolID, "ClientId": "1example23456789", "GenerateSecret": "true",
				"AllowedOAuthFlows": []any{"implicit", "code"}, "AllowedOAuthFlowsUserPoolClient": "true",
				"AllowedOAuthScopes":         []any{"profile", "phone", "email", "openid", "aws.cognito.signin.user.admin"},
				"CallbackURLs":               []any{"https://example.com"},
				"SupportedIdentityProviders": []any{"COGNITO"},
				"AdditionalCallbackURLs":     []any{"https://pr-1.example.com/cb"},
			},
		},
	}
	var want []string
	for _, tt := range tests {
		cdk.NewClient(stack, s(tt.id), tt.props, tt.opts...)
		var ps props.Problems
		if tt.decoded != nil {
			set, err := props.Decode(tt.decoded)
			ps, _ = err.(props.Problems)
			if !set.Existing() {
				ps = ps.Merge(set.CheckNew())
			}
		}
		var msgs []string
		for _, p := range ps {
			msgs = append(msgs, p.Error())
		}
		if len(msgs)+len(tt.more) == 0 {
			t.Fatalf("%s: the case expects no problem", tt.id)
		}
		for _, m := range append(msgs, tt.more...) {
			want = append(want, "[Stack/"+tt.id+"] "+m)
		}
	}
	msg := panicText(func() { awscdk.Stage_Of(stack).Synth(nil) })
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("synth error lacks %q", w)
		}
	}
	if got := strings.Count(msg, "[Stack/"); got != len(want) {
		t.Errorf("synth error holds %d problems, want %d:\n%s", got, len(want), msg)
	}
}
