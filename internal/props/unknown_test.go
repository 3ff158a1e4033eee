package props

import (
	"errors"
	"reflect"
	"slices"
	"testing"
)

// problemsOf is what the function answers to a new client: Decode's
// problems and those of Check on the effective configuration.
func problemsOf(t *testing.T, s Settings, err error, hasSecret bool) Problems {
	t.Helper()
	var ps Problems
	if err != nil && !errors.As(err, &ps) {
		t.Fatalf("error %v is not a Problems", err)
	}
	return ps.Merge(Check(Overlay(Defaults(), s, nil), hasSecret, s.Declared, s.Refused))
}

// A property whose value is unknown is never judged, nor judged by, neither
// by Decode nor by Check given Settings.Refused; every literal value still
// is. Each case answers otherwise without its unknown set.
func TestDecodeWithUnknown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		props   map[string]any
		unknown []string
		wants   []want
		refused []string
		// sameAsDecode: the unknown set changes nothing here.
		sameAsDecode bool
	}{
		{
			name:    "an unknown user pool id is not missing",
			props:   map[string]any{},
			unknown: []string{"UserPoolId"},
			refused: []string{"UserPoolId"},
		},
		{
			name:    "an unknown client id selects existing-client mode",
			props:   props("GenerateSecret", "false"),
			unknown: []string{"ClientId"},
			wants:   []want{{"GenerateSecret", "can't be used with ClientId"}},
			refused: []string{"ClientId", "GenerateSecret"},
		},
		{
			name:    "an unknown flag is not implied by the flows",
			props:   props("AllowedOAuthFlows", list("implicit"), "CallbackURLs", list("https://example.com/cb"), "AllowedOAuthScopes", list(), "AllowedOAuthFlowsUserPoolClient", map[string]any{"Ref": "P"}),
			unknown: []string{"AllowedOAuthFlowsUserPoolClient"},
			refused: []string{"AllowedOAuthFlowsUserPoolClient"},
		},
		{
			name:    "unknown callback URLs are not empty and may hold the default redirect URI",
			props:   props("AllowedOAuthFlows", list("code"), "AllowedOAuthScopes", list("openid"), "DefaultRedirectURI", "https://example.com/cb"),
			unknown: []string{"CallbackURLs"},
			refused: []string{"CallbackURLs"},
		},
		{
			name:    "an unknown secret does not refuse client_credentials",
			props:   props("AllowedOAuthFlows", list("client_credentials"), "AllowedOAuthScopes", list("api/read")),
			unknown: []string{"GenerateSecret"},
			refused: []string{"GenerateSecret"},
		},
		{
			name:    "unknown units leave a bare integer validity unread",
			props:   props("AccessTokenValidity", "25", "TokenValidityUnits", map[string]any{"Ref": "Units"}),
			unknown: []string{"TokenValidityUnits"},
			refused: []string{"AccessTokenValidity", "TokenValidityUnits"},
		},
		{
			name:    "a literal value next to an unknown one is judged",
			props:   props("AccessTokenValidity", "25h", "LogoutURLs", list("http://example.com/"), "CallbackURLs", map[string]any{"Fn::Split": []any{",", "a,b"}}),
			unknown: []string{"CallbackURLs"},
			wants: []want{
				{"AccessTokenValidity", `"25h" is too long`},
				{"LogoutURLs[0]", "must use https"},
			},
			refused: []string{"AccessTokenValidity", "CallbackURLs", "LogoutURLs"},
		},
		{
			name:    "an unknown Adopt may adopt: GenerateSecret and added URLs wait for deploy time",
			props:   props("ClientId", "abc", "Adopt", map[string]any{"Ref": "Adopt"}, "GenerateSecret", "true", "AdditionalLogoutURLs", list("https://a.example.com/")),
			unknown: []string{"Adopt"},
			refused: []string{"Adopt"},
		},
		{
			name:    "an unknown Adopt still refuses a secret, which neither mode takes",
			props:   props("ClientId", "abc", "Adopt", map[string]any{"Ref": "Adopt"}, "PreviousSecret", "Keep"),
			unknown: []string{"Adopt"},
			wants:   []want{{"PreviousSecret", "can't be used with ClientId"}},
			refused: []string{"Adopt", "PreviousSecret"},
		},
		{
			name:    "an unknown ClientId beside Adopt: true adopts",
			props:   props("Adopt", "true", "GenerateSecret", "false", "ClientSecretVersion", "1"),
			unknown: []string{"ClientId"},
			wants:   []want{{"ClientSecretVersion", "can't be used with Adopt"}},
			refused: []string{"ClientId", "ClientSecretVersion"},
		},
		{
			name:         "a misspelt property is reported whatever its value",
			props:        props("CallbackUrls", map[string]any{"Ref": "URLs"}),
			unknown:      []string{"CallbackUrls"},
			wants:        []want{{"CallbackUrls", "did you mean CallbackURLs?"}},
			refused:      []string{"CallbackURLs"},
			sameAsDecode: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			unknown := Fields{}
			for _, name := range tt.unknown {
				unknown[Name(name)] = true
			}
			s, err := DecodeWithUnknown(tt.props, unknown)
			got := problemsOf(t, s, err, s.GenerateSecret || unknown["GenerateSecret"])
			checkProblems(t, got.Err(), tt.wants)
			if got := sortedKeys(s.Refused); !slices.Equal(got, names(tt.refused)) {
				t.Errorf("Refused = %v; want %v", got, tt.refused)
			}
			for name := range unknown {
				if s.Declared[name] {
					t.Errorf("Declared names the unknown %s", name)
				}
			}
			plain, err := Decode(tt.props)
			if without := problemsOf(t, plain, err, plain.GenerateSecret); reflect.DeepEqual(without, got) != tt.sameAsDecode {
				t.Errorf("without the unknown set the answer is %v; with it %v (the same is expected: %v)", without, got, tt.sameAsDecode)
			}
		})
	}
}

func names(ss []string) []Name {
	out := make([]Name, len(ss))
	for i, s := range ss {
		out[i] = Name(s)
	}
	return out
}

// TestCheckItems: in a list some of whose items are known only at deploy
// time, each literal item is judged on its own, at its own index; the
// list's size and the rules between items are not judged.
func TestCheckItems(t *testing.T) {
	t.Parallel()
	deployTime := map[string]any{"Fn::Sub": "https://${Dist.DomainName}/cb"}
	literal := func(items []any) func(int) bool {
		return func(i int) bool { _, intrinsic := items[i].(map[string]any); return !intrinsic }
	}
	many := func(n int, v any) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = v
		}
		return out
	}
	tests := []struct {
		name  string
		prop  string
		items []any
		wants []want
	}{
		{"a literal http URL beside a Fn::Sub", "CallbackURLs", []any{"https://a.example.com/cb", "http://shop.example.com/callback", deployTime},
			[]want{{"CallbackURLs[1]", `"http://shop.example.com/callback" must use https`}}},
		{"bad items keep their indices", "LogoutURLs", []any{deployTime, "https://a.example.com/#x", deployTime, "https://e.com/%zz"},
			[]want{{"LogoutURLs[1]", "has a fragment"}, {"LogoutURLs[3]", `has an invalid %-escape, "%zz"`}}},
		{"an added URL", "AdditionalCallbackURLs", []any{deployTime, "ftp:x#y"}, []want{{"AdditionalCallbackURLs[1]", "has a fragment"}}},
		{"a literal listed twice is not judged", "CallbackURLs", []any{"https://a.example.com", deployTime, "https://a.example.com"}, nil},
		{"nor the list's size", "CallbackURLs", append(many(101, "https://a.example.com"), deployTime), nil},
		{"nor client_credentials beside another flow", "AllowedOAuthFlows", []any{"client_credentials", "code", deployTime}, nil},
		{"nor legacy flows beside ALLOW_ ones", "ExplicitAuthFlows", []any{"USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", deployTime}, nil},
		{"a value not among the allowed", "AllowedOAuthFlows", []any{deployTime, "password"}, []want{{"AllowedOAuthFlows[1]", `"password" is not one of code, implicit, client_credentials`}}},
		{"a scope and a provider", "AllowedOAuthScopes", []any{"open id", deployTime}, []want{{"AllowedOAuthScopes[0]", "has characters that are not allowed"}}},
		{"an attribute too long", "ReadAttributes", []any{deployTime, string(make([]byte, 2049))}, []want{{"ReadAttributes[1]", "is 2049 characters long"}}},
		{"an item that is no string", "WriteAttributes", []any{deployTime, 3.0, true}, []want{{"WriteAttributes[1]", "must be a string, not a number"}, {"WriteAttributes[2]", "must be a string, not a boolean"}}},
		{"all items deploy-time", "CallbackURLs", []any{deployTime, deployTime}, nil},
		{"not a list property", "ClientName", []any{"a/b"}, nil},
		{"not a property", "Colour", []any{"blue"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, CheckItems(tt.prop, tt.items, literal(tt.items)).Err(), tt.wants)
		})
	}
}

// TestCheckItemsBounded: a list of any length costs at most a bounded
// number of problems, for items that are no strings as for bad strings.
func TestCheckItemsBounded(t *testing.T) {
	t.Parallel()
	items := make([]any, 0, 2*MaxListed+20)
	for range MaxListed + 10 {
		items = append(items, 1.0, "a\tb")
	}
	ps := CheckItems("ReadAttributes", items, func(int) bool { return true })
	if len(ps) != MaxListed+1 || ps[MaxListed].Message != "and 10 more items that are not strings, not checked: correct the ones above first" {
		t.Errorf("%d problems, the last %v; want %d, then how many more", len(ps), ps[len(ps)-1], MaxListed+1)
	}
	ps = CheckItems("SupportedIdentityProviders", items, func(int) bool { return true })
	if len(ps) != 2*MaxListed+2 {
		t.Errorf("%d problems, want %d: the items that are no strings, and the bad strings, each bounded", len(ps), 2*MaxListed+2)
	}
}
