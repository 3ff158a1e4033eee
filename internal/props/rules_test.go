package props

import (
	"strings"
	"testing"
	"time"
)

// arnOf returns an ARN of n characters (n >= 19).
func arnOf(n int) string {
	const prefix = "arn:aws:iam::1:role" // 19 characters
	return prefix + strings.Repeat("x", n-len(prefix))
}

func TestDecodeObjects(t *testing.T) {
	t.Parallel()
	grace := func(d time.Duration) *time.Duration { return &d }
	const (
		appArn  = "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef"
		roleArn = "arn:aws:iam::123456789012:role/CognitoPinpoint"
	)
	tests := []decodeCase{
		{name: "analytics by ARN", props: props("AnalyticsConfiguration", map[string]any{"ApplicationArn": appArn, "UserDataShared": "TRUE"}),
			config: Config{AnalyticsConfiguration: &Analytics{ApplicationArn: appArn, UserDataShared: true}}, fields: []string{"AnalyticsConfiguration"}},
		{name: "analytics by id", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "0123456789abcdef", "RoleArn": roleArn, "ExternalId": "ext-1"}),
			config: Config{AnalyticsConfiguration: &Analytics{ApplicationId: "0123456789abcdef", RoleArn: roleArn, ExternalId: "ext-1"}}, fields: []string{"AnalyticsConfiguration"}},
		// Ledger row 30: ExternalId is optional, as in the model; exactly
		// one of the two forms.
		{name: "analytics by id without an external id", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "0123456789abcdef", "RoleArn": roleArn}),
			config: Config{AnalyticsConfiguration: &Analytics{ApplicationId: "0123456789abcdef", RoleArn: roleArn}}, fields: []string{"AnalyticsConfiguration"}},
		{name: "analytics by id with an empty external id", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "0123456789abcdef", "RoleArn": roleArn, "ExternalId": ""}),
			config: Config{AnalyticsConfiguration: &Analytics{ApplicationId: "0123456789abcdef", RoleArn: roleArn}}, fields: []string{"AnalyticsConfiguration"}},
		{name: "analytics external id at 131072", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "ab", "RoleArn": roleArn, "ExternalId": strings.Repeat("é", 131072)}),
			config: Config{AnalyticsConfiguration: &Analytics{ApplicationId: "ab", RoleArn: roleArn, ExternalId: strings.Repeat("é", 131072)}}, fields: []string{"AnalyticsConfiguration"}},
		{name: "analytics external id at 131073", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "ab", "RoleArn": roleArn, "ExternalId": strings.Repeat("é", 131073)}),
			wants: []want{{"AnalyticsConfiguration.ExternalId", "is 131073 characters long; at most 131072 are allowed"}}},
		{name: "analytics with both forms", props: props("AnalyticsConfiguration", map[string]any{"ApplicationArn": appArn, "ApplicationId": "0123456789abcdef"}),
			wants: []want{{"AnalyticsConfiguration", "give ApplicationArn, or ApplicationId with RoleArn (and, if the role needs one, ExternalId); not both"}}},
		{name: "analytics by ARN with an external id", props: props("AnalyticsConfiguration", map[string]any{"ApplicationArn": appArn, "ExternalId": "x"}),
			wants: []want{{"AnalyticsConfiguration", "; not both"}}},
		{name: "analytics by ARN with a role", props: props("AnalyticsConfiguration", map[string]any{"ApplicationArn": appArn, "RoleArn": roleArn}),
			wants: []want{{"AnalyticsConfiguration", "; not both"}}},
		{name: "analytics with neither form", props: props("AnalyticsConfiguration", map[string]any{"UserDataShared": "false"}),
			wants: []want{{"AnalyticsConfiguration", "give ApplicationArn, or ApplicationId with RoleArn (and, if the role needs one, ExternalId)"}}},
		{name: "analytics id without role", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "abc"}),
			wants: []want{{"AnalyticsConfiguration.RoleArn", "is required when ApplicationArn is not given"}}},
		{name: "analytics role without id", props: props("AnalyticsConfiguration", map[string]any{"RoleArn": roleArn}),
			wants: []want{{"AnalyticsConfiguration.ApplicationId", "is required when ApplicationArn is not given"}}},
		{name: "analytics external id alone", props: props("AnalyticsConfiguration", map[string]any{"ExternalId": "x"}),
			wants: []want{{"AnalyticsConfiguration.ApplicationId", "is required"}, {"AnalyticsConfiguration.RoleArn", "is required"}}},
		{name: "analytics bad values", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "xyz", "RoleArn": "arn:aws:iam::123456789012:role x", "ExternalId": 3.5, "UserDataShared": "no"}),
			wants: []want{
				{"AnalyticsConfiguration.ApplicationId", `"xyz" has characters that are not allowed: use only hexadecimal digits (a Pinpoint project id)`},
				{"AnalyticsConfiguration.RoleArn", `"arn:aws:iam::123456789012:role x" is not a role ARN`},
				{"AnalyticsConfiguration.ExternalId", `must be a whole number, not "3.5"`},
				{"AnalyticsConfiguration.UserDataShared", `"no" is not a boolean`},
			}},
		{name: "analytics empty values", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "", "RoleArn": ""}),
			wants: []want{{"AnalyticsConfiguration.ApplicationId", "must not be empty"}, {"AnalyticsConfiguration.RoleArn", "must not be empty"}}},
		{name: "analytics ARN of 19 characters", props: props("AnalyticsConfiguration", map[string]any{"ApplicationArn": arnOf(19)}),
			wants: []want{{"AnalyticsConfiguration.ApplicationArn", "is 19 characters long; an ARN has 20 to 2048"}}},
		{name: "analytics ARN of 20 characters", props: props("AnalyticsConfiguration", map[string]any{"ApplicationArn": arnOf(20)}),
			config: Config{AnalyticsConfiguration: &Analytics{ApplicationArn: arnOf(20)}}, fields: []string{"AnalyticsConfiguration"}},
		{name: "analytics ARN of 2048 characters", props: props("AnalyticsConfiguration", map[string]any{"ApplicationArn": arnOf(2048)}),
			config: Config{AnalyticsConfiguration: &Analytics{ApplicationArn: arnOf(2048)}}, fields: []string{"AnalyticsConfiguration"}},
		{name: "analytics ARN of 2049 characters", props: props("AnalyticsConfiguration", map[string]any{"ApplicationArn": arnOf(2049)}),
			wants: []want{{"AnalyticsConfiguration.ApplicationArn", "is 2049 characters long; an ARN has 20 to 2048"}}},
		{name: "analytics role ARN of 19 characters", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "ab", "RoleArn": arnOf(19)}),
			wants: []want{{"AnalyticsConfiguration.RoleArn", "is 19 characters long; an ARN has 20 to 2048"}}},
		{name: "analytics role ARN of 20 characters", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "ab", "RoleArn": arnOf(20)}),
			config: Config{AnalyticsConfiguration: &Analytics{ApplicationId: "ab", RoleArn: arnOf(20)}}, fields: []string{"AnalyticsConfiguration"}},
		{name: "analytics role ARN of 2048 characters", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "ab", "RoleArn": arnOf(2048)}),
			config: Config{AnalyticsConfiguration: &Analytics{ApplicationId: "ab", RoleArn: arnOf(2048)}}, fields: []string{"AnalyticsConfiguration"}},
		{name: "analytics role ARN of 2049 characters", props: props("AnalyticsConfiguration", map[string]any{"ApplicationId": "ab", "RoleArn": arnOf(2049)}),
			wants: []want{{"AnalyticsConfiguration.RoleArn", "is 2049 characters long; an ARN has 20 to 2048"}}},
		{name: "analytics unknown key", props: props("AnalyticsConfiguration", map[string]any{"ApplicationARN": appArn}),
			wants: []want{{"AnalyticsConfiguration.ApplicationARN", "did you mean ApplicationArn?"}, {"AnalyticsConfiguration", "give ApplicationArn"}}},
		{name: "analytics not an object", props: props("AnalyticsConfiguration", appArn), wants: []want{{"AnalyticsConfiguration", "must be an object"}}},
		{name: "rotation enabled, grace 0", props: props("RefreshTokenRotation", map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": "0"}),
			config: Config{RefreshTokenRotation: &Rotation{Feature: "ENABLED", RetryGracePeriod: grace(0)}}, fields: []string{"RefreshTokenRotation"}},
		{name: "rotation grace 60", props: props("RefreshTokenRotation", map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": 60.0}),
			config: Config{RefreshTokenRotation: &Rotation{Feature: "ENABLED", RetryGracePeriod: grace(time.Minute)}}, fields: []string{"RefreshTokenRotation"}},
		{name: "rotation grace as a duration", props: props("RefreshTokenRotation", map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": "1m"}),
			config: Config{RefreshTokenRotation: &Rotation{Feature: "ENABLED", RetryGracePeriod: grace(time.Minute)}}, fields: []string{"RefreshTokenRotation"}},
		{name: "rotation grace 61", props: props("RefreshTokenRotation", map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": "61"}),
			wants: []want{{"RefreshTokenRotation.RetryGracePeriodSeconds", `"61" (61 seconds) is too long: it must be between 0s and 1m`}}},
		{name: "rotation grace negative", props: props("RefreshTokenRotation", map[string]any{"Feature": "ENABLED", "RetryGracePeriodSeconds": "-1"}),
			wants: []want{{"RefreshTokenRotation.RetryGracePeriodSeconds", "is not a duration"}}},
		{name: "rotation disabled without grace", props: props("RefreshTokenRotation", map[string]any{"Feature": "DISABLED"}),
			config: Config{RefreshTokenRotation: &Rotation{Feature: "DISABLED"}}, fields: []string{"RefreshTokenRotation"}},
		{name: "rotation without feature", props: props("RefreshTokenRotation", map[string]any{"RetryGracePeriodSeconds": "10"}),
			wants: []want{{"RefreshTokenRotation.Feature", "is required: write ENABLED or DISABLED"}}},
		{name: "rotation bad feature", props: props("RefreshTokenRotation", map[string]any{"Feature": "on"}),
			wants: []want{{"RefreshTokenRotation.Feature", `"on" is not one of ENABLED, DISABLED`}}},
		{name: "rotation unknown key", props: props("RefreshTokenRotation", map[string]any{"Feature": "ENABLED", "RetryGracePeriod": "10"}),
			wants: []want{{"RefreshTokenRotation.RetryGracePeriod", "did you mean RetryGracePeriodSeconds?"}}},
	}
	runDecodeCases(t, tests)
}

// TestDecodeRules covers the rules Decode applies on the declared properties
// alone, and the ones it must leave to Check.
func TestDecodeRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		props map[string]any
		wants []want
	}{
		{"flows set the flag", props("AllowedOAuthFlows", list("implicit"), "AllowedOAuthScopes", list("openid"), "CallbackURLs", list("https://example.com")), nil},
		{"flows with the flag false", props("AllowedOAuthFlows", list("code"), "AllowedOAuthFlowsUserPoolClient", "false", "CallbackURLs", list("https://a.example.com")),
			[]want{{"AllowedOAuthFlowsUserPoolClient", "is false, but AllowedOAuthFlows is set: OAuth flows and scopes need AllowedOAuthFlowsUserPoolClient: true"}}},
		{"flows and scopes with the flag false", props("AllowedOAuthFlows", list("code"), "AllowedOAuthScopes", list("openid"), "AllowedOAuthFlowsUserPoolClient", "false", "CallbackURLs", list("https://a.example.com")),
			[]want{{"AllowedOAuthFlowsUserPoolClient", "is false, but AllowedOAuthFlows and AllowedOAuthScopes are set"}}},
		// Ledger row 15: Cognito stores URLs on a client without OAuth.
		{"logout URLs with the flag false", props("LogoutURLs", list("https://a.example.com"), "AllowedOAuthFlowsUserPoolClient", "false"), nil},
		{"URLs and a default redirect URI without the flag", props("CallbackURLs", list("https://a.example.com"), "LogoutURLs", list("https://a.example.com/bye"), "DefaultRedirectURI", "https://a.example.com"), nil},
		{"empty lists with the flag false", props("LogoutURLs", list(), "AllowedOAuthFlows", list(), "AllowedOAuthFlowsUserPoolClient", "false"), nil},
		// Ledger row 16.
		{"client_credentials with openid", props("GenerateSecret", "true", "AllowedOAuthFlows", list("client_credentials"), "AllowedOAuthScopes", list("openid", "orders/read")),
			[]want{{"AllowedOAuthScopes", "has openid, which Cognito refuses with the client_credentials flow"}}},
		{"client_credentials with resource server scopes", props("GenerateSecret", "true", "AllowedOAuthFlows", list("client_credentials"), "AllowedOAuthScopes", list("orders/read")), nil},
		// Ledger rows 11 and 12.
		{"rotation with the refresh-token flow", props("RefreshTokenRotation", map[string]any{"Feature": "ENABLED"}, "ExplicitAuthFlows", list("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")),
			[]want{{"ExplicitAuthFlows", "has ALLOW_REFRESH_TOKEN_AUTH, but RefreshTokenRotation is ENABLED"}}},
		{"rotation without the refresh-token flow", props("RefreshTokenRotation", map[string]any{"Feature": "ENABLED"}, "ExplicitAuthFlows", list("ALLOW_USER_SRP_AUTH")), nil},
		{"no rotation, ALLOW_ flows without refresh", props("RefreshTokenRotation", map[string]any{"Feature": "DISABLED"}, "ExplicitAuthFlows", list("ALLOW_USER_SRP_AUTH")),
			[]want{{"ExplicitAuthFlows", "has no ALLOW_REFRESH_TOKEN_AUTH, which Cognito requires in a list of ALLOW_ flows while RefreshTokenRotation is not ENABLED"}}},
		{"ALLOW_ flows without refresh, rotation not declared: left to Check", props("ExplicitAuthFlows", list("ALLOW_USER_SRP_AUTH")), nil},
		{"legacy flows without refresh", props("RefreshTokenRotation", map[string]any{"Feature": "DISABLED"}, "ExplicitAuthFlows", list("USER_PASSWORD_AUTH")), nil},
		// Ledger row 7: no flows listed is a client without ExplicitAuthFlows.
		{"no flows listed, rotation off", props("RefreshTokenRotation", map[string]any{"Feature": "DISABLED"}, "ExplicitAuthFlows", list()), nil},
		{"flag true without flows or scopes", props("AllowedOAuthFlowsUserPoolClient", "true", "AllowedOAuthFlows", list(), "AllowedOAuthScopes", list()),
			[]want{{"AllowedOAuthFlows", "is empty, but AllowedOAuthFlowsUserPoolClient is true"}, {"AllowedOAuthScopes", "is empty, but AllowedOAuthFlowsUserPoolClient is true"}}},
		{"flag true, scopes not declared: left to Check", props("AllowedOAuthFlows", list("code"), "CallbackURLs", list("https://a.example.com")), nil},
		{"code without callback URLs", props("AllowedOAuthFlows", list("code"), "CallbackURLs", list()),
			[]want{{"CallbackURLs", "is empty, but AllowedOAuthFlows has code"}}},
		{"implicit without callback URLs", props("AllowedOAuthFlows", list("implicit"), "CallbackURLs", list()),
			[]want{{"CallbackURLs", "is empty, but AllowedOAuthFlows has implicit"}}},
		{"default redirect URI among callback URLs", props("AllowedOAuthFlowsUserPoolClient", "true", "CallbackURLs", list("https://a.example.com", "myapp://cb"), "DefaultRedirectURI", "myapp://cb"), nil},
		{"default redirect URI not among callback URLs", props("AllowedOAuthFlowsUserPoolClient", "true", "CallbackURLs", list("https://a.example.com"), "DefaultRedirectURI", "https://b.example.com"),
			[]want{{"DefaultRedirectURI", `"https://b.example.com" is not one of the CallbackURLs`}}},
		{"default redirect URI not a URL", props("DefaultRedirectURI", "http://example.com"), []want{{"DefaultRedirectURI", "must use https"}}},
		{"user context data without a secret", props("EnablePropagateAdditionalUserContextData", "true"),
			[]want{{"EnablePropagateAdditionalUserContextData", "is true, which only an app client with a secret can use"}}},
		{"user context data with a secret", props("EnablePropagateAdditionalUserContextData", "true", "GenerateSecret", "true"), nil},
		{"user context data in existing mode: left to Check", props("ClientId", "abc", "EnablePropagateAdditionalUserContextData", "true"), nil},
		{"access longer than a refresh that is not declared: left to Check", props("AccessTokenValidity", "1d"), nil},
		{"an invalid value is not judged again", props("AllowedOAuthFlowsUserPoolClient", "maybe", "CallbackURLs", list("https://a.example.com")),
			[]want{{"AllowedOAuthFlowsUserPoolClient", `"maybe" is not a boolean`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.props)
			checkProblems(t, err, tt.wants)
		})
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	oauth := func(c Config) Config {
		c.AllowedOAuthFlowsUserPoolClient = true
		c.AllowedOAuthFlows = []string{"code"}
		c.AllowedOAuthScopes = []string{"openid"}
		c.CallbackURLs = []string{"https://a.example.com"}
		return c
	}
	with := func(f func(*Config)) Config {
		c := oauth(Defaults())
		f(&c)
		return c
	}
	fields := func(names ...string) Fields {
		fs := Fields{}
		for _, n := range names {
			fs[Name(n)] = true
		}
		return fs
	}
	tests := []struct {
		name     string
		eff      Config
		secret   bool
		declared Fields
		wants    []want
	}{
		{"defaults", Defaults(), false, fields("ClientName"), nil},
		{"OAuth client", oauth(Defaults()), false, fields("CallbackURLs"), nil},
		{"callback URLs on a client without OAuth", Config{CallbackURLs: []string{"https://a.example.com"}}, false, fields("CallbackURLs"), nil},
		{"scopes on a client without OAuth", with(func(c *Config) { c.AllowedOAuthFlowsUserPoolClient = false }), false, fields("AllowedOAuthScopes"),
			[]want{{"AllowedOAuthFlowsUserPoolClient", "is false, but AllowedOAuthScopes is set"}}},
		{"an old problem the template does not touch", with(func(c *Config) { c.AllowedOAuthFlowsUserPoolClient = false }), false, fields("ClientName", "ReadAttributes"), nil},
		{"rotation turned on for a client that allows the refresh-token flow", with(func(c *Config) {
			c.ExplicitAuthFlows = []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"}
			c.RefreshTokenRotation = &Rotation{Feature: "ENABLED"}
		}), false, fields("RefreshTokenRotation"),
			[]want{{"ExplicitAuthFlows", "has ALLOW_REFRESH_TOKEN_AUTH, but RefreshTokenRotation is ENABLED"}}},
		{"rotation turned on for a new client without flows", with(func(c *Config) { c.RefreshTokenRotation = &Rotation{Feature: "ENABLED"} }), false, fields("RefreshTokenRotation"), nil},
		{"ALLOW_ flows without refresh on a client without rotation", with(func(c *Config) { c.ExplicitAuthFlows = []string{"ALLOW_USER_SRP_AUTH"} }), false, fields("ExplicitAuthFlows"),
			[]want{{"ExplicitAuthFlows", "has no ALLOW_REFRESH_TOKEN_AUTH"}}},
		{"rotation turned off for a client whose flows lack refresh", with(func(c *Config) { c.ExplicitAuthFlows = []string{"ALLOW_USER_SRP_AUTH"} }), false, fields("RefreshTokenRotation"),
			[]want{{"ExplicitAuthFlows", "has no ALLOW_REFRESH_TOKEN_AUTH"}}},
		{"client_credentials declared on a client with openid", with(func(c *Config) {
			c.AllowedOAuthFlows = []string{"client_credentials"}
		}), true, fields("AllowedOAuthFlows"),
			[]want{{"AllowedOAuthScopes", "has openid, which Cognito refuses with the client_credentials flow"}}},
		{"flag declared on a client without scopes", with(func(c *Config) { c.AllowedOAuthScopes = nil }), false, fields("AllowedOAuthFlowsUserPoolClient"),
			[]want{{"AllowedOAuthScopes", "is empty, but AllowedOAuthFlowsUserPoolClient is true"}}},
		{"flows declared on a new client without scopes", with(func(c *Config) { c.AllowedOAuthScopes = nil }), false, fields("AllowedOAuthFlows", "AllowedOAuthFlowsUserPoolClient"),
			[]want{{"AllowedOAuthScopes", "is empty"}}},
		{"flag true without flows", with(func(c *Config) { c.AllowedOAuthFlows = nil }), false, fields("AllowedOAuthScopes"), nil},
		{"flag declared true without flows", with(func(c *Config) { c.AllowedOAuthFlows = nil }), false, fields("AllowedOAuthFlowsUserPoolClient"),
			[]want{{"AllowedOAuthFlows", "is empty, but AllowedOAuthFlowsUserPoolClient is true"}}},
		{"callback URLs emptied under code", with(func(c *Config) { c.CallbackURLs = nil }), false, fields("CallbackURLs"),
			[]want{{"CallbackURLs", "is empty, but AllowedOAuthFlows has code"}}},
		{"callback URLs replaced without the default redirect URI", with(func(c *Config) { c.DefaultRedirectURI = "https://old.example.com" }), false, fields("CallbackURLs"),
			[]want{{"DefaultRedirectURI", `"https://old.example.com" is not one of the CallbackURLs`}}},
		{"default redirect URI among the current callback URLs", with(func(c *Config) { c.DefaultRedirectURI = "https://a.example.com" }), false, fields("DefaultRedirectURI"), nil},
		{"client credentials on a client with a secret", with(func(c *Config) {
			c.AllowedOAuthFlows, c.AllowedOAuthScopes = []string{"client_credentials"}, []string{"api/read"}
		}), true, fields("AllowedOAuthFlows"), nil},
		{"client credentials on a client without a secret", with(func(c *Config) {
			c.AllowedOAuthFlows, c.AllowedOAuthScopes = []string{"client_credentials"}, []string{"api/read"}
		}), false, fields("AllowedOAuthFlows"),
			[]want{{"AllowedOAuthFlows", "has client_credentials, which only an app client with a secret can use"}}},
		{"user context data without a secret", with(func(c *Config) { c.EnablePropagateAdditionalUserContextData = true }), false, fields("EnablePropagateAdditionalUserContextData"),
			[]want{{"EnablePropagateAdditionalUserContextData", "which only an app client with a secret can use"}}},
		{"user context data with a secret", with(func(c *Config) { c.EnablePropagateAdditionalUserContextData = true }), true, fields("EnablePropagateAdditionalUserContextData"), nil},
		{"access longer than the current refresh", with(func(c *Config) { c.AccessTokenValidity = 24 * time.Hour; c.RefreshTokenValidity = 12 * time.Hour }), false, fields("AccessTokenValidity"),
			[]want{{"AccessTokenValidity", "must not exceed RefreshTokenValidity: 1d is longer than 12h"}}},
		{"refresh shorter than the current ID validity", with(func(c *Config) { c.IdTokenValidity = 2 * time.Hour; c.RefreshTokenValidity = time.Hour }), false, fields("RefreshTokenValidity"),
			[]want{{"IdTokenValidity", "must not exceed RefreshTokenValidity: 2h is longer than 1h"}}},
		{"access equal to refresh", with(func(c *Config) { c.AccessTokenValidity = time.Hour; c.RefreshTokenValidity = time.Hour }), false, fields("AccessTokenValidity"), nil},
		{"problems in property order", with(func(c *Config) {
			c.EnablePropagateAdditionalUserContextData = true
			c.AllowedOAuthFlows, c.AllowedOAuthScopes = []string{"client_credentials"}, []string{"api/read"}
			c.AccessTokenValidity = 24 * time.Hour
			c.RefreshTokenValidity = time.Hour
		}), false, fields("EnablePropagateAdditionalUserContextData", "AllowedOAuthFlows", "AccessTokenValidity"),
			[]want{{"AccessTokenValidity", "must not exceed"}, {"AllowedOAuthFlows", "client_credentials"}, {"EnablePropagateAdditionalUserContextData", "secret"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, Check(tt.eff, tt.secret, tt.declared, nil).Err(), tt.wants)
		})
	}
}

// TestDecodeAndCheckAgree checks that a rule found by both Decode and Check
// reads the same, so that Problems.Merge reports it once.
func TestDecodeAndCheckAgree(t *testing.T) {
	t.Parallel()
	s, err := Decode(props("AllowedOAuthFlows", list("code"), "CallbackURLs", list(), "AllowedOAuthScopes", list("openid"), "AccessTokenValidity", "1d", "RefreshTokenValidity", "1h"))
	decoded, _ := err.(Problems)
	if len(decoded) != 2 {
		t.Fatalf("Decode: %v; want 2 problems", err)
	}
	eff := Defaults()
	eff.AllowedOAuthFlows = s.Config.AllowedOAuthFlows
	eff.AllowedOAuthFlowsUserPoolClient = s.Config.AllowedOAuthFlowsUserPoolClient
	eff.AllowedOAuthScopes = s.Config.AllowedOAuthScopes
	eff.AccessTokenValidity = 24 * time.Hour
	eff.RefreshTokenValidity = time.Hour
	checked := Check(eff, false, Fields{"AllowedOAuthFlows": true, "CallbackURLs": true, "AccessTokenValidity": true, "RefreshTokenValidity": true}, nil)
	if merged := decoded.Merge(checked); len(merged) != 2 {
		t.Errorf("Merge of Decode and Check = %v; want the 2 problems once", merged)
	}
}

func TestDecodeManyProblems(t *testing.T) {
	t.Parallel()
	_, err := Decode(map[string]any{
		"ClientId":              "not a client id",
		"GenerateSecret":        "true",
		"ClientName":            "",
		"AccessTokenValidity":   "4m",
		"IdTokenValidity":       "10h",
		"RefreshTokenValidity":  "5000d",
		"AuthSessionValidity":   "20",
		"TokenValidityUnits":    map[string]any{"IdToken": "hours", "Refresh": "days"},
		"AllowedOAuthFlows":     list("code", "password"),
		"CallbackURLs":          list("https://ok.example.com", "http://example.com"),
		"ExplicitAuthFlows":     "ALLOW_USER_SRP_AUTH",
		"EnableTokenRevocation": "0",
		"RefreshTokenRotation":  map[string]any{},
		"Callbacks":             list(),
	})
	checkProblems(t, err, []want{
		{"AccessTokenValidity", "too short"},
		{"AllowedOAuthFlows[1]", "is not one of"},
		{"AuthSessionValidity", "too long"},
		{"CallbackURLs[1]", "must use https"},
		{"Callbacks", "is not a property"},
		{"ClientId", "is not an app client id"},
		{"ClientName", "must not be empty"},
		{"EnableTokenRevocation", "is not a boolean"},
		{"ExplicitAuthFlows", "must be a list of strings"},
		{"GenerateSecret", "can't be used with ClientId"},
		{"RefreshTokenRotation.Feature", "is required"},
		{"RefreshTokenValidity", "too long"},
		{"TokenValidityUnits.Refresh", "did you mean RefreshToken?"},
		{"TokenValidityUnits.IdToken", "carries its own"},
		{"UserPoolId", "is required"},
	})
}

// TestDecodeProblemOrder: problems come by property name, those of one
// property as found; an unknown name that starts with "[" or "." sorts by
// its whole name like any other.
func TestDecodeProblemOrder(t *testing.T) {
	t.Parallel()
	_, err := Decode(props("[Tags]", list(), "ClientName", "", "CallbackURLs", list("ftp:x#y", "http://a.example.com"), "Description", "x"))
	checkProblems(t, err, []want{
		{"CallbackURLs[0]", "has a fragment"},
		{"CallbackURLs[1]", "must use https"},
		{"ClientName", "must not be empty"},
		{"Description", "is not a property"},
		{"[Tags]", "is not a property"},
	})
}

func TestDecodeKeepsValidProperties(t *testing.T) {
	t.Parallel()
	s, err := Decode(props("ClientName", "web", "LogoutURLs", list("ftp:x#y"), "EnableTokenRevocation", "nope"))
	if err == nil {
		t.Fatal("Decode accepted invalid properties")
	}
	checkSettings(t, s, Config{ClientName: "web"}, []string{"ClientName"})
}

func TestIsClientID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"1example23456789", true},
		{"a+b_C9", true},
		{strings.Repeat("a", 128), true},
		{strings.Repeat("a", 129), false},
		{"", false},
		{"abc-def", false},
		{"FAILED-create", false},
		{"é", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsClientID(tt.in); got != tt.want {
				t.Errorf("IsClientID(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestCheckNew judges the client owned-mode settings would create: what
// Decode must leave open (a property not declared) is decided by Cognito's
// defaults, and a refused value is never judged.
func TestCheckNew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		props   map[string]any
		refused []Name
		wants   []want
	}{
		{"ALLOW_ flows without refresh, rotation not declared", props("ExplicitAuthFlows", list("ALLOW_USER_SRP_AUTH")), nil,
			[]want{{"ExplicitAuthFlows", "has no ALLOW_REFRESH_TOKEN_AUTH"}}},
		{"rotation on, no flows declared", props("RefreshTokenRotation", map[string]any{"Feature": "ENABLED"}), nil, nil},
		{"code flow, no callback URLs declared", props("AllowedOAuthFlows", list("code"), "AllowedOAuthScopes", list("openid")), nil,
			[]want{{"CallbackURLs", "is empty, but AllowedOAuthFlows has code"}}},
		{"code flow, callback URLs unknown", props("AllowedOAuthFlows", list("code"), "AllowedOAuthScopes", list("openid")), []Name{CallbackURLs}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Decode(tt.props)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range tt.refused {
				s.Refused[n] = true
			}
			checkProblems(t, s.CheckNew().Err(), tt.wants)
		})
	}
}
