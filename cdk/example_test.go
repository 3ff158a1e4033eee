package cdk_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/cdk"
)

// exampleStack is a stack whose provider takes a prebuilt bootstrap, as a
// CI pipeline that runs `make build` first would give it.
func exampleStack() (awscdk.Stack, func()) {
	dir, err := os.MkdirTemp("", "bootstrap")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bootstrap"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		panic(err)
	}
	out, err := os.MkdirTemp("", "cdk.out")
	if err != nil {
		panic(err)
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(out)})
	stack := awscdk.NewStack(app, jsii.String("Auth"), nil)
	cdk.NewProvider(stack, &cdk.ProviderProps{BootstrapDir: jsii.String(dir)})
	return stack, func() { os.RemoveAll(dir); os.RemoveAll(out) }
}

// printProperties prints the properties of the stack's one
// Custom::CognitoUserPoolClient, without the ServiceToken.
func printProperties(stack awscdk.Stack) {
	found := assertions.Template_FromStack(stack, nil).FindResources(jsii.String("Custom::CognitoUserPoolClient"), nil)
	b, _ := json.Marshal(found)
	var rs map[string]struct{ Properties map[string]any }
	json.Unmarshal(b, &rs)
	for _, r := range rs {
		p := r.Properties
		delete(p, "ServiceToken")
		b, _ = json.MarshalIndent(p, "", "  ")
		fmt.Println(string(b))
	}
}

// An app client owned by the stack: durations are typed, and go to the
// function in their largest exact unit.
func ExampleNewUserPoolClient() {
	stack, done := exampleStack()
	defer done()
	pool := awscognito.UserPool_FromUserPoolId(stack, jsii.String("Pool"), jsii.String("us-east-1_AbCdEf123"))

	cdk.NewUserPoolClient(stack, jsii.String("Web"), &cdk.UserPoolClientProps{
		UserPool: pool,
		ClientSettings: cdk.ClientSettings{
			AccessTokenValidity:  awscdk.Duration_Minutes(jsii.Number(90)),
			RefreshTokenValidity: awscdk.Duration_Days(jsii.Number(30)),
			AllowedOAuthFlows:    jsii.Strings("code"),
			AllowedOAuthScopes:   jsii.Strings("openid", "email"),
			CallbackURLs:         jsii.Strings("https://app.example.com/callback"),
		},
	})
	printProperties(stack)
	// Output:
	// {
	//   "AccessTokenValidity": "90m",
	//   "AllowedOAuthFlows": [
	//     "code"
	//   ],
	//   "AllowedOAuthScopes": [
	//     "openid",
	//     "email"
	//   ],
	//   "CallbackURLs": [
	//     "https://app.example.com/callback"
	//   ],
	//   "RefreshTokenValidity": "30d",
	//   "ServiceTimeout": "300",
	//   "UserPoolId": "us-east-1_AbCdEf123"
	// }
}

// A preview stack adds its own URLs to a client that another stack owns;
// deleting the preview stack removes only its URLs.
func ExampleNewUserPoolClientSettings() {
	stack, done := exampleStack()
	defer done()
	pool := awscognito.UserPool_FromUserPoolId(stack, jsii.String("Pool"), jsii.String("us-east-1_AbCdEf123"))

	cdk.NewUserPoolClientSettings(stack, jsii.String("PreviewURLs"), &cdk.UserPoolClientSettingsProps{
		UserPool:               pool,
		ClientId:               jsii.String("1example23456789"),
		AdditionalCallbackURLs: jsii.Strings("https://pr-42.preview.example.com/callback"),
		AdditionalLogoutURLs:   jsii.Strings("https://pr-42.preview.example.com/"),
	})
	printProperties(stack)
	// Output:
	// {
	//   "AdditionalCallbackURLs": [
	//     "https://pr-42.preview.example.com/callback"
	//   ],
	//   "AdditionalLogoutURLs": [
	//     "https://pr-42.preview.example.com/"
	//   ],
	//   "ClientId": "1example23456789",
	//   "ServiceTimeout": "300",
	//   "UserPoolId": "us-east-1_AbCdEf123"
	// }
}

// A mistake fails the synthesis, with the function's own message, before
// anything is deployed.
func ExampleNewUserPoolClient_validation() {
	stack, done := exampleStack()
	defer done()
	pool := awscognito.UserPool_FromUserPoolId(stack, jsii.String("Pool"), jsii.String("us-east-1_AbCdEf123"))

	cdk.NewUserPoolClient(stack, jsii.String("Web"), &cdk.UserPoolClientProps{
		UserPool: pool,
		ClientSettings: cdk.ClientSettings{
			ExplicitAuthFlows:    jsii.Strings("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
			RefreshTokenRotation: &cdk.RefreshTokenRotation{Feature: jsii.String("ENABLED")},
		},
	})
	defer func() { fmt.Println(recover()) }()
	awscdk.Stage_Of(stack).Synth(nil)
	// Output:
	// ValidationFailedWithErrors: Validation failed with the following errors:
	//   [Auth/Web] ExplicitAuthFlows: has ALLOW_REFRESH_TOKEN_AUTH, but RefreshTokenRotation is ENABLED: Cognito refuses the refresh-token flow while rotation is on; declare ExplicitAuthFlows without ALLOW_REFRESH_TOKEN_AUTH, or turn rotation off
}

// The drop-in for awscognito.NewUserPoolClient: the same props, with the
// L2's meaning and defaults, given to the custom resource under the same
// property names. Only the call changes; the result is an
// awscognito.IUserPoolClient.
func ExampleNewClient() {
	stack, done := exampleStack()
	defer done()
	pool := awscognito.UserPool_FromUserPoolId(stack, jsii.String("Pool"), jsii.String("us-east-1_AbCdEf123"))

	// Was: awscognito.NewUserPoolClient(stack, jsii.String("Web"), &awscognito.UserPoolClientProps{
	var client awscognito.IUserPoolClient = cdk.NewClient(stack, jsii.String("Web"), &awscognito.UserPoolClientProps{
		UserPool:            pool,
		AuthFlows:           &awscognito.AuthFlow{UserSrp: jsii.Bool(true)},
		AccessTokenValidity: awscdk.Duration_Minutes(jsii.Number(90)),
		OAuth: &awscognito.OAuthSettings{
			Flows:        &awscognito.OAuthFlows{AuthorizationCodeGrant: jsii.Bool(true)},
			Scopes:       &[]awscognito.OAuthScope{awscognito.OAuthScope_EMAIL()},
			CallbackUrls: jsii.Strings("https://app.example.com/callback"),
		},
	})
	awscdk.NewCfnOutput(stack, jsii.String("ClientId"), &awscdk.CfnOutputProps{Value: client.UserPoolClientId()})
	printProperties(stack)
	// Output:
	// {
	//   "AccessTokenValidity": "90m",
	//   "AllowedOAuthFlows": [
	//     "code"
	//   ],
	//   "AllowedOAuthFlowsUserPoolClient": "true",
	//   "AllowedOAuthScopes": [
	//     "email",
	//     "openid"
	//   ],
	//   "CallbackURLs": [
	//     "https://app.example.com/callback"
	//   ],
	//   "ExplicitAuthFlows": [
	//     "ALLOW_USER_SRP_AUTH",
	//     "ALLOW_REFRESH_TOKEN_AUTH"
	//   ],
	//   "ServiceTimeout": "300",
	//   "SupportedIdentityProviders": [
	//     "COGNITO"
	//   ],
	//   "UserPoolId": "us-east-1_AbCdEf123"
	// }
}

// Moving a client made by awscognito.NewUserPoolClient under the resource
// without a new client id, in two deployments (docs/cdk.md, "Adopting the
// L2's client"). Step (a) keeps the L2 and retains its client:
//
//	client := awscognito.NewUserPoolClient(stack, jsii.String("Web"), props)
//	client.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN)
//
// Step (b), once step (a) is deployed, changes the call and names the
// client by the id the stack reports for it (a literal: the L2 that gave
// its Ref is gone). The resource adopts the client: same id, same settings.
func ExampleWithAdoption() {
	stack, done := exampleStack()
	defer done()
	pool := awscognito.UserPool_FromUserPoolId(stack, jsii.String("Pool"), jsii.String("us-east-1_AbCdEf123"))
	props := &awscognito.UserPoolClientProps{
		UserPool:  pool,
		AuthFlows: &awscognito.AuthFlow{UserSrp: jsii.Bool(true)},
		OAuth: &awscognito.OAuthSettings{
			Flows:        &awscognito.OAuthFlows{AuthorizationCodeGrant: jsii.Bool(true)},
			Scopes:       &[]awscognito.OAuthScope{awscognito.OAuthScope_EMAIL()},
			CallbackUrls: jsii.Strings("https://app.example.com/callback"),
		},
	}

	client := cdk.NewClient(stack, jsii.String("Web"), props, cdk.WithAdoption(jsii.String("1example23456789")))
	client.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN) // the line of step (a), kept (and the option's default)
	printProperties(stack)
	// Output:
	// {
	//   "Adopt": "true",
	//   "AllowedOAuthFlows": [
	//     "code"
	//   ],
	//   "AllowedOAuthFlowsUserPoolClient": "true",
	//   "AllowedOAuthScopes": [
	//     "email",
	//     "openid"
	//   ],
	//   "CallbackURLs": [
	//     "https://app.example.com/callback"
	//   ],
	//   "ClientId": "1example23456789",
	//   "ExplicitAuthFlows": [
	//     "ALLOW_USER_SRP_AUTH",
	//     "ALLOW_REFRESH_TOKEN_AUTH"
	//   ],
	//   "ServiceTimeout": "300",
	//   "SupportedIdentityProviders": [
	//     "COGNITO"
	//   ],
	//   "UserPoolId": "us-east-1_AbCdEf123"
	// }
}
