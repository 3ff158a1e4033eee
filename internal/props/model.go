// Package props turns the properties of a Custom::CognitoUserPoolClient into
// validated settings. It is pure: no I/O, no SDK client, only values.
//
// The model is deliberately the effective configuration of an app client
// ([Config]) plus the set of properties a template declared ([Settings]).
// Durations are kept as time.Duration, never as (value, unit) pairs, so a change
// of TokenValidityUnits can never silently rescale a token: units are chosen
// only when a request is written (see package wire).
package props

import "time"

// Config is the effective configuration of one app client, in the project's
// own terms. Its field names are the property names ([Name]), so that a
// property, a Config field and a Settings.Declared key are one and the
// same name. Empty lists are nil. Each field has an entry in the table of
// properties, which says how it is read, compared and reset.
//
// UserPoolId, ClientId, GenerateSecret and TokenValidityUnits are not here:
// the first three identify or create the client and never appear in an
// update, and units only say how a bare integer is read.
type Config struct {
	ClientName                               string
	AccessTokenValidity                      time.Duration
	IdTokenValidity                          time.Duration
	RefreshTokenValidity                     time.Duration
	AuthSessionValidity                      time.Duration
	AllowedOAuthFlows                        []string
	AllowedOAuthFlowsUserPoolClient          bool
	AllowedOAuthScopes                       []string
	CallbackURLs                             []string
	LogoutURLs                               []string
	DefaultRedirectURI                       string
	ExplicitAuthFlows                        []string
	SupportedIdentityProviders               []string
	ReadAttributes                           []string
	WriteAttributes                          []string
	PreventUserExistenceErrors               string
	EnableTokenRevocation                    bool
	EnablePropagateAdditionalUserContextData bool
	AnalyticsConfiguration                   *Analytics
	RefreshTokenRotation                     *Rotation
}

// Analytics is AnalyticsConfiguration: either ApplicationArn, or
// ApplicationId with RoleArn and ExternalId. Use [Analytics.Canonical]
// before comparing or sending one.
type Analytics struct {
	ApplicationArn string
	ApplicationId  string
	RoleArn        string
	ExternalId     string
	UserDataShared bool
}

// Canonical returns a in the one form that means what it means, or nil
// when it names no application: Cognito cannot send events anywhere with
// such a configuration, and the wire says "none" by leaving the field out.
//
// The ApplicationArn form keeps only ApplicationArn and UserDataShared:
// Cognito describes that form with its service-linked role added as
// RoleArn (ledger row 13), which is still the same form, must never be sent
// back beside the ApplicationArn (row 14), and is no change.
func (a *Analytics) Canonical() *Analytics {
	switch {
	case a == nil || a.ApplicationArn == "" && a.ApplicationId == "" && a.RoleArn == "" && a.ExternalId == "":
		return nil
	case a.ApplicationArn != "" && (a.ApplicationId != "" || a.RoleArn != "" || a.ExternalId != ""):
		return &Analytics{ApplicationArn: a.ApplicationArn, UserDataShared: a.UserDataShared}
	}
	return a
}

// Rotation is RefreshTokenRotation. RetryGracePeriod is nil when not set.
type Rotation struct {
	Feature          string // ENABLED or DISABLED
	RetryGracePeriod *time.Duration
}

// Canonical returns nil for a rotation that is Cognito's "none" (disabled,
// no grace period, or a grace period of 0), and r otherwise: Cognito
// describes a client that never set rotation as DISABLED with a grace
// period of 0 (ledger row 9), and that is the same as never having set it.
func (r *Rotation) Canonical() *Rotation {
	if r == nil || r.Feature != "ENABLED" && r.Grace() == 0 {
		return nil
	}
	return r
}

// Enabled reports whether r turns refresh token rotation on.
func (r *Rotation) Enabled() bool { return r != nil && r.Feature == "ENABLED" }

// Grace is the grace period of r, 0 when unset: Cognito reads an absent
// grace period as none.
func (r *Rotation) Grace() time.Duration {
	if r == nil || r.RetryGracePeriod == nil {
		return 0
	}
	return *r.RetryGracePeriod
}

// Defaults returns what Cognito gives an app client for every attribute that
// a CreateUserPoolClient or UpdateUserPoolClient request leaves out, as the
// project's ledger of Cognito's behaviour records it (rows 1–9). It is the
// one place where those defaults are written down.
//
// ExplicitAuthFlows has no default here: a client created without them
// describes with none, also after updates that leave them out (row 7), even
// though Cognito then allows three flows implicitly. None is what an
// AWS::Cognito::UserPoolClient without the property gets, so it is what a
// template that does not declare them gets here too.
func Defaults() Config {
	return Config{
		AccessTokenValidity:        time.Hour,
		IdTokenValidity:            time.Hour,
		RefreshTokenValidity:       30 * 24 * time.Hour,
		AuthSessionValidity:        3 * time.Minute,
		PreventUserExistenceErrors: "LEGACY",
		EnableTokenRevocation:      true,
	}
}

// Settings are the validated properties of one event.
type Settings struct {
	UserPoolId string
	// ClientId is set in existing-client mode and for an adopted client,
	// empty in owned mode.
	ClientId string
	// Adopt is Adopt: true beside ClientId: the resource owns that existing
	// client (docs/reference.md §3.10). It updates it as its own and deletes
	// it on Delete, but never sets, returns or rotates its secret.
	Adopt bool
	// GenerateSecret is the effective value (absent = false).
	GenerateSecret bool
	// GenerateSecretDeclared reports whether GenerateSecret was declared,
	// with a valid value. For an adopted client, a declared GenerateSecret
	// says whether the client has a secret ([Settings.CheckAdopted]).
	GenerateSecretDeclared bool
	// Secret holds ClientSecret, ClientSecretVersion and PreviousSecret
	// (owned mode only; valid values only). See [Settings.HasSecret].
	Secret Secret
	// Config holds the declared values; fields not in Declared are zero.
	Config Config
	// Declared names the Config fields the properties set (and only those
	// whose values were valid).
	Declared Fields
	// Additional holds the URLs of AdditionalCallbackURLs and
	// AdditionalLogoutURLs (existing-client mode only; valid values only).
	// They are not in Config or Declared: they add to the client's lists
	// and never replace them (see [EditURLs]).
	Additional Additional
	// Refused names the properties that were given but refused, and the
	// likely intended name of a misspelt one. Their values are unknown, so
	// no rule may judge the configuration by them: a refused CallbackURLs
	// is not an empty one.
	Refused Fields
}

// Fields is a set of property names.
type Fields map[Name]bool

// Existing reports whether the settings name an existing client
// (ClientId): existing-client mode, or an adopted client ([Settings.Adopt]).
// Either way the client is described before anything is written, and no
// client is created.
func (s Settings) Existing() bool { return s.ClientId != "" }
