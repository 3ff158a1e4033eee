package wire

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the requests built now")

const (
	poolID   = "eu-west-1_AbC123"
	clientID = "1example23456789abcdefghij"
)

// stored returns the client Cognito keeps after in, as DescribeUserPoolClient
// shows it: what the request set, with empty lists absent (Describe never
// shows an empty list, nor the default Read/WriteAttributes that an empty
// list asks for) and a rotation left out shown as DISABLED, which is the
// less convenient of the two readings FromClient must accept.
func stored(in *cip.UpdateUserPoolClientInput) *types.UserPoolClientType {
	c := &types.UserPoolClientType{
		UserPoolId:                               in.UserPoolId,
		ClientId:                                 in.ClientId,
		ClientName:                               in.ClientName,
		AccessTokenValidity:                      in.AccessTokenValidity,
		IdTokenValidity:                          in.IdTokenValidity,
		RefreshTokenValidity:                     in.RefreshTokenValidity,
		AuthSessionValidity:                      in.AuthSessionValidity,
		TokenValidityUnits:                       in.TokenValidityUnits,
		AllowedOAuthFlows:                        in.AllowedOAuthFlows,
		AllowedOAuthFlowsUserPoolClient:          &in.AllowedOAuthFlowsUserPoolClient,
		AllowedOAuthScopes:                       in.AllowedOAuthScopes,
		CallbackURLs:                             in.CallbackURLs,
		LogoutURLs:                               in.LogoutURLs,
		DefaultRedirectURI:                       in.DefaultRedirectURI,
		ExplicitAuthFlows:                        in.ExplicitAuthFlows,
		SupportedIdentityProviders:               in.SupportedIdentityProviders,
		ReadAttributes:                           in.ReadAttributes,
		WriteAttributes:                          in.WriteAttributes,
		PreventUserExistenceErrors:               in.PreventUserExistenceErrors,
		EnableTokenRevocation:                    in.EnableTokenRevocation,
		EnablePropagateAdditionalUserContextData: in.EnablePropagateAdditionalUserContextData,
		AnalyticsConfiguration:                   in.AnalyticsConfiguration,
		RefreshTokenRotation:                     in.RefreshTokenRotation,
	}
	if c.RefreshTokenRotation == nil {
		c.RefreshTokenRotation = &types.RefreshTokenRotationType{Feature: types.FeatureTypeDisabled}
	}
	return c
}

// existingClient is a client someone else configured by hand: minute-based
// access tokens, custom attributes, analytics and rotation.
func existingClient() *types.UserPoolClientType {
	return &types.UserPoolClientType{
		UserPoolId:           ptr(poolID),
		ClientId:             ptr(clientID),
		ClientName:           ptr("amplify-web"),
		ClientSecret:         ptr("never-read-by-the-request-package"),
		CreationDate:         ptr(time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)),
		AccessTokenValidity:  ptr(int32(90)),
		IdTokenValidity:      ptr(int32(2)),
		RefreshTokenValidity: 10,
		TokenValidityUnits: &types.TokenValidityUnitsType{
			AccessToken:  types.TimeUnitsTypeMinutes,
			IdToken:      types.TimeUnitsTypeHours,
			RefreshToken: types.TimeUnitsTypeDays,
		},
		AuthSessionValidity:             ptr(int32(5)),
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthFlowsUserPoolClient: ptr(true),
		AllowedOAuthScopes:              []string{"openid", "email", "profile"},
		CallbackURLs:                    []string{"https://app.example.com/callback"},
		LogoutURLs:                      []string{"https://app.example.com/signed-out"},
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{
			types.ExplicitAuthFlowsTypeAllowUserSrpAuth,
			types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth,
			types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth,
		},
		SupportedIdentityProviders:               []string{"COGNITO", "Google"},
		ReadAttributes:                           []string{"email", "email_verified", "custom:tenant"},
		WriteAttributes:                          []string{"email", "custom:tenant"},
		PreventUserExistenceErrors:               types.PreventUserExistenceErrorTypesEnabled,
		EnableTokenRevocation:                    ptr(true),
		EnablePropagateAdditionalUserContextData: ptr(false),
		AnalyticsConfiguration: &types.AnalyticsConfigurationType{
			ApplicationArn: ptr("arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef"),
			UserDataShared: true,
		},
		RefreshTokenRotation: &types.RefreshTokenRotationType{
			Feature:                 types.FeatureTypeEnabled,
			RetryGracePeriodSeconds: ptr(int32(20)),
		},
	}
}

// declare builds the settings of an event that declares exactly the fields
// c sets in edit, plus the extra declared names.
func declare(edit func(c *props.Config), names ...props.Name) props.Settings {
	s := props.Settings{UserPoolId: poolID, ClientId: clientID, Declared: props.Fields{}}
	edit(&s.Config)
	for _, n := range names {
		s.Declared[n] = true
	}
	return s
}

func TestUpdateGolden(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		describe *types.UserPoolClientType
		prev     props.Fields
		next     props.Settings
		// want is the configuration the client must have after the update,
		// written as edits of its current one.
		want    func(c *props.Config)
		changed []props.Name
	}{
		{
			name:     "a_existing_client_keeps_all_but_callbacks",
			describe: existingClient(),
			next: declare(func(c *props.Config) {
				c.CallbackURLs = []string{"https://app.example.com/callback", "https://d111111abcdef8.cloudfront.net/callback"}
			}, "CallbackURLs"),
			want: func(c *props.Config) {
				c.CallbackURLs = []string{"https://app.example.com/callback", "https://d111111abcdef8.cloudfront.net/callback"}
			},
			changed: []props.Name{"CallbackURLs"},
		},
		{
			name:     "b_removed_properties_return_to_defaults",
			describe: existingClient(),
			prev: props.Fields{
				"CallbackURLs": true, "AccessTokenValidity": true, "ExplicitAuthFlows": true,
				"ReadAttributes": true, "PreventUserExistenceErrors": true, "RefreshTokenRotation": true,
				"AnalyticsConfiguration": true, "ClientName": true, "TokenValidityUnits": true,
			},
			next: declare(func(c *props.Config) {
				c.CallbackURLs = []string{"https://app.example.com/callback"}
			}, "CallbackURLs"),
			want: func(c *props.Config) {
				d := props.Defaults()
				c.AccessTokenValidity = d.AccessTokenValidity
				c.ExplicitAuthFlows = d.ExplicitAuthFlows
				c.ReadAttributes = nil
				c.PreventUserExistenceErrors = "LEGACY"
				c.RefreshTokenRotation = nil
				c.AnalyticsConfiguration = nil
			},
			changed: []props.Name{"AccessTokenValidity", "ExplicitAuthFlows", "ReadAttributes", "PreventUserExistenceErrors", "AnalyticsConfiguration", "RefreshTokenRotation"},
		},
		{
			name: "c_drift_on_declared_fields_is_corrected",
			describe: func() *types.UserPoolClientType {
				c := existingClient()
				c.ExplicitAuthFlows = append(c.ExplicitAuthFlows, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth)
				c.EnableTokenRevocation = ptr(false)
				c.AccessTokenValidity = ptr(int32(1440))
				c.LogoutURLs = nil
				return c
			}(),
			prev: props.Fields{"ExplicitAuthFlows": true, "EnableTokenRevocation": true, "AccessTokenValidity": true, "LogoutURLs": true},
			next: declare(func(c *props.Config) {
				c.ExplicitAuthFlows = []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"}
				c.EnableTokenRevocation = true
				c.AccessTokenValidity = 90 * time.Minute
				c.LogoutURLs = []string{"https://app.example.com/signed-out"}
			}, "ExplicitAuthFlows", "EnableTokenRevocation", "AccessTokenValidity", "LogoutURLs"),
			want: func(c *props.Config) {
				c.ExplicitAuthFlows = []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"}
				c.EnableTokenRevocation = true
				c.AccessTokenValidity = 90 * time.Minute
				c.LogoutURLs = []string{"https://app.example.com/signed-out"}
			},
			changed: []props.Name{"AccessTokenValidity", "LogoutURLs", "ExplicitAuthFlows", "EnableTokenRevocation"},
		},
		{
			name: "d_unit_change_on_one_token_keeps_the_others",
			describe: func() *types.UserPoolClientType {
				c := existingClient()
				c.AccessTokenValidity = ptr(int32(2))
				c.TokenValidityUnits = &types.TokenValidityUnitsType{
					AccessToken:  types.TimeUnitsTypeHours,
					IdToken:      types.TimeUnitsTypeHours,
					RefreshToken: types.TimeUnitsTypeDays,
				}
				return c
			}(),
			prev: props.Fields{"AccessTokenValidity": true},
			// AccessTokenValidity: "90" with TokenValidityUnits.AccessToken: minutes.
			next: declare(func(c *props.Config) {
				c.AccessTokenValidity = 90 * time.Minute
			}, "AccessTokenValidity", "TokenValidityUnits"),
			want: func(c *props.Config) {
				c.AccessTokenValidity = 90 * time.Minute
			},
			changed: []props.Name{"AccessTokenValidity"},
		},
		{
			name:     "e_nothing_changes",
			describe: existingClient(),
			prev:     props.Fields{"CallbackURLs": true, "ExplicitAuthFlows": true, "AccessTokenValidity": true, "RefreshTokenRotation": true},
			next: declare(func(c *props.Config) {
				c.CallbackURLs = []string{"https://app.example.com/callback"}
				c.ExplicitAuthFlows = []string{"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"}
				c.AccessTokenValidity = time.Hour + 30*time.Minute
				grace := 20 * time.Second
				c.RefreshTokenRotation = &props.Rotation{Feature: "ENABLED", RetryGracePeriod: &grace}
			}, "CallbackURLs", "ExplicitAuthFlows", "AccessTokenValidity", "RefreshTokenRotation"),
			want:    func(c *props.Config) {},
			changed: nil,
		},
		{
			name: "f_never_set_client_keeps_cognito_defaults",
			describe: &types.UserPoolClientType{
				UserPoolId: ptr(poolID),
				ClientId:   ptr(clientID),
				ClientName: ptr("console-client"),
				ExplicitAuthFlows: []types.ExplicitAuthFlowsType{
					types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth,
					types.ExplicitAuthFlowsTypeAllowUserSrpAuth,
					types.ExplicitAuthFlowsTypeAllowCustomAuth,
				},
				AllowedOAuthFlowsUserPoolClient: ptr(false),
				EnableTokenRevocation:           ptr(true),
			},
			next: declare(func(c *props.Config) {
				c.CallbackURLs = []string{"https://d111111abcdef8.cloudfront.net/callback"}
				c.AllowedOAuthFlows = []string{"code"}
				c.AllowedOAuthFlowsUserPoolClient = true
				c.AllowedOAuthScopes = []string{"openid"}
			}, "CallbackURLs", "AllowedOAuthFlows", "AllowedOAuthFlowsUserPoolClient", "AllowedOAuthScopes"),
			want: func(c *props.Config) {
				c.CallbackURLs = []string{"https://d111111abcdef8.cloudfront.net/callback"}
				c.AllowedOAuthFlows = []string{"code"}
				c.AllowedOAuthFlowsUserPoolClient = true
				c.AllowedOAuthScopes = []string{"openid"}
			},
			changed: []props.Name{"AllowedOAuthFlows", "AllowedOAuthFlowsUserPoolClient", "AllowedOAuthScopes", "CallbackURLs"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			current := FromClient(tc.describe)
			full := props.Overlay(current, tc.next, tc.prev)
			in := Update(poolID, clientID, full)

			checkGolden(t, filepath.Join("testdata", tc.name+".golden.json"), in)

			if got := props.Changed(current, full); !slices.Equal(got, tc.changed) {
				t.Errorf("props.Changed(current, full) = %q, want %q", got, tc.changed)
			}
			want := FromClient(tc.describe)
			tc.want(&want)
			after := FromClient(stored(in))
			if diff := props.Changed(after, want); diff != nil {
				t.Errorf("client after the update differs in %q:\n got %+v\nwant %+v", diff, after, want)
			}
		})
	}
}

// checkGolden compares in, as JSON, with the golden file at path, or
// rewrites the file under -update.
func checkGolden(t *testing.T, path string, in any) {
	t.Helper()
	got, err := json.MarshalIndent(in, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("request differs from %s (review, then go test -update):\n got %s\nwant %s", path, got, want)
	}
}
