package cdk

import (
	"math"
	"strconv"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/internal/duration"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// ClientSettings are the settings of an app client that a construct declares.
// Each field is the property of docs/reference.md §2 with the same name. A nil field is not
// declared: the resource leaves it as it is (or, when it was declared before
// and is not any more, returns it to Cognito's default). A non-nil empty list
// is declared empty.
//
// Values may be tokens (a distribution's domain in a callback URL, a
// parameter in a Duration); a property that holds a token is checked when it
// is deployed, every other property when the app is synthesized.
type ClientSettings struct {
	// Adopt true, with NewUserPoolClientSettings, makes the resource own the
	// client its ClientId names (docs/reference.md §3.10): updated as its own,
	// deleted when the construct is, its secret never the resource's. The
	// construct's removal policy is then RETAIN, so that a rollback of the
	// deployment that adopts the client cannot delete it; once that
	// deployment is complete, awscdk.RemovalPolicies_Of(construct).Destroy(nil)
	// in a later one lets the stack's deletion delete the client. Only with
	// a ClientId.
	Adopt *bool

	// ClientName is the app client's name. An owned client is named after
	// the construct's logical id when it is nil; an existing or adopted
	// client keeps its name.
	ClientName *string

	// AccessTokenValidity and IdTokenValidity: 5 minutes to 1 day, at most
	// the refresh token's validity.
	AccessTokenValidity awscdk.Duration
	IdTokenValidity     awscdk.Duration
	// RefreshTokenValidity: 60 minutes to 3650 days.
	RefreshTokenValidity awscdk.Duration
	// AuthSessionValidity: 3 to 15 whole minutes.
	AuthSessionValidity awscdk.Duration

	// AllowedOAuthFlows among "code", "implicit" and "client_credentials".
	AllowedOAuthFlows *[]*string
	// AllowedOAuthFlowsUserPoolClient is implied true when AllowedOAuthFlows
	// is declared non-empty.
	AllowedOAuthFlowsUserPoolClient *bool
	// AllowedOAuthScopes such as "openid" or a resource server's scope
	// (awscognito.OAuthScope_OPENID().ScopeName() gives the same string).
	AllowedOAuthScopes *[]*string
	// CallbackURLs and LogoutURLs: https, or http on localhost, 127.0.0.1
	// or [::1], or an app scheme such as "myapp://cb"; no fragment.
	CallbackURLs *[]*string
	LogoutURLs   *[]*string
	// DefaultRedirectURI must be one of the effective CallbackURLs.
	DefaultRedirectURI *string

	// ExplicitAuthFlows, such as "ALLOW_USER_SRP_AUTH".
	ExplicitAuthFlows *[]*string
	// SupportedIdentityProviders, such as "COGNITO" or a federated
	// provider's name.
	SupportedIdentityProviders *[]*string
	// ReadAttributes and WriteAttributes are the user attributes the
	// client may read and write, such as "email" or "custom:tier".
	ReadAttributes  *[]*string
	WriteAttributes *[]*string
	// PreventUserExistenceErrors is "LEGACY" or "ENABLED".
	PreventUserExistenceErrors *string
	// EnableTokenRevocation lets the client revoke its refresh tokens.
	EnableTokenRevocation *bool
	// EnablePropagateAdditionalUserContextData needs a client secret.
	EnablePropagateAdditionalUserContextData *bool
	// AnalyticsConfiguration sends the client's events to Amazon Pinpoint.
	AnalyticsConfiguration *AnalyticsConfiguration
	// RefreshTokenRotation turns refresh token rotation on or off.
	RefreshTokenRotation *RefreshTokenRotation
}

// AnalyticsConfiguration sends the client's events to Amazon Pinpoint: give
// either ApplicationArn, or ApplicationId with RoleArn (and, optionally,
// ExternalId).
type AnalyticsConfiguration struct {
	// ApplicationArn is the ARN of the Pinpoint project.
	ApplicationArn *string
	// ApplicationId and RoleArn name the Pinpoint project and the role
	// Cognito assumes to reach it; ExternalId, when given, is the external
	// id of that role's trust policy.
	ApplicationId *string
	RoleArn       *string
	ExternalId    *string
	// UserDataShared sends user attributes along with the events.
	UserDataShared *bool
}

// RefreshTokenRotation turns refresh token rotation on or off.
type RefreshTokenRotation struct {
	// Feature is "ENABLED" or "DISABLED".
	Feature *string
	// RetryGracePeriod is how long the previous refresh token stays valid
	// after a rotation: 0 to 60 seconds.
	RetryGracePeriod awscdk.Duration
}

// properties are the ResourceProperties a construct emits, as the plain Go
// values props.Decode reads (string, []string, map[string]any), with the
// problems found while converting the typed settings to them.
type properties struct {
	values   object
	problems props.Problems
}

// newProperties starts the properties of a resource of user pool userPoolID.
func newProperties(userPoolID string) *properties {
	return &properties{values: object{"UserPoolId": userPoolID}}
}

// add adds every declared setting of s.
func (p *properties) add(s *ClientSettings) {
	p.values.boolean("Adopt", s.Adopt)
	p.values.str("ClientName", s.ClientName)
	p.duration("AccessTokenValidity", s.AccessTokenValidity)
	p.duration("IdTokenValidity", s.IdTokenValidity)
	p.duration("RefreshTokenValidity", s.RefreshTokenValidity)
	p.duration("AuthSessionValidity", s.AuthSessionValidity)
	p.list("AllowedOAuthFlows", s.AllowedOAuthFlows)
	p.values.boolean("AllowedOAuthFlowsUserPoolClient", s.AllowedOAuthFlowsUserPoolClient)
	p.list("AllowedOAuthScopes", s.AllowedOAuthScopes)
	p.list("CallbackURLs", s.CallbackURLs)
	p.list("LogoutURLs", s.LogoutURLs)
	p.values.str("DefaultRedirectURI", s.DefaultRedirectURI)
	p.list("ExplicitAuthFlows", s.ExplicitAuthFlows)
	p.list("SupportedIdentityProviders", s.SupportedIdentityProviders)
	p.list("ReadAttributes", s.ReadAttributes)
	p.list("WriteAttributes", s.WriteAttributes)
	p.values.str("PreventUserExistenceErrors", s.PreventUserExistenceErrors)
	p.values.boolean("EnableTokenRevocation", s.EnableTokenRevocation)
	p.values.boolean("EnablePropagateAdditionalUserContextData", s.EnablePropagateAdditionalUserContextData)
	if a := s.AnalyticsConfiguration; a != nil {
		m := object{}
		m.str("ApplicationArn", a.ApplicationArn)
		m.str("ApplicationId", a.ApplicationId)
		m.str("RoleArn", a.RoleArn)
		m.str("ExternalId", a.ExternalId)
		m.boolean("UserDataShared", a.UserDataShared)
		p.values["AnalyticsConfiguration"] = map[string]any(m)
	}
	if r := s.RefreshTokenRotation; r != nil {
		m := object{}
		m.str("Feature", r.Feature)
		if v, ok := p.durationValue("RefreshTokenRotation.RetryGracePeriodSeconds", r.RetryGracePeriod); ok {
			m["RetryGracePeriodSeconds"] = v
		}
		p.values["RefreshTokenRotation"] = map[string]any(m)
	}
}

// secret declares the client secret properties of an owned client. A
// SecretValue is declared as its text, which validation judges.
func (p *properties) secret(v awscdk.SecretValue, version, previous *string) {
	if v != nil {
		p.values[string(props.ClientSecret)] = *v.UnsafeUnwrap()
	}
	p.values.str(string(props.ClientSecretVersion), version)
	p.values.str(string(props.PreviousSecret), previous)
}

// list declares a list; a nil element reads as "", which the rules refuse
// with the element's index.
func (p *properties) list(name string, v *[]*string) {
	if v == nil {
		return
	}
	out := make([]string, len(*v))
	for i, e := range *v {
		if e != nil {
			out[i] = *e
		}
	}
	p.values[name] = out
}

func (p *properties) duration(name string, d awscdk.Duration) {
	if v, ok := p.durationValue(name, d); ok {
		p.values[name] = v
	}
}

// durationValue converts d to the duration string of docs/reference.md §2: a concrete
// Duration as the single largest unit that holds it exactly (10 hours is
// "10h", 90 minutes "90m", 1 day "1d"), a token Duration as a token string
// in the Duration's own unit ("${Token}m"), judged at deploy time. ok is
// false when d is nil or cannot be written, which is recorded as a problem.
func (p *properties) durationValue(name string, d awscdk.Duration) (string, bool) {
	if d == nil {
		return "", false
	}
	if *d.IsUnresolved() {
		amount, suffix := tokenAmount(d)
		if amount == nil {
			p.problems.Add(name, "a Duration from a token must be in seconds, minutes, hours or days, not %s", *d.UnitLabel())
			return "", false
		}
		return *awscdk.Token_AsString(amount, nil) + suffix, true
	}
	ms := *d.ToMilliseconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)})
	if math.Mod(ms, 1000) != 0 {
		p.problems.Add(name, "%s is not a whole number of seconds", *d.ToHumanString())
		return "", false
	}
	secs := ms / 1000
	if secs > float64(math.MaxInt64/int64(time.Second)) {
		p.problems.Add(name, "%s is too long", *d.ToHumanString())
		return "", false
	}
	return duration.Format(time.Duration(secs) * time.Second), true
}

// tokenAmount returns the amount of a token Duration in its own unit (a
// token cannot be converted to another unit) and the duration grammar's suffix for
// that unit, or nil for a unit the grammar has no suffix for.
func tokenAmount(d awscdk.Duration) (*float64, string) {
	switch *d.UnitLabel() {
	case "seconds":
		return d.ToSeconds(nil), "s"
	case "minutes":
		return d.ToMinutes(nil), "m"
	case "hours":
		return d.ToHours(nil), "h"
	case "days":
		return d.ToDays(nil), "d"
	}
	return nil, ""
}

// object is a property value that is an object, or the properties
// themselves. CloudFormation hands every scalar to the function as a string,
// so the constructs write booleans as "true" and "false" too: the template
// shows what the function receives.
type object map[string]any

func (o object) str(name string, v *string) {
	if v != nil {
		o[name] = *v
	}
}

func (o object) boolean(name string, v *bool) {
	if v != nil {
		o[name] = strconv.FormatBool(*v)
	}
}
