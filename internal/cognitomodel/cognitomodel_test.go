package cognitomodel

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T) *Model {
	t.Helper()
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLoadReadsEveryKey: Load reads each key the file gives a shape, so a
// constraint the model gains (a new kind of key) fails here instead of
// being ignored by the fake and the model test alike.
func TestLoadReadsEveryKey(t *testing.T) {
	t.Parallel()
	var raw struct {
		Shapes map[string]map[string]json.RawMessage `json:"shapes"`
	}
	if err := json.Unmarshal(modelJSON, &raw); err != nil {
		t.Fatal(err)
	}
	known := []string{"type", "min", "max", "pattern", "enum", "members", "required", "member", "sensitive"}
	m := load(t)
	for name, keys := range raw.Shapes {
		for k := range keys {
			if !slices.Contains(known, k) {
				t.Errorf("shape %s has the key %q, which Load does not read", name, k)
			}
		}
		if m.Shape(name) == nil {
			t.Errorf("shape %s was not loaded", name)
		}
	}
	if got := m.Operations(); !slices.Equal(got, []string{
		"AddUserPoolClientSecret", "CreateUserPoolClient", "DeleteUserPoolClient", "DeleteUserPoolClientSecret",
		"DescribeUserPoolClient", "ListUserPoolClientSecrets", "UpdateUserPoolClient",
	}) {
		t.Errorf("Operations() = %v", got)
	}
	if s := m.Shape("RedirectUrlType"); s.Type != "string" || *s.Min != 1 || *s.Max != 1024 || s.Pattern == "" {
		t.Errorf("RedirectUrlType = %+v", s)
	}
	if s := m.Shape("CallbackURLsListType"); s.Member != "RedirectUrlType" || *s.Max != 100 {
		t.Errorf("CallbackURLsListType = %+v", s)
	}
}

func TestJavaToRE2(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		fails    bool
	}{
		{in: `[\w\s+=,.@-]+`, want: `[\w\s\x0B+=,.@-]+`},
		{in: `a\sb`, want: `a[\s\x0B]b`},
		{in: `[\S]+`, want: `[^\s\x0B]+`},
		{in: `\S+`, want: `[^\s\x0B]+`},
		{in: `[\\s]`, want: `[\\s]`}, // a backslash, then s
		{in: `[\x21\x23-\x5B\x5D-\x7E]+`, want: `[\x21\x23-\x5B\x5D-\x7E]+`},
		{in: `[a\S]`, fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := javaToRE2(tt.in)
			if tt.fails {
				if err == nil {
					t.Errorf("javaToRE2(%q) = %q, want an error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("javaToRE2(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestMatchesAsJava: a pattern applies to the whole value, and \s is
// Java's.
func TestMatchesAsJava(t *testing.T) {
	t.Parallel()
	m := load(t)
	tests := []struct {
		shape, value string
		want         bool
	}{
		{"ClientNameType", "web app", true},
		{"ClientNameType", "web\x0Bapp", true},
		{"ClientNameType", "web/app", false},
		{"ClientNameType", "web\napp", true},
		{"UserPoolIdType", "us-east-1_AbC", true},
		{"UserPoolIdType", "x us-east-1_AbC", false}, // not a match of a part
		{"ProviderNameType", "My IdP", true},
		{"ProviderNameType", "My\tIdP", false},
		{"RedirectUrlType", "https://a.example/cb", true},
		{"RedirectUrlType", "https://a.example/c b", false},
		{"HexStringType", "0aF", true},
		{"HexStringType", "0g", false},
		{"PaginationKey", "abc", true},
		{"PaginationKey", "a\x0Bc", false},
		{"ClientPermissionType", "anything at all", true}, // no pattern
	}
	for _, tt := range tests {
		if got := m.Shape(tt.shape).Matches(tt.value); got != tt.want {
			t.Errorf("%s matches %q = %v, want %v", tt.shape, tt.value, got, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	m := load(t)
	urls := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = "https://a.example/" + strings.Repeat("a", i)
		}
		return out
	}
	tests := []struct {
		name, shape string
		v           any
		want        []string
	}{
		// Lengths count characters, not bytes.
		{"a string at its maximum", "ProviderNameType", strings.Repeat("é", 32), nil},
		{"a string over its maximum", "ProviderNameType", strings.Repeat("é", 33),
			[]string{"Value '" + strings.Repeat("é", 33) + "' at 'x' failed to satisfy constraint: Member must have length less than or equal to 32"}},
		{"a string under its minimum", "ClientSecretType", strings.Repeat("a", 23),
			[]string{"Value '***' at 'x' failed to satisfy constraint: Member must have length greater than or equal to 24"}},
		{"a string at its minimum", "ClientSecretType", strings.Repeat("a", 24), nil},
		{"an empty string", "ClientNameType", "", []string{
			"Value '' at 'x' failed to satisfy constraint: Member must have length greater than or equal to 1",
			`Value '' at 'x' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+`,
		}},
		{"an integer at its minimum", "AccessTokenValidityType", json.Number("1"), nil},
		{"an integer under its minimum", "AccessTokenValidityType", json.Number("0"),
			[]string{"Value '0' at 'x' failed to satisfy constraint: Member must have value greater than or equal to 1"}},
		{"an integer at its maximum", "AccessTokenValidityType", 86400.0, nil},
		{"an integer over its maximum", "AccessTokenValidityType", 86401,
			[]string{"Value '86401' at 'x' failed to satisfy constraint: Member must have value less than or equal to 86400"}},
		{"refresh 0", "RefreshTokenValidityType", 0, nil},
		{"refresh -1", "RefreshTokenValidityType", -1,
			[]string{"Value '-1' at 'x' failed to satisfy constraint: Member must have value greater than or equal to 0"}},
		{"an enum value", "OAuthFlowType", "code", nil},
		{"not an enum value", "OAuthFlowType", "Code",
			[]string{"Value 'Code' at 'x' failed to satisfy constraint: Member must satisfy enum value set: [code, implicit, client_credentials]"}},
		{"a list at its maximum", "CallbackURLsListType", urls(100), nil},
		{"a list over its maximum", "CallbackURLsListType", urls(101),
			[]string{"Value '101 items' at 'x' failed to satisfy constraint: Member must have length less than or equal to 100"}},
		{"a list's bad item", "SupportedIdentityProvidersListType", []string{"COGNITO", strings.Repeat("p", 33)},
			[]string{"Value '" + strings.Repeat("p", 33) + "' at 'x' failed to satisfy constraint: Member must have length less than or equal to 32"}},
		{"not a string", "ClientNameType", 3, []string{"Value '3' at 'x' failed to satisfy constraint: Member must be a string"}},
		{"not a list", "OAuthFlowsType", "code", []string{"Value 'code' at 'x' failed to satisfy constraint: Member must be a list"}},
		{"not an integer", "AccessTokenValidityType", 1.5, []string{"Value '1.5' at 'x' failed to satisfy constraint: Member must be an integer"}},
		{"not a boolean", "BooleanType", "true", []string{"Value 'true' at 'x' failed to satisfy constraint: Member must be a boolean"}},
		{"not a structure", "TokenValidityUnitsType", "days", []string{"Value 'days' at 'x' failed to satisfy constraint: Member must be a structure"}},
		{"a nested member", "TokenValidityUnitsType", map[string]any{"AccessToken": "weeks", "IdToken": "hours"},
			[]string{"Value 'weeks' at 'x.accessToken' failed to satisfy constraint: Member must satisfy enum value set: [seconds, minutes, hours, days]"}},
		{"a required member", "RefreshTokenRotationType", map[string]any{"RetryGracePeriodSeconds": 61},
			[]string{
				"Value null at 'x.feature' failed to satisfy constraint: Member must not be null",
				"Value '61' at 'x.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value less than or equal to 60",
			}},
		{"absent", "ClientNameType", nil, nil},
		{"an unknown shape", "NoSuchType", "x", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, v := range m.Check(tt.shape, "x", tt.v) {
				got = append(got, v.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Check = %q\nwant    %q", got, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	m := load(t)
	got, err := m.Validate("CreateUserPoolClient", []byte(`{"UserPoolId":"us-east-1_AbC","ClientName":"a/b","AllowedOAuthFlows":["code","x"],"Unknown":1}`))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, v := range got {
		paths = append(paths, v.Path)
	}
	if !slices.Equal(paths, []string{"allowedOAuthFlows", "clientName"}) {
		t.Errorf("violations at %v, want allowedOAuthFlows and clientName, in the members' order: %v", paths, got)
	}
	if got, _ := m.Validate("UpdateUserPoolClient", []byte(`{}`)); len(got) != 2 || got[0].Path != "clientId" || got[1].Path != "userPoolId" {
		t.Errorf("an empty update: %v, want clientId and userPoolId missing", got)
	}
	if _, err := m.Validate("CreateUserPool", []byte(`{}`)); err == nil {
		t.Error("an operation the model does not have: no error")
	}
	if _, err := m.Validate("CreateUserPoolClient", []byte(`[1]`)); err == nil {
		t.Error("a body that is not an object: no error")
	}
}
