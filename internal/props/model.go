// Package props turns the properties of a Custom::CognitoUserPoolClient into
// validated settings. It is pure: no I/O, no SDK client, only values.
//
// The model is deliberately the effective configuration of an app client
// ([Config]) plus the set of properties a template declared ([Settings]).
// Durations are kept as time.Duration, never as (value, unit) pairs, so a change
// of TokenValidityUnits can never silently rescale a token: units are chosen
// only when a request is written (see package request).
package props

import "time"

// Config is the effective configuration of one app client, in the project's
// own terms. Its field names are the property names of SPEC §2, so that a
// property name, a Config field and a Settings.Declared key are one and the
// same string. Empty lists are nil.
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
// ApplicationId with RoleArn and ExternalId.
type Analytics struct {
	ApplicationArn string
	ApplicationId  string
	RoleArn        string
	ExternalId     string
	UserDataShared bool
}

// Rotation is RefreshTokenRotation. RetryGracePeriod is nil when not set.
type Rotation struct {
	Feature          string // ENABLED or DISABLED
	RetryGracePeriod *time.Duration
}

// Defaults returns what Cognito gives an app client for every attribute that
// a CreateUserPoolClient or UpdateUserPoolClient request leaves out. It is the
// one place where those defaults are written down.
func Defaults() Config {
	return Config{
		AccessTokenValidity:        time.Hour,
		IdTokenValidity:            time.Hour,
		RefreshTokenValidity:       30 * 24 * time.Hour,
		AuthSessionValidity:        3 * time.Minute,
		ExplicitAuthFlows:          []string{"ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"},
		PreventUserExistenceErrors: "LEGACY",
		EnableTokenRevocation:      true,
	}
}

// Settings are the validated properties of one event.
type Settings struct {
	UserPoolId string
	// ClientId is set in existing-client mode, empty in owned mode.
	ClientId string
	// GenerateSecret is the effective value (absent = false).
	GenerateSecret bool
	// Config holds the declared values; fields not in Declared are zero.
	Config Config
	// Declared names the Config fields the properties set (and only those
	// whose values were valid).
	Declared Fields
	// Refused names the properties that were given but refused, and the
	// likely intended name of a misspelt one. Their values are unknown, so
	// no rule may judge the configuration by them: a refused CallbackURLs
	// is not an empty one.
	Refused Fields
}

// Fields is a set of Config field names.
type Fields map[string]bool

// Existing reports whether the settings are in existing-client mode.
func (s Settings) Existing() bool { return s.ClientId != "" }
