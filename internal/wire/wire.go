// Package wire converts between an app client's configuration
// ([props.Config]) and the SDK's types of Cognito's app-client API: the
// requests Cognito receives, and what DescribeUserPoolClient returns. It is
// pure: it uses the SDK's input and output types, never its client.
//
// Each field of props.Config has one mapping here, in both directions, side
// by side: expand writes it into a request, flatten reads it from a
// described client. [Update] expands every field, because Cognito's
// UpdateUserPoolClient resets every attribute a request leaves out. [Create]
// expands only the declared ones, so that a new client gets Cognito's own
// defaults for the rest, as an AWS::Cognito::UserPoolClient would.
//
// The two directions agree: for every configuration c, FromClient(the
// client Cognito stores for Update(c)) has no [props.Changed] field against
// c. That is what makes an update with nothing new a no-op.
package wire

import (
	"reflect"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/duration"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// FromClient converts what DescribeUserPoolClient returned into a
// configuration. What Describe leaves out is Cognito's default
// ([props.Defaults]); in particular:
//
//   - a validity is its value times its unit in TokenValidityUnits (by
//     default hours for access and ID tokens, days for refresh tokens;
//     Describe may leave the units out, ledger row 3); AuthSessionValidity
//     is in minutes; an absent or zero validity is the default (rows 1, 2, 4);
//   - an absent PreventUserExistenceErrors is LEGACY, an absent
//     EnableTokenRevocation is true (rows 5, 6); other absent booleans are
//     false; absent or empty lists are nil (rows 7, 8);
//   - AnalyticsConfiguration and RefreshTokenRotation are in their canonical
//     forms: the service-linked role Cognito adds to the ApplicationArn form
//     is dropped (row 13), and the DISABLED rotation with a grace period of 0
//     that Cognito describes for a client that never set one is nil (row 9).
//
// The lists of the result share their backing arrays with c.
func FromClient(c *types.UserPoolClientType) props.Config {
	out := props.Defaults()
	for _, m := range mappings {
		m.flatten(c, &out)
	}
	return out
}

// Update builds the UpdateUserPoolClientInput that gives client clientID
// exactly configuration c. Every field of c is written, so that nothing
// falls back to a default Cognito would pick: see the mappings for how each
// one is written, and how "none" is written where the wire has no empty
// value. c should be a whole configuration, such as [props.Overlay] returns;
// the input shares c's lists.
func Update(userPoolID, clientID string, c props.Config) *cip.UpdateUserPoolClientInput {
	in := &cip.UpdateUserPoolClientInput{UserPoolId: &userPoolID, ClientId: &clientID}
	for _, m := range mappings {
		m.expand(&c, in)
	}
	return in
}

// Create builds the CreateUserPoolClientInput for a new client of user pool
// userPoolID: the fields of c that declared names, written as [Update]
// writes them, plus GenerateSecret, and ClientSecret when clientSecret (a
// custom value: a literal, or a resolved reference) is not empty. Cognito
// gives every other field its default.
func Create(userPoolID string, c props.Config, declared props.Fields, generateSecret bool, clientSecret string) *cip.CreateUserPoolClientInput {
	up := &cip.UpdateUserPoolClientInput{}
	for name := range declared {
		if m, ok := mappings[name]; ok {
			m.expand(&c, up)
		}
	}
	in := &cip.CreateUserPoolClientInput{}
	copyByName(reflect.ValueOf(in).Elem(), reflect.ValueOf(up).Elem())
	in.UserPoolId = &userPoolID
	in.GenerateSecret = generateSecret
	if clientSecret != "" {
		in.ClientSecret = &clientSecret
	}
	return in
}

// mapping is how one field of props.Config goes on the wire and back.
type mapping struct {
	// expand writes the field of c into in.
	expand func(c *props.Config, in *cip.UpdateUserPoolClientInput)
	// flatten reads the field from a described client into c, which holds
	// Cognito's defaults: a field Describe leaves out keeps its default.
	flatten func(u *types.UserPoolClientType, c *props.Config)
}

// mappings has one entry per field of props.Config.
//
// The token validities always go with their unit in TokenValidityUnits,
// each in the largest unit that represents it exactly (24h is 1 days, 90m
// is 90 minutes), so that a unit change for one token never rescales
// another; AuthSessionValidity is in minutes. Booleans and
// PreventUserExistenceErrors are always written, false included; lists are
// nil only when empty.
//
// Where the wire has no way to write "none", the mapping says how it is
// written: DefaultRedirectURI and AnalyticsConfiguration are left out
// (Cognito refuses an empty one, and an update that leaves them out clears
// them), while RefreshTokenRotation is written as DISABLED, because an
// update that leaves it out keeps the rotation the client had (ledger
// row 10).
var mappings = map[props.Name]mapping{
	props.ClientName: {
		expand:  func(c *props.Config, in *cip.UpdateUserPoolClientInput) { in.ClientName = &c.ClientName },
		flatten: func(u *types.UserPoolClientType, c *props.Config) { c.ClientName = deref(u.ClientName) },
	},
	props.AccessTokenValidity: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			n, unit := validity(c.AccessTokenValidity)
			in.AccessTokenValidity, unitsOf(in).AccessToken = &n, unit
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			setValidity(&c.AccessTokenValidity, deref(u.AccessTokenValidity), describedUnits(u).AccessToken, time.Hour)
		},
	},
	props.IdTokenValidity: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			n, unit := validity(c.IdTokenValidity)
			in.IdTokenValidity, unitsOf(in).IdToken = &n, unit
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			setValidity(&c.IdTokenValidity, deref(u.IdTokenValidity), describedUnits(u).IdToken, time.Hour)
		},
	},
	props.RefreshTokenValidity: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.RefreshTokenValidity, unitsOf(in).RefreshToken = validity(c.RefreshTokenValidity)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			// Cognito stores a refresh validity of 0 as its default.
			setValidity(&c.RefreshTokenValidity, u.RefreshTokenValidity, describedUnits(u).RefreshToken, 24*time.Hour)
		},
	},
	props.AuthSessionValidity: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.AuthSessionValidity = ptr(int32(c.AuthSessionValidity / time.Minute))
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			setValidity(&c.AuthSessionValidity, deref(u.AuthSessionValidity), "", time.Minute)
		},
	},
	props.AllowedOAuthFlows: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.AllowedOAuthFlows = toEnums[types.OAuthFlowType](c.AllowedOAuthFlows)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			c.AllowedOAuthFlows = fromEnums(u.AllowedOAuthFlows)
		},
	},
	props.AllowedOAuthFlowsUserPoolClient: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.AllowedOAuthFlowsUserPoolClient = c.AllowedOAuthFlowsUserPoolClient
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			c.AllowedOAuthFlowsUserPoolClient = deref(u.AllowedOAuthFlowsUserPoolClient)
		},
	},
	props.AllowedOAuthScopes: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.AllowedOAuthScopes = nilIfEmpty(c.AllowedOAuthScopes)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			c.AllowedOAuthScopes = nilIfEmpty(u.AllowedOAuthScopes)
		},
	},
	props.CallbackURLs: {
		expand:  func(c *props.Config, in *cip.UpdateUserPoolClientInput) { in.CallbackURLs = nilIfEmpty(c.CallbackURLs) },
		flatten: func(u *types.UserPoolClientType, c *props.Config) { c.CallbackURLs = nilIfEmpty(u.CallbackURLs) },
	},
	props.LogoutURLs: {
		expand:  func(c *props.Config, in *cip.UpdateUserPoolClientInput) { in.LogoutURLs = nilIfEmpty(c.LogoutURLs) },
		flatten: func(u *types.UserPoolClientType, c *props.Config) { c.LogoutURLs = nilIfEmpty(u.LogoutURLs) },
	},
	props.DefaultRedirectURI: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.DefaultRedirectURI = nilIfZero(c.DefaultRedirectURI)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) { c.DefaultRedirectURI = deref(u.DefaultRedirectURI) },
	},
	props.ExplicitAuthFlows: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.ExplicitAuthFlows = toEnums[types.ExplicitAuthFlowsType](c.ExplicitAuthFlows)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			c.ExplicitAuthFlows = fromEnums(u.ExplicitAuthFlows)
		},
	},
	props.SupportedIdentityProviders: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.SupportedIdentityProviders = nilIfEmpty(c.SupportedIdentityProviders)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			c.SupportedIdentityProviders = nilIfEmpty(u.SupportedIdentityProviders)
		},
	},
	props.ReadAttributes: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.ReadAttributes = nilIfEmpty(c.ReadAttributes)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) { c.ReadAttributes = nilIfEmpty(u.ReadAttributes) },
	},
	props.WriteAttributes: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.WriteAttributes = nilIfEmpty(c.WriteAttributes)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) { c.WriteAttributes = nilIfEmpty(u.WriteAttributes) },
	},
	props.PreventUserExistenceErrors: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.PreventUserExistenceErrors = types.PreventUserExistenceErrorTypes(c.PreventUserExistenceErrors)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			if u.PreventUserExistenceErrors != "" {
				c.PreventUserExistenceErrors = string(u.PreventUserExistenceErrors)
			}
		},
	},
	props.EnableTokenRevocation: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.EnableTokenRevocation = &c.EnableTokenRevocation
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			if u.EnableTokenRevocation != nil {
				c.EnableTokenRevocation = *u.EnableTokenRevocation
			}
		},
	},
	props.EnablePropagateAdditionalUserContextData: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.EnablePropagateAdditionalUserContextData = &c.EnablePropagateAdditionalUserContextData
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			c.EnablePropagateAdditionalUserContextData = deref(u.EnablePropagateAdditionalUserContextData)
		},
	},
	props.AnalyticsConfiguration: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.AnalyticsConfiguration = analyticsTo(c.AnalyticsConfiguration)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			c.AnalyticsConfiguration = analyticsOf(u.AnalyticsConfiguration)
		},
	},
	props.RefreshTokenRotation: {
		expand: func(c *props.Config, in *cip.UpdateUserPoolClientInput) {
			in.RefreshTokenRotation = rotationTo(c.RefreshTokenRotation)
		},
		flatten: func(u *types.UserPoolClientType, c *props.Config) {
			c.RefreshTokenRotation = rotationOf(u.RefreshTokenRotation)
		},
	},
}

// copyByName sets every field of dst from the field of src with the same
// name and type, so that a field both inputs have is written in one place
// only (the mappings) and a new one cannot be forgotten in Create.
func copyByName(dst, src reflect.Value) {
	t := dst.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if sf, ok := src.Type().FieldByName(f.Name); ok && sf.Type == f.Type {
			dst.Field(i).Set(src.FieldByIndex(sf.Index))
		}
	}
}

// unitsOf returns the TokenValidityUnits of in, adding them when absent.
func unitsOf(in *cip.UpdateUserPoolClientInput) *types.TokenValidityUnitsType {
	if in.TokenValidityUnits == nil {
		in.TokenValidityUnits = &types.TokenValidityUnitsType{}
	}
	return in.TokenValidityUnits
}

// describedUnits returns the units a described client gives, empty ones
// when Describe left them out.
func describedUnits(u *types.UserPoolClientType) types.TokenValidityUnitsType {
	if u.TokenValidityUnits == nil {
		return types.TokenValidityUnitsType{}
	}
	return *u.TokenValidityUnits
}

// validity writes d as Cognito's (value, unit) pair.
func validity(d time.Duration) (int32, types.TimeUnitsType) {
	n, u := duration.Normalize(d)
	return int32(n), types.TimeUnitsType(u)
}

// setValidity sets *d to n in unit u (defUnit when u is absent), and leaves
// the default in *d when n is zero: Cognito returns no validity for a
// client that never set one, and turns a refresh validity of 0 into its
// default.
func setValidity(d *time.Duration, n int32, u types.TimeUnitsType, defUnit time.Duration) {
	if n == 0 {
		return
	}
	one := duration.Unit(u).Duration()
	if one == 0 {
		one = defUnit
	}
	*d = time.Duration(n) * one
}

func analyticsOf(a *types.AnalyticsConfigurationType) *props.Analytics {
	if a == nil {
		return nil
	}
	return (&props.Analytics{
		ApplicationArn: deref(a.ApplicationArn),
		ApplicationId:  deref(a.ApplicationId),
		RoleArn:        deref(a.RoleArn),
		ExternalId:     deref(a.ExternalId),
		UserDataShared: a.UserDataShared,
	}).Canonical()
}

func analyticsTo(a *props.Analytics) *types.AnalyticsConfigurationType {
	if a = a.Canonical(); a == nil {
		return nil
	}
	return &types.AnalyticsConfigurationType{
		ApplicationArn: nilIfZero(a.ApplicationArn),
		ApplicationId:  nilIfZero(a.ApplicationId),
		RoleArn:        nilIfZero(a.RoleArn),
		ExternalId:     nilIfZero(a.ExternalId),
		UserDataShared: a.UserDataShared,
	}
}

func rotationOf(r *types.RefreshTokenRotationType) *props.Rotation {
	if r == nil {
		return nil
	}
	out := &props.Rotation{Feature: string(r.Feature)}
	if g := deref(r.RetryGracePeriodSeconds); g != 0 {
		out.RetryGracePeriod = ptr(time.Duration(g) * time.Second)
	}
	return out.Canonical()
}

// rotationTo writes r, and "none" as DISABLED.
func rotationTo(r *props.Rotation) *types.RefreshTokenRotationType {
	if r = r.Canonical(); r == nil {
		return &types.RefreshTokenRotationType{Feature: types.FeatureTypeDisabled}
	}
	out := &types.RefreshTokenRotationType{Feature: types.FeatureType(r.Feature)}
	if r.RetryGracePeriod != nil {
		out.RetryGracePeriodSeconds = ptr(int32(*r.RetryGracePeriod / time.Second))
	}
	return out
}

func fromEnums[E ~string](es []E) []string {
	if len(es) == 0 {
		return nil
	}
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = string(e)
	}
	return out
}

func toEnums[E ~string](ss []string) []E {
	if len(ss) == 0 {
		return nil
	}
	out := make([]E, len(ss))
	for i, s := range ss {
		out[i] = E(s)
	}
	return out
}

func nilIfEmpty(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	return ss
}

func nilIfZero[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func ptr[T any](v T) *T { return &v }
