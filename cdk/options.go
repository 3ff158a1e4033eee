package cdk

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// An Option gives [NewClient] something awscognito.UserPoolClientProps
// cannot say: this resource's own extras. Without any, NewClient takes
// exactly the arguments of awscognito.NewUserPoolClient.
type Option func(*extras)

// extras are the options of one NewClient call. Each is nil when not given.
type extras struct {
	// existingID and adoptedID name the client of WithExistingClient and
	// of WithAdoption.
	existingID, adoptedID  *string
	additionalCallbackURLs *[]*string
	additionalLogoutURLs   *[]*string
	serviceTimeout         awscdk.Duration
	// validities are the token validities given as options, by property.
	validities map[props.Name]awscdk.Duration
	// The client secret options.
	clientSecret        awscdk.SecretValue
	clientSecretVersion *string
	previousSecret      *string
}

// WithExistingClient makes the construct manage the existing app client
// clientID instead of creating one ("existing-client mode"): the settings
// the props declare are set on that client, the others keep their values,
// and the client is never created or deleted. The props must not set
// GenerateSecret, and the construct has no UserPoolClientSecret: the
// resource never hands out the secret of a client it does not own.
//
//	cdk.NewClient(stack, jsii.String("Shared"), props, cdk.WithExistingClient(jsii.String("1example23456789")))
func WithExistingClient(clientID *string) Option {
	return func(x *extras) { x.existingID = clientID }
}

// WithAdoption makes the construct own the existing app client clientID
// instead of creating one (properties ClientId and Adopt: true,
// docs/reference.md §3.10): the client keeps its id; at deploy the props'
// settings are laid over its own (a setting the props leave out keeps its
// value), later updates are those of an owned client, and deleting the
// construct deletes the client. It is how a client made by
// awscognito.NewUserPoolClient moves to NewClient without a new client id
// (docs/cdk.md, "Adopting the L2's client"). Its secret, if it has one, is
// never the resource's: the construct has no UserPoolClientSecret, and the
// props' GenerateSecret, if set, must say whether the client has one.
//
// The removal policy is RETAIN unless changed: should the deployment that
// adopts the client roll back, CloudFormation would otherwise send the
// resource a Delete, which deletes the client. Once that deployment is
// complete, client.ApplyRemovalPolicy(awscdk.RemovalPolicy_DESTROY) in a
// later one makes the stack's deletion delete the client.
//
//	cdk.NewClient(stack, jsii.String("Web"), props, cdk.WithAdoption(jsii.String("1example23456789")))
func WithAdoption(clientID *string) Option {
	return func(x *extras) { x.adoptedID = clientID }
}

// WithAdditionalCallbackURLs adds urls to the callback URLs of an existing
// client (WithExistingClient) instead of replacing its list, so that many
// stacks can each add their own to one shared client; deleting the stack
// removes only its own. The props must then declare no callback URLs: the
// L2 declares some whenever the code or implicit flow is on (its default),
// so this suits props with OAuth disabled or the client_credentials flow.
//
//	cdk.WithAdditionalCallbackURLs(jsii.Strings("https://pr-42.example.com/callback"))
func WithAdditionalCallbackURLs(urls *[]*string) Option {
	return func(x *extras) { x.additionalCallbackURLs = urls }
}

// WithAdditionalLogoutURLs is WithAdditionalCallbackURLs for the logout
// URLs: the props must not set OAuth.LogoutUrls.
//
//	cdk.WithAdditionalLogoutURLs(jsii.Strings("https://pr-42.example.com/"))
func WithAdditionalLogoutURLs(urls *[]*string) Option {
	return func(x *extras) { x.additionalLogoutURLs = urls }
}

// WithServiceTimeout sets how long CloudFormation waits for the function:
// at least 2 minutes (the function's timeout); 5 minutes without it.
//
//	cdk.WithServiceTimeout(awscdk.Duration_Minutes(jsii.Number(10)))
func WithServiceTimeout(d awscdk.Duration) Option {
	return func(x *extras) { x.serviceTimeout = d }
}

// WithAccessTokenValidity sets the access token's validity, for a Duration
// that awscognito.UserPoolClient refuses: one from a token (a parameter),
// which it cannot range-check, or one that is not a whole number of
// minutes, the only unit it writes. The function checks it (5 minutes to 1
// day, at most the refresh token's validity), at synth when it is concrete.
// The props must then leave AccessTokenValidity nil.
//
//	cdk.WithAccessTokenValidity(awscdk.Duration_Minutes(param.ValueAsNumber()))
func WithAccessTokenValidity(d awscdk.Duration) Option {
	return validity(props.AccessTokenValidity, d)
}

// WithIdTokenValidity is WithAccessTokenValidity for the ID token (5
// minutes to 1 day); the props must leave IdTokenValidity nil.
func WithIdTokenValidity(d awscdk.Duration) Option {
	return validity(props.IdTokenValidity, d)
}

// WithRefreshTokenValidity is WithAccessTokenValidity for the refresh token
// (60 minutes to 3650 days); the props must leave RefreshTokenValidity nil.
func WithRefreshTokenValidity(d awscdk.Duration) Option {
	return validity(props.RefreshTokenValidity, d)
}

// WithAuthSessionValidity is WithAccessTokenValidity for the session of an
// authentication flow (3 to 15 whole minutes); the props must leave
// AuthSessionValidity nil.
func WithAuthSessionValidity(d awscdk.Duration) Option {
	return validity(props.AuthSessionValidity, d)
}

// WithClientSecret gives an owned client a secret of your own instead of a
// generated one (the props must not set GenerateSecret): a Secrets Manager
// reference pinned to a version, which the function reads itself, when the
// secret is among the provider's ClientSecretSources (ProviderProps).
// A new VersionId rotates the client's secret in place, without a new
// client; the previous secret stays valid until the next rotation. Plain
// text (awscdk.SecretValue_UnsafePlainText) and a reference without a
// VersionId fail the synthesis: the one would be in the template, the
// other could never rotate.
//
//	cdk.WithClientSecret(awscdk.SecretValue_SecretsManager(secret.SecretArn(), &awscdk.SecretsManagerSecretOptions{
//		JsonField: jsii.String("clientSecret"), VersionId: jsii.String("EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE")}))
func WithClientSecret(v awscdk.SecretValue) Option {
	return func(x *extras) { x.clientSecret = v }
}

// WithClientSecretVersion rotates the secret Cognito generates for the
// client (props with GenerateSecret) in place whenever v changes; the
// previous secret stays valid until the next rotation. Declaring it the
// first time, or removing it, does not rotate.
//
//	cdk.WithClientSecretVersion(jsii.String("2025-06"))
func WithClientSecretVersion(v *string) Option {
	return func(x *extras) { x.clientSecretVersion = v }
}

// WithPreviousSecret says what becomes of the previous secret after a
// rotation: "Keep" (the default) leaves it valid until the next rotation;
// "Delete" deletes it on every event but the one that demotes it, to
// revoke a leaked secret early.
//
//	cdk.WithPreviousSecret(jsii.String("Delete"))
func WithPreviousSecret(v *string) Option {
	return func(x *extras) { x.previousSecret = v }
}

func validity(name props.Name, d awscdk.Duration) Option {
	return func(x *extras) {
		if x.validities == nil {
			x.validities = map[props.Name]awscdk.Duration{}
		}
		x.validities[name] = d
	}
}

// apply adds the options to p, the properties translated from the L2. A
// validity given both ways (in the props, or by a property injector, and
// as an option) is a problem: neither may silently win.
func (x *extras) apply(p *properties) {
	switch {
	case x.existingID != nil && x.adoptedID != nil:
		p.problems.Add(string(props.ClientId), "is given by both WithExistingClient and WithAdoption: give one (WithAdoption owns the client, WithExistingClient only declares settings on it)")
	case x.adoptedID != nil:
		p.values.str(string(props.ClientId), x.adoptedID)
		p.values[string(props.Adopt)] = "true"
	case x.existingID != nil:
		p.values.str(string(props.ClientId), x.existingID)
	}
	p.list(string(props.AdditionalCallbackURLs), x.additionalCallbackURLs)
	p.list(string(props.AdditionalLogoutURLs), x.additionalLogoutURLs)
	p.secret(x.clientSecret, x.clientSecretVersion, x.previousSecret)
	for _, name := range []props.Name{props.AccessTokenValidity, props.IdTokenValidity, props.RefreshTokenValidity, props.AuthSessionValidity} {
		d, given := x.validities[name]
		if !given {
			continue
		}
		if _, ok := p.values[string(name)]; ok {
			p.problems.Add(string(name), "is set both by UserPoolClientProps and by With%s: give it once", name)
			continue
		}
		p.duration(string(name), d)
	}
}
