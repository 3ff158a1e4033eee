package native

import (
	"reflect"
	"strings"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestCreateInput(t *testing.T) {
	in, err := CreateInput(map[string]any{
		"UserPoolId":                      "us-east-1_AbCdEf123",
		"ClientName":                      "web",
		"GenerateSecret":                  true,
		"AccessTokenValidity":             60.0,
		"TokenValidityUnits":              map[string]any{"AccessToken": "minutes"},
		"AllowedOAuthFlows":               []any{"code"},
		"AllowedOAuthFlowsUserPoolClient": true,
		"CallbackURLs":                    []any{"https://example.com"},
		"DefaultRedirectURI":              "https://example.com",
		"RefreshTokenRotation":            map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": 30.0},
		"AnalyticsConfiguration":          map[string]any{"ApplicationArn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/a", "UserDataShared": true},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &cip.CreateUserPoolClientInput{
		UserPoolId:                      ptr("us-east-1_AbCdEf123"),
		ClientName:                      ptr("web"),
		GenerateSecret:                  true,
		AccessTokenValidity:             ptr[int32](60),
		TokenValidityUnits:              &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes},
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthFlowsUserPoolClient: true,
		CallbackURLs:                    []string{"https://example.com"},
		DefaultRedirectURI:              ptr("https://example.com"),
		RefreshTokenRotation:            &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: ptr[int32](30)},
		AnalyticsConfiguration:          &types.AnalyticsConfigurationType{ApplicationArn: ptr("arn:aws:mobiletargeting:us-east-1:123456789012:apps/a"), UserDataShared: true},
	}
	if d := Diff(in, want); d != nil || !reflect.DeepEqual(in, want) {
		t.Errorf("CreateInput: %v", d)
	}
}

func TestCreateInputRefuses(t *testing.T) {
	for name, properties := range map[string]map[string]any{
		"a property the request lacks": {"UserPoolId": "us-east-1_A", "CallbackUrlz": []any{"https://example.com"}},
		"a value of another type":      {"UserPoolId": "us-east-1_A", "GenerateSecret": "maybe"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := CreateInput(properties); err == nil {
				t.Error("no error")
			}
		})
	}
	_, err := CreateInput(map[string]any{"CallbackUrlz": []any{}})
	if err == nil || !strings.Contains(err.Error(), "CallbackUrlz") {
		t.Errorf("error %v does not name the property", err)
	}
}

func TestNormalize(t *testing.T) {
	units := func(a, i, r types.TimeUnitsType) *types.TokenValidityUnitsType {
		return &types.TokenValidityUnitsType{AccessToken: a, IdToken: i, RefreshToken: r}
	}
	tests := []struct {
		name string
		a, b *cip.CreateUserPoolClientInput
		diff []string
	}{
		{
			name: "60 minutes is 1 hour",
			a:    &cip.CreateUserPoolClientInput{AccessTokenValidity: ptr[int32](60), TokenValidityUnits: units("minutes", "", "")},
			b:    &cip.CreateUserPoolClientInput{AccessTokenValidity: ptr[int32](1), TokenValidityUnits: units("hours", "", "")},
		},
		{
			name: "an unstated unit is Cognito's default",
			a:    &cip.CreateUserPoolClientInput{IdTokenValidity: ptr[int32](24), RefreshTokenValidity: 30},
			b:    &cip.CreateUserPoolClientInput{IdTokenValidity: ptr[int32](1440), RefreshTokenValidity: 43200, TokenValidityUnits: units("", "minutes", "minutes")},
		},
		{
			name: "a unit for a validity not given says nothing; empty lists are none",
			a:    &cip.CreateUserPoolClientInput{TokenValidityUnits: units("seconds", "days", "hours"), CallbackURLs: []string{}},
			b:    &cip.CreateUserPoolClientInput{},
		},
		{
			name: "different lengths differ",
			a:    &cip.CreateUserPoolClientInput{AccessTokenValidity: ptr[int32](61), TokenValidityUnits: units("minutes", "", "")},
			b:    &cip.CreateUserPoolClientInput{AccessTokenValidity: ptr[int32](1)},
			diff: []string{"AccessTokenValidity: 61, want 1", `TokenValidityUnits: {"AccessToken":"minutes","IdToken":"","RefreshToken":""}, want {"AccessToken":"hours","IdToken":"","RefreshToken":""}`},
		},
		{
			name: "lists differ in order",
			a:    &cip.CreateUserPoolClientInput{AllowedOAuthScopes: []string{"openid", "email"}},
			b:    &cip.CreateUserPoolClientInput{AllowedOAuthScopes: []string{"email", "openid"}},
			diff: []string{`AllowedOAuthScopes: ["openid","email"], want ["email","openid"]`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Diff(tt.a, tt.b); !reflect.DeepEqual(got, tt.diff) {
				t.Errorf("Diff:\n got %q\nwant %q", got, tt.diff)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
