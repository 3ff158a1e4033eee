package props_test

import (
	"fmt"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// A template with several mistakes: every one is reported, by property.
func ExampleDecode() {
	_, err := props.Decode(map[string]any{
		"ServiceToken":          "arn:aws:lambda:us-east-1:123456789012:function:cognito-client",
		"UserPoolId":            "us-east-1_AbCdEf123",
		"CallbackUrls":          []any{"https://example.com/cb"},
		"AccessTokenValidity":   "10x",
		"RefreshTokenValidity":  "30d",
		"IdTokenValidity":       "2d",
		"AllowedOAuthFlows":     []any{"code"},
		"LogoutURLs":            []any{"http://example.com/bye", "myapp://bye#top"},
		"EnableTokenRevocation": "yes",
	})
	fmt.Println(err)
	// Output:
	// 6 problems in the properties, nothing was changed:
	// AccessTokenValidity: "10x" is not a duration: write a whole number with a unit, largest unit first, such as "90m", "10h", "1h30m" or "30d"
	// CallbackUrls: is not a property of Custom::CognitoUserPoolClient; did you mean CallbackURLs?
	// EnableTokenRevocation: "yes" is not a boolean: write true or false
	// IdTokenValidity: "2d" is too long: it must be between 5m and 1d
	// LogoutURLs[0]: "http://example.com/bye" must use https: http is allowed only for localhost, 127.0.0.1 and [::1]
	// LogoutURLs[1]: "myapp://bye#top" has a fragment (#...), which a redirect URL must not have
}

// Settings of a valid template: durations are time.Duration values, and
// Declared names the properties the template set.
func ExampleDecode_settings() {
	s, err := props.Decode(map[string]any{
		"UserPoolId":           "us-east-1_AbCdEf123",
		"ClientId":             "1example23456789",
		"CallbackURLs":         []any{"https://d111111abcdef8.cloudfront.net/callback"},
		"AllowedOAuthFlows":    []any{"code"},
		"AllowedOAuthScopes":   []any{"openid", "email"},
		"AccessTokenValidity":  "90m",
		"RefreshTokenValidity": "30",
		"TokenValidityUnits":   map[string]any{"RefreshToken": "days"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Existing(), s.Config.AccessTokenValidity, s.Config.RefreshTokenValidity)
	fmt.Println(s.Config.AllowedOAuthFlowsUserPoolClient, s.Declared["AllowedOAuthFlowsUserPoolClient"])
	// Output:
	// true 1h30m0s 720h0m0s
	// true true
}

// Two previews share a client: one adds its URL, the other's Delete takes
// back its own. The client's DefaultRedirectURI is never removed.
func ExampleEditURLs() {
	client := props.Config{
		CallbackURLs:       []string{"https://app.example.com/cb", "https://pr-1.example.com/cb"},
		DefaultRedirectURI: "https://app.example.com/cb",
	}
	add := props.Additional{CallbackURLs: []string{"https://pr-2.example.com/cb"}}
	e := props.EditURLs(client, add, props.Additional{}, nil)
	fmt.Println(e.Config.CallbackURLs, e.Added)

	remove := props.Additional{CallbackURLs: []string{"https://pr-1.example.com/cb", "https://app.example.com/cb"}}
	e = props.EditURLs(e.Config, props.Additional{}, remove, nil)
	fmt.Println(e.Config.CallbackURLs, e.Removed)
	fmt.Println(e.Kept[0].URL, "kept:", e.Kept[0].Why)
	// Output:
	// [https://app.example.com/cb https://pr-1.example.com/cb https://pr-2.example.com/cb] [https://pr-2.example.com/cb]
	// [https://app.example.com/cb https://pr-2.example.com/cb] [https://pr-1.example.com/cb]
	// https://app.example.com/cb kept: it is the DefaultRedirectURI
}
