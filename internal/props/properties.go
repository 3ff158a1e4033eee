package props

import (
	"slices"
	"time"
)

// Name is the name of a property of Custom::CognitoUserPoolClient. The name
// of a property that configures the client is also the name of its field in
// [Config], so one Name serves the template, the model, the diff and the
// event's log line.
type Name string

// The properties. Those from ClientName on configure the client and are the
// fields of [Config]; the others identify the client, choose how it is made
// (or adopted), declare its secret, add to a client's URL lists, or belong to
// CloudFormation.
const (
	ServiceToken       Name = "ServiceToken"
	ServiceTimeout     Name = "ServiceTimeout"
	UserPoolId         Name = "UserPoolId"
	ClientId           Name = "ClientId"
	GenerateSecret     Name = "GenerateSecret"
	TokenValidityUnits Name = "TokenValidityUnits"

	// Adopt, beside ClientId, makes the resource own that existing client
	// ([Settings.Adopt]).
	Adopt Name = "Adopt"

	// The client secret of an owned client ([Secret]): a custom value or a
	// reference to one, a rotation label for a generated one, and whether
	// the previous secret stays valid.
	ClientSecret        Name = "ClientSecret"
	ClientSecretVersion Name = "ClientSecretVersion"
	PreviousSecret      Name = "PreviousSecret"

	// The additive URL properties: existing-client mode only, they add to
	// the client's CallbackURLs and LogoutURLs ([Additional]).
	AdditionalCallbackURLs Name = "AdditionalCallbackURLs"
	AdditionalLogoutURLs   Name = "AdditionalLogoutURLs"

	ClientName                               Name = "ClientName"
	AccessTokenValidity                      Name = "AccessTokenValidity"
	IdTokenValidity                          Name = "IdTokenValidity"
	RefreshTokenValidity                     Name = "RefreshTokenValidity"
	AuthSessionValidity                      Name = "AuthSessionValidity"
	AllowedOAuthFlows                        Name = "AllowedOAuthFlows"
	AllowedOAuthFlowsUserPoolClient          Name = "AllowedOAuthFlowsUserPoolClient"
	AllowedOAuthScopes                       Name = "AllowedOAuthScopes"
	CallbackURLs                             Name = "CallbackURLs"
	LogoutURLs                               Name = "LogoutURLs"
	DefaultRedirectURI                       Name = "DefaultRedirectURI"
	ExplicitAuthFlows                        Name = "ExplicitAuthFlows"
	SupportedIdentityProviders               Name = "SupportedIdentityProviders"
	ReadAttributes                           Name = "ReadAttributes"
	WriteAttributes                          Name = "WriteAttributes"
	PreventUserExistenceErrors               Name = "PreventUserExistenceErrors"
	EnableTokenRevocation                    Name = "EnableTokenRevocation"
	EnablePropagateAdditionalUserContextData Name = "EnablePropagateAdditionalUserContextData"
	AnalyticsConfiguration                   Name = "AnalyticsConfiguration"
	RefreshTokenRotation                     Name = "RefreshTokenRotation"
)

// A property is everything the project knows about one property, in one
// place: how its value is read, and for a field of [Config], how [Overlay]
// and [Changed] treat it. How the field goes on the wire is the one other
// place (package wire), and Cognito's default for it is in [Defaults].
type property struct {
	// decode reads the value into the decoder; nil: the property is
	// accepted and ignored.
	decode decodeFunc
	// order says whether a list field's order is part of its value.
	order order
	// removed says what a template that stops declaring the field asks for.
	removed removal
	// items judges the items of a list property; nil for any other.
	items *listProperty
}

// listEntry is the entry of a list property that is a field of [Config].
func listEntry(o order, l listProperty) property {
	return property{order: o, decode: l.decode, items: &l}
}

// order is how a list field compares.
type order int

const (
	notAList order = iota
	// asSet: the order carries no meaning (names of flows, scopes,
	// attributes), and Cognito may describe the list in another order.
	asSet
	// inOrder: the order is the user's (URLs: the first callback URL is
	// the one a console shows first), so a new order is a change.
	inOrder
)

// removal is what happens to a field that the previous template declared
// and the current one does not.
type removal int

const (
	// resetToDefault: the field returns to Cognito's default, as it would
	// with AWS::Cognito::UserPoolClient.
	resetToDefault removal = iota
	// keepCurrent: Cognito has no default, so the current value stays.
	keepCurrent
)

// properties is the table of properties: one entry per property name.
// Adding a Cognito field means one entry here, one field in Config, its
// default in Defaults when Cognito has one, and its wire mapping.
var properties = map[Name]property{
	ServiceToken:       {},
	ServiceTimeout:     {},
	TokenValidityUnits: {decode: nil}, // read first, by Decode itself
	UserPoolId:         {decode: (*decoder).userPoolID},
	ClientId:           {decode: (*decoder).clientID},
	GenerateSecret:     {decode: (*decoder).generateSecret},
	Adopt:              {decode: (*decoder).adoptClient},
	// Not Config fields: they set Settings.Secret.
	ClientSecret:        {decode: (*decoder).clientSecret},
	ClientSecretVersion: {decode: (*decoder).clientSecretVersion},
	PreviousSecret:      {decode: (*decoder).previousSecret},
	// Not Config fields: they add to the client's lists (Settings.Additional).
	AdditionalCallbackURLs: {decode: additional(CallbackURLs, func(a *Additional, l []string) { a.CallbackURLs = l }), items: &additionalURLs},
	AdditionalLogoutURLs:   {decode: additional(LogoutURLs, func(a *Additional, l []string) { a.LogoutURLs = l }), items: &additionalURLs},

	ClientName: {removed: keepCurrent, decode: stringProperty{
		maxLen: 128, pattern: clientNamePattern,
		allowed: `letters, digits, spaces and the characters _ + = , . @ -`,
		set:     func(c *Config, s string) { c.ClientName = s },
	}.decode},
	AccessTokenValidity: {decode: validity(tokens[0], 5*time.Minute, 24*time.Hour,
		func(c *Config, d time.Duration) { c.AccessTokenValidity = d })},
	IdTokenValidity: {decode: validity(tokens[1], 5*time.Minute, 24*time.Hour,
		func(c *Config, d time.Duration) { c.IdTokenValidity = d })},
	RefreshTokenValidity: {decode: validity(tokens[2], 60*time.Minute, 3650*24*time.Hour,
		func(c *Config, d time.Duration) { c.RefreshTokenValidity = d })},
	AuthSessionValidity: {decode: (*decoder).authSessionValidity},
	AllowedOAuthFlows: listEntry(asSet, listProperty{
		max: 3, values: oauthFlows, extra: checkOAuthFlows,
		set: func(c *Config, l []string) { c.AllowedOAuthFlows = l },
	}),
	AllowedOAuthFlowsUserPoolClient: {decode: boolProperty(func(c *Config, b bool) { c.AllowedOAuthFlowsUserPoolClient = b })},
	AllowedOAuthScopes: listEntry(asSet, listProperty{
		max: 50, maxLen: 256, pattern: scopePattern,
		allowed: `printable ASCII characters other than space, " and \`,
		set:     func(c *Config, l []string) { c.AllowedOAuthScopes = l },
	}),
	CallbackURLs: listEntry(inOrder, urlList(func(c *Config, l []string) { c.CallbackURLs = l })),
	LogoutURLs:   listEntry(inOrder, urlList(func(c *Config, l []string) { c.LogoutURLs = l })),
	DefaultRedirectURI: {decode: stringProperty{
		maxLen: 1024, check: checkURL,
		set: func(c *Config, s string) { c.DefaultRedirectURI = s },
	}.decode},
	ExplicitAuthFlows: listEntry(asSet, listProperty{
		values: explicitAuthFlows, extra: checkExplicitAuthFlows,
		set: func(c *Config, l []string) { c.ExplicitAuthFlows = l },
	}),
	SupportedIdentityProviders: listEntry(asSet, listProperty{
		maxLen: 32, pattern: providerPattern,
		allowed: "letters, digits, marks, symbols, punctuation and spaces",
		set:     func(c *Config, l []string) { c.SupportedIdentityProviders = l },
	}),
	ReadAttributes: listEntry(asSet, listProperty{
		maxLen: 2048,
		set:    func(c *Config, l []string) { c.ReadAttributes = l },
	}),
	WriteAttributes: listEntry(asSet, listProperty{
		maxLen: 2048,
		set:    func(c *Config, l []string) { c.WriteAttributes = l },
	}),
	PreventUserExistenceErrors: {decode: stringProperty{
		values: userExistence,
		set:    func(c *Config, s string) { c.PreventUserExistenceErrors = s },
	}.decode},
	EnableTokenRevocation: {decode: boolProperty(func(c *Config, b bool) { c.EnableTokenRevocation = b })},
	EnablePropagateAdditionalUserContextData: {decode: boolProperty(func(c *Config, b bool) {
		c.EnablePropagateAdditionalUserContextData = b
	})},
	AnalyticsConfiguration: {decode: (*decoder).analytics},
	RefreshTokenRotation:   {decode: (*decoder).rotation},
}

// propertyNames lists the known properties, sorted, for suggestions.
var propertyNames = func() []string {
	names := make([]string, 0, len(properties))
	for n := range properties {
		names = append(names, string(n))
	}
	slices.Sort(names)
	return names
}()
