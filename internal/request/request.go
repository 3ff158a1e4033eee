// Package request turns an app client's configuration into the requests that
// Cognito receives, and what DescribeUserPoolClient returns back into a
// configuration. It is pure: it uses the SDK's input and output types, never
// its client.
//
// Cognito's UpdateUserPoolClient resets every attribute that a request leaves
// out, so an update is always built from a whole configuration: the client's
// current one ([FromClient]), overlaid with what the template declares
// ([Overlay]), written as a request that carries every field ([Update]).
// [Changed] tells whether that request would change anything at all.
//
// The conversions come in pairs, to the wire (expand) and from it (flatten),
// and they agree: for every configuration c,
// FromClient(the client Cognito stores for Update(c)) has no [Changed] field
// against c. That is what makes an update with nothing new a no-op.
package request

import (
	"reflect"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/duration"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// Cognito's units for a validity sent without TokenValidityUnits, or read
// back without them.
const (
	defaultAccessUnit  = time.Hour
	defaultIdUnit      = time.Hour
	defaultRefreshUnit = 24 * time.Hour
)

// FromClient converts what DescribeUserPoolClient returned into a
// configuration, filling in what Describe leaves out with Cognito's defaults
// ([props.Defaults]):
//
//   - a validity is its value times its unit in TokenValidityUnits (by
//     default hours for access and ID tokens, days for refresh tokens);
//     AuthSessionValidity is in minutes;
//   - an absent or zero validity is the default (1 h, 1 h, 30 d, 3 min):
//     Cognito stores a refresh validity of 0 as 30 days;
//   - an absent PreventUserExistenceErrors is LEGACY, an absent
//     EnableTokenRevocation is true, other absent booleans are false;
//   - absent or empty lists are nil;
//   - an AnalyticsConfiguration that names no application (no
//     ApplicationArn, ApplicationId, RoleArn or ExternalId) is nil;
//   - a RefreshTokenRotation that is DISABLED without a grace period is nil,
//     and a grace period of 0 is nil: both are what Cognito gives a client
//     that never set them, and nil is how the model says "as Cognito's
//     default".
//
// The lists of the result share their backing arrays with c.
func FromClient(c *types.UserPoolClientType) props.Config {
	d := props.Defaults()
	var units types.TokenValidityUnitsType
	if c.TokenValidityUnits != nil {
		units = *c.TokenValidityUnits
	}
	return props.Config{
		ClientName:                               deref(c.ClientName),
		AccessTokenValidity:                      validityOf(deref(c.AccessTokenValidity), units.AccessToken, defaultAccessUnit, d.AccessTokenValidity),
		IdTokenValidity:                          validityOf(deref(c.IdTokenValidity), units.IdToken, defaultIdUnit, d.IdTokenValidity),
		RefreshTokenValidity:                     validityOf(c.RefreshTokenValidity, units.RefreshToken, defaultRefreshUnit, d.RefreshTokenValidity),
		AuthSessionValidity:                      validityOf(deref(c.AuthSessionValidity), "", time.Minute, d.AuthSessionValidity),
		AllowedOAuthFlows:                        fromEnums(c.AllowedOAuthFlows),
		AllowedOAuthFlowsUserPoolClient:          deref(c.AllowedOAuthFlowsUserPoolClient),
		AllowedOAuthScopes:                       nilIfEmpty(c.AllowedOAuthScopes),
		CallbackURLs:                             nilIfEmpty(c.CallbackURLs),
		LogoutURLs:                               nilIfEmpty(c.LogoutURLs),
		DefaultRedirectURI:                       deref(c.DefaultRedirectURI),
		ExplicitAuthFlows:                        fromEnums(c.ExplicitAuthFlows),
		SupportedIdentityProviders:               nilIfEmpty(c.SupportedIdentityProviders),
		ReadAttributes:                           nilIfEmpty(c.ReadAttributes),
		WriteAttributes:                          nilIfEmpty(c.WriteAttributes),
		PreventUserExistenceErrors:               or(string(c.PreventUserExistenceErrors), d.PreventUserExistenceErrors),
		EnableTokenRevocation:                    derefOr(c.EnableTokenRevocation, d.EnableTokenRevocation),
		EnablePropagateAdditionalUserContextData: deref(c.EnablePropagateAdditionalUserContextData),
		AnalyticsConfiguration:                   analyticsOf(c.AnalyticsConfiguration),
		RefreshTokenRotation:                     rotationOf(c.RefreshTokenRotation),
	}
}

// Update builds the UpdateUserPoolClientInput that gives client clientID
// exactly configuration c. Every field of the input is set from c, so that
// nothing falls back to a default Cognito would pick:
//
//   - the three token validities and TokenValidityUnits always go together,
//     each validity in the largest unit that represents it exactly
//     (24h is 1 days, 90m is 90 minutes), so a unit change for one token
//     never rescales another; AuthSessionValidity is in minutes;
//   - booleans and PreventUserExistenceErrors are always written, false
//     included;
//   - lists are nil only when empty.
//
// Three fields are left out when c says "none": DefaultRedirectURI when
// empty, AnalyticsConfiguration when it names no application,
// RefreshTokenRotation when nil. Leaving them out is how the wire says
// "none" (Cognito rejects an empty DefaultRedirectURI, and an analytics
// configuration needs an application), and an update that leaves them out
// resets them to none (for rotation: disabled), which is c's value.
//
// c should be a whole configuration, such as [Overlay] returns; the input
// shares c's lists.
func Update(userPoolID, clientID string, c props.Config) *cip.UpdateUserPoolClientInput {
	in := expand(c)
	in.UserPoolId = &userPoolID
	in.ClientId = &clientID
	return in
}

// Create builds the CreateUserPoolClientInput for a new client of user pool
// userPoolID with configuration c, with the same fields, written the same
// way, as [Update], plus GenerateSecret. It never sets ClientSecret.
//
// For a client created from declared settings s, c is
// Overlay(props.Defaults(), s, nil) with the client's name declared.
func Create(userPoolID string, c props.Config, generateSecret bool) *cip.CreateUserPoolClientInput {
	in := &cip.CreateUserPoolClientInput{}
	copyByName(reflect.ValueOf(in).Elem(), reflect.ValueOf(expand(c)).Elem())
	in.UserPoolId = &userPoolID
	in.GenerateSecret = generateSecret
	return in
}

// expand writes c as an update without the identifiers of the client. It is
// the one place that knows how each property goes on the wire; Create copies
// its result.
func expand(c props.Config) *cip.UpdateUserPoolClientInput {
	access, accessUnit := validity(c.AccessTokenValidity)
	id, idUnit := validity(c.IdTokenValidity)
	refresh, refreshUnit := validity(c.RefreshTokenValidity)
	return &cip.UpdateUserPoolClientInput{
		ClientName:           &c.ClientName,
		AccessTokenValidity:  &access,
		IdTokenValidity:      &id,
		RefreshTokenValidity: refresh,
		TokenValidityUnits: &types.TokenValidityUnitsType{
			AccessToken:  accessUnit,
			IdToken:      idUnit,
			RefreshToken: refreshUnit,
		},
		AuthSessionValidity:                      ptr(int32(c.AuthSessionValidity / time.Minute)),
		AllowedOAuthFlows:                        toEnums[types.OAuthFlowType](c.AllowedOAuthFlows),
		AllowedOAuthFlowsUserPoolClient:          c.AllowedOAuthFlowsUserPoolClient,
		AllowedOAuthScopes:                       nilIfEmpty(c.AllowedOAuthScopes),
		CallbackURLs:                             nilIfEmpty(c.CallbackURLs),
		LogoutURLs:                               nilIfEmpty(c.LogoutURLs),
		DefaultRedirectURI:                       nilIfZero(c.DefaultRedirectURI),
		ExplicitAuthFlows:                        toEnums[types.ExplicitAuthFlowsType](c.ExplicitAuthFlows),
		SupportedIdentityProviders:               nilIfEmpty(c.SupportedIdentityProviders),
		ReadAttributes:                           nilIfEmpty(c.ReadAttributes),
		WriteAttributes:                          nilIfEmpty(c.WriteAttributes),
		PreventUserExistenceErrors:               types.PreventUserExistenceErrorTypes(c.PreventUserExistenceErrors),
		EnableTokenRevocation:                    &c.EnableTokenRevocation,
		EnablePropagateAdditionalUserContextData: &c.EnablePropagateAdditionalUserContextData,
		AnalyticsConfiguration:                   analyticsTo(c.AnalyticsConfiguration),
		RefreshTokenRotation:                     rotationTo(c.RefreshTokenRotation),
	}
}

// copyByName sets every field of dst from the field of src with the same
// name and type, so that a field both inputs have is written in one place
// only (expand) and a new one cannot be forgotten in Create.
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

// validity writes d as Cognito's (value, unit) pair.
func validity(d time.Duration) (int32, types.TimeUnitsType) {
	n, u := duration.Normalize(d)
	return int32(n), types.TimeUnitsType(u)
}

// validityOf reads a validity n in unit u (defUnit when u is absent), or def
// when n is zero: Cognito returns no validity for a client that never set
// one, and turns a refresh validity of 0 into its default.
func validityOf(n int32, u types.TimeUnitsType, defUnit, def time.Duration) time.Duration {
	if n == 0 {
		return def
	}
	one := duration.Unit(u).Duration()
	if one == 0 {
		one = defUnit
	}
	return time.Duration(n) * one
}

func analyticsOf(a *types.AnalyticsConfigurationType) *props.Analytics {
	if a == nil {
		return nil
	}
	return canonicalAnalytics(&props.Analytics{
		ApplicationArn: deref(a.ApplicationArn),
		ApplicationId:  deref(a.ApplicationId),
		RoleArn:        deref(a.RoleArn),
		ExternalId:     deref(a.ExternalId),
		UserDataShared: a.UserDataShared,
	})
}

func analyticsTo(a *props.Analytics) *types.AnalyticsConfigurationType {
	if a = canonicalAnalytics(a); a == nil {
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

// canonicalAnalytics returns nil for a configuration that names no
// application: Cognito cannot send events anywhere with it, and the only
// way to ask for that on the wire is to leave the field out.
func canonicalAnalytics(a *props.Analytics) *props.Analytics {
	if a == nil || a.ApplicationArn == "" && a.ApplicationId == "" && a.RoleArn == "" && a.ExternalId == "" {
		return nil
	}
	return a
}

func rotationOf(r *types.RefreshTokenRotationType) *props.Rotation {
	if r == nil {
		return nil
	}
	out := &props.Rotation{Feature: string(r.Feature)}
	if g := deref(r.RetryGracePeriodSeconds); g != 0 {
		out.RetryGracePeriod = ptr(time.Duration(g) * time.Second)
	}
	return canonicalRotation(out)
}

func rotationTo(r *props.Rotation) *types.RefreshTokenRotationType {
	if r == nil {
		return nil
	}
	out := &types.RefreshTokenRotationType{Feature: types.FeatureType(r.Feature)}
	if r.RetryGracePeriod != nil {
		out.RetryGracePeriodSeconds = ptr(int32(*r.RetryGracePeriod / time.Second))
	}
	return out
}

// canonicalRotation returns nil for a rotation that is Cognito's default
// (disabled, no grace period), so that a client that never set it and one
// that set it to DISABLED read the same.
func canonicalRotation(r *props.Rotation) *props.Rotation {
	if r == nil || r.Feature != string(types.FeatureTypeEnabled) && graceOf(r) == 0 {
		return nil
	}
	return r
}

// graceOf is the grace period of r, 0 when unset: Cognito reads an absent
// grace period as none.
func graceOf(r *props.Rotation) time.Duration {
	if r.RetryGracePeriod == nil {
		return 0
	}
	return *r.RetryGracePeriod
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
	return derefOr(p, zero)
}

// or returns v, or def when v is the zero value.
func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func derefOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func ptr[T any](v T) *T { return &v }
