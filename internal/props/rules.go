package props

import (
	"fmt"
	"strings"
	"time"

	"github.com/cognito-client-resource/cognitoclient/internal/duration"
)

// Check applies the cross-property rules to an effective configuration
// (declared values over the client's current ones, or over [Defaults] for a
// new client). hasSecret tells whether the client has, or will have, a
// client secret. refused names the properties whose values are unknown
// because they were refused (Settings.Refused): rules that read them are
// skipped, so one mistake is not reported twice in two disguises.
//
// Only problems that involve at least one declared property are reported,
// so a client that already breaks a rule is not blocked by a template that
// does not touch it. The problems come in the same order, and with the same
// messages, as those of [Decode], so that [Problems.Merge] can drop a rule
// found by both.
func Check(eff Config, hasSecret bool, declared, refused Fields) Problems {
	ps := rules(eff, func(f string) bool { return !refused[f] }, declared, secretOf(hasSecret))
	sortProblems(ps)
	return ps
}

// secret is what is known of the client secret: Decode does not know it in
// existing-client mode.
type secret int

const (
	secretUnknown secret = iota
	secretNo
	secretYes
)

func secretOf(has bool) secret {
	if has {
		return secretYes
	}
	return secretNo
}

// rules applies every cross-property rule to c, once. known tells which
// fields of c hold a real value (Decode knows only the declared ones; Check
// knows them all). A rule is applied only when all its inputs are known and
// at least one of them is declared.
func rules(c Config, known func(string) bool, declared Fields, sec secret) Problems {
	var ps Problems
	applies := func(inputs ...string) bool {
		touched := false
		for _, in := range inputs {
			if !known(in) {
				return false
			}
			touched = touched || declared[in]
		}
		return touched
	}
	const flag = "AllowedOAuthFlowsUserPoolClient"

	if !c.AllowedOAuthFlowsUserPoolClient {
		var set []string
		for _, l := range []struct {
			name string
			n    int
		}{
			{"AllowedOAuthFlows", len(c.AllowedOAuthFlows)},
			{"AllowedOAuthScopes", len(c.AllowedOAuthScopes)},
			{"CallbackURLs", len(c.CallbackURLs)},
			{"LogoutURLs", len(c.LogoutURLs)},
		} {
			if l.n > 0 && applies(flag, l.name) {
				set = append(set, l.name)
			}
		}
		if len(set) > 0 {
			verb := "is"
			if len(set) > 1 {
				verb = "are"
			}
			ps.Add(flag, "is false, but %s %s set: OAuth settings need %s: true", joinAnd(set), verb, flag)
		}
	} else {
		if len(c.AllowedOAuthFlows) == 0 && applies(flag, "AllowedOAuthFlows") {
			ps.Add("AllowedOAuthFlows", "is empty, but %s is true: give at least one of %s", flag, strings.Join(oauthFlows, ", "))
		}
		if len(c.AllowedOAuthScopes) == 0 && applies(flag, "AllowedOAuthScopes") {
			ps.Add("AllowedOAuthScopes", "is empty, but %s is true: give at least one scope, such as openid", flag)
		}
	}

	if len(c.CallbackURLs) == 0 && applies("AllowedOAuthFlows", "CallbackURLs") {
		for _, f := range []string{"code", "implicit"} {
			if contains(c.AllowedOAuthFlows, f) {
				ps.Add("CallbackURLs", "is empty, but AllowedOAuthFlows has %s: the code and implicit flows need at least one callback URL", f)
				break
			}
		}
	}

	if c.DefaultRedirectURI != "" && !contains(c.CallbackURLs, c.DefaultRedirectURI) && applies("DefaultRedirectURI", "CallbackURLs") {
		ps.Add("DefaultRedirectURI", "%s is not one of the CallbackURLs: the default redirect URI must be one of them", quote(c.DefaultRedirectURI))
	}

	if sec == secretNo {
		if contains(c.AllowedOAuthFlows, "client_credentials") && applies("AllowedOAuthFlows") {
			ps.Add("AllowedOAuthFlows", "has client_credentials, which only an app client with a secret can use (GenerateSecret: true)")
		}
		if c.EnablePropagateAdditionalUserContextData && applies("EnablePropagateAdditionalUserContextData") {
			ps.Add("EnablePropagateAdditionalUserContextData", "is true, which only an app client with a secret can use (GenerateSecret: true)")
		}
	}

	for _, t := range []struct {
		name  string
		value time.Duration
	}{{"AccessTokenValidity", c.AccessTokenValidity}, {"IdTokenValidity", c.IdTokenValidity}} {
		if t.value > c.RefreshTokenValidity && applies(t.name, "RefreshTokenValidity") {
			ps.Add(t.name, "must not exceed RefreshTokenValidity: %s is longer than %s", duration.Format(t.value), duration.Format(c.RefreshTokenValidity))
		}
	}
	return ps
}

// joinAnd writes a list for a sentence: "A", "A and B", "A, B and C".
func joinAnd(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return fmt.Sprintf("%s and %s", strings.Join(items[:len(items)-1], ", "), items[len(items)-1])
}
