// Package native says what Amazon Cognito is asked to create for a native
// AWS::Cognito::UserPoolClient: CloudFormation turns each of its
// properties into the CreateUserPoolClient field of the same name. With
// [Normalize] and [Diff], it lets a test compare the client a template of
// the native resource makes with the one a Custom::CognitoUserPoolClient
// makes (its request comes from package wire), whatever units each writes
// its token validities in. It is pure: the SDK's input types, no client.
package native

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/duration"
)

// CreateInput returns the CreateUserPoolClient request that CloudFormation
// sends for an AWS::Cognito::UserPoolClient with properties: each property
// is the request's field of the same name, its value as a template types it
// (numbers, booleans, lists, objects). A property that has no field in the
// request, or a value of another type, is an error naming it, so that a
// property the native resource gains is never silently left out.
func CreateInput(properties map[string]any) (*cip.CreateUserPoolClientInput, error) {
	b, err := json.Marshal(properties)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	in := &cip.CreateUserPoolClientInput{}
	if err := dec.Decode(in); err != nil {
		return nil, fmt.Errorf("AWS::Cognito::UserPoolClient properties as a CreateUserPoolClient request: %w", err)
	}
	return in, nil
}

// Normalize returns a copy of in that asks for the same client in one
// canonical form: each token validity in the largest unit that holds it
// exactly, with its unit always stated (60 minutes and 1 hour, or 24 hours
// and an unstated unit of 1 day, become 1 hours and 1 days), a refresh
// validity of 0 (Cognito's default) as none, and empty lists as none.
func Normalize(in *cip.CreateUserPoolClientInput) *cip.CreateUserPoolClientInput {
	out := *in
	var units types.TokenValidityUnitsType
	if in.TokenValidityUnits != nil {
		units = *in.TokenValidityUnits
	}
	out.TokenValidityUnits = &types.TokenValidityUnitsType{}
	out.AccessTokenValidity, out.TokenValidityUnits.AccessToken = validity(in.AccessTokenValidity, units.AccessToken, duration.Hours)
	out.IdTokenValidity, out.TokenValidityUnits.IdToken = validity(in.IdTokenValidity, units.IdToken, duration.Hours)
	var refresh *int32
	if in.RefreshTokenValidity != 0 {
		refresh = &in.RefreshTokenValidity
	}
	refresh, out.TokenValidityUnits.RefreshToken = validity(refresh, units.RefreshToken, duration.Days)
	out.RefreshTokenValidity = 0
	if refresh != nil {
		out.RefreshTokenValidity = *refresh
	}
	if *out.TokenValidityUnits == (types.TokenValidityUnitsType{}) {
		out.TokenValidityUnits = nil
	}
	for _, list := range []*[]string{&out.AllowedOAuthScopes, &out.CallbackURLs, &out.LogoutURLs,
		&out.SupportedIdentityProviders, &out.ReadAttributes, &out.WriteAttributes} {
		if len(*list) == 0 {
			*list = nil
		}
	}
	if len(out.AllowedOAuthFlows) == 0 {
		out.AllowedOAuthFlows = nil
	}
	if len(out.ExplicitAuthFlows) == 0 {
		out.ExplicitAuthFlows = nil
	}
	return &out
}

// validity returns n units (def when unit is empty) in the largest unit that
// holds it exactly; nil stays nil, with no unit.
func validity(n *int32, unit types.TimeUnitsType, def duration.Unit) (*int32, types.TimeUnitsType) {
	if n == nil {
		return nil, ""
	}
	u := duration.Unit(unit)
	if u == "" {
		u = def
	}
	v, nu := duration.Normalize(time.Duration(*n) * u.Duration())
	out := int32(v)
	return &out, types.TimeUnitsType(nu)
}

// Diff names each field in which a and b, normalized, differ, with both
// values, a's first: "AccessTokenValidity: 1, want 2". It is nil when they
// ask for the same client.
func Diff(a, b *cip.CreateUserPoolClientInput) []string {
	na, nb := reflect.ValueOf(Normalize(a)).Elem(), reflect.ValueOf(Normalize(b)).Elem()
	var out []string
	t := na.Type()
	for i := range t.NumField() {
		if !t.Field(i).IsExported() {
			continue
		}
		x, y := na.Field(i).Interface(), nb.Field(i).Interface()
		if !reflect.DeepEqual(x, y) {
			out = append(out, fmt.Sprintf("%s: %s, want %s", t.Field(i).Name, text(x), text(y)))
		}
	}
	return slices.Clip(out)
}

func text(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
