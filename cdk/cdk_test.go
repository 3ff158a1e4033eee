package cdk_test

import (
	"bytes"
	"debug/elf"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/cdk"
	"github.com/cognito-client-resource/cognitoclient/internal/cfnlint"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdabuild"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

const (
	resourceType = "Custom::CognitoUserPoolClient"
	poolID       = "us-east-1_AbCdEf123"
)

func TestMain(m *testing.M) {
	// cfn-lint checks every template once, at the end (lint); the CDK's
	// own CloudFormation validation at each synth would cost seconds of CPU
	// per app for the same findings.
	os.Setenv("CDK_VALIDATION", "false")
	var err error
	if templates, err = cfnlint.NewBatch(); err != nil {
		panic(err)
	}
	code := m.Run()
	jsii.Close()
	if lint := lintAll(); code == 0 {
		code = lint
	}
	os.Exit(code)
}

// newApp returns an app that synthesizes into outdir. Every test that
// synthesizes starts with it: -short leaves them out, for they run the CDK
// in Node through jsii, which takes seconds to start.
func newApp(t *testing.T, outdir string) awscdk.App {
	t.Helper()
	if testing.Short() {
		t.Skip("synthesizes with the CDK (Node, through jsii)")
	}
	return awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
}

// newStack returns a stack whose provider uses a dummy prebuilt bootstrap,
// for the tests that are not about building the function.
func newStack(t *testing.T) awscdk.Stack {
	t.Helper()
	app := newApp(t, t.TempDir())
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	cdk.NewProvider(stack, &cdk.ProviderProps{BootstrapDir: jsii.String(dummyBootstrap(t))})
	return stack
}

// dummyBootstrap returns a directory holding a file named bootstrap.
func dummyBootstrap(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bootstrap"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func importedPool(scope constructs.Construct, id string) awscognito.IUserPool {
	return awscognito.UserPool_FromUserPoolId(scope, jsii.String(id), jsii.String(poolID))
}

// resources returns the resources of type typ in the stack's template, by
// logical id, as plain JSON values.
func resources(t *testing.T, stack awscdk.Stack, typ string) map[string]map[string]any {
	t.Helper()
	found := assertions.Template_FromStack(stack, nil).FindResources(jsii.String(typ), nil)
	b, err := json.Marshal(found)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// only returns the one resource of type typ, or fails.
func only(t *testing.T, stack awscdk.Stack, typ string) (string, map[string]any) {
	t.Helper()
	rs := resources(t, stack, typ)
	if len(rs) != 1 {
		t.Fatalf("%d resources of type %s, want 1", len(rs), typ)
	}
	for id, r := range rs {
		return id, r
	}
	panic("unreachable")
}

// properties returns the Properties of the custom resource, without the
// ServiceToken, after checking that it is the stack's provider function.
func properties(t *testing.T, stack awscdk.Stack) map[string]any {
	t.Helper()
	_, r := only(t, stack, resourceType)
	fn, _ := only(t, stack, "AWS::Lambda::Function")
	ps := r["Properties"].(map[string]any)
	wantToken := map[string]any{"Fn::GetAtt": []any{fn, "Arn"}}
	if !reflect.DeepEqual(ps["ServiceToken"], wantToken) {
		t.Errorf("ServiceToken = %v, want %v", ps["ServiceToken"], wantToken)
	}
	delete(ps, "ServiceToken")
	return ps
}

func TestPropertiesOfTheResource(t *testing.T) {
	tests := []struct {
		name  string
		build func(stack awscdk.Stack)
		want  map[string]any
	}{
		{
			name: "owned client with durations in their largest exact unit",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
					UserPool: importedPool(stack, "Pool"),
					ClientSettings: cdk.ClientSettings{
						AccessTokenValidity:  awscdk.Duration_Minutes(jsii.Number(90)),
						IdTokenValidity:      awscdk.Duration_Hours(jsii.Number(10)),
						RefreshTokenValidity: awscdk.Duration_Hours(jsii.Number(24)),
						AuthSessionValidity:  awscdk.Duration_Seconds(jsii.Number(180)),
					},
				})
			},
			want: map[string]any{
				"ServiceTimeout":       "300",
				"UserPoolId":           poolID,
				"AccessTokenValidity":  "90m",
				"IdTokenValidity":      "10h",
				"RefreshTokenValidity": "1d",
				"AuthSessionValidity":  "3m",
			},
		},
		{
			name: "owned client with every other setting, booleans as strings",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
					UserPool:       importedPool(stack, "Pool"),
					GenerateSecret: jsii.Bool(true),
					ServiceTimeout: awscdk.Duration_Minutes(jsii.Number(10)),
					ClientSettings: cdk.ClientSettings{
						ClientName:                               jsii.String("web"),
						AllowedOAuthFlows:                        jsii.Strings("code"),
						AllowedOAuthFlowsUserPoolClient:          jsii.Bool(true),
						AllowedOAuthScopes:                       jsii.Strings("openid", "email"),
						CallbackURLs:                             jsii.Strings("https://example.com/cb", "http://localhost:3000/cb"),
						LogoutURLs:                               &[]*string{},
						DefaultRedirectURI:                       jsii.String("https://example.com/cb"),
						ExplicitAuthFlows:                        jsii.Strings("ALLOW_USER_SRP_AUTH"),
						SupportedIdentityProviders:               jsii.Strings("COGNITO"),
						ReadAttributes:                           jsii.Strings("email"),
						WriteAttributes:                          jsii.Strings("email"),
						PreventUserExistenceErrors:               jsii.String("ENABLED"),
						EnableTokenRevocation:                    jsii.Bool(false),
						EnablePropagateAdditionalUserContextData: jsii.Bool(true),
						AnalyticsConfiguration: &cdk.AnalyticsConfiguration{
							ApplicationArn: jsii.String("arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"),
							UserDataShared: jsii.Bool(true),
						},
						RefreshTokenRotation: &cdk.RefreshTokenRotation{
							Feature:          jsii.String("ENABLED"),
							RetryGracePeriod: awscdk.Duration_Seconds(jsii.Number(30)),
						},
					},
				})
			},
			want: map[string]any{
				"ServiceTimeout":                           "600",
				"UserPoolId":                               poolID,
				"GenerateSecret":                           "true",
				"ClientName":                               "web",
				"AllowedOAuthFlows":                        []any{"code"},
				"AllowedOAuthFlowsUserPoolClient":          "true",
				"AllowedOAuthScopes":                       []any{"openid", "email"},
				"CallbackURLs":                             []any{"https://example.com/cb", "http://localhost:3000/cb"},
				"LogoutURLs":                               []any{},
				"DefaultRedirectURI":                       "https://example.com/cb",
				"ExplicitAuthFlows":                        []any{"ALLOW_USER_SRP_AUTH"},
				"SupportedIdentityProviders":               []any{"COGNITO"},
				"ReadAttributes":                           []any{"email"},
				"WriteAttributes":                          []any{"email"},
				"PreventUserExistenceErrors":               "ENABLED",
				"EnableTokenRevocation":                    "false",
				"EnablePropagateAdditionalUserContextData": "true",
				"AnalyticsConfiguration": map[string]any{
					"ApplicationArn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc",
					"UserDataShared": "true",
				},
				"RefreshTokenRotation": map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": "30s"},
			},
		},
		{
			name: "a token Duration passes through in its own unit",
			build: func(stack awscdk.Stack) {
				minutes := awscdk.NewCfnParameter(stack, jsii.String("AccessMinutes"), &awscdk.CfnParameterProps{Type: jsii.String("Number")})
				cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
					UserPool: importedPool(stack, "Pool"),
					ClientSettings: cdk.ClientSettings{
						AccessTokenValidity: awscdk.Duration_Minutes(minutes.ValueAsNumber()),
					},
				})
			},
			want: map[string]any{
				"ServiceTimeout":      "300",
				"UserPoolId":          poolID,
				"AccessTokenValidity": map[string]any{"Fn::Join": []any{"", []any{map[string]any{"Ref": "AccessMinutes"}, "m"}}},
			},
		},
		{
			name: "existing client by id",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClientSettings(stack, jsii.String("Settings"), &cdk.UserPoolClientSettingsProps{
					UserPool: importedPool(stack, "Pool"),
					ClientId: jsii.String("1example23456789"),
					ClientSettings: cdk.ClientSettings{
						LogoutURLs: jsii.Strings("https://example.com/"),
					},
				})
			},
			want: map[string]any{
				"ServiceTimeout": "300",
				"UserPoolId":     poolID,
				"ClientId":       "1example23456789",
				"LogoutURLs":     []any{"https://example.com/"},
			},
		},
		{
			name: "existing client, URLs added to its lists",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClientSettings(stack, jsii.String("Settings"), &cdk.UserPoolClientSettingsProps{
					UserPool:               importedPool(stack, "Pool"),
					ClientId:               jsii.String("1example23456789"),
					AdditionalCallbackURLs: jsii.Strings("https://pr-42.example.com/callback"),
					AdditionalLogoutURLs:   &[]*string{},
				})
			},
			want: map[string]any{
				"ServiceTimeout":         "300",
				"UserPoolId":             poolID,
				"ClientId":               "1example23456789",
				"AdditionalCallbackURLs": []any{"https://pr-42.example.com/callback"},
				"AdditionalLogoutURLs":   []any{},
			},
		},
		{
			name: "existing client as an IUserPoolClient of the same stack",
			build: func(stack awscdk.Stack) {
				pool := awscognito.NewUserPool(stack, jsii.String("Pool"), nil)
				client := pool.AddClient(jsii.String("Client"), nil)
				cdk.NewUserPoolClientSettings(stack, jsii.String("Settings"), &cdk.UserPoolClientSettingsProps{
					UserPool: pool,
					Client:   client,
					ClientSettings: cdk.ClientSettings{
						ReadAttributes: jsii.Strings("email"),
					},
				})
			},
			want: map[string]any{
				"ServiceTimeout": "300",
				"UserPoolId":     map[string]any{"Ref": "PoolD3F588B8"},
				"ClientId":       map[string]any{"Ref": "PoolClient8A3E5EB7"},
				"ReadAttributes": []any{"email"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stack := newStack(t)
			tt.build(stack)
			if got := properties(t, stack); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("properties:\n got %s\nwant %s", jsonText(got), jsonText(tt.want))
			}
			lint(t, stack)
		})
	}
}

func TestOneProviderPerStack(t *testing.T) {
	stack := newStack(t)
	a, b := importedPool(stack, "A"), awscognito.NewUserPool(stack, jsii.String("B"), nil)
	owned := cdk.NewUserPoolClient(stack, jsii.String("Owned"), &cdk.UserPoolClientProps{UserPool: a})
	cdk.NewUserPoolClientSettings(stack, jsii.String("OnOwned"), &cdk.UserPoolClientSettingsProps{
		UserPool: a, Client: owned.AsUserPoolClient(),
		ClientSettings: cdk.ClientSettings{ReadAttributes: jsii.Strings("email")},
	})
	cdk.NewUserPoolClient(stack, jsii.String("Other"), &cdk.UserPoolClientProps{UserPool: b})
	other := awscdk.NewStack(awscdk.Stage_Of(stack), jsii.String("Other"), nil)
	cdk.NewProvider(other, &cdk.ProviderProps{BootstrapDir: jsii.String(dummyBootstrap(t))})
	cdk.NewUserPoolClient(other, jsii.String("Client"), &cdk.UserPoolClientProps{UserPool: importedPool(other, "Pool")})

	fn, _ := only(t, stack, "AWS::Lambda::Function")
	custom := resources(t, stack, resourceType)
	if len(custom) != 3 {
		t.Fatalf("%d custom resources, want 3", len(custom))
	}
	for id, r := range custom {
		token := r["Properties"].(map[string]any)["ServiceToken"]
		if want := (map[string]any{"Fn::GetAtt": []any{fn, "Arn"}}); !reflect.DeepEqual(token, want) {
			t.Errorf("%s: ServiceToken = %v, want the provider %s", id, token, fn)
		}
	}
	// Another stack has a provider of its own.
	only(t, other, "AWS::Lambda::Function")
	lint(t, stack, other)
}

func TestASecondProviderPanics(t *testing.T) {
	stack := newStack(t)
	msg := panicText(func() {
		cdk.NewProvider(stack, &cdk.ProviderProps{BootstrapDir: jsii.String(dummyBootstrap(t))})
	})
	if !strings.Contains(msg, "already has a CognitoUserPoolClientProvider") {
		t.Errorf("panic = %q, want one that says the stack already has a provider", msg)
	}
}

func TestProviderGrantsOnlyTheUsedPools(t *testing.T) {
	stack := newStack(t)
	a := awscognito.NewUserPool(stack, jsii.String("A"), nil)
	b := awscognito.NewUserPool(stack, jsii.String("B"), nil)
	awscognito.NewUserPool(stack, jsii.String("Unused"), nil)
	cdk.NewUserPoolClient(stack, jsii.String("One"), &cdk.UserPoolClientProps{UserPool: a})
	cdk.NewUserPoolClient(stack, jsii.String("Two"), &cdk.UserPoolClientProps{UserPool: a})
	cdk.NewUserPoolClientSettings(stack, jsii.String("Three"), &cdk.UserPoolClientSettingsProps{
		UserPool: b, ClientId: jsii.String("1example23456789"),
		ClientSettings: cdk.ClientSettings{ReadAttributes: jsii.Strings("email")},
	})

	logs, _ := only(t, stack, "AWS::Logs::LogGroup")
	roleID, role := only(t, stack, "AWS::IAM::Role")
	_, policy := only(t, stack, "AWS::IAM::Policy")
	wantRole := map[string]any{"AssumeRolePolicyDocument": map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Action": "sts:AssumeRole", "Effect": "Allow",
			"Principal": map[string]any{"Service": "lambda.amazonaws.com"},
		}},
	}}
	if got := role["Properties"]; !reflect.DeepEqual(got, wantRole) {
		t.Errorf("role (no managed policy):\n got %s\nwant %s", jsonText(got), jsonText(wantRole))
	}
	ps := policy["Properties"].(map[string]any)
	if want := []any{map[string]any{"Ref": roleID}}; !reflect.DeepEqual(ps["Roles"], want) {
		t.Errorf("policy roles = %v, want %v", ps["Roles"], want)
	}
	arn := func(pool string) any { return map[string]any{"Fn::GetAtt": []any{pool, "Arn"}} }
	wantDoc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{
			map[string]any{
				"Action": []any{"logs:CreateLogStream", "logs:PutLogEvents"}, "Effect": "Allow",
				"Resource": arn(logs),
			},
			map[string]any{
				"Action": []any{
					"cognito-idp:CreateUserPoolClient", "cognito-idp:UpdateUserPoolClient",
					"cognito-idp:DeleteUserPoolClient", "cognito-idp:DescribeUserPoolClient",
					"cognito-idp:AddUserPoolClientSecret", "cognito-idp:DeleteUserPoolClientSecret",
					"cognito-idp:ListUserPoolClientSecrets",
				},
				"Effect":   "Allow",
				"Resource": []any{arn(logicalID(stack, a)), arn(logicalID(stack, b))},
			},
			// The stores of the owned clients' pool: b has only a client
			// in existing-client mode, which never has a store.
			map[string]any{
				"Action": []any{
					"secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:GetSecretValue",
					"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage",
					"secretsmanager:DescribeSecret", "secretsmanager:DeleteSecret",
				},
				"Effect": "Allow",
				"Resource": map[string]any{"Fn::Join": []any{"", []any{
					"arn:", map[string]any{"Ref": "AWS::Partition"}, ":secretsmanager:", map[string]any{"Ref": "AWS::Region"}, ":",
					map[string]any{"Ref": "AWS::AccountId"}, ":secret:cognito-user-pool-client/", map[string]any{"Ref": logicalID(stack, a)}, "/*",
				}}},
			},
		},
	}
	if got := ps["PolicyDocument"]; !reflect.DeepEqual(got, wantDoc) {
		t.Errorf("policy document:\n got %s\nwant %s", jsonText(got), jsonText(wantDoc))
	}
	lint(t, stack)
}

func TestProviderFunction(t *testing.T) {
	stack := newStack(t)
	cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{UserPool: importedPool(stack, "Pool")})
	fnID, fn := only(t, stack, "AWS::Lambda::Function")
	logs, _ := only(t, stack, "AWS::Logs::LogGroup")
	ps := fn["Properties"].(map[string]any)
	for key, want := range map[string]any{
		"Runtime":       "provided.al2023",
		"Architectures": []any{"arm64"},
		"Handler":       "bootstrap",
		"MemorySize":    128.0,
		"Timeout":       120.0,
		"LoggingConfig": map[string]any{"LogGroup": map[string]any{"Ref": logs}},
	} {
		if !reflect.DeepEqual(ps[key], want) {
			t.Errorf("function %s = %v, want %v", key, ps[key], want)
		}
	}
	if env, ok := ps["Environment"]; ok {
		t.Errorf("function Environment = %v, want none: no account but the stack's own is trusted by default", env)
	}
	_, invoke := only(t, stack, "AWS::Lambda::EventInvokeConfig")
	want := map[string]any{"FunctionName": map[string]any{"Ref": fnID}, "MaximumRetryAttempts": 0.0, "MaximumEventAgeInSeconds": 60.0, "Qualifier": "$LATEST"}
	if got := invoke["Properties"]; !reflect.DeepEqual(got, want) {
		t.Errorf("event invoke config = %v, want %v", got, want)
	}
	// A queued event never runs after CloudFormation stopped waiting: the
	// queue's limit is within every resource's ServiceTimeout.
	for id, r := range resources(t, stack, "Custom::CognitoUserPoolClient") {
		timeout, err := strconv.ParseFloat(fmt.Sprint(r["Properties"].(map[string]any)["ServiceTimeout"]), 64)
		if err != nil || timeout < 60 {
			t.Errorf("%s: ServiceTimeout %v is below the maximum event age of 60 s", id, r["Properties"].(map[string]any)["ServiceTimeout"])
		}
	}
	lint(t, stack)
}

// The provider serves the stacks of the accounts it is told to trust, as
// TRUSTED_STACK_ACCOUNTS; a malformed id fails the synthesis, naming it.
func TestProviderTrustedStackAccounts(t *testing.T) {
	app := newApp(t, t.TempDir())
	stack := awscdk.NewStack(app, jsii.String("Trusting"), nil)
	cdk.NewProvider(stack, &cdk.ProviderProps{
		BootstrapDir:         jsii.String(dummyBootstrap(t)),
		TrustedStackAccounts: jsii.Strings("111122223333", "444455556666"),
	})
	cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{UserPool: importedPool(stack, "Pool")})
	_, fn := only(t, stack, "AWS::Lambda::Function")
	want := map[string]any{"Variables": map[string]any{"TRUSTED_STACK_ACCOUNTS": "111122223333,444455556666"}}
	if got := fn["Properties"].(map[string]any)["Environment"]; !reflect.DeepEqual(got, want) {
		t.Errorf("function Environment = %v, want %v", got, want)
	}

	bad := awscdk.NewStack(app, jsii.String("Bad"), nil)
	msg := panicText(func() {
		cdk.NewProvider(bad, &cdk.ProviderProps{BootstrapDir: jsii.String(dummyBootstrap(t)), TrustedStackAccounts: jsii.Strings("111122223333", "*")})
	})
	if !strings.Contains(msg, "ProviderProps.TrustedStackAccounts") || !strings.Contains(msg, `entry 2, "*", is not a 12-digit account id`) {
		t.Errorf("panic %q, want one naming the property and the bad id", msg)
	}
}

func TestClientAttributes(t *testing.T) {
	stack := newStack(t)
	client := cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
		UserPool: importedPool(stack, "Pool"), GenerateSecret: jsii.Bool(true),
	})
	awssecretsmanager.NewSecret(stack, jsii.String("Secret"), &awssecretsmanager.SecretProps{SecretStringValue: client.ClientSecret()})
	out := func(id string, v *string) {
		awscdk.NewCfnOutput(stack, jsii.String(id), &awscdk.CfnOutputProps{Value: v})
	}
	out("Id", client.ClientId())
	out("Name", client.ClientName())
	out("ViewId", client.AsUserPoolClient().UserPoolClientId())

	id, _ := only(t, stack, resourceType)
	_, secret := only(t, stack, "AWS::SecretsManager::Secret")
	if got, want := secret["Properties"].(map[string]any)["SecretString"], (map[string]any{"Fn::GetAtt": []any{id, "ClientSecret"}}); !reflect.DeepEqual(got, want) {
		t.Errorf("SecretString = %v, want %v", got, want)
	}
	outputs := assertions.Template_FromStack(stack, nil).ToJSON()
	for name, want := range map[string]any{
		"Id":     map[string]any{"Ref": id},
		"Name":   map[string]any{"Fn::GetAtt": []any{id, "ClientName"}},
		"ViewId": map[string]any{"Ref": id},
	} {
		got := jsonValue(t, (*outputs)["Outputs"]).(map[string]any)[name].(map[string]any)["Value"]
		if !reflect.DeepEqual(got, want) {
			t.Errorf("output %s = %v, want %v", name, got, want)
		}
	}

	lint(t, stack)

	noSecret := cdk.NewUserPoolClient(stack, jsii.String("Public"), &cdk.UserPoolClientProps{UserPool: importedPool(stack, "Pool2")})
	if msg := panicText(func() { noSecret.ClientSecret() }); !strings.Contains(msg, "GenerateSecret") {
		t.Errorf("ClientSecret of a client without a secret: panic %q, want one naming GenerateSecret", msg)
	}
}

func TestBadSettingsFailSynthNamingTheProperty(t *testing.T) {
	tests := []struct {
		name  string
		build func(stack awscdk.Stack)
		// decoded is the same properties as the function receives them;
		// the synth must report exactly the problems props.Decode finds.
		decoded map[string]any
		// more are problems only the constructs can find.
		more []string
	}{
		{
			name: "access token validity out of range",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
					UserPool:       importedPool(stack, "Pool"),
					ClientSettings: cdk.ClientSettings{AccessTokenValidity: awscdk.Duration_Minutes(jsii.Number(2))},
				})
			},
			decoded: map[string]any{"UserPoolId": poolID, "AccessTokenValidity": "2m"},
		},
		{
			name: "several problems at once, in a pool of the same stack",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
					UserPool: awscognito.NewUserPool(stack, jsii.String("Pool"), nil),
					ClientSettings: cdk.ClientSettings{
						AllowedOAuthFlows:  jsii.Strings("code", "password"),
						AllowedOAuthScopes: jsii.Strings("openid"),
						CallbackURLs:       jsii.Strings("http://example.com/cb"),
					},
				})
			},
			decoded: map[string]any{
				"UserPoolId": "us-east-1_Pool", "AllowedOAuthFlows": []any{"code", "password"},
				"AllowedOAuthScopes": []any{"openid"}, "CallbackURLs": []any{"http://example.com/cb"},
			},
		},
		{
			name: "existing client: the concrete settings are checked, the token ones are not",
			build: func(stack awscdk.Stack) {
				domain := awscdk.NewCfnParameter(stack, jsii.String("Domain"), nil).ValueAsString()
				cdk.NewUserPoolClientSettings(stack, jsii.String("Client"), &cdk.UserPoolClientSettingsProps{
					UserPool: importedPool(stack, "Pool"),
					ClientId: awscdk.NewCfnParameter(stack, jsii.String("ClientId"), nil).ValueAsString(),
					ClientSettings: cdk.ClientSettings{
						CallbackURLs:               &[]*string{jsii.String("http://" + *domain + "/cb")},
						SupportedIdentityProviders: jsii.Strings(""),
					},
				})
			},
			decoded: map[string]any{"UserPoolId": poolID, "ClientId": "abc", "SupportedIdentityProviders": []any{""}},
		},
		{
			name: "rotation with the refresh-token flow",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
					UserPool: importedPool(stack, "Pool"),
					ClientSettings: cdk.ClientSettings{
						ExplicitAuthFlows:    jsii.Strings("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
						RefreshTokenRotation: &cdk.RefreshTokenRotation{Feature: jsii.String("ENABLED")},
					},
				})
			},
			decoded: map[string]any{"UserPoolId": poolID, "ExplicitAuthFlows": []any{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
				"RefreshTokenRotation": map[string]any{"Feature": "ENABLED"}},
		},
		{
			name: "ALLOW_ flows without the refresh-token flow: judged on the client Cognito would make",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
					UserPool:       importedPool(stack, "Pool"),
					ClientSettings: cdk.ClientSettings{ExplicitAuthFlows: jsii.Strings("ALLOW_USER_SRP_AUTH")},
				})
			},
			decoded: map[string]any{"UserPoolId": poolID, "ExplicitAuthFlows": []any{"ALLOW_USER_SRP_AUTH"}},
		},
		{
			name: "client_credentials with openid",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
					UserPool:       importedPool(stack, "Pool"),
					GenerateSecret: jsii.Bool(true),
					ClientSettings: cdk.ClientSettings{
						AllowedOAuthFlows:  jsii.Strings("client_credentials"),
						AllowedOAuthScopes: jsii.Strings("openid"),
					},
				})
			},
			decoded: map[string]any{"UserPoolId": poolID, "GenerateSecret": "true", "AllowedOAuthFlows": []any{"client_credentials"}, "AllowedOAuthScopes": []any{"openid"}},
		},
		{
			name: "added URLs beside the lists they add to",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClientSettings(stack, jsii.String("Client"), &cdk.UserPoolClientSettingsProps{
					UserPool:               importedPool(stack, "Pool"),
					ClientId:               jsii.String("1example23456789"),
					ClientSettings:         cdk.ClientSettings{CallbackURLs: jsii.Strings("https://app.example.com/cb"), LogoutURLs: jsii.Strings("https://app.example.com/")},
					AdditionalCallbackURLs: jsii.Strings("https://pr-42.example.com/cb#x"),
					AdditionalLogoutURLs:   jsii.Strings("https://pr-42.example.com/"),
				})
			},
			decoded: map[string]any{
				"UserPoolId": poolID, "ClientId": "1example23456789",
				"CallbackURLs": []any{"https://app.example.com/cb"}, "LogoutURLs": []any{"https://app.example.com/"},
				"AdditionalCallbackURLs": []any{"https://pr-42.example.com/cb#x"}, "AdditionalLogoutURLs": []any{"https://pr-42.example.com/"},
			},
		},
		{
			name: "a Duration that is not whole seconds, and a short ServiceTimeout",
			build: func(stack awscdk.Stack) {
				cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
					UserPool:       importedPool(stack, "Pool"),
					ServiceTimeout: awscdk.Duration_Seconds(jsii.Number(60)),
					ClientSettings: cdk.ClientSettings{IdTokenValidity: awscdk.Duration_Millis(jsii.Number(1500))},
				})
			},
			decoded: map[string]any{"UserPoolId": poolID},
			more: []string{
				"IdTokenValidity: 1 second 500 millis is not a whole number of seconds",
				"ServiceTimeout: 1 minute is shorter than the provider function's timeout of 2 minutes: CloudFormation would stop waiting before the function answers",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stack := newStack(t)
			tt.build(stack)
			msg := panicText(func() { awscdk.Stage_Of(stack).Synth(nil) })

			want := append([]string(nil), tt.more...)
			s, err := props.Decode(tt.decoded)
			ps, _ := err.(props.Problems)
			if !s.Existing() {
				ps = ps.Merge(s.CheckNew())
			}
			for _, p := range ps {
				want = append(want, p.Error())
			}
			if len(want) == 0 {
				t.Fatal("the case expects no problem")
			}
			for _, w := range want {
				if line := "[Stack/Client] " + w; !strings.Contains(msg, line) {
					t.Errorf("synth error lacks %q:\n%s", line, msg)
				}
			}
			if got := strings.Count(msg, "[Stack/Client] "); got != len(want) {
				t.Errorf("synth error holds %d problems, want %d:\n%s", got, len(want), msg)
			}
		})
	}
}

func TestTokenSettingsAreLeftToDeployTime(t *testing.T) {
	stack := newStack(t)
	pool := awscognito.NewUserPool(stack, jsii.String("Pool"), nil)
	domain := awscdk.NewCfnParameter(stack, jsii.String("Domain"), nil).ValueAsString()
	days := awscdk.NewCfnParameter(stack, jsii.String("Days"), &awscdk.CfnParameterProps{Type: jsii.String("Number")}).ValueAsNumber()
	owned := cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
		UserPool: pool,
		ClientSettings: cdk.ClientSettings{
			RefreshTokenValidity: awscdk.Duration_Days(days),
			AllowedOAuthFlows:    jsii.Strings("code"),
			AllowedOAuthScopes:   jsii.Strings("openid"),
			CallbackURLs:         &[]*string{jsii.String("https://" + *domain + "/cb")},
		},
	})
	cdk.NewUserPoolClientSettings(stack, jsii.String("Settings"), &cdk.UserPoolClientSettingsProps{
		UserPool: pool, ClientId: owned.ClientId(),
		ClientSettings: cdk.ClientSettings{LogoutURLs: &[]*string{jsii.String("https://" + *domain + "/")}},
	})
	awscdk.Stage_Of(stack).Synth(nil)
	lint(t, stack)
}

// TestLocalBuild synthesizes with the function built from lambda/ and checks
// the asset: a static linux/arm64 executable named bootstrap, the very
// binary of the function's one build recipe (internal/lambdabuild, which the
// Makefile follows too).
func TestLocalBuild(t *testing.T) {
	outdir := t.TempDir()
	app := newApp(t, outdir)
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{UserPool: importedPool(stack, "Pool")})
	cdk.NewUserPoolClient(stack, jsii.String("Second"), &cdk.UserPoolClientProps{UserPool: importedPool(stack, "Pool2")})
	_, fn := only(t, stack, "AWS::Lambda::Function")
	key := fn["Properties"].(map[string]any)["Code"].(map[string]any)["S3Key"].(string)
	dir := filepath.Join(outdir, "asset."+strings.TrimSuffix(key, ".zip"))
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "bootstrap" {
		t.Fatalf("asset holds %v, want only bootstrap", entries)
	}
	built, err := lambdabuild.Bootstrap(t.Context(), t.TempDir(), lambdabuild.Lambda())
	if err != nil {
		t.Fatal(err)
	}
	if a, b := readFile(t, filepath.Join(dir, "bootstrap")), readFile(t, built); !bytes.Equal(a, b) {
		t.Errorf("the asset's bootstrap (%d bytes) is not lambdabuild's (%d bytes)", len(a), len(b))
	}
	f, err := elf.Open(filepath.Join(dir, "bootstrap"))
	if err != nil {
		t.Fatalf("bootstrap is not an ELF file: %v", err)
	}
	defer f.Close()
	if f.Machine != elf.EM_AARCH64 {
		t.Errorf("bootstrap is for %v, want EM_AARCH64", f.Machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("bootstrap is dynamically linked")
		}
	}
	lint(t, stack)
}

// TestBootstrapDirShipsOnlyBootstrap: a BootstrapDir that holds more than
// the bootstrap (the local tools, say) gives an asset of the bootstrap alone.
func TestBootstrapDirShipsOnlyBootstrap(t *testing.T) {
	outdir := t.TempDir()
	app := newApp(t, outdir)
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	dir := dummyBootstrap(t)
	for _, name := range []string{"demo", "invoke", filepath.Join("tools", "invoke")} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("not the function"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cdk.NewProvider(stack, &cdk.ProviderProps{BootstrapDir: jsii.String(dir)})
	cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{UserPool: importedPool(stack, "Pool")})
	_, fn := only(t, stack, "AWS::Lambda::Function")
	key := fn["Properties"].(map[string]any)["Code"].(map[string]any)["S3Key"].(string)
	entries, err := os.ReadDir(filepath.Join(outdir, "asset."+strings.TrimSuffix(key, ".zip")))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "bootstrap" {
		t.Errorf("asset holds %v, want only bootstrap", names)
	}
	lint(t, stack)
}

func TestBootstrapDirWithoutBootstrapPanics(t *testing.T) {
	app := newApp(t, t.TempDir())
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	msg := panicText(func() { cdk.NewProvider(stack, &cdk.ProviderProps{BootstrapDir: jsii.String(t.TempDir())}) })
	if !strings.Contains(msg, "holds no bootstrap") {
		t.Errorf("panic = %q, want one that says the directory holds no bootstrap", msg)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// logicalID returns the logical id of the CloudFormation resource of a
// construct.
func logicalID(stack awscdk.Stack, c constructs.IConstruct) string {
	return *stack.GetLogicalId(c.Node().DefaultChild().(awscdk.CfnElement))
}

// panicText runs f and returns what it panicked with, or "" when it did not.
func panicText(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

func jsonValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func jsonText(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}
