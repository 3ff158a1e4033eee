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
