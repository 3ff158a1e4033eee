package cognitofake

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
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

var (
	clientNamePattern = regexp.MustCompile(`^[\w\s+=,.@-]+$`)
	scopePattern      = regexp.MustCompile(`^[\x21\x23-\x5B\x5D-\x7E]+$`)
	poolIDPattern     = regexp.MustCompile(`^[\w-]+_[0-9a-zA-Z]+$`)
	clientIDPattern   = regexp.MustCompile(`^[\w+]+$`)
)

// configure turns a Create or Update request into the client's new
// configuration. Every member the request leaves out gets the service's
// default, which is what makes UpdateUserPoolClient a reset and not a merge
// (ledger row 24), with the one exception of RefreshTokenRotation, which an
// update keeps from old (ledger row 10); old is nil for a Create. Identity
// (ids, secret, dates) and ClientName are the caller's business.
func configure(req *clientRequest, hasSecret bool, old *types.UserPoolClientType, fillUnits bool) (types.UserPoolClientType, *apiError) {
	if err := validateShape(req); err != nil {
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
	parts := strings.SplitN(*a.ApplicationArn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[4] == "" {
		return nil, invalidParameter("AnalyticsConfiguration: ApplicationArn is not a valid ARN.")
	}
	out := cloneAnalytics(a)
	// Ledger row 13: Describe names the service-linked role the service
	// uses for an application given by ARN.
	out.RoleArn = ptr(ServiceLinkedRoleArn(parts[4]))
	return out, nil
}

// checkRanges applies the limits that hold after the unit (ledger row 19,
// and row 4 for the session): access and ID
// tokens 5 minutes to 1 day, refresh tokens 60 minutes to 3650 days, the
// authentication session 3 to 15 minutes.
func checkRanges(c types.UserPoolClientType, units types.TokenValidityUnitsType) *apiError {
	within := func(v int32, unit types.TimeUnitsType, lo, hi int64) bool {
		s := int64(v) * unitSeconds(unit)
		return s >= lo && s <= hi
	}
	ok := true
	if v := c.AccessTokenValidity; v != nil {
		ok = ok && within(*v, units.AccessToken, 5*60, 24*3600)
	}
	if v := c.IdTokenValidity; v != nil {
		ok = ok && within(*v, units.IdToken, 5*60, 24*3600)
	}
	ok = ok && within(c.RefreshTokenValidity, units.RefreshToken, 3600, 3650*24*3600)
	ok = ok && *c.AuthSessionValidity >= 3 && *c.AuthSessionValidity <= 15
	if !ok {
		return invalidParameter("Invalid range for token validity.")
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

// validateShape applies the constraints of the API model (lengths, patterns,
// enums, list sizes; ledger row 22), reported all at once the way the
// service does.
func validateShape(req *clientRequest) *apiError {
	var v violations
	if n := req.ClientName; n != nil {
		v.length("clientName", *n, 1, 128)
		v.pattern("clientName", *n, clientNamePattern)
	}
	for _, f := range req.ExplicitAuthFlows {
		enum(&v, "explicitAuthFlows", f, types.ExplicitAuthFlowsType("").Values())
	}
	v.maxItems("allowedOAuthFlows", len(req.AllowedOAuthFlows), 3)
	for _, f := range req.AllowedOAuthFlows {
		enum(&v, "allowedOAuthFlows", f, types.OAuthFlowType("").Values())
	}
	v.maxItems("allowedOAuthScopes", len(req.AllowedOAuthScopes), 50)
	for _, s := range req.AllowedOAuthScopes {
		v.length("allowedOAuthScopes", s, 1, 256)
		v.pattern("allowedOAuthScopes", s, scopePattern)
	}
	v.maxItems("callbackURLs", len(req.CallbackURLs), 100)
	for _, u := range req.CallbackURLs {
		v.length("callbackURLs", u, 1, 1024)
	}
	v.maxItems("logoutURLs", len(req.LogoutURLs), 100)
	for _, u := range req.LogoutURLs {
		v.length("logoutURLs", u, 1, 1024)
	}
	if u := req.DefaultRedirectURI; u != nil {
		v.length("defaultRedirectURI", *u, 1, 1024)
	}
	for _, p := range req.SupportedIdentityProviders {
		v.length("supportedIdentityProviders", p, 1, 32)
	}
	for _, a := range req.ReadAttributes {
		v.length("readAttributes", a, 1, 2048)
	}
	for _, a := range req.WriteAttributes {
		v.length("writeAttributes", a, 1, 2048)
	}
	if p := req.PreventUserExistenceErrors; p != nil {
		enum(&v, "preventUserExistenceErrors", *p, types.PreventUserExistenceErrorTypes("").Values())
	}
	if u := req.TokenValidityUnits; u != nil {
		for _, m := range []struct {
			name string
			unit types.TimeUnitsType
		}{{"accessToken", u.AccessToken}, {"idToken", u.IdToken}, {"refreshToken", u.RefreshToken}} {
			if m.unit != "" {
				enum(&v, "tokenValidityUnits."+m.name, m.unit, types.TimeUnitsType("").Values())
			}
		}
	}
	if r := req.RefreshTokenRotation; r != nil {
		enum(&v, "refreshTokenRotation.feature", r.Feature, types.FeatureType("").Values())
		if g := r.RetryGracePeriodSeconds; g != nil && (*g < 0 || *g > 60) {
			v.add("refreshTokenRotation.retryGracePeriodSeconds", fmt.Sprint(*g), "Member must have value between 0 and 60")
		}
	}
	return v.err()
}

// violations collects constraint failures of the API model.
type violations []string

func (v *violations) add(member, value, constraint string) {
	*v = append(*v, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: %s", value, member, constraint))
}

func (v *violations) length(member, s string, lo, hi int) {
	if n := len([]rune(s)); n < lo || n > hi {
		v.add(member, s, fmt.Sprintf("Member must have length between %d and %d", lo, hi))
	}
}

func (v *violations) pattern(member, s string, re *regexp.Regexp) {
	if s != "" && !re.MatchString(s) {
		v.add(member, s, "Member must satisfy regular expression pattern: "+strings.Trim(re.String(), "^$"))
	}
}

// enum is a function, not a method, because methods take no type parameters.
func enum[S ~string](v *violations, member string, s S, allowed []S) {
	if !slices.Contains(allowed, s) {
		v.add(member, string(s), "Member must satisfy enum value set: ["+strings.Join(strs(allowed), ", ")+"]")
	}
}

func (v *violations) maxItems(member string, n, hi int) {
	if n > hi {
		v.add(member, fmt.Sprintf("%d items", n), fmt.Sprintf("Member must have length less than or equal to %d", hi))
	}
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
