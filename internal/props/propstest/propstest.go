// Package propstest holds configurations for the tests of the packages
// that work on props.Config.
package propstest

import (
	"time"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// Day is a day, for validities.
const Day = 24 * time.Hour

// FullConfig sets every field of props.Config to a value that is not
// Cognito's default.
func FullConfig() props.Config {
	grace := 30 * time.Second
	return props.Config{
		ClientName:                               "web",
		AccessTokenValidity:                      90 * time.Minute,
		IdTokenValidity:                          2 * time.Hour,
		RefreshTokenValidity:                     10 * Day,
		AuthSessionValidity:                      5 * time.Minute,
		AllowedOAuthFlows:                        []string{"code", "implicit"},
		AllowedOAuthFlowsUserPoolClient:          true,
		AllowedOAuthScopes:                       []string{"openid", "email"},
		CallbackURLs:                             []string{"https://app.example.com/cb", "http://localhost:3000/cb"},
		LogoutURLs:                               []string{"https://app.example.com/bye", "myapp://bye"},
		DefaultRedirectURI:                       "https://app.example.com/cb",
		ExplicitAuthFlows:                        []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"},
		SupportedIdentityProviders:               []string{"COGNITO", "Google"},
		ReadAttributes:                           []string{"email", "custom:tenant"},
		WriteAttributes:                          []string{"email", "custom:tenant"},
		PreventUserExistenceErrors:               "ENABLED",
		EnableTokenRevocation:                    true,
		EnablePropagateAdditionalUserContextData: true,
		AnalyticsConfiguration: &props.Analytics{
			ApplicationId:  "0123456789abcdef",
			RoleArn:        "arn:aws:iam::123456789012:role/pinpoint",
			ExternalId:     "ext-1",
			UserDataShared: true,
		},
		RefreshTokenRotation: &props.Rotation{Feature: "ENABLED", RetryGracePeriod: &grace},
	}
}

// OtherConfig differs from FullConfig in every field, as Changed sees it.
func OtherConfig() props.Config {
	return props.Config{
		ClientName:                               "mobile",
		AccessTokenValidity:                      time.Hour,
		IdTokenValidity:                          time.Hour,
		RefreshTokenValidity:                     30 * Day,
		AuthSessionValidity:                      3 * time.Minute,
		AllowedOAuthFlows:                        []string{"code"},
		AllowedOAuthFlowsUserPoolClient:          false,
		AllowedOAuthScopes:                       []string{"openid"},
		CallbackURLs:                             []string{"http://localhost:3000/cb", "https://app.example.com/cb"},
		LogoutURLs:                               nil,
		DefaultRedirectURI:                       "",
		ExplicitAuthFlows:                        []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"},
		SupportedIdentityProviders:               []string{"COGNITO"},
		ReadAttributes:                           nil,
		WriteAttributes:                          []string{"email"},
		PreventUserExistenceErrors:               "LEGACY",
		EnableTokenRevocation:                    false,
		EnablePropagateAdditionalUserContextData: false,
		AnalyticsConfiguration:                   &props.Analytics{ApplicationArn: "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"},
		RefreshTokenRotation:                     nil,
	}
}

// NeverSet is the configuration of a client that set nothing but its
// name: Cognito's defaults.
func NeverSet(name string) props.Config {
	c := props.Defaults()
	c.ClientName = name
	return c
}
