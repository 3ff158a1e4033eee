package conformance

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// The scenarios, one per observable ledger row. Scenarios that read the
// minimal client share its two calls, counted in the first of them.
// Scopes are standard ones only: a custom scope needs a resource server.
func scenarios() []Scenario {
	return []Scenario{
		{
			Row: 1, Name: "default-access-id-validity", Calls: 2,
			Expected: "AccessTokenValidity=absent IdTokenValidity=absent",
			observe: ofMinimal(func(ctx context.Context, e *env, c *types.UserPoolClientType) string {
				return "AccessTokenValidity=" + int32s(c.AccessTokenValidity) + " IdTokenValidity=" + int32s(c.IdTokenValidity)
			}),
		},
		{
			Row: 2, Name: "default-refresh-validity",
			Expected: "RefreshTokenValidity=30",
			observe: ofMinimal(func(ctx context.Context, e *env, c *types.UserPoolClientType) string {
				return fmt.Sprint("RefreshTokenValidity=", c.RefreshTokenValidity)
			}),
		},
		{
			Row: 3, Name: "default-units",
			Expected: "TokenValidityUnits=absent",
			observe: ofMinimal(func(ctx context.Context, e *env, c *types.UserPoolClientType) string {
				return "TokenValidityUnits=" + units(c.TokenValidityUnits)
			}),
		},
		{
			Row: 4, Name: "auth-session-validity", Calls: 1,
			Expected: "AuthSessionValidity=3; 16 minutes: refused: InvalidParameterException",
			observe: ofMinimal(func(ctx context.Context, e *env, c *types.UserPoolClientType) string {
				_, refused := e.create(ctx, "row04", cip.CreateUserPoolClientInput{AuthSessionValidity: aws.Int32(16)})
				return "AuthSessionValidity=" + int32s(c.AuthSessionValidity) + "; 16 minutes: " + created(refused)
			}),
		},
		{
			Row: 5, Name: "default-token-revocation",
			Expected: "EnableTokenRevocation=true",
			observe: ofMinimal(func(ctx context.Context, e *env, c *types.UserPoolClientType) string {
				return "EnableTokenRevocation=" + bools(c.EnableTokenRevocation)
			}),
		},
		{
			Row: 6, Name: "default-user-existence-errors",
			Expected: "PreventUserExistenceErrors=absent",
			observe: ofMinimal(func(ctx context.Context, e *env, c *types.UserPoolClientType) string {
				if c.PreventUserExistenceErrors == "" {
					return "PreventUserExistenceErrors=absent"
				}
				return "PreventUserExistenceErrors=" + string(c.PreventUserExistenceErrors)
			}),
		},
		{
			Row: 7, Name: "no-default-auth-flows", Calls: 2,
			Expected: "after create: none; after an update without them: none",
			observe: ofMinimal(func(ctx context.Context, e *env, c *types.UserPoolClientType) string {
				got := "after create: " + enums(c.ExplicitAuthFlows)
				if err := e.update(ctx, c.ClientId, cip.UpdateUserPoolClientInput{ClientName: c.ClientName}); err != nil {
					return got + "; update " + e.outcome(err)
				}
				d, failed := e.describe(ctx, c.ClientId)
				if d == nil {
					return got + "; " + failed
				}
				return got + "; after an update without them: " + enums(d.ExplicitAuthFlows)
			}),
		},
		{
			Row: 8, Name: "default-attributes",
			Expected: "ReadAttributes=none WriteAttributes=none",
			observe: ofMinimal(func(ctx context.Context, e *env, c *types.UserPoolClientType) string {
				return "ReadAttributes=" + enums(c.ReadAttributes) + " WriteAttributes=" + enums(c.WriteAttributes)
			}),
		},
		{
			Row: 9, Name: "default-rotation",
			Expected: "RefreshTokenRotation=DISABLED/0",
			observe: ofMinimal(func(ctx context.Context, e *env, c *types.UserPoolClientType) string {
				return "RefreshTokenRotation=" + rotation(c.RefreshTokenRotation)
			}),
		},
		{
			Row: 10, Name: "update-keeps-rotation", Calls: 5,
			Expected: "after an update without it: ENABLED/10; after an update with DISABLED: DISABLED",
			observe: func(ctx context.Context, e *env) string {
				c, failed := e.create(ctx, "row10", cip.CreateUserPoolClientInput{
					RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(10)},
				})
				if c == nil {
					return failed
				}
				if err := e.update(ctx, c.ClientId, cip.UpdateUserPoolClientInput{ClientName: c.ClientName}); err != nil {
					return "update " + e.outcome(err)
				}
				d, failed := e.describe(ctx, c.ClientId)
				if d == nil {
					return failed
				}
				got := "after an update without it: " + rotation(d.RefreshTokenRotation)
				if err := e.update(ctx, c.ClientId, cip.UpdateUserPoolClientInput{
					ClientName:           c.ClientName,
					RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeDisabled},
				}); err != nil {
					return got + "; update with DISABLED " + e.outcome(err)
				}
				if d, failed = e.describe(ctx, c.ClientId); d == nil {
					return got + "; " + failed
				}
				feature := "absent"
				if r := d.RefreshTokenRotation; r != nil {
					feature = string(r.Feature)
				}
				return got + "; after an update with DISABLED: " + feature
			},
		},
		{
			Row: 11, Name: "rotation-refuses-refresh-flow", Calls: 1,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				_, refused := e.create(ctx, "row11", cip.CreateUserPoolClientInput{
					RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled},
					ExplicitAuthFlows:    []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
				})
				return created(refused)
			},
		},
		{
			Row: 12, Name: "flows-need-refresh-flow", Calls: 1,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				_, refused := e.create(ctx, "row12", cip.CreateUserPoolClientInput{
					ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
				})
				return created(refused)
			},
		},
		{
			Row: 13, Name: "analytics-arn-gets-role", Calls: 2, NeedsAnalytics: true,
			Expected: "RoleArn=the service-linked role",
			observe: func(ctx context.Context, e *env) string {
				c, failed := e.analyticsClient(ctx)
				if c == nil {
					return failed
				}
				d, failed := e.describe(ctx, c.ClientId)
				if d == nil {
					return failed
				}
				a := d.AnalyticsConfiguration
				switch {
				case a == nil:
					return "AnalyticsConfiguration=absent"
				case a.RoleArn == nil:
					return "RoleArn=absent"
				case *a.RoleArn == ServiceLinkedRoleArn(accountOf(e.opts.AnalyticsApplicationArn)):
					return "RoleArn=the service-linked role"
				}
				return "RoleArn=" + *a.RoleArn
			},
		},
		{
			Row: 14, Name: "analytics-arn-with-role", Calls: 1, NeedsAnalytics: true,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				c, failed := e.analyticsClient(ctx)
				if c == nil {
					return failed
				}
				arn := e.opts.AnalyticsApplicationArn
				return e.outcome(e.update(ctx, c.ClientId, cip.UpdateUserPoolClientInput{
					ClientName: c.ClientName,
					AnalyticsConfiguration: &types.AnalyticsConfigurationType{
						ApplicationArn: aws.String(arn),
						RoleArn:        aws.String(ServiceLinkedRoleArn(accountOf(arn))),
					},
				}))
			},
		},
		{
			Row: 15, Name: "urls-without-oauth-flag", Calls: 2,
			Expected: "accepted; described: 1 callback URL, 1 logout URL, a default redirect URI",
			observe: func(ctx context.Context, e *env) string {
				c, failed := e.create(ctx, "row15", cip.CreateUserPoolClientInput{
					CallbackURLs:       []string{"https://example.com/callback"},
					LogoutURLs:         []string{"https://example.com/signed-out"},
					DefaultRedirectURI: aws.String("https://example.com/callback"),
				})
				if c == nil {
					return failed
				}
				d, failed := e.describe(ctx, c.ClientId)
				if d == nil {
					return "accepted; " + failed
				}
				redirect := "no default redirect URI"
				if d.DefaultRedirectURI != nil {
					redirect = "a default redirect URI"
				}
				return fmt.Sprintf("accepted; described: %d callback URL, %d logout URL, %s", len(d.CallbackURLs), len(d.LogoutURLs), redirect)
			},
		},
		{
			Row: 16, Name: "client-credentials-refuses-openid", Calls: 1,
			Expected: "refused: InvalidOAuthFlowException",
			observe: func(ctx context.Context, e *env) string {
				_, refused := e.create(ctx, "row16", cip.CreateUserPoolClientInput{
					GenerateSecret:                  true,
					AllowedOAuthFlowsUserPoolClient: true,
					AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeClientCredentials},
					AllowedOAuthScopes:              []string{"openid"},
				})
				return created(refused)
			},
		},
		{
			Row: 17, Name: "oauth-flow-rules", Calls: 3,
			Expected: "client_credentials with code: refused: InvalidOAuthFlowException; client_credentials without a secret: refused: InvalidOAuthFlowException; code without a callback URL: refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				var got []string
				for _, c := range []struct {
					name string
					in   cip.CreateUserPoolClientInput
				}{
					{"client_credentials with code", cip.CreateUserPoolClientInput{
						GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true,
						AllowedOAuthFlows:  []types.OAuthFlowType{types.OAuthFlowTypeClientCredentials, types.OAuthFlowTypeCode},
						AllowedOAuthScopes: []string{"openid"}, CallbackURLs: []string{"https://example.com/callback"},
					}},
					{"client_credentials without a secret", cip.CreateUserPoolClientInput{
						AllowedOAuthFlowsUserPoolClient: true,
						AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeClientCredentials},
						AllowedOAuthScopes:              []string{"openid"},
					}},
					{"code without a callback URL", cip.CreateUserPoolClientInput{
						AllowedOAuthFlowsUserPoolClient: true,
						AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode},
						AllowedOAuthScopes:              []string{"openid"},
					}},
				} {
					_, refused := e.create(ctx, "row17", c.in)
					got = append(got, c.name+": "+created(refused))
				}
				return strings.Join(got, "; ")
			},
		},
		{
			Row: 18, Name: "oauth-flag-needs-flows-and-scopes", Calls: 1,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				_, refused := e.create(ctx, "row18", cip.CreateUserPoolClientInput{
					AllowedOAuthFlowsUserPoolClient: true,
					AllowedOAuthScopes:              []string{"openid"},
				})
				return created(refused)
			},
		},
		{
			Row: 19, Name: "token-validity-range", Calls: 1,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				// 25 in the default unit, hours: beyond the one day an
				// access token may last.
				_, refused := e.create(ctx, "row19", cip.CreateUserPoolClientInput{AccessTokenValidity: aws.Int32(25)})
				return created(refused)
			},
		},
		{
			Row: 22, Name: "list-limits", Calls: 1,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				urls := make([]string, 101)
				for i := range urls {
					urls[i] = fmt.Sprintf("https://example.com/callback/%d", i)
				}
				_, refused := e.create(ctx, "row22", cip.CreateUserPoolClientInput{CallbackURLs: urls})
				return created(refused)
			},
		},
		{
			Row: 24, Name: "update-resets-the-rest", Calls: 3,
			Expected: "AccessTokenValidity=absent CallbackURLs=none EnableTokenRevocation=true",
			observe: func(ctx context.Context, e *env) string {
				c, failed := e.create(ctx, "row24", cip.CreateUserPoolClientInput{
					AccessTokenValidity:   aws.Int32(2),
					CallbackURLs:          []string{"https://example.com/callback"},
					EnableTokenRevocation: aws.Bool(false),
				})
				if c == nil {
					return failed
				}
				if err := e.update(ctx, c.ClientId, cip.UpdateUserPoolClientInput{ClientName: c.ClientName}); err != nil {
					return "update " + e.outcome(err)
				}
				d, failed := e.describe(ctx, c.ClientId)
				if d == nil {
					return failed
				}
				return "AccessTokenValidity=" + int32s(d.AccessTokenValidity) + " CallbackURLs=" + enums(d.CallbackURLs) + " EnableTokenRevocation=" + bools(d.EnableTokenRevocation)
			},
		},
		{
			// The fake refuses, so that the function's tests prove it never
			// sends a value twice; the observation tells the three answers
			// the service might give apart.
			Row: 25, Name: "value-listed-twice", Calls: 1,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				c, refused := e.create(ctx, "row25", cip.CreateUserPoolClientInput{
					CallbackURLs: []string{"https://example.com/callback", "https://example.com/callback"},
				})
				if c == nil {
					return created(refused)
				}
				d, failed := e.describe(ctx, c.ClientId)
				if d == nil {
					return "accepted; " + failed
				}
				return fmt.Sprintf("accepted; described: %d callback URLs", len(d.CallbackURLs))
			},
		},
		{
			Row: 26, Name: "access-within-refresh", Calls: 1,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				// Each in its own range: 2 hours against 60 minutes.
				_, refused := e.create(ctx, "row26", cip.CreateUserPoolClientInput{
					AccessTokenValidity:  aws.Int32(2),
					RefreshTokenValidity: 60,
					TokenValidityUnits:   &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeHours, RefreshToken: types.TimeUnitsTypeMinutes},
				})
				return created(refused)
			},
		},
		{
			// The SDK leaves a RefreshTokenValidity of 0 out of the request,
			// so the scenario writes it into the body itself, as
			// CloudFormation's own client does for the native resource.
			Row: 27, Name: "refresh-validity-zero", Calls: 2,
			Expected: "accepted; RefreshTokenValidity=30",
			observe: func(ctx context.Context, e *env) string {
				c, refused := e.create(ctx, "row27", cip.CreateUserPoolClientInput{
					TokenValidityUnits: &types.TokenValidityUnitsType{RefreshToken: types.TimeUnitsTypeDays},
				}, withMember("RefreshTokenValidity", 0))
				if c == nil {
					return created(refused)
				}
				d, failed := e.describe(ctx, c.ClientId)
				if d == nil {
					return "accepted; " + failed
				}
				return fmt.Sprint("accepted; RefreshTokenValidity=", d.RefreshTokenValidity)
			},
		},
		{
			// A pool has no provider with a space in its name (Cognito no
			// longer creates one), so a name with a space may be refused as
			// unknown; what matters is whether the model's constraints refuse
			// it.
			Row: 29, Name: "provider-name-pattern", Calls: 2,
			Expected: "33 characters: refused by the model's constraints; with a space: not refused by the model's constraints",
			observe: func(ctx context.Context, e *env) string {
				var got []string
				for _, p := range []struct{ name, provider string }{
					{"33 characters", strings.Repeat("p", 33)},
					{"with a space", "My IdP"},
				} {
					_, err := e.createErr(ctx, "row29", cip.CreateUserPoolClientInput{SupportedIdentityProviders: []string{p.provider}})
					got = append(got, p.name+": "+e.byConstraints(err))
				}
				return strings.Join(got, "; ")
			},
		},
		{
			// The ApplicationId form needs a role: the service-linked role
			// Cognito uses for the ApplicationArn form (row 13) is the one
			// the account is sure to have.
			Row: 30, Name: "analytics-limits", Calls: 2, NeedsAnalytics: true,
			Expected: "RoleArn of 19 characters: refused: InvalidParameterException; ApplicationId form without ExternalId: accepted",
			observe: func(ctx context.Context, e *env) string {
				arn := e.opts.AnalyticsApplicationArn
				id := arn[strings.LastIndex(arn, "/")+1:]
				_, short := e.create(ctx, "row30", cip.CreateUserPoolClientInput{AnalyticsConfiguration: &types.AnalyticsConfigurationType{
					ApplicationId: aws.String(id), RoleArn: aws.String("arn:aws:iam::1:role"),
				}})
				_, noExternalID := e.create(ctx, "row30", cip.CreateUserPoolClientInput{AnalyticsConfiguration: &types.AnalyticsConfigurationType{
					ApplicationId: aws.String(id), RoleArn: aws.String(ServiceLinkedRoleArn(accountOf(arn))),
				}})
				return "RoleArn of 19 characters: " + created(short) + "; ApplicationId form without ExternalId: " + created(noExternalID)
			},
		},
	}
}

// created writes the outcome of a create that e.create reported: refused
// is "" when the client was created.
func created(refused string) string {
	if refused == "" {
		return "accepted"
	}
	return strings.TrimPrefix(refused, "create ")
}

// analyticsClient creates, once per run, the client with the ApplicationArn
// form of AnalyticsConfiguration that rows 13 and 14 read; its call is
// counted in both.
func (e *env) analyticsClient(ctx context.Context) (*types.UserPoolClientType, string) {
	if e.analytics != nil || e.analyticsErr != "" {
		return e.analytics, e.analyticsErr
	}
	e.analytics, e.analyticsErr = e.create(ctx, "analytics", cip.CreateUserPoolClientInput{
		AnalyticsConfiguration: &types.AnalyticsConfigurationType{ApplicationArn: aws.String(e.opts.AnalyticsApplicationArn)},
	})
	return e.analytics, e.analyticsErr
}

// ofMinimal observes the client created with nothing set: what Cognito
// gives a client by default.
func ofMinimal(observe func(ctx context.Context, e *env, c *types.UserPoolClientType) string) func(context.Context, *env) string {
	return func(ctx context.Context, e *env) string {
		c, failed := e.minimalClient(ctx)
		if c == nil {
			return failed
		}
		return observe(ctx, e, c)
	}
}
