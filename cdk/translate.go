package cdk

import (
	"math"
	"strconv"
	"time"

	"github.com/cognito-client-resource/cognitoclient/internal/duration"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// fromCfn converts the properties of an AWS::Cognito::UserPoolClient, as
// the CDK renders them (CloudFormation's names; numbers, booleans, lists
// and objects as JSON values), into the properties of a
// Custom::CognitoUserPoolClient that asks Cognito for the same client.
//
// The names are the same, so most values only change form: a boolean
// becomes "true" or "false", as CloudFormation delivers it. The token
// validities are the exception: a number in the unit TokenValidityUnits
// gives (Cognito's default unit when it gives none) becomes one duration
// string, and TokenValidityUnits itself is not carried, so that no unit can
// rescale another token's validity. A property this resource does not have,
// or a value of a shape this function does not expect, is a problem named
// after the property: it fails the synthesis rather than being dropped.
func fromCfn(rendered map[string]any) *properties {
	p := &properties{values: object{}}
	units := p.cfnUnits(rendered[string(props.TokenValidityUnits)])
	for name, v := range rendered {
		switch props.Name(name) {
		case props.TokenValidityUnits:
		case props.UserPoolId, props.ClientName, props.DefaultRedirectURI, props.PreventUserExistenceErrors:
			p.cfnString(p.values, name, name, v)
		case props.GenerateSecret, props.AllowedOAuthFlowsUserPoolClient, props.EnableTokenRevocation,
			props.EnablePropagateAdditionalUserContextData:
			p.cfnBool(p.values, name, name, v)
		case props.AllowedOAuthFlows, props.AllowedOAuthScopes, props.CallbackURLs, props.LogoutURLs,
			props.ExplicitAuthFlows, props.SupportedIdentityProviders, props.ReadAttributes, props.WriteAttributes:
			p.cfnList(name, v)
		case props.AccessTokenValidity:
			p.cfnDuration(p.values, name, name, v, unitOf(units, "AccessToken", duration.Hours))
		case props.IdTokenValidity:
			p.cfnDuration(p.values, name, name, v, unitOf(units, "IdToken", duration.Hours))
		case props.RefreshTokenValidity:
			p.cfnDuration(p.values, name, name, v, unitOf(units, "RefreshToken", duration.Days))
		case props.AuthSessionValidity:
			p.cfnDuration(p.values, name, name, v, duration.Minutes)
		case props.AnalyticsConfiguration:
			p.cfnObject(name, v, func(m object, key, path string, e any) {
				if key == "UserDataShared" {
					p.cfnBool(m, key, path, e)
				} else {
					p.cfnString(m, key, path, e)
				}
			})
		case props.RefreshTokenRotation:
			p.cfnObject(name, v, func(m object, key, path string, e any) {
				if key == "RetryGracePeriodSeconds" {
					p.cfnDuration(m, key, path, e, duration.Seconds)
				} else {
					p.cfnString(m, key, path, e)
				}
			})
		default:
			p.problems.Add(name, "awscognito.UserPoolClient of the installed CDK sets this property of AWS::Cognito::UserPoolClient, which Custom::CognitoUserPoolClient does not have: this version of the cdk package cannot honour the field of UserPoolClientProps that sets it")
		}
	}
	return p
}

// cfnUnits reads TokenValidityUnits (nil when absent): the unit of each
// token that has one.
func (p *properties) cfnUnits(v any) map[string]duration.Unit {
	units := map[string]duration.Unit{}
	if v == nil {
		return units
	}
	m, ok := v.(map[string]any)
	if !ok {
		p.unreadable(string(props.TokenValidityUnits), v)
		return units
	}
	for token, e := range m {
		path := string(props.TokenValidityUnits) + "." + token
		s, ok := e.(string)
		if !ok {
			p.unreadable(path, e)
			continue
		}
		u, err := duration.ParseUnit(s)
		if err != nil {
			p.problems.Add(path, "%v", err)
			continue
		}
		units[token] = u
	}
	return units
}

// unitOf returns the unit TokenValidityUnits gives a token, or Cognito's
// default unit for it when it gives none.
func unitOf(units map[string]duration.Unit, token string, def duration.Unit) duration.Unit {
	if u, ok := units[token]; ok {
		return u
	}
	return def
}

func (p *properties) cfnString(o object, key, path string, v any) {
	if s, ok := v.(string); ok {
		o[key] = s
		return
	}
	p.unreadable(path, v)
}

func (p *properties) cfnBool(o object, key, path string, v any) {
	if b, ok := v.(bool); ok {
		o[key] = strconv.FormatBool(b)
		return
	}
	p.unreadable(path, v)
}

func (p *properties) cfnList(name string, v any) {
	list, ok := v.([]any)
	if !ok {
		p.unreadable(name, v)
		return
	}
	out := make([]string, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			p.unreadable(name+"["+strconv.Itoa(i)+"]", e)
			return
		}
		out[i] = s
	}
	p.values[name] = out
}

// cfnDuration writes a number of units as the duration string of the same
// length: 60 minutes is "1h".
func (p *properties) cfnDuration(o object, key, path string, v any, unit duration.Unit) {
	n, ok := v.(float64)
	if !ok {
		p.unreadable(path, v)
		return
	}
	per := unit.Duration()
	if n < 0 || n != math.Trunc(n) || n > float64(math.MaxInt64/per) {
		p.problems.Add(path, "%v %s is not a duration this resource can hold", n, unit)
		return
	}
	o[key] = duration.Format(time.Duration(n) * per)
}

func (p *properties) cfnObject(name string, v any, field func(m object, key, path string, e any)) {
	m, ok := v.(map[string]any)
	if !ok {
		p.unreadable(name, v)
		return
	}
	out := object{}
	for key, e := range m {
		field(out, key, name+"."+key, e)
	}
	p.values[name] = map[string]any(out)
}

// unreadable records a value whose shape the conversion does not know: a
// change of the L2 that this version of the package has not followed.
func (p *properties) unreadable(path string, v any) {
	p.problems.Add(path, "awscognito.UserPoolClient of the installed CDK gives it a value of a form this version of the cdk package cannot read (%T)", v)
}
