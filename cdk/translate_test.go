package cdk

import (
	"reflect"
	"testing"
)

// TestFromCfn: the CloudFormation properties the L2 renders become the
// resource's properties, name for name; validities become one duration
// each, in the unit TokenValidityUnits gives them or Cognito's default; and
// whatever the conversion does not know is a problem naming it.
func TestFromCfn(t *testing.T) {
	tests := []struct {
		name     string
		rendered map[string]any
		values   object
		problems []string
	}{
		{
			name: "every property the L2 renders, validities in minutes",
			rendered: map[string]any{
				"UserPoolId": "us-east-1_AbCdEf123", "ClientName": "web", "GenerateSecret": true,
				"AllowedOAuthFlows": []any{"implicit", "code"}, "AllowedOAuthFlowsUserPoolClient": true,
				"AllowedOAuthScopes": []any{"openid"}, "CallbackURLs": []any{"https://example.com"},
				"LogoutURLs": []any{"https://example.com/"}, "DefaultRedirectURI": "https://example.com",
				"ExplicitAuthFlows": []any{"ALLOW_USER_SRP_AUTH"}, "SupportedIdentityProviders": []any{"COGNITO"},
				"ReadAttributes": []any{"email"}, "WriteAttributes": []any{},
				"PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": false,
				"EnablePropagateAdditionalUserContextData": true,
				"AccessTokenValidity":                      90.0, "IdTokenValidity": 60.0, "RefreshTokenValidity": 43200.0,
				"TokenValidityUnits":  map[string]any{"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "minutes"},
				"AuthSessionValidity": 15.0,
				"AnalyticsConfiguration": map[string]any{
					"ApplicationId": "abc", "RoleArn": "arn:aws:iam::123456789012:role/r", "ExternalId": "x", "UserDataShared": true,
				},
				"RefreshTokenRotation": map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": 60.0},
			},
			values: object{
				"UserPoolId": "us-east-1_AbCdEf123", "ClientName": "web", "GenerateSecret": "true",
				"AllowedOAuthFlows": []string{"implicit", "code"}, "AllowedOAuthFlowsUserPoolClient": "true",
				"AllowedOAuthScopes": []string{"openid"}, "CallbackURLs": []string{"https://example.com"},
				"LogoutURLs": []string{"https://example.com/"}, "DefaultRedirectURI": "https://example.com",
				"ExplicitAuthFlows": []string{"ALLOW_USER_SRP_AUTH"}, "SupportedIdentityProviders": []string{"COGNITO"},
				"ReadAttributes": []string{"email"}, "WriteAttributes": []string{},
				"PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": "false",
				"EnablePropagateAdditionalUserContextData": "true",
				"AccessTokenValidity":                      "90m", "IdTokenValidity": "1h", "RefreshTokenValidity": "30d",
				"AuthSessionValidity": "15m",
				"AnalyticsConfiguration": map[string]any{
					"ApplicationId": "abc", "RoleArn": "arn:aws:iam::123456789012:role/r", "ExternalId": "x", "UserDataShared": "true",
				},
				"RefreshTokenRotation": map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": "1m"},
			},
		},
		{
			name: "validities without units are in Cognito's default units, or in the units given",
			rendered: map[string]any{
				"UserPoolId": "us-east-1_A", "AccessTokenValidity": 24.0, "IdTokenValidity": 3600.0, "RefreshTokenValidity": 7.0,
				"TokenValidityUnits": map[string]any{"IdToken": "seconds"},
			},
			values: object{"UserPoolId": "us-east-1_A", "AccessTokenValidity": "1d", "IdTokenValidity": "1h", "RefreshTokenValidity": "7d"},
		},
		{
			name: "a property the resource does not have, and values of unknown forms",
			rendered: map[string]any{
				"UserPoolId": "us-east-1_A", "ClientSecretRotation": map[string]any{"Days": 30.0},
				"AccessTokenValidity": 1.5, "IdTokenValidity": "1h", "RefreshTokenValidity": 1.0,
				"TokenValidityUnits": map[string]any{"RefreshToken": "weeks"},
				"CallbackURLs":       []any{"https://example.com", 7.0}, "EnableTokenRevocation": "yes",
				"RefreshTokenRotation": []any{"ENABLED"},
			},
			values: object{"UserPoolId": "us-east-1_A", "RefreshTokenValidity": "1d"},
			problems: []string{
				"AccessTokenValidity: 1.5 hours is not a duration this resource can hold",
				"CallbackURLs[1]: awscognito.UserPoolClient of the installed CDK gives it a value of a form this version of the cdk package cannot read (float64)",
				"ClientSecretRotation: awscognito.UserPoolClient of the installed CDK sets this property of AWS::Cognito::UserPoolClient, which Custom::CognitoUserPoolClient does not have: this version of the cdk package cannot honour the field of UserPoolClientProps that sets it",
				"EnableTokenRevocation: awscognito.UserPoolClient of the installed CDK gives it a value of a form this version of the cdk package cannot read (string)",
				"IdTokenValidity: awscognito.UserPoolClient of the installed CDK gives it a value of a form this version of the cdk package cannot read (string)",
				"RefreshTokenRotation: awscognito.UserPoolClient of the installed CDK gives it a value of a form this version of the cdk package cannot read ([]interface {})",
				`TokenValidityUnits.RefreshToken: "weeks" is not a unit: write seconds, minutes, hours or days`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fromCfn(tt.rendered)
			if !reflect.DeepEqual(p.values, tt.values) {
				t.Errorf("values:\n got %v\nwant %v", p.values, tt.values)
			}
			got := make(map[string]bool)
			for _, pr := range p.problems {
				got[pr.Error()] = true
			}
			want := make(map[string]bool)
			for _, w := range tt.problems {
				want[w] = true
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("problems:\n got %v\nwant %v", got, want)
			}
		})
	}
}
