package props

import (
	"strings"
	"testing"
)

const adoptedID = "4v2m8q6r1t3y5u7i9o0p2a4s6d"

// Every rule of Adopt, on the properties alone: what it needs, what it
// refuses beside it, and the mode it selects.
func TestDecodeAdopt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		props map[string]any
		wants []want
		// adopt and existing: Settings.Adopt and Settings.Existing() when
		// there is no problem.
		adopt, existing bool
		// generate and declared: GenerateSecret and whether it was declared.
		generate, declared bool
	}{
		{name: "adopted", props: props("ClientId", adoptedID, "Adopt", "true"), adopt: true, existing: true},
		{name: "adopted, any letter case", props: props("ClientId", adoptedID, "Adopt", "TRUE"), adopt: true, existing: true},
		{name: "adopted, a JSON boolean", props: props("ClientId", adoptedID, "Adopt", true), adopt: true, existing: true},
		{name: "Adopt false is existing-client mode", props: props("ClientId", adoptedID, "Adopt", "false"), existing: true},
		{name: "Adopt false without ClientId is owned mode", props: props("Adopt", "false")},
		{name: "Adopt true needs ClientId", props: props("Adopt", "true"), wants: []want{{"Adopt", "needs ClientId: it adopts the existing client that ClientId names"}}},
		{name: "Adopt is a boolean", props: props("ClientId", adoptedID, "Adopt", "yes"), wants: []want{{"Adopt", `"yes" is not a boolean`}}},
		{name: "a number is no boolean", props: props("ClientId", adoptedID, "Adopt", 1), wants: []want{{"Adopt", `"1" is not a boolean`}}},
		{name: "GenerateSecret true states that the adopted client has a secret", props: props("ClientId", adoptedID, "Adopt", "true", "GenerateSecret", "true"),
			adopt: true, existing: true, generate: true, declared: true},
		{name: "GenerateSecret false states that it has none", props: props("ClientId", adoptedID, "Adopt", "true", "GenerateSecret", "false"),
			adopt: true, existing: true, declared: true},
		{name: "GenerateSecret is still refused without Adopt", props: props("ClientId", adoptedID, "GenerateSecret", "true"),
			wants: []want{{"GenerateSecret", "can't be used with ClientId: an existing client keeps the secret it has (with Adopt: true"}}},
		{name: "GenerateSecret is refused beside Adopt false", props: props("ClientId", adoptedID, "Adopt", "false", "GenerateSecret", "false"),
			wants: []want{{"GenerateSecret", "can't be used with ClientId"}}},
		{name: "a ClientSecret is refused", props: props("ClientId", adoptedID, "Adopt", "true", "ClientSecret", literal),
			wants: []want{{"ClientSecret", "can't be used with Adopt: an adopted client keeps the secret it has, and the resource never sets the secret of a client it did not create"}}},
		{name: "a reference is refused", props: props("ClientId", adoptedID, "Adopt", "true", "ClientSecret", pinned),
			wants: []want{{"ClientSecret", "can't be used with Adopt"}}},
		{name: "ClientSecretVersion is refused", props: props("ClientId", adoptedID, "Adopt", "true", "GenerateSecret", "true", "ClientSecretVersion", "2"),
			wants: []want{{"ClientSecretVersion", "can't be used with Adopt: an adopted client keeps the secret it has, and the resource never rotates"}}},
		{name: "PreviousSecret is refused", props: props("ClientId", adoptedID, "Adopt", "true", "PreviousSecret", "Delete"),
			wants: []want{{"PreviousSecret", "can't be used with Adopt: an adopted client keeps the secret it has, and the resource never deletes"}}},
		{name: "all three at once, before any call", props: props("ClientId", adoptedID, "Adopt", "true", "ClientSecret", literal, "ClientSecretVersion", "2", "PreviousSecret", "Keep"),
			wants: []want{{"ClientSecret", "can't be used with Adopt"}, {"ClientSecretVersion", "can't be used with Adopt"}, {"PreviousSecret", "can't be used with Adopt"}}},
		{name: "added callback URLs are refused", props: props("ClientId", adoptedID, "Adopt", "true", "AdditionalCallbackURLs", list("https://a.example.com/cb")),
			wants: []want{{"AdditionalCallbackURLs", "can't be used with Adopt: an adopted client is this resource's own, and takes CallbackURLs whole"}}},
		{name: "added logout URLs are refused", props: props("ClientId", adoptedID, "Adopt", "true", "AdditionalLogoutURLs", list("https://a.example.com/")),
			wants: []want{{"AdditionalLogoutURLs", "can't be used with Adopt: an adopted client is this resource's own, and takes LogoutURLs whole"}}},
		{name: "settings are declared as on any client", props: props("ClientId", adoptedID, "Adopt", "true", "CallbackURLs", list("https://a.example.com/cb"), "AccessTokenValidity", "2h"),
			adopt: true, existing: true},
		{name: "the OAuth rules between declared properties hold", props: props("ClientId", adoptedID, "Adopt", "true", "AllowedOAuthFlows", list("client_credentials"), "AllowedOAuthScopes", list("openid")),
			wants: []want{{"AllowedOAuthScopes", "has openid, which Cognito refuses with the client_credentials flow"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Decode(tt.props)
			checkProblems(t, err, tt.wants)
			if err != nil && strings.Contains(err.Error(), literal) {
				t.Errorf("a problem shows the secret: %v", err)
			}
			if tt.wants != nil {
				return
			}
			if s.Adopt != tt.adopt || s.Existing() != tt.existing || s.GenerateSecret != tt.generate || s.GenerateSecretDeclared != tt.declared {
				t.Errorf("Adopt %v, Existing %v, GenerateSecret %v (declared %v); want %v, %v, %v (%v)",
					s.Adopt, s.Existing(), s.GenerateSecret, s.GenerateSecretDeclared, tt.adopt, tt.existing, tt.generate, tt.declared)
			}
			if s.Secret != (Secret{}) {
				t.Errorf("Secret = %+v: an adopted client declares none", s.Secret)
			}
		})
	}
}

// Adopts decides a Delete and Mode the event's log line, from the raw
// properties: loosely, and never failing.
func TestAdoptsAndMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		props  map[string]any
		adopts bool
		mode   string
	}{
		{"owned", props(), false, "owned"},
		{"existing", props("ClientId", adoptedID), false, "existing"},
		{"adopted", props("ClientId", adoptedID, "Adopt", "true"), true, "owned"},
		{"adopted, upper case", props("ClientId", adoptedID, "Adopt", "True"), true, "owned"},
		{"adopted, a JSON boolean", props("ClientId", adoptedID, "Adopt", true), true, "owned"},
		{"Adopt false", props("ClientId", adoptedID, "Adopt", "false"), false, "existing"},
		{"Adopt not a boolean", props("ClientId", adoptedID, "Adopt", "yes"), false, "existing"},
		{"Adopt a number", props("ClientId", adoptedID, "Adopt", 1.0), false, "existing"},
		{"Adopt without ClientId", props("Adopt", "true"), false, "owned"},
		{"an empty ClientId", props("ClientId", "", "Adopt", "true"), false, "owned"},
		{"a ClientId that is no string", props("ClientId", 12.0, "Adopt", "true"), false, "owned"},
		{"no properties", nil, false, "owned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Adopts(tt.props); got != tt.adopts {
				t.Errorf("Adopts = %v, want %v", got, tt.adopts)
			}
			if got := Mode(tt.props); got != tt.mode {
				t.Errorf("Mode = %q, want %q", got, tt.mode)
			}
		})
	}
}

// A declared GenerateSecret must say what the adopted client has.
func TestCheckAdopted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		props map[string]any
		has   bool
		wants []want
	}{
		{"undeclared, with a secret", props("ClientId", adoptedID, "Adopt", "true"), true, nil},
		{"undeclared, without", props("ClientId", adoptedID, "Adopt", "true"), false, nil},
		{"true, with a secret", props("ClientId", adoptedID, "Adopt", "true", "GenerateSecret", "true"), true, nil},
		{"false, without", props("ClientId", adoptedID, "Adopt", "true", "GenerateSecret", "false"), false, nil},
		{"true, without", props("ClientId", adoptedID, "Adopt", "true", "GenerateSecret", "true"), false,
			[]want{{"GenerateSecret", "is true, but app client " + adoptedID + " has no client secret: adopting never adds one"}}},
		{"false, with a secret", props("ClientId", adoptedID, "Adopt", "true", "GenerateSecret", "false"), true,
			[]want{{"GenerateSecret", "is false, but app client " + adoptedID + " has a client secret: an adopted client keeps its secret"}}},
		{"owned settings are not judged", props("GenerateSecret", "false"), true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Decode(tt.props)
			if err != nil {
				t.Fatal(err)
			}
			checkProblems(t, s.CheckAdopted(tt.has).Err(), tt.wants)
		})
	}
}
