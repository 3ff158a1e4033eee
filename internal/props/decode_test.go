package props

import (
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"
)

// want is an expected problem: the exact property and a part of the message.
type want struct{ property, message string }

// decodeCase is one Decode table case: the problems it must report, or,
// when it has none, the Config and Declared set it must give.
type decodeCase struct {
	name   string
	props  map[string]any
	wants  []want
	config Config
	fields []string
}

func runDecodeCases(t *testing.T, tests []decodeCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Decode(tt.props)
			checkProblems(t, err, tt.wants)
			if err == nil {
				checkSettings(t, s, tt.config, tt.fields)
			}
		})
	}
}

// absent, as a value for props, removes the property.
type absent struct{}

// props returns a valid owned-mode template with the given properties
// added or replaced.
func props(kv ...any) map[string]any {
	m := map[string]any{"UserPoolId": "us-east-1_AbCdEf123"}
	for i := 0; i < len(kv); i += 2 {
		k := kv[i].(string)
		if _, remove := kv[i+1].(absent); remove {
			delete(m, k)
			continue
		}
		m[k] = kv[i+1]
	}
	return m
}

func list(items ...string) []any {
	out := make([]any, len(items))
	for i, s := range items {
		out[i] = s
	}
	return out
}

func repeat(n int, f func(i int) string) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// checkProblems asserts that err holds exactly the wanted problems, in order.
func checkProblems(t *testing.T, err error, wants []want) {
	t.Helper()
	if len(wants) == 0 {
		if err != nil {
			t.Fatalf("unexpected problems: %v", err)
		}
		return
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T) is not a Problems; want %v", err, err, wants)
	}
	if len(ps) != len(wants) {
		t.Fatalf("got %d problems, want %d:\n%v\nwant %v", len(ps), len(wants), err, wants)
	}
	for i, w := range wants {
		if ps[i].Property != w.property || !strings.Contains(ps[i].Message, w.message) {
			t.Errorf("problem %d = %q; want property %q with a message containing %q", i, ps[i].Error(), w.property, w.message)
		}
	}
}

func TestDecodeScalars(t *testing.T) {
	t.Parallel()
	tests := []decodeCase{
		{name: "minimal", props: props(), fields: []string{}},
		{name: "service properties are ignored", props: props("ServiceToken", "arn:aws:lambda:us-east-1:1:function:f", "ServiceTimeout", "300"), fields: []string{}},
		{name: "missing user pool id", props: props("UserPoolId", absent{}), wants: []want{{"UserPoolId", "is required"}}},
		{name: "empty user pool id", props: props("UserPoolId", ""), wants: []want{{"UserPoolId", "is required"}}},
		{name: "bad user pool id", props: props("UserPoolId", "us-east-1"), wants: []want{{"UserPoolId", `"us-east-1" is not a user pool id`}}},
		{name: "user pool id at 55", props: props("UserPoolId", strings.Repeat("a", 45)+"_123456789"), fields: []string{}},
		{name: "user pool id at 56", props: props("UserPoolId", strings.Repeat("a", 46)+"_123456789"), wants: []want{{"UserPoolId", "is not a user pool id"}}},
		{name: "user pool id a list", props: props("UserPoolId", list("a")), wants: []want{{"UserPoolId", "must be a string, not a list"}}},
		{name: "bad client id", props: props("ClientId", "abc-def"), wants: []want{{"ClientId", "is not an app client id"}}},
		{name: "client id too long", props: props("ClientId", strings.Repeat("a", 129)), wants: []want{{"ClientId", "is not an app client id"}}},
		{name: "generate secret in existing mode", props: props("ClientId", "abc123", "GenerateSecret", "false"), wants: []want{{"GenerateSecret", "can't be used with ClientId"}}},
		{name: "generate secret with a bad client id", props: props("ClientId", "a b", "GenerateSecret", "true"), wants: []want{{"ClientId", "not an app client id"}, {"GenerateSecret", "can't be used with ClientId"}}},
		{name: "bool upper case", props: props("EnableTokenRevocation", "FALSE"), fields: []string{"EnableTokenRevocation"}},
		{name: "bool mixed case", props: props("EnableTokenRevocation", "True"), config: Config{EnableTokenRevocation: true}, fields: []string{"EnableTokenRevocation"}},
		{name: "bool JSON", props: props("EnableTokenRevocation", true), config: Config{EnableTokenRevocation: true}, fields: []string{"EnableTokenRevocation"}},
		{name: "bool yes", props: props("EnableTokenRevocation", "yes"), wants: []want{{"EnableTokenRevocation", `"yes" is not a boolean`}}},
		{name: "bool 1", props: props("EnableTokenRevocation", 1.0), wants: []want{{"EnableTokenRevocation", `"1" is not a boolean`}}},
		{name: "bool object", props: props("EnableTokenRevocation", map[string]any{}), wants: []want{{"EnableTokenRevocation", "must be a boolean, not an object"}}},
		{name: "bool null", props: props("EnableTokenRevocation", nil), wants: []want{{"EnableTokenRevocation", "must be a boolean, not null"}}},
		{name: "bool of an unknown Go type", props: props("EnableTokenRevocation", struct{}{}), wants: []want{{"EnableTokenRevocation", "must be a boolean, not a value of another type"}}},
		{name: "json.Number", props: props("AccessTokenValidity", json.Number("2")), config: Config{AccessTokenValidity: 2 * time.Hour}, fields: []string{"AccessTokenValidity"}},
		{name: "json.Number fraction", props: props("AccessTokenValidity", json.Number("2.5")), wants: []want{{"AccessTokenValidity", `must be a whole number, not "2.5"`}}},
		{name: "a 500-digit number, quoted cut to 64 bytes", props: props("AccessTokenValidity", json.Number(strings.Repeat("7", 500))),
			wants: []want{{"AccessTokenValidity", `the number "` + strings.Repeat("7", 64) + `"… is out of range: no property takes a number this large`}}},
		{name: "a 400-digit fraction, quoted cut to 64 bytes", props: props("AccessTokenValidity", json.Number("0."+strings.Repeat("1", 400))),
			wants: []want{{"AccessTokenValidity", `must be a whole number, not "0.` + strings.Repeat("1", 62) + `"…`}}},
		{name: "Go int", props: props("AccessTokenValidity", 3), config: Config{AccessTokenValidity: 3 * time.Hour}, fields: []string{"AccessTokenValidity"}},
		{name: "client name", props: props("ClientName", "web app, v2 (x)"), wants: []want{{"ClientName", "has characters that are not allowed"}}},
		// The model's pattern reads \s as Java does: the vertical tab is one.
		{name: "client name with white space", props: props("ClientName", "web app\t1\x0b2\n"), config: Config{ClientName: "web app\t1\x0b2\n"}, fields: []string{"ClientName"}},
		{name: "client name at 128", props: props("ClientName", strings.Repeat("n", 128)), config: Config{ClientName: strings.Repeat("n", 128)}, fields: []string{"ClientName"}},
		{name: "client name at 129", props: props("ClientName", strings.Repeat("n", 129)), wants: []want{{"ClientName", "is 129 characters long; at most 128"}}},
		{name: "client name empty", props: props("ClientName", ""), wants: []want{{"ClientName", "must not be empty"}}},
		{name: "client name number", props: props("ClientName", 42.0), config: Config{ClientName: "42"}, fields: []string{"ClientName"}},
		{name: "client name fraction", props: props("ClientName", 4.2), wants: []want{{"ClientName", `must be a whole number, not "4.2"`}}},
		{name: "prevent user existence errors", props: props("PreventUserExistenceErrors", "ENABLED"), config: Config{PreventUserExistenceErrors: "ENABLED"}, fields: []string{"PreventUserExistenceErrors"}},
		{name: "prevent user existence errors lower case", props: props("PreventUserExistenceErrors", "enabled"), wants: []want{{"PreventUserExistenceErrors", `"enabled" is not one of LEGACY, ENABLED`}}},
		{name: "unknown property with a suggestion", props: props("CallbackUrls", list("https://a")), wants: []want{{"CallbackUrls", "did you mean CallbackURLs?"}}},
		{name: "unknown property with a typo", props: props("RefreshTokenValidty", "30d"), wants: []want{{"RefreshTokenValidty", "did you mean RefreshTokenValidity?"}}},
		{name: "unknown property without a suggestion", props: props("Colour", "blue"), wants: []want{{"Colour", "is not a property of Custom::CognitoUserPoolClient"}}},
		{name: "unknown properties in name order", props: props("Zeta", "1", "Alpha", "2"), wants: []want{{"Alpha", "is not a property"}, {"Zeta", "is not a property"}}},
	}
	runDecodeCases(t, tests)
}

// checkSettings compares the Config and the Declared set of s.
func checkSettings(t *testing.T, s Settings, config Config, fields []string) {
	t.Helper()
	if !reflect.DeepEqual(s.Config, config) {
		t.Errorf("Config = %+v\nwant     %+v", s.Config, config)
	}
	want := Fields{}
	for _, f := range fields {
		want[Name(f)] = true
	}
	if !reflect.DeepEqual(s.Declared, want) {
		t.Errorf("Declared = %v, want %v", s.Declared, want)
	}
}

func TestDecodeMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		props    map[string]any
		clientID string
		secret   bool
	}{
		{"owned", props(), "", false},
		{"owned with a secret", props("GenerateSecret", "true"), "", true},
		{"owned without a secret", props("GenerateSecret", "false"), "", false},
		{"existing", props("ClientId", "1example23456789"), "1example23456789", false},
		{"existing with +", props("ClientId", "a+b_C9"), "a+b_C9", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Decode(tt.props)
			if err != nil {
				t.Fatal(err)
			}
			if s.UserPoolId != "us-east-1_AbCdEf123" || s.ClientId != tt.clientID || s.Existing() != (tt.clientID != "") || s.GenerateSecret != tt.secret {
				t.Errorf("Settings = %+v; want ClientId %q, GenerateSecret %v", s, tt.clientID, tt.secret)
			}
		})
	}
}

func TestDecodeDurations(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	tests := []decodeCase{
		{name: "access at 5m", props: props("AccessTokenValidity", "5m"), config: Config{AccessTokenValidity: 5 * time.Minute}, fields: []string{"AccessTokenValidity"}},
		{name: "access below 5m", props: props("AccessTokenValidity", "299s"), wants: []want{{"AccessTokenValidity", `"299s" is too short: it must be between 5m and 1d`}}},
		{name: "access at 1d", props: props("AccessTokenValidity", "24h"), config: Config{AccessTokenValidity: day}, fields: []string{"AccessTokenValidity"}},
		{name: "access above 1d", props: props("AccessTokenValidity", "1d1s"), wants: []want{{"AccessTokenValidity", "too long"}}},
		{name: "access bare in hours", props: props("AccessTokenValidity", "10"), config: Config{AccessTokenValidity: 10 * time.Hour}, fields: []string{"AccessTokenValidity"}},
		{name: "access bare JSON number", props: props("AccessTokenValidity", 10.0), config: Config{AccessTokenValidity: 10 * time.Hour}, fields: []string{"AccessTokenValidity"}},
		{name: "access bare too long", props: props("AccessTokenValidity", "25"), wants: []want{{"AccessTokenValidity", `"25" (25 hours) is too long`}}},
		{name: "access bare in minutes", props: props("AccessTokenValidity", "90", "TokenValidityUnits", map[string]any{"AccessToken": "minutes"}), config: Config{AccessTokenValidity: 90 * time.Minute}, fields: []string{"AccessTokenValidity"}},
		{name: "access bare in seconds too short", props: props("AccessTokenValidity", "60", "TokenValidityUnits", map[string]any{"AccessToken": "seconds"}), wants: []want{{"AccessTokenValidity", `"60" (60 seconds) is too short`}}},
		{name: "access unit given twice", props: props("AccessTokenValidity", "10h", "TokenValidityUnits", map[string]any{"AccessToken": "hours"}), wants: []want{{"TokenValidityUnits.AccessToken", `gives a unit for AccessTokenValidity, whose value "10h" carries its own`}}},
		{name: "access not a duration", props: props("AccessTokenValidity", "1.5h"), wants: []want{{"AccessTokenValidity", `"1.5h" is not a duration`}}},
		{name: "access a fraction", props: props("AccessTokenValidity", 1.5), wants: []want{{"AccessTokenValidity", "must be a whole number"}}},
		{name: "id at 5m", props: props("IdTokenValidity", "5m"), config: Config{IdTokenValidity: 5 * time.Minute}, fields: []string{"IdTokenValidity"}},
		{name: "id below 5m", props: props("IdTokenValidity", "4m"), wants: []want{{"IdTokenValidity", "too short"}}},
		{name: "id at 1d", props: props("IdTokenValidity", "1d"), config: Config{IdTokenValidity: day}, fields: []string{"IdTokenValidity"}},
		{name: "id above 1d", props: props("IdTokenValidity", "1441m"), wants: []want{{"IdTokenValidity", "too long"}}},
		{name: "id bare in days", props: props("IdTokenValidity", "1", "TokenValidityUnits", map[string]any{"IdToken": "days"}), config: Config{IdTokenValidity: day}, fields: []string{"IdTokenValidity"}},
		{name: "refresh at 60m", props: props("RefreshTokenValidity", "60m"), config: Config{RefreshTokenValidity: time.Hour}, fields: []string{"RefreshTokenValidity"}},
		{name: "refresh below 60m", props: props("RefreshTokenValidity", "59m"), wants: []want{{"RefreshTokenValidity", "too short: it must be between 1h and 3650d"}}},
		{name: "refresh at 3650d", props: props("RefreshTokenValidity", "3650"), config: Config{RefreshTokenValidity: 3650 * day}, fields: []string{"RefreshTokenValidity"}},
		{name: "refresh above 3650d", props: props("RefreshTokenValidity", "3651d"), wants: []want{{"RefreshTokenValidity", "too long"}}},
		{name: "refresh bare in days", props: props("RefreshTokenValidity", "30"), config: Config{RefreshTokenValidity: 30 * day}, fields: []string{"RefreshTokenValidity"}},
		// Ledger row 27: a bare 0, in any unit, is Cognito's default, read
		// as the 30 days Cognito then describes; 0 with a unit is too short.
		{name: "refresh bare zero", props: props("RefreshTokenValidity", "0"), config: Config{RefreshTokenValidity: 30 * day}, fields: []string{"RefreshTokenValidity"}},
		{name: "refresh bare zero, a JSON number", props: props("RefreshTokenValidity", 0.0), config: Config{RefreshTokenValidity: 30 * day}, fields: []string{"RefreshTokenValidity"}},
		{name: "refresh bare zero, a Go int", props: props("RefreshTokenValidity", 0), config: Config{RefreshTokenValidity: 30 * day}, fields: []string{"RefreshTokenValidity"}},
		{name: "refresh bare zero in minutes", props: props("RefreshTokenValidity", "0", "TokenValidityUnits", map[string]any{"RefreshToken": "minutes"}),
			config: Config{RefreshTokenValidity: 30 * day}, fields: []string{"RefreshTokenValidity"}},
		{name: "refresh bare zero in seconds", props: props("RefreshTokenValidity", "00", "TokenValidityUnits", map[string]any{"RefreshToken": "seconds"}),
			config: Config{RefreshTokenValidity: 30 * day}, fields: []string{"RefreshTokenValidity"}},
		{name: "refresh bare zero with a bad unit", props: props("RefreshTokenValidity", "0", "TokenValidityUnits", map[string]any{"RefreshToken": "weeks"}),
			wants: []want{{"TokenValidityUnits.RefreshToken", `"weeks" is not a unit`}}},
		{name: "refresh 0d", props: props("RefreshTokenValidity", "0d"), wants: []want{{"RefreshTokenValidity", `"0d" is too short: it must be between 1h and 3650d`}}},
		{name: "refresh 0h", props: props("RefreshTokenValidity", "0h"), wants: []want{{"RefreshTokenValidity", `"0h" is too short`}}},
		{name: "refresh 0m", props: props("RefreshTokenValidity", "0m"), wants: []want{{"RefreshTokenValidity", `"0m" is too short`}}},
		{name: "refresh 0s", props: props("RefreshTokenValidity", "0s"), wants: []want{{"RefreshTokenValidity", `"0s" is too short`}}},
		{name: "refresh bare 1 in seconds", props: props("RefreshTokenValidity", "1", "TokenValidityUnits", map[string]any{"RefreshToken": "seconds"}),
			wants: []want{{"RefreshTokenValidity", `"1" (1 seconds) is too short`}}},
		{name: "refresh bare 59 in minutes", props: props("RefreshTokenValidity", "59", "TokenValidityUnits", map[string]any{"RefreshToken": "minutes"}),
			wants: []want{{"RefreshTokenValidity", `"59" (59 minutes) is too short`}}},
		{name: "refresh bare 60 in minutes", props: props("RefreshTokenValidity", "60", "TokenValidityUnits", map[string]any{"RefreshToken": "minutes"}),
			config: Config{RefreshTokenValidity: time.Hour}, fields: []string{"RefreshTokenValidity"}},
		{name: "access bare zero is too short", props: props("AccessTokenValidity", "0"), wants: []want{{"AccessTokenValidity", `"0" (0 hours) is too short`}}},
		{name: "id bare zero is too short", props: props("IdTokenValidity", 0), wants: []want{{"IdTokenValidity", `"0" (0 hours) is too short`}}},
		{name: "access of a day beside a refresh of 0", props: props("AccessTokenValidity", "1d", "RefreshTokenValidity", "0"),
			config: Config{AccessTokenValidity: day, RefreshTokenValidity: 30 * day}, fields: []string{"AccessTokenValidity", "RefreshTokenValidity"}},
		{name: "refresh huge", props: props("RefreshTokenValidity", "99999999999999999999"), wants: []want{{"RefreshTokenValidity", "too large a duration"}}},
		{name: "unit for an undeclared token", props: props("TokenValidityUnits", map[string]any{"AccessToken": "minutes", "IdToken": "hours", "RefreshToken": "days"}), fields: []string{}},
		{name: "bad unit", props: props("TokenValidityUnits", map[string]any{"AccessToken": "hour"}), wants: []want{{"TokenValidityUnits.AccessToken", `"hour" is not a unit`}}},
		{name: "bad unit with a bare validity", props: props("AccessTokenValidity", "10", "TokenValidityUnits", map[string]any{"AccessToken": "Hours"}), wants: []want{{"TokenValidityUnits.AccessToken", "is not a unit"}}},
		{name: "bad unit key", props: props("TokenValidityUnits", map[string]any{"Access": "hours"}), wants: []want{{"TokenValidityUnits.Access", "is not a key of TokenValidityUnits"}}},
		{name: "bad unit key with a suggestion", props: props("TokenValidityUnits", map[string]any{"IDToken": "hours"}), wants: []want{{"TokenValidityUnits.IDToken", "did you mean IdToken?"}}},
		{name: "units not an object", props: props("AccessTokenValidity", "10", "TokenValidityUnits", "hours"), wants: []want{{"TokenValidityUnits", "must be an object with the keys AccessToken, IdToken, RefreshToken, not a string"}}},
		{name: "units null", props: props("TokenValidityUnits", nil), wants: []want{{"TokenValidityUnits", "must be an object with the keys AccessToken, IdToken, RefreshToken, not null"}}},
		{name: "units not an object, validity with a unit", props: props("AccessTokenValidity", "10h", "TokenValidityUnits", "hours"), wants: []want{
			{"TokenValidityUnits", "must be an object"}, {"TokenValidityUnits.AccessToken", "carries its own"}}},
		{name: "auth session at 3m", props: props("AuthSessionValidity", "3"), config: Config{AuthSessionValidity: 3 * time.Minute}, fields: []string{"AuthSessionValidity"}},
		{name: "auth session below 3m", props: props("AuthSessionValidity", "2m"), wants: []want{{"AuthSessionValidity", "too short: it must be between 3m and 15m"}}},
		{name: "auth session at 15m", props: props("AuthSessionValidity", "900s"), config: Config{AuthSessionValidity: 15 * time.Minute}, fields: []string{"AuthSessionValidity"}},
		{name: "auth session above 15m", props: props("AuthSessionValidity", 16.0), wants: []want{{"AuthSessionValidity", `"16" (16 minutes) is too long`}}},
		{name: "auth session not whole minutes", props: props("AuthSessionValidity", "5m30s"), wants: []want{{"AuthSessionValidity", "is not a whole number of minutes"}}},
		// Ledger row 26.
		{name: "access above refresh", props: props("AccessTokenValidity", "2h", "RefreshTokenValidity", "1h"), wants: []want{{"AccessTokenValidity", "must not exceed RefreshTokenValidity: 2h is longer than 1h"}}},
		{name: "access a second above refresh", props: props("AccessTokenValidity", "3601s", "RefreshTokenValidity", "1h"), wants: []want{{"AccessTokenValidity", "must not exceed RefreshTokenValidity: 3601s is longer than 1h"}}},
		{name: "id above refresh", props: props("IdTokenValidity", "1d", "RefreshTokenValidity", "23h"), wants: []want{{"IdTokenValidity", "must not exceed RefreshTokenValidity"}}},
		{name: "id a second above refresh", props: props("IdTokenValidity", "3601s", "RefreshTokenValidity", "60m"), wants: []want{{"IdTokenValidity", "must not exceed RefreshTokenValidity: 3601s is longer than 1h"}}},
		{name: "access equal to refresh", props: props("AccessTokenValidity", "1h", "RefreshTokenValidity", "60m"), config: Config{AccessTokenValidity: time.Hour, RefreshTokenValidity: time.Hour}, fields: []string{"AccessTokenValidity", "RefreshTokenValidity"}},
		{name: "id equal to refresh", props: props("IdTokenValidity", "3600s", "RefreshTokenValidity", "1h"), config: Config{IdTokenValidity: time.Hour, RefreshTokenValidity: time.Hour}, fields: []string{"IdTokenValidity", "RefreshTokenValidity"}},
	}
	runDecodeCases(t, tests)
}

func TestDecodeLists(t *testing.T) {
	t.Parallel()
	tests := []decodeCase{
		{name: "callback URLs", props: props("AllowedOAuthFlowsUserPoolClient", "true", "CallbackURLs", list("https://example.com/cb", "http://localhost:3000/cb", "http://127.0.0.1/cb", "http://[::1]:8080/cb", "myapp://cb", "com.example.app:/oauth")),
			config: Config{AllowedOAuthFlowsUserPoolClient: true, CallbackURLs: []string{"https://example.com/cb", "http://localhost:3000/cb", "http://127.0.0.1/cb", "http://[::1]:8080/cb", "myapp://cb", "com.example.app:/oauth"}},
			fields: []string{"AllowedOAuthFlowsUserPoolClient", "CallbackURLs"}},
		{name: "callback URLs, each bad one named", props: props("CallbackURLs", list("https://ok.example.com", "http://example.com/cb", "https://example.com/cb#x", "/relative", "https://", "https://exa mple.com", "")), wants: []want{
			{"CallbackURLs[1]", "must use https: http is allowed only for localhost"},
			{"CallbackURLs[2]", "has a fragment"},
			{"CallbackURLs[3]", "is not an absolute URL"},
			{"CallbackURLs[4]", "has no host"},
			{"CallbackURLs[5]", "must not contain spaces"},
			{"CallbackURLs[6]", "must not be empty"},
		}},
		// Ledger row 34: an invalid %-escape is refused, naming it.
		{name: "callback URLs with valid escapes", props: props("CallbackURLs", list("https://a.example.com/%2F", "https://a.example.com/%af%AF%09", "https://a.example.com/cb?next=%2Fhome", "myapp://cb/%41")),
			config: Config{CallbackURLs: []string{"https://a.example.com/%2F", "https://a.example.com/%af%AF%09", "https://a.example.com/cb?next=%2Fhome", "myapp://cb/%41"}}, fields: []string{"CallbackURLs"}},
		{name: "callback URLs with invalid escapes", props: props("CallbackURLs", list(
			"https://e.com/%zz", "https://e.com/%4", "https://e.com/%", "https://e.com/cb?next=%zz", "https://e.com/%41%4g",
			"https://e.com/%/0", "https://e.com/%:0", "https://e.com/%`0", "https://e.com/%g0", "https://e.com/%@0", "https://e.com/%G0", "https://e.com/%0é")), wants: []want{
			{"CallbackURLs[0]", `"https://e.com/%zz" has an invalid %-escape, "%zz": a % must be followed by two hexadecimal digits (write %25 for a % itself)`},
			{"CallbackURLs[1]", `has an invalid %-escape, "%4":`},
			{"CallbackURLs[2]", `has an invalid %-escape, "%":`},
			{"CallbackURLs[3]", `has an invalid %-escape, "%zz":`},
			{"CallbackURLs[4]", `has an invalid %-escape, "%4g":`},
			{"CallbackURLs[5]", `has an invalid %-escape, "%/0":`},
			{"CallbackURLs[6]", `has an invalid %-escape, "%:0":`},
			{"CallbackURLs[7]", "has an invalid %-escape, \"%`0\":"},
			{"CallbackURLs[8]", `has an invalid %-escape, "%g0":`},
			{"CallbackURLs[9]", `has an invalid %-escape, "%@0":`},
			{"CallbackURLs[10]", `has an invalid %-escape, "%G0":`},
			{"CallbackURLs[11]", `has an invalid %-escape, "%0":`},
		}},
		{name: "logout URLs that do not parse", props: props("LogoutURLs", list("https://e.com:https/", "https://[::1/", "https://e.com:"+strings.Repeat("p", 100)+"/")), wants: []want{
			{"LogoutURLs[0]", `"https://e.com:https/" is not a valid URL: invalid port ":https" after host`},
			{"LogoutURLs[1]", `"https://[::1/" is not a valid URL: missing ']' in host`},
			// The reason names the port, cut as a value is.
			{"LogoutURLs[2]", `is not a valid URL: invalid port ":` + strings.Repeat("p", 49) + `…`},
		}},
		{name: "default redirect URI with an invalid escape", props: props("DefaultRedirectURI", "https://e.com/%zz"), wants: []want{{"DefaultRedirectURI", `has an invalid %-escape, "%zz"`}}},
		{name: "callback URL too long", props: props("CallbackURLs", list("https://example.com/"+strings.Repeat("a", 1005))), wants: []want{{"CallbackURLs[0]", "is 1025 characters long; at most 1024"}}},
		{name: "callback URL at 1024", props: props("AllowedOAuthFlowsUserPoolClient", "true", "CallbackURLs", list("https://example.com/"+strings.Repeat("a", 1004))),
			config: Config{AllowedOAuthFlowsUserPoolClient: true, CallbackURLs: []string{"https://example.com/" + strings.Repeat("a", 1004)}}, fields: []string{"AllowedOAuthFlowsUserPoolClient", "CallbackURLs"}},
		{name: "100 callback URLs", props: props("AllowedOAuthFlowsUserPoolClient", "true", "CallbackURLs", repeat(100, func(i int) string { return "https://example.com/" + strings.Repeat("a", i+1) })), wants: nil,
			config: Config{AllowedOAuthFlowsUserPoolClient: true, CallbackURLs: func() []string {
				var out []string
				for i := range 100 {
					out = append(out, "https://example.com/"+strings.Repeat("a", i+1))
				}
				return out
			}()}, fields: []string{"AllowedOAuthFlowsUserPoolClient", "CallbackURLs"}},
		{name: "101 callback URLs", props: props("CallbackURLs", repeat(101, func(i int) string { return "https://example.com/" + strings.Repeat("a", i+1) })), wants: []want{{"CallbackURLs", "has 101 items; at most 100"}}},
		// Ledger row 25: refused, without claiming that Cognito refuses it.
		{name: "duplicate logout URL", props: props("LogoutURLs", list("https://a.example.com", "https://b.example.com", "https://a.example.com")),
			wants: []want{{"LogoutURLs[2]", `"https://a.example.com" is listed twice: it is also LogoutURLs[0]; remove one`}}},
		{name: "duplicates in every list", props: props(
			"AllowedOAuthFlows", list("code", "code"), "AllowedOAuthScopes", list("openid", "openid"), "CallbackURLs", list("https://a.example.com", "https://a.example.com"),
			"ExplicitAuthFlows", list("ALLOW_USER_SRP_AUTH", "ALLOW_USER_SRP_AUTH"), "ReadAttributes", list("email", "email"), "SupportedIdentityProviders", list("COGNITO", "COGNITO"),
			"WriteAttributes", list("email", "email")),
			wants: []want{
				{"AllowedOAuthFlows[1]", `"code" is listed twice: it is also AllowedOAuthFlows[0]; remove one`},
				{"AllowedOAuthScopes[1]", "is listed twice"}, {"CallbackURLs[1]", "is listed twice"}, {"ExplicitAuthFlows[1]", "is listed twice"},
				{"ReadAttributes[1]", "is listed twice"}, {"SupportedIdentityProviders[1]", "is listed twice"}, {"WriteAttributes[1]", "is listed twice"},
			}},
		{name: "values that differ in case are not the same", props: props("ReadAttributes", list("email", "Email")), config: Config{ReadAttributes: []string{"email", "Email"}}, fields: []string{"ReadAttributes"}},
		{name: "logout URL http", props: props("LogoutURLs", list("http://example.com")), wants: []want{{"LogoutURLs[0]", "must use https"}}},
		{name: "list is a string", props: props("LogoutURLs", "https://example.com"), wants: []want{{"LogoutURLs", "must be a list of strings, not a string"}}},
		{name: "list element a number", props: props("ReadAttributes", []any{"email", 3.0, map[string]any{}}), wants: []want{{"ReadAttributes[1]", "must be a string, not a number"}, {"ReadAttributes[2]", "must be a string, not an object"}}},
		{name: "empty list", props: props("ReadAttributes", []any{}), fields: []string{"ReadAttributes"}},
		{name: "Go string list", props: props("WriteAttributes", []string{"email"}), config: Config{WriteAttributes: []string{"email"}}, fields: []string{"WriteAttributes"}},
		{name: "attribute too long", props: props("WriteAttributes", list(strings.Repeat("a", 2049))), wants: []want{{"WriteAttributes[0]", "at most 2048"}}},
		{name: "attribute at 2048", props: props("ReadAttributes", list(strings.Repeat("a", 2048))), config: Config{ReadAttributes: []string{strings.Repeat("a", 2048)}}, fields: []string{"ReadAttributes"}},
		{name: "scopes", props: props("AllowedOAuthFlowsUserPoolClient", "true", "AllowedOAuthScopes", list("openid", "email", "https://api.example.com/read")),
			config: Config{AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"openid", "email", "https://api.example.com/read"}}, fields: []string{"AllowedOAuthFlowsUserPoolClient", "AllowedOAuthScopes"}},
		{name: "scope with a space or a quote", props: props("AllowedOAuthScopes", list("open id", `a"b`, `a\b`)), wants: []want{
			{"AllowedOAuthScopes[0]", "has characters that are not allowed"}, {"AllowedOAuthScopes[1]", "not allowed"}, {"AllowedOAuthScopes[2]", "not allowed"}}},
		{name: "scope too long", props: props("AllowedOAuthScopes", list(strings.Repeat("s", 257))), wants: []want{{"AllowedOAuthScopes[0]", "at most 256"}}},
		{name: "51 scopes", props: props("AllowedOAuthScopes", repeat(51, func(i int) string { return "s" + strings.Repeat("x", i) })), wants: []want{{"AllowedOAuthScopes", "has 51 items; at most 50"}}},
		{name: "identity providers", props: props("SupportedIdentityProviders", list("COGNITO", "Google")), config: Config{SupportedIdentityProviders: []string{"COGNITO", "Google"}}, fields: []string{"SupportedIdentityProviders"}},
		// Ledger row 29: the model's ProviderNameType, 1 to 32 characters,
		// spaces and other separators allowed.
		{name: "identity provider at 32", props: props("SupportedIdentityProviders", list(strings.Repeat("é", 32))), config: Config{SupportedIdentityProviders: []string{strings.Repeat("é", 32)}}, fields: []string{"SupportedIdentityProviders"}},
		{name: "identity provider too long", props: props("SupportedIdentityProviders", list(strings.Repeat("p", 33))), wants: []want{{"SupportedIdentityProviders[0]", "is 33 characters long; at most 32 are allowed"}}},
		{name: "identity provider of 1", props: props("SupportedIdentityProviders", list("p")), config: Config{SupportedIdentityProviders: []string{"p"}}, fields: []string{"SupportedIdentityProviders"}},
		{name: "identity provider empty", props: props("SupportedIdentityProviders", list("")), wants: []want{{"SupportedIdentityProviders[0]", "must not be empty"}}},
		{name: "identity providers with separators", props: props("SupportedIdentityProviders", list("My IdP", "Corp\u00a0SSO", "a\u2028b", "a\u2029b", "a\u3000b", "Ünïcödé-IdP: ☃ (1)")),
			config: Config{SupportedIdentityProviders: []string{"My IdP", "Corp\u00a0SSO", "a\u2028b", "a\u2029b", "a\u3000b", "Ünïcödé-IdP: ☃ (1)"}}, fields: []string{"SupportedIdentityProviders"}},
		{name: "identity providers with control characters", props: props("SupportedIdentityProviders", list("My\tIdP", "a\nb", "a\u200bb", "a\x00b")), wants: []want{
			{"SupportedIdentityProviders[0]", `"My\tIdP" has characters that are not allowed: use only letters, digits, marks, symbols, punctuation and spaces`},
			{"SupportedIdentityProviders[1]", "not allowed"}, {"SupportedIdentityProviders[2]", "not allowed"}, {"SupportedIdentityProviders[3]", "not allowed"},
		}},
		{name: "explicit auth flows", props: props("ExplicitAuthFlows", list("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH")),
			config: Config{ExplicitAuthFlows: []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"}}, fields: []string{"ExplicitAuthFlows"}},
		{name: "legacy auth flows alone", props: props("ExplicitAuthFlows", list("ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH")), config: Config{ExplicitAuthFlows: []string{"ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH"}}, fields: []string{"ExplicitAuthFlows"}},
		{name: "legacy auth flows mixed", props: props("ExplicitAuthFlows", list("USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")), wants: []want{{"ExplicitAuthFlows", "mixes USER_PASSWORD_AUTH with ALLOW_ values"}}},
		{name: "unknown auth flow", props: props("ExplicitAuthFlows", list("ALLOW_PASSWORD")), wants: []want{{"ExplicitAuthFlows[0]", `"ALLOW_PASSWORD" is not one of ADMIN_NO_SRP_AUTH`}}},
		{name: "oauth flows", props: props("AllowedOAuthFlows", list("code", "implicit"), "AllowedOAuthScopes", list("openid"), "CallbackURLs", list("https://example.com")),
			config: Config{AllowedOAuthFlows: []string{"code", "implicit"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"openid"}, CallbackURLs: []string{"https://example.com"}},
			fields: []string{"AllowedOAuthFlows", "AllowedOAuthFlowsUserPoolClient", "AllowedOAuthScopes", "CallbackURLs"}},
		{name: "oauth flow unknown", props: props("AllowedOAuthFlows", list("password")), wants: []want{{"AllowedOAuthFlows[0]", `"password" is not one of code, implicit, client_credentials`}}},
		{name: "oauth flows four", props: props("AllowedOAuthFlows", list("code", "implicit", "client_credentials", "code")), wants: []want{{"AllowedOAuthFlows", "has 4 items; at most 3"}}}, // the count alone, not each item
		{name: "client credentials not alone", props: props("AllowedOAuthFlows", list("code", "client_credentials")), wants: []want{{"AllowedOAuthFlows", "client_credentials must be the only flow"}}},
		{name: "client credentials alone with a secret", props: props("GenerateSecret", "true", "AllowedOAuthFlows", list("client_credentials"), "AllowedOAuthScopes", list("api/read")),
			config: Config{AllowedOAuthFlows: []string{"client_credentials"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"api/read"}},
			fields: []string{"AllowedOAuthFlows", "AllowedOAuthFlowsUserPoolClient", "AllowedOAuthScopes"}},
		{name: "client credentials without a secret", props: props("AllowedOAuthFlows", list("client_credentials")), wants: []want{{"AllowedOAuthFlows", "has client_credentials, which only an app client with a secret can use"}}},
		{name: "client credentials in existing mode: the secret is not known", props: props("ClientId", "abc", "AllowedOAuthFlows", list("client_credentials")),
			config: Config{AllowedOAuthFlows: []string{"client_credentials"}, AllowedOAuthFlowsUserPoolClient: true}, fields: []string{"AllowedOAuthFlows", "AllowedOAuthFlowsUserPoolClient"}},
	}
	runDecodeCases(t, tests)
}

func TestNearest(t *testing.T) {
	t.Parallel()
	names := []string{"AccessTokenValidity", "CallbackURLs", "ClientId", "ClientName", "LogoutURLs", "Scopes", "UserPoolId"}
	tests := []struct{ in, want string }{
		{"CallbackUrls", "CallbackURLs"},
		{"callbackurls", "CallbackURLs"},
		{"UserPoolID", "UserPoolId"},
		{"AccesTokenValidty", "AccessTokenValidity"},
		{"ClientID", "ClientId"},
		{"ClientNam", "ClientName"},
		{"LogoutURL", "LogoutURLs"},
		{"AccessToken", "AccessTokenValidity"},
		{"Logout", "LogoutURLs"},
		{"Clien", ""},                                    // two names start with it
		{"Acc", "AccessTokenValidity"},                   // three letters are enough to start a name
		{"Ac", ""},                                       // two are not
		{"CaxxxxckURLs", ""},                             // four edits are too many, however long the name
		{"Scopxx", "Scopes"},                             // two edits in six letters: within a third
		{"Sxopxx", ""},                                   // three edits in six letters: over a third
		{"AccessTokenVali" + strings.Repeat("x", 9), ""}, // shares only a start with a name: cutting it changes no answer
		{"Colour", ""},
		{"Name", ""},
		{"", ""},
		{strings.Repeat("x", 10000), ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := nearest(tt.in, names); got != tt.want {
				t.Errorf("nearest(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDecodeRefused(t *testing.T) {
	t.Parallel()
	s, err := Decode(map[string]any{
		"UserPoolId":        "us-east-1_AbC123",
		"AllowedOAuthFlows": list("code"),
		"CallbackURLs":      list("https://a.example.com/cb", "https://a.example.com/cb#x"),
		"LogoutUrls":        list("https://a.example.com/"),
		"ClientName":        "ok",
	})
	if err == nil {
		t.Fatal("want problems")
	}
	want := Fields{"CallbackURLs": true, "LogoutURLs": true}
	if !maps.Equal(s.Refused, want) {
		t.Errorf("Refused = %v, want %v", s.Refused, want)
	}
	// A code flow with a refused CallbackURLs must not also read as "no callback URL".
	eff := Defaults()
	eff.AllowedOAuthFlows, eff.AllowedOAuthFlowsUserPoolClient, eff.AllowedOAuthScopes = s.Config.AllowedOAuthFlows, true, []string{"openid"}
	if ps := Check(eff, false, s.Declared, s.Refused); len(ps) != 0 {
		t.Errorf("Check judged a refused property: %v", ps)
	}
	if ps := Check(eff, false, s.Declared, nil); len(ps) == 0 {
		t.Error("without Refused, the code flow without callback URLs must be reported")
	}
}
