// Package cdk provides AWS CDK constructs for Custom::CognitoUserPoolClient:
// an app client whose updates never wipe the settings a stack leaves out.
//
// There are two ways to declare one:
//
//   - [NewClient], the drop-in for awscognito.NewUserPoolClient: it takes
//     the L2's own props (awscognito.UserPoolClientProps), with their meaning
//     and defaults in the CDK version of the app, and gives an
//     awscognito.IUserPoolClient. This resource's extras (an existing client,
//     adopting a live client without a new client id, additive URLs,
//     durations the L2 refuses, ServiceTimeout) come as [Option]s.
//   - [NewUserPoolClient] and [NewUserPoolClientSettings], the
//     CloudFormation-named form: [ClientSettings] has one typed field per
//     property of the resource, token Durations included; the second
//     declares settings on a client that something else owns, such as
//     callback URLs once a CloudFront domain exists.
//
// NewClient reads the L2's translation rather than re-implementing it: it
// builds an awscognito.UserPoolClient as a child, reads the properties the L2
// gives its CfnUserPoolClient, whose names are this resource's, and removes
// the child. The L2's defaults and checks change between CDK versions; read
// this way, each app gets those of its own version, and a property this
// package does not know fails the synthesis instead of being dropped. The
// tests compare the result with the L2's on a matrix of props. docs/cdk.md
// has the mapping from the L2, the choice, and the limits.
//
// Every construct of a stack uses one [Provider]: a Lambda function built
// from this module when the app is synthesized, whose role may manage only
// the app clients of the user pools those constructs name, and the Secrets
// Manager secrets in which it keeps their client secrets.
//
// The settings are checked when the app is synthesized, by the same rules,
// with the same messages, as the function applies when they are deployed:
// `cdk synth` fails naming each property that can never work. A property
// whose value holds a token is checked at deploy time.
package cdk

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// resourceType is the CloudFormation type of the custom resources.
const resourceType = "Custom::CognitoUserPoolClient"

// defaultServiceTimeout is how long CloudFormation waits for the function
// by default, in seconds: a broken deployment fails in minutes, not in
// CloudFormation's default hour.
const defaultServiceTimeout = 300

// UserPoolClientProps configure an app client that the resource owns.
type UserPoolClientProps struct {
	// UserPool is the user pool of the client. Required.
	UserPool awscognito.IUserPool
	// GenerateSecret gives the client a secret that Cognito generates.
	// Whether the client has a secret (GenerateSecret true, or
	// ClientSecret) is the one change of it that replaces the client.
	GenerateSecret *bool
	// ClientSecret gives the client a secret of your own instead: a
	// Secrets Manager reference pinned to a version,
	//
	//	awscdk.SecretValue_SecretsManager(secret.SecretArn(), &awscdk.SecretsManagerSecretOptions{
	//		JsonField: jsii.String("clientSecret"), VersionId: jsii.String(versionID)})
	//
	// which the function reads itself, when the secret is among the
	// provider's ClientSecretSources. A new VersionId rotates the client's
	// secret in place; the previous one stays valid until the next
	// rotation. Plain text (awscdk.SecretValue_UnsafePlainText) and a
	// reference without a VersionId fail the synthesis.
	ClientSecret awscdk.SecretValue
	// ClientSecretVersion rotates a generated secret in place whenever it
	// changes (GenerateSecret true). Declaring it the first time, or
	// removing it, does not rotate.
	ClientSecretVersion *string
	// PreviousSecret is "Keep" (the default: the previous secret stays
	// valid until the next rotation) or "Delete" (every event deletes it,
	// the one that demotes it excepted).
	PreviousSecret *string
	ClientSettings
	// ServiceTimeout is how long CloudFormation waits for the function: at
	// least 2 minutes (the function's timeout); 5 minutes when nil.
	ServiceTimeout awscdk.Duration
}

// UserPoolClient is an app client created, updated and deleted by a
// Custom::CognitoUserPoolClient. An update sends the client's full
// configuration, so settings that are not declared keep their values.
type UserPoolClient struct {
	constructs.Construct
	resource  awscdk.CustomResource
	client    awscognito.IUserPoolClient
	hasSecret bool
	store     awssecretsmanager.ISecret
}

// NewUserPoolClient creates an app client in props.UserPool, configured in
// the CloudFormation-named form: each field of [ClientSettings] is the
// resource's property of the same name. [NewClient] takes
// awscognito.UserPoolClientProps instead.
func NewUserPoolClient(scope constructs.Construct, id *string, props *UserPoolClientProps) *UserPoolClient {
	if props == nil || props.UserPool == nil {
		panic(fmt.Sprintf("NewUserPoolClient %s: UserPoolClientProps.UserPool is required", *id))
	}
	c := &UserPoolClient{hasSecret: props.GenerateSecret != nil && *props.GenerateSecret || props.ClientSecret != nil}
	constructs.NewConstruct_Override(c, scope, id)
	p := newProperties(*props.UserPool.UserPoolId())
	p.values.boolean("GenerateSecret", props.GenerateSecret)
	p.secret(props.ClientSecret, props.ClientSecretVersion, props.PreviousSecret)
	p.add(&props.ClientSettings)
	c.resource = newResource(c, "Resource", props.UserPool.UserPoolArn(), p, props.ServiceTimeout)
	c.client = awscognito.UserPoolClient_FromUserPoolClientId(c, jsii.String("UserPoolClient"), c.ClientId())
	return c
}

// ClientId is the id of the app client (the resource's Ref).
func (c *UserPoolClient) ClientId() *string { return c.resource.Ref() }

// ClientName is the name of the app client.
func (c *UserPoolClient) ClientName() *string {
	return c.resource.GetAttString(jsii.String("ClientName"))
}

// ClientSecret is the client's current secret, for a client with a secret
// (GenerateSecret true, or ClientSecret): hand it to constructs that take a
// SecretValue, so that it never appears in the template. Apps that read the
// secret at run time read it from [UserPoolClient.Secret] instead, which
// follows rotations.
func (c *UserPoolClient) ClientSecret() awscdk.SecretValue {
	if !c.hasSecret {
		panic(fmt.Sprintf("%s has no client secret: set UserPoolClientProps.GenerateSecret to true, or give a ClientSecret", *c.Node().Path()))
	}
	return awscdk.SecretValue_ResourceAttribute(c.resource.GetAttString(jsii.String("ClientSecret")))
}

// Secret is the Secrets Manager secret in which the resource keeps the
// client's secret (the store, docs/reference.md §8.3), for a client with a
// secret: grant apps read access to it (Secret().GrantRead(fn)), and let
// them read its ClientSecret key from AWSCURRENT, ignoring the keys they
// do not know. It is the resource's SecretArn attribute.
func (c *UserPoolClient) Secret() awssecretsmanager.ISecret {
	if !c.hasSecret {
		panic(fmt.Sprintf("%s has no client secret store: set UserPoolClientProps.GenerateSecret to true, or give a ClientSecret", *c.Node().Path()))
	}
	if c.store == nil {
		c.store = storeOf(c, c.resource)
	}
	return c.store
}

// AsUserPoolClient returns the client as an awscognito.IUserPoolClient, for
// the constructs that take one (an Application Load Balancer's Cognito
// action, an API Gateway authorizer).
func (c *UserPoolClient) AsUserPoolClient() awscognito.IUserPoolClient { return c.client }

// UserPoolClientSettingsProps configure settings declared on an existing app
// client. Give the client as Client or as ClientId, not both.
type UserPoolClientSettingsProps struct {
	// UserPool is the user pool of the client. Required.
	UserPool awscognito.IUserPool
	// Client is the app client, such as an awscognito.UserPoolClient or
	// [UserPoolClient.AsUserPoolClient].
	Client awscognito.IUserPoolClient
	// ClientId is the id of the app client.
	ClientId *string
	ClientSettings
	// AdditionalCallbackURLs and AdditionalLogoutURLs add URLs to the
	// client's lists instead of replacing them, so that many stacks (one
	// per preview environment, branch or Region) can each add their own to
	// one shared client; a stack's deletion removes only its URLs. The URL
	// rules are those of CallbackURLs and LogoutURLs. Each can't be used
	// beside the list it adds to (ClientSettings.CallbackURLs, LogoutURLs):
	// the synthesis fails naming it, or, when a value holds a token, the
	// deployment does, before any change.
	AdditionalCallbackURLs *[]*string
	AdditionalLogoutURLs   *[]*string
	// ServiceTimeout is how long CloudFormation waits for the function: at
	// least 2 minutes (the function's timeout); 5 minutes when nil.
	ServiceTimeout awscdk.Duration
}

// UserPoolClientSettings are settings declared on an app client that the
// resource does not own ("existing-client mode"): it changes only the
// declared settings, and never creates or deletes the client; with
// ClientSettings.Adopt, it owns the client, and deletes it with the stack. Since it
// depends on the client and nothing depends on it, it can add the URLs of a
// distribution that itself depends on the client, without a cycle.
type UserPoolClientSettings struct {
	constructs.Construct
	resource awscdk.CustomResource
}

// NewUserPoolClientSettings declares settings on an existing app client,
// or, with ClientSettings.Adopt, adopts it.
func NewUserPoolClientSettings(scope constructs.Construct, id *string, props *UserPoolClientSettingsProps) *UserPoolClientSettings {
	if props == nil || props.UserPool == nil {
		panic(fmt.Sprintf("NewUserPoolClientSettings %s: UserPoolClientSettingsProps.UserPool is required", *id))
	}
	clientID := props.ClientId
	if props.Client != nil {
		if clientID != nil {
			panic(fmt.Sprintf("NewUserPoolClientSettings %s: give Client or ClientId, not both", *id))
		}
		clientID = props.Client.UserPoolClientId()
	}
	if clientID == nil {
		panic(fmt.Sprintf("NewUserPoolClientSettings %s: Client or ClientId is required", *id))
	}
	s := &UserPoolClientSettings{}
	constructs.NewConstruct_Override(s, scope, id)
	p := newProperties(*props.UserPool.UserPoolId())
	p.values["ClientId"] = *clientID
	p.add(&props.ClientSettings)
	p.list("AdditionalCallbackURLs", props.AdditionalCallbackURLs)
	p.list("AdditionalLogoutURLs", props.AdditionalLogoutURLs)
	s.resource = newResource(s, "Resource", props.UserPool.UserPoolArn(), p, props.ServiceTimeout)
	return s
}

// ClientId is the id of the app client (the resource's Ref).
func (s *UserPoolClientSettings) ClientId() *string { return s.resource.Ref() }

// newResource adds the custom resource with properties p to c under id,
// served by the provider of c's stack, which it lets manage the clients of
// the user pool poolArn.
func newResource(c constructs.Construct, id string, poolArn *string, p *properties, serviceTimeout awscdk.Duration) awscdk.CustomResource {
	provider := providerOf(c)
	poolID, _ := p.values[string(props.UserPoolId)].(string)
	_, existing := p.values[string(props.ClientId)]
	provider.grant(poolArn, &poolID, !existing)
	if serviceTimeout == nil {
		serviceTimeout = awscdk.Duration_Seconds(jsii.Number(defaultServiceTimeout))
	}
	p.checkServiceTimeout(serviceTimeout)
	values := map[string]any(p.values)
	r := awscdk.NewCustomResource(c, jsii.String(id), &awscdk.CustomResourceProps{
		ServiceToken:   provider.function.FunctionArn(),
		ResourceType:   jsii.String(resourceType),
		Properties:     &values,
		ServiceTimeout: serviceTimeout,
	})
	if values[string(props.Adopt)] == "true" {
		// A rollback of the deployment that adopts the client would send
		// the resource a Delete, which deletes an adopted client; with
		// RETAIN, CloudFormation keeps it instead (docs/reference.md §3.11).
		r.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN)
	}
	c.Node().AddValidation(p.validation(c))
	return r
}

// storeOf returns the store of resource r as an ISecret under c, from the
// resource's SecretArn attribute (the complete ARN).
func storeOf(c constructs.Construct, r awscdk.CustomResource) awssecretsmanager.ISecret {
	return awssecretsmanager.Secret_FromSecretCompleteArn(c, jsii.String("Store"), r.GetAttString(jsii.String("SecretArn")))
}
