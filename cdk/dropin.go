package cdk

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscognito"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// l2ID is the id of the awscognito.UserPoolClient that NewClient builds to
// read its translation of the props; it is removed at once.
const l2ID = "L2"

// clientResourceID is the id of a Client's custom resource. "Default" is
// left out of logical ids, so the resource's logical id differs from that
// of the AWS::Cognito::UserPoolClient an L2 with the construct's id had
// (its child is "Resource"): CloudFormation refuses to change the type of a
// resource in place, and so the switch from the L2 adds one resource and
// removes the other.
const clientResourceID = "Default"

// Client is an app client managed by a Custom::CognitoUserPoolClient and
// configured by awscognito.UserPoolClientProps: the drop-in for
// awscognito.UserPoolClient. It is an awscognito.IUserPoolClient, so it goes
// wherever the L2 goes (an Application Load Balancer's Cognito action, an
// API Gateway HTTP API authorizer, NewUserPoolClientSettings).
type Client struct {
	awscdk.Resource
	resource   awscdk.CustomResource
	userPoolID *string
	oAuthFlows *awscognito.OAuthFlows
	hasSecret  bool
	existing   bool
	adopted    bool
	store      awssecretsmanager.ISecret
}

// NewClient creates an app client from the props of awscognito.UserPoolClient,
// with their meaning and defaults in the CDK version the app uses: switching
// from awscognito.NewUserPoolClient(scope, id, props) is renaming the call.
// opts are this resource's extras ([WithExistingClient], [WithAdoption],
// [WithAdditionalCallbackURLs], [WithServiceTimeout], the With…Validity
// options, [WithClientSecret] and the other client secret options); none
// are needed.
//
// The props are translated by the L2 itself: NewClient builds an
// awscognito.UserPoolClient as its child, reads the properties that the L2
// gives its AWS::Cognito::UserPoolClient, which have the names of this
// resource's, and removes the child, so nothing of it reaches the template.
// A property injector of the app reaches that child as it would the L2.
//
// Props the L2 refuses panic with the L2's message and the path of the
// construct, naming the field where the L2's message does not. The
// settings are then checked, at synth, by the function's own rules, with
// its messages, as [NewUserPoolClient]'s are.
func NewClient(scope constructs.Construct, id *string, props *awscognito.UserPoolClientProps, opts ...Option) *Client {
	if props == nil || props.UserPool == nil {
		panic(fmt.Sprintf("NewClient %s: UserPoolClientProps.UserPool is required", *id))
	}
	var x extras
	for _, o := range opts {
		o(&x)
	}
	c := &Client{existing: x.existingID != nil, adopted: x.adoptedID != nil}
	awscdk.NewResource_Override(c, scope, id, nil)

	p := fromCfn(c.translate(props))
	x.apply(p)
	if s, ok := p.values["UserPoolId"].(string); ok {
		c.userPoolID = &s
	}
	_, custom := p.values["ClientSecret"]
	c.hasSecret = p.values["GenerateSecret"] == "true" || custom
	c.resource = newResource(c, clientResourceID, props.UserPool.UserPoolRef().UserPoolArn, p, x.serviceTimeout)
	// The CfnResource, so that Resource's ApplyRemovalPolicy reaches it
	// (RETAIN keeps the client when the resource leaves the stack) and an
	// escape hatch can override its properties.
	c.Node().SetDefaultChild(c.resource.Node().DefaultChild())
	return c
}

// translate builds the L2 from props under c and returns the properties of
// its CfnUserPoolClient, CloudFormation-named, with nested objects as maps
// (the typed getters of the Go bindings return opaque proxies for them).
func (c *Client) translate(props *awscognito.UserPoolClientProps) map[string]any {
	l2 := c.newL2(props)
	cfn, ok := l2.Node().DefaultChild().(awscognito.CfnUserPoolClient)
	if !ok {
		panic(fmt.Sprintf("NewClient %s: awscognito.UserPoolClient of the installed CDK has no CfnUserPoolClient as its default child: this version of the cdk package cannot read it", *c.Node().Path()))
	}
	rendered := cfn.RenderProperties(cfn.CfnProperties())
	c.oAuthFlows = l2.OAuthFlows()
	c.Node().TryRemoveChild(jsii.String(l2ID))
	if rendered == nil {
		return map[string]any{}
	}
	return *rendered
}

// newL2 builds the L2 under c; a refusal panics naming the construct, and
// the fields the L2's message may not name.
func (c *Client) newL2(props *awscognito.UserPoolClientProps) awscognito.UserPoolClient {
	defer func() {
		if r := recover(); r != nil {
			panic(fmt.Sprintf("NewClient %s: awscognito.UserPoolClient refuses the props: %v%s", *c.Node().Path(), r, durationHints(props)))
		}
	}()
	return awscognito.NewUserPoolClient(c, jsii.String(l2ID), props)
}

// durationHints names the Durations of props that the L2 cannot take, and
// what can: its messages about them name no field.
func durationHints(props *awscognito.UserPoolClientProps) string {
	var hints []string
	for _, f := range []struct {
		name string
		d    awscdk.Duration
	}{
		{"AccessTokenValidity", props.AccessTokenValidity},
		{"IdTokenValidity", props.IdTokenValidity},
		{"RefreshTokenValidity", props.RefreshTokenValidity},
		{"AuthSessionValidity", props.AuthSessionValidity},
	} {
		switch {
		case f.d == nil:
		case *f.d.IsUnresolved():
			hints = append(hints, fmt.Sprintf("UserPoolClientProps.%s is a Duration from a token, which the L2 cannot range-check: give it with cdk.With%s instead", f.name, f.name))
		case int64(*f.d.ToMilliseconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)}))%60000 != 0:
			hints = append(hints, fmt.Sprintf("UserPoolClientProps.%s (%s) is not a whole number of minutes, the only unit the L2 writes: give it with cdk.With%s instead", f.name, *f.d.ToHumanString(), f.name))
		}
	}
	if g := props.RefreshTokenRotationGracePeriod; g != nil && *g.IsUnresolved() {
		hints = append(hints, "UserPoolClientProps.RefreshTokenRotationGracePeriod is a Duration from a token, which the L2 cannot range-check: give a concrete one, or use NewUserPoolClient, whose RefreshTokenRotation takes one")
	}
	if len(hints) == 0 {
		return ""
	}
	return "\n" + strings.Join(hints, "\n")
}

// UserPoolClientId is the id of the app client (the resource's Ref).
func (c *Client) UserPoolClientId() *string { return c.resource.Ref() }

// UserPoolClientName is the name of the app client, whether the props gave
// it or not (the L2 knows it only when they do).
func (c *Client) UserPoolClientName() *string {
	return c.resource.GetAttString(jsii.String("ClientName"))
}

// UserPoolClientSecret is the client's secret, for a client whose props set
// GenerateSecret: hand it to constructs that take a SecretValue, such as a
// Secrets Manager secret, so that it never appears in the template. It
// panics, as the L2 does, for a client without a secret, and for an existing
// (WithExistingClient) or adopted (WithAdoption) client, whose secret the
// resource never hands out.
func (c *Client) UserPoolClientSecret() awscdk.SecretValue {
	switch {
	case c.adopted:
		panic(fmt.Sprintf("%s has no UserPoolClientSecret: it adopts an existing client (WithAdoption), and the resource never hands out a secret it did not create. The client keeps its secret: read it where it is kept today. A secret the resource keeps needs a client it creates (a new client id): NewClient without WithAdoption, with GenerateSecret", *c.Node().Path()))
	case c.existing:
		panic(fmt.Sprintf("%s has no UserPoolClientSecret: it manages an existing client (WithExistingClient), and the resource never hands out the secret of a client it does not own", *c.Node().Path()))
	case !c.hasSecret:
		panic(fmt.Sprintf("%s has no UserPoolClientSecret: set UserPoolClientProps.GenerateSecret to true, or give cdk.WithClientSecret", *c.Node().Path()))
	}
	return awscdk.SecretValue_ResourceAttribute(c.resource.GetAttString(jsii.String("ClientSecret")))
}

// Secret is the Secrets Manager secret in which the resource keeps the
// client's secret (the store, docs/reference.md §8.3), for an owned client
// with a secret: grant apps read access to it (Secret().GrantRead(fn)), and
// let them read its ClientSecret key from AWSCURRENT, ignoring the keys
// they do not know. Unlike UserPoolClientSecret, which is the secret at
// deploy time, the store follows every rotation. It is the resource's
// SecretArn attribute.
func (c *Client) Secret() awssecretsmanager.ISecret {
	switch {
	case c.adopted:
		panic(fmt.Sprintf("%s has no client secret store: it adopts an existing client (WithAdoption), and the resource keeps no store for a secret it did not create", *c.Node().Path()))
	case c.existing:
		panic(fmt.Sprintf("%s has no client secret store: it manages an existing client (WithExistingClient), whose secret the resource never hands out", *c.Node().Path()))
	case !c.hasSecret:
		panic(fmt.Sprintf("%s has no client secret store: set UserPoolClientProps.GenerateSecret to true, or give cdk.WithClientSecret", *c.Node().Path()))
	}
	if c.store == nil {
		c.store = storeOf(c, c.resource)
	}
	return c.store
}

// UserPoolClientRef is a reference to the app client, as the constructs
// that take an IUserPoolClientRef read it.
func (c *Client) UserPoolClientRef() *interfacesawscognito.UserPoolClientReference {
	return &interfacesawscognito.UserPoolClientReference{ClientId: c.UserPoolClientId(), UserPoolId: c.userPoolID}
}

// OAuthFlows are the OAuth flows of the client, as the L2 reports them:
// the props' OAuth.Flows, or its default (authorization code and implicit).
func (c *Client) OAuthFlows() *awscognito.OAuthFlows { return c.oAuthFlows }
