package cognitofake

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitomodel"
)

// apiError is an error response of the service: the code goes into __type,
// which the SDK maps to its typed errors.
type apiError struct {
	Code    string
	Message string
	Status  int
}

func invalidParameter(msg string) *apiError {
	return &apiError{Code: "InvalidParameterException", Message: msg, Status: 400}
}

func invalidOAuthFlow(msg string) *apiError {
	return &apiError{Code: "InvalidOAuthFlowException", Message: msg, Status: 400}
}

func poolNotFound(id string) *apiError {
	return &apiError{Code: "ResourceNotFoundException", Message: fmt.Sprintf("User pool %s does not exist.", id), Status: 400}
}

func clientNotFound(id string) *apiError {
	return &apiError{Code: "ResourceNotFoundException", Message: fmt.Sprintf("User pool client %s does not exist.", id), Status: 400}
}

// legacyAuthFlows are the auth flows without the ALLOW_ prefix, which a
// list may not mix with the others.
var legacyAuthFlows = []types.ExplicitAuthFlowsType{
	types.ExplicitAuthFlowsTypeAdminNoSrpAuth,
	types.ExplicitAuthFlowsTypeCustomAuthFlowOnly,
	types.ExplicitAuthFlowsTypeUserPasswordAuth,
}

const (
	defaultRefreshSeconds = 30 * 24 * 3600
	defaultAuthSession    = 3
)

// ServiceLinkedRoleArn is the role that Describe adds to an analytics
// configuration given by ApplicationArn, for the account of that
// application (ledger row 13).
func ServiceLinkedRoleArn(account string) string {
	return "arn:aws:iam::" + account + ":role/aws-service-role/cognito-idp.amazonaws.com/AWSServiceRoleForAmazonCognitoIdp"
}

// configure turns a Create or Update request into the client's new
// configuration. Every member the request leaves out gets the service's
// default, which is what makes UpdateUserPoolClient a reset and not a merge
// (ledger row 24), with the one exception of RefreshTokenRotation, which an
// update keeps from old (ledger row 10); old is nil for a Create. Identity
// (ids, secret, dates) and ClientName are the caller's business.
//
// The request has passed the API model's checks (lengths, patterns, ranges,
// enums, list sizes: [Server.dispatch]); what configure checks are the
// service's rules beyond the model.
func configure(req *clientRequest, hasSecret bool, old *types.UserPoolClientType, fillUnits bool) (types.UserPoolClientType, *apiError) {
	if err := checkRepeats(req); err != nil {
		return types.UserPoolClientType{}, err
	}
	c := types.UserPoolClientType{
		// Ledger rows 1 and 8: validities and attribute lists that were
		// never set stay out of Describe.
		AccessTokenValidity: clonePtr(req.AccessTokenValidity),
		IdTokenValidity:     clonePtr(req.IdTokenValidity),
		ReadAttributes:      cloneList(req.ReadAttributes),
		WriteAttributes:     cloneList(req.WriteAttributes),
		// Ledger row 7: no flows sent means none described, never the
		// three default flows.
		ExplicitAuthFlows:          cloneList(req.ExplicitAuthFlows),
		SupportedIdentityProviders: cloneList(req.SupportedIdentityProviders),
		// Ledger row 15: URLs need no OAuth flag.
		CallbackURLs:                    cloneList(req.CallbackURLs),
		LogoutURLs:                      cloneList(req.LogoutURLs),
		DefaultRedirectURI:              clonePtr(req.DefaultRedirectURI),
		AllowedOAuthFlows:               cloneList(req.AllowedOAuthFlows),
		AllowedOAuthScopes:              cloneList(req.AllowedOAuthScopes),
		AllowedOAuthFlowsUserPoolClient: ptr(req.AllowedOAuthFlowsUserPoolClient),
		// Ledger row 5.
		EnableTokenRevocation:                    ptr(true),
		EnablePropagateAdditionalUserContextData: ptr(false),
		// Ledger row 4.
		AuthSessionValidity: ptr(int32(defaultAuthSession)),
	}
	// Ledger row 6: left out, the setting is LEGACY, and Describe leaves
	// it out.
	if req.PreventUserExistenceErrors != nil {
		c.PreventUserExistenceErrors = *req.PreventUserExistenceErrors
	}
	if req.EnableTokenRevocation != nil {
		c.EnableTokenRevocation = ptr(*req.EnableTokenRevocation)
	}
	if req.EnablePropagateAdditionalUserContextData != nil {
		c.EnablePropagateAdditionalUserContextData = ptr(*req.EnablePropagateAdditionalUserContextData)
	}
	if req.AuthSessionValidity != nil {
		c.AuthSessionValidity = ptr(*req.AuthSessionValidity)
	}
	analytics, err := analyticsOf(req.AnalyticsConfiguration)
	if err != nil {
		return types.UserPoolClientType{}, err
	}
	c.AnalyticsConfiguration = analytics
	c.RefreshTokenRotation = rotationOf(req.RefreshTokenRotation, old)

	// Ledger row 3: units are kept only when the request gives them, and
	// Describe leaves them out otherwise, unless the server fills them in
	// (WithUnitsFilledIn). A unit the object leaves out is the default one.
	units := types.TokenValidityUnitsType{}
	if u := req.TokenValidityUnits; u != nil {
		units = *u
	}
	units.AccessToken = orDefault(units.AccessToken, types.TimeUnitsTypeHours)
	units.IdToken = orDefault(units.IdToken, types.TimeUnitsTypeHours)
	units.RefreshToken = orDefault(units.RefreshToken, types.TimeUnitsTypeDays)
	if req.TokenValidityUnits != nil || fillUnits {
		c.TokenValidityUnits = &types.TokenValidityUnitsType{AccessToken: units.AccessToken, IdToken: units.IdToken, RefreshToken: units.RefreshToken}
	}

	// Ledger row 2: RefreshTokenValidity 0 or left out is the default of 30
	// days, written in the refresh token's unit so that value and unit stay
	// consistent.
	refresh := int32(0)
	if req.RefreshTokenValidity != nil {
		refresh = *req.RefreshTokenValidity
	}
	if refresh == 0 {
		refresh = int32(defaultRefreshSeconds / unitSeconds(units.RefreshToken))
	}
	c.RefreshTokenValidity = refresh

	if err := checkRanges(c, units); err != nil {
		return types.UserPoolClientType{}, err
	}
	if err := checkRules(c, hasSecret); err != nil {
		return types.UserPoolClientType{}, err
	}
	return c, nil
}

// rotationOf is the rotation a client gets from a request that sent r.
func rotationOf(r *types.RefreshTokenRotationType, old *types.UserPoolClientType) *types.RefreshTokenRotationType {
	switch {
	case r != nil:
		return cloneRotation(r)
	case old != nil:
		// Ledger row 10: an update that leaves rotation out keeps it.
		return cloneRotation(old.RefreshTokenRotation)
	}
	// Ledger row 9: a client that never set rotation describes it as
	// disabled with no grace period.
	return &types.RefreshTokenRotationType{Feature: types.FeatureTypeDisabled, RetryGracePeriodSeconds: ptr(int32(0))}
}

// analyticsOf is the analytics configuration a client gets from a request
// that sent a.
func analyticsOf(a *types.AnalyticsConfigurationType) (*types.AnalyticsConfigurationType, *apiError) {
	if a == nil || a.ApplicationArn == nil {
		return cloneAnalytics(a), nil
	}
	// Ledger row 14: whether the service accepts its own role back is
	// unknown, so the fake refuses it, which proves a caller never sends it.
	if a.RoleArn != nil {
		return nil, invalidParameter("AnalyticsConfiguration: RoleArn can not be given with ApplicationArn.")
	}
	out := cloneAnalytics(a)
	// Ledger row 13: Describe names the service-linked role the service
	// uses for an application given by ARN, in the ARN's account (the
	// fifth field: the model's pattern has checked that there is one).
	out.RoleArn = ptr(ServiceLinkedRoleArn(strings.Split(*a.ApplicationArn, ":")[4]))
	return out, nil
}

// checkRanges applies the limits that hold after the unit (ledger row 19,
// and row 4 for the session): access and ID
// tokens 5 minutes to 1 day, refresh tokens 60 minutes to 3650 days, the
// authentication session 3 to 15 minutes; and, ledger row 26, neither the
// access nor the ID token may outlast the refresh token (the error type is
// assumed, the wording is the fake's own).
func checkRanges(c types.UserPoolClientType, units types.TokenValidityUnitsType) *apiError {
	seconds := func(v *int32, unit types.TimeUnitsType) int64 {
		if v == nil {
			return 3600 // ledger row 1: one hour
		}
		return int64(*v) * unitSeconds(unit)
	}
	access, id := seconds(c.AccessTokenValidity, units.AccessToken), seconds(c.IdTokenValidity, units.IdToken)
	refresh := seconds(&c.RefreshTokenValidity, units.RefreshToken)
	within := func(s, lo, hi int64) bool { return s >= lo && s <= hi }
	if !within(access, 5*60, 24*3600) || !within(id, 5*60, 24*3600) || !within(refresh, 3600, 3650*24*3600) ||
		!within(int64(*c.AuthSessionValidity), 3, 15) {
		return invalidParameter("Invalid range for token validity.")
	}
	if access > refresh || id > refresh {
		return invalidParameter("AccessTokenValidity and IdTokenValidity can not exceed RefreshTokenValidity.")
	}
	return nil
}

// checkRules applies the service's rules that tie members together.
func checkRules(c types.UserPoolClientType, hasSecret bool) *apiError {
	hasLegacy, hasAllow := false, false
	for _, f := range c.ExplicitAuthFlows {
		if slices.Contains(legacyAuthFlows, f) {
			hasLegacy = true
		} else {
			hasAllow = true
		}
	}
	if hasLegacy && hasAllow {
		return invalidParameter("ExplicitAuthFlows can not contain both legacy flows and flows with the ALLOW_ prefix.")
	}
	rotating := c.RefreshTokenRotation != nil && c.RefreshTokenRotation.Feature == types.FeatureTypeEnabled
	refreshFlow := slices.Contains(c.ExplicitAuthFlows, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	// Ledger row 11. The service's wording is not recorded.
	if rotating && refreshFlow {
		return invalidParameter("ALLOW_REFRESH_TOKEN_AUTH can not be allowed when refresh token rotation is enabled.")
	}
	// Ledger row 12, with the message recorded.
	if !rotating && hasAllow && !refreshFlow {
		return invalidParameter("REFRESH_TOKEN_AUTH should always be allowed.")
	}
	if slices.Contains(c.AllowedOAuthFlows, types.OAuthFlowTypeClientCredentials) {
		// Ledger row 17.
		if len(c.AllowedOAuthFlows) > 1 {
			return invalidOAuthFlow("client_credentials flow can not be selected along with code flow or implicit flow.")
		}
		if !hasSecret {
			return invalidOAuthFlow("client_credentials flow can not be selected if client does not have a client secret.")
		}
		// Ledger row 16: the message is recorded, the error type assumed.
		if slices.Contains(c.AllowedOAuthScopes, "openid") {
			return invalidOAuthFlow("openid is not supported with client_credentials flow")
		}
	}
	// Ledger row 18.
	if *c.AllowedOAuthFlowsUserPoolClient && (len(c.AllowedOAuthFlows) == 0 || len(c.AllowedOAuthScopes) == 0) {
		return invalidParameter("AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.")
	}
	// Ledger row 17: the message is recorded, the error type assumed.
	if len(c.CallbackURLs) == 0 && (slices.Contains(c.AllowedOAuthFlows, types.OAuthFlowTypeCode) || slices.Contains(c.AllowedOAuthFlows, types.OAuthFlowTypeImplicit)) {
		return invalidParameter("CallbackUrls can not be empty when code flow or implicit flow is selected")
	}
	if c.DefaultRedirectURI != nil && !slices.Contains(c.CallbackURLs, *c.DefaultRedirectURI) {
		return invalidParameter("DefaultRedirectURI must be in CallbackURLs.")
	}
	if *c.EnablePropagateAdditionalUserContextData && !hasSecret {
		return invalidParameter("EnablePropagateAdditionalUserContextData can only be activated for an app client with a client secret.")
	}
	return nil
}

// checkRepeats refuses a list that holds a value twice. Whether the service
// refuses it, stores it twice or merges it is not known (ledger row 25), so
// the fake refuses it, which proves that the function never sends one; the
// first run against AWS settles the row. The wording is the fake's own.
func checkRepeats(req *clientRequest) *apiError {
	for _, l := range []struct {
		name  string
		items []string
	}{
		{"AllowedOAuthFlows", strs(req.AllowedOAuthFlows)},
		{"AllowedOAuthScopes", req.AllowedOAuthScopes},
		{"CallbackURLs", req.CallbackURLs},
		{"ExplicitAuthFlows", strs(req.ExplicitAuthFlows)},
		{"LogoutURLs", req.LogoutURLs},
		{"ReadAttributes", req.ReadAttributes},
		{"SupportedIdentityProviders", req.SupportedIdentityProviders},
		{"WriteAttributes", req.WriteAttributes},
	} {
		seen := make(map[string]bool, len(l.items))
		for _, item := range l.items {
			if seen[item] {
				return invalidParameter(fmt.Sprintf("%s has the value '%s' more than once.", l.name, item))
			}
			seen[item] = true
		}
	}
	return nil
}

// violations collects the constraints of the API model that a request
// breaks, each written as the service writes it.
type violations []string

func (v *violations) add(member, value, constraint string) {
	*v = append(*v, cognitomodel.Violation{Path: member, Value: value, Constraint: constraint}.String())
}

func (v violations) err() *apiError {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return invalidParameter("1 validation error detected: " + v[0])
	default:
		return invalidParameter(fmt.Sprintf("%d validation errors detected: %s", len(v), strings.Join(v, "; ")))
	}
}

func unitSeconds(u types.TimeUnitsType) int64 {
	switch u {
	case types.TimeUnitsTypeSeconds:
		return 1
	case types.TimeUnitsTypeMinutes:
		return 60
	case types.TimeUnitsTypeHours:
		return 3600
	default:
		return 24 * 3600
	}
}

func orDefault(u, def types.TimeUnitsType) types.TimeUnitsType {
	if u == "" {
		return def
	}
	return u
}

func ptr[T any](v T) *T { return &v }

// stamp returns now in the precision the wire keeps, so that a stored date
// and the one a client reads back compare equal.
func stamp(now time.Time) *time.Time {
	t := time.UnixMilli(now.UnixMilli()).UTC()
	return &t
}
