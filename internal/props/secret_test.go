package props

import (
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
)

const (
	literal = "Lit3ralSecretValue_0123456789+abc"
	pinned  = "{{resolve:secretsmanager:app/client:SecretString:secret::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE}}"
)

// Every rule of the three secret properties, checked on the properties
// alone, before any call; no message shows a secret value.
func TestDecodeSecret(t *testing.T) {
	t.Parallel()
	ref := secretref.Reference{SecretId: "app/client", JSONKey: "secret", VersionId: "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE"}
	for _, c := range []struct {
		name   string
		props  map[string]any
		wants  []want
		secret Secret
		has    bool
	}{
		{"literal", props("ClientSecret", literal), nil, Secret{Literal: literal}, true},
		{"literal at 24", props("ClientSecret", strings.Repeat("a", 24)), nil, Secret{Literal: strings.Repeat("a", 24)}, true},
		{"literal at 64", props("ClientSecret", strings.Repeat("a", 64)), nil, Secret{Literal: strings.Repeat("a", 64)}, true},
		{"literal at 23", props("ClientSecret", strings.Repeat("a", 23)), []want{{"ClientSecret", "is 23 characters long; a client secret has 24 to 64"}}, Secret{}, false},
		{"literal at 65", props("ClientSecret", strings.Repeat("a", 65)), []want{{"ClientSecret", "is 65 characters long"}}, Secret{}, false},
		{"literal with a dash", props("ClientSecret", "abcdefghijklmnopqrstuvwx-yz"), []want{{"ClientSecret", "use only letters, digits, _ and +"}}, Secret{}, false},
		{"literal as a number", props("ClientSecret", 123456789012345678901234.0), []want{{"ClientSecret", "must be a string, not a number"}}, Secret{}, false},
		{"empty", props("ClientSecret", ""), []want{{"ClientSecret", "is 0 characters long"}}, Secret{}, false},
		{"pinned reference", props("ClientSecret", pinned), nil, Secret{Reference: &ref}, true},
		{"unpinned reference", props("ClientSecret", "{{resolve:secretsmanager:app/client:SecretString:secret}}"), []want{{"ClientSecret", "is not pinned: pin the version"}}, Secret{}, false},
		{"ssm-secure reference", props("ClientSecret", "{{resolve:ssm-secure:p:1}}"), []want{{"ClientSecret", "only {{resolve:secretsmanager:…}} references"}}, Secret{}, false},
		{"with GenerateSecret true", props("ClientSecret", literal, "GenerateSecret", "true"), []want{{"ClientSecret", "can't be used with GenerateSecret: true"}}, Secret{Literal: literal}, true},
		{"with GenerateSecret false", props("ClientSecret", literal, "GenerateSecret", "false"), nil, Secret{Literal: literal}, true},
		{"in existing-client mode", props("ClientId", "abc", "ClientSecret", literal), []want{{"ClientSecret", "can't be used with ClientId"}}, Secret{}, false},
		{"generated", props("GenerateSecret", "true"), nil, Secret{}, true},
		{"version", props("GenerateSecret", "true", "ClientSecretVersion", "2024-06.1"), nil, Secret{Version: "2024-06.1"}, true},
		{"version as a number", props("GenerateSecret", "true", "ClientSecretVersion", 3), nil, Secret{Version: "3"}, true},
		{"version at 64", props("GenerateSecret", "true", "ClientSecretVersion", strings.Repeat("v", 64)), nil, Secret{Version: strings.Repeat("v", 64)}, true},
		{"version at 65", props("GenerateSecret", "true", "ClientSecretVersion", strings.Repeat("v", 65)), []want{{"ClientSecretVersion", "is 65 characters long; at most 64"}}, Secret{}, true},
		{"version with a slash", props("GenerateSecret", "true", "ClientSecretVersion", "a/b"), []want{{"ClientSecretVersion", "use only letters, digits and the characters _ . -"}}, Secret{}, true},
		{"empty version", props("GenerateSecret", "true", "ClientSecretVersion", ""), []want{{"ClientSecretVersion", "must not be empty"}}, Secret{}, true},
		{"version without a secret", props("ClientSecretVersion", "1"), []want{{"ClientSecretVersion", "needs GenerateSecret: true; this is a client without a secret"}}, Secret{Version: "1"}, false},
		{"version with a ClientSecret", props("ClientSecretVersion", "1", "ClientSecret", literal), []want{{"ClientSecretVersion", "this is a ClientSecret"}}, Secret{Version: "1", Literal: literal}, true},
		{"version in existing-client mode", props("ClientId", "abc", "ClientSecretVersion", "1"), []want{{"ClientSecretVersion", "can't be used with ClientId"}}, Secret{}, false},
		{"previous Delete", props("GenerateSecret", "true", "PreviousSecret", "Delete"), nil, Secret{DeletePrevious: true}, true},
		{"previous Keep", props("ClientSecret", pinned, "PreviousSecret", "Keep"), nil, Secret{Reference: &ref}, true},
		{"previous in lower case", props("GenerateSecret", "true", "PreviousSecret", "delete"), []want{{"PreviousSecret", `"delete" is not one of Keep, Delete`}}, Secret{}, true},
		{"previous without a secret", props("PreviousSecret", "Keep"), []want{{"PreviousSecret", "needs a client with a secret"}}, Secret{}, false},
		{"previous in existing-client mode", props("ClientId", "abc", "PreviousSecret", "Delete"), []want{{"PreviousSecret", "can't be used with ClientId"}}, Secret{}, false},
		{"a bad ClientSecret still gives a secret to the rules", props("ClientSecret", "short", "AllowedOAuthFlows", list("client_credentials"), "AllowedOAuthScopes", list("api/read")),
			[]want{{"ClientSecret", "is 5 characters long"}}, Secret{}, false},
		{"client_credentials with a ClientSecret", props("ClientSecret", literal, "AllowedOAuthFlows", list("client_credentials"), "AllowedOAuthScopes", list("api/read")), nil, Secret{Literal: literal}, true},
		{"client_credentials without a secret", props("AllowedOAuthFlows", list("client_credentials"), "AllowedOAuthScopes", list("api/read")),
			[]want{{"AllowedOAuthFlows", "only an app client with a secret can use (GenerateSecret: true or ClientSecret)"}}, Secret{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Decode(c.props)
			checkProblems(t, err, c.wants)
			if err != nil && strings.Contains(err.Error(), literal) {
				t.Errorf("a problem shows the secret: %v", err)
			}
			if s.HasSecret() != c.has {
				t.Errorf("HasSecret = %v, want %v", s.HasSecret(), c.has)
			}
			if c.wants == nil {
				if ps := s.CheckNew(); len(ps) > 0 {
					t.Errorf("CheckNew = %v", ps)
				}
			}
			if c.secret.Reference != nil {
				if s.Secret.Reference == nil || *s.Secret.Reference != *c.secret.Reference {
					t.Errorf("Reference = %+v, want %+v", s.Secret.Reference, c.secret.Reference)
				}
				s.Secret.Reference, c.secret.Reference = nil, nil
			}
			if s.Secret != c.secret {
				t.Errorf("Secret = %+v, want %+v", s.Secret, c.secret)
			}
		})
	}
}

// CheckNew does not report a refused ClientSecret a second time, as a
// missing secret.
func TestCheckNewTakesARefusedSecretAsOne(t *testing.T) {
	t.Parallel()
	s, _ := Decode(props("ClientSecret", "short", "AllowedOAuthFlows", list("client_credentials"), "AllowedOAuthScopes", list("api/read")))
	if ps := s.CheckNew(); len(ps) > 0 {
		t.Errorf("CheckNew = %v", ps)
	}
}

// A value that is not valid is never shown, whatever is wrong with it.
func TestSecretValueNeverShown(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"short_secret", strings.Repeat("Z", 65), "has spaces and is long enough to pass", "ünïcödé-secret-value-0123456789"} {
		if msg := CheckSecretValue(v); msg == "" || strings.Contains(msg, v) {
			t.Errorf("CheckSecretValue(%q) = %q", v, msg)
		}
	}
}

func TestNeedsSecret(t *testing.T) {
	t.Parallel()
	cc := Config{AllowedOAuthFlows: []string{"client_credentials"}, AllowedOAuthScopes: []string{"api/read"}, AllowedOAuthFlowsUserPoolClient: true}
	ctx := Config{EnablePropagateAdditionalUserContextData: true}
	for _, c := range []struct {
		name     string
		eff      Config
		declared Fields
		refused  Fields
		want     bool
	}{
		{"client_credentials declared", cc, Fields{AllowedOAuthFlows: true}, nil, true},
		{"client_credentials not declared", cc, Fields{CallbackURLs: true}, nil, false},
		{"client_credentials refused", cc, Fields{AllowedOAuthFlows: true}, Fields{AllowedOAuthFlows: true}, false},
		{"user context data declared", ctx, Fields{EnablePropagateAdditionalUserContextData: true}, nil, true},
		{"neither", Config{AllowedOAuthFlows: []string{"code"}}, Fields{AllowedOAuthFlows: true}, nil, false},
	} {
		if got := NeedsSecret(c.eff, c.declared, c.refused); got != c.want {
			t.Errorf("%s: NeedsSecret = %v, want %v", c.name, got, c.want)
		}
	}
}
