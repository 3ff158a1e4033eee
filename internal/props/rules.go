package props

import (
	"fmt"
	"slices"
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
	ps := rules(eff, func(f Name) bool { return !refused[f] }, declared, secretOf(hasSecret))
	sortProblems(ps)
	return ps
}

// CheckNew applies the cross-property rules to the client that owned-mode
// settings s would create: the declared values over Cognito's defaults. It
// finds, before any call, what [Decode] cannot judge from the declared
// properties alone (the code flow without callback URLs, ALLOW_ flows
// without the refresh-token flow). Names in s.Refused are unknown values
// and are not judged; a refused ClientSecret still gives the client a
// secret, so its problem is not reported a second time as a missing secret.
func (s Settings) CheckNew() Problems {
	return Check(Overlay(Defaults(), s, nil), s.HasSecret() || s.Refused[ClientSecret], s.Declared, s.Refused)
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

// appliesTo returns the test of whether a rule with the given inputs is
// applied: all its inputs are known, and at least one is declared.
func appliesTo(known func(Name) bool, declared Fields) func(...Name) bool {
	return func(inputs ...Name) bool {
		touched := false
		for _, in := range inputs {
			if !known(in) {
				return false
			}
			touched = touched || declared[in]
		}
		return touched
	}
}

// rules applies every cross-property rule to c, once. known tells which
// fields of c hold a real value (Decode knows only the declared ones; Check
// knows them all). A rule is applied only when all its inputs are known and
// at least one of them is declared.
func rules(c Config, known func(Name) bool, declared Fields, sec secret) Problems {
	var ps Problems
	applies := appliesTo(known, declared)
	const flag = AllowedOAuthFlowsUserPoolClient

	// Only flows and scopes need the flag: Cognito stores callback and
	// logout URLs on a client without OAuth (ledger row 15), and templates
	// written for AWS::Cognito::UserPoolClient rely on it.
	if !c.AllowedOAuthFlowsUserPoolClient {
		var set []string
		for _, l := range []struct {
			name Name
			n    int
		}{
			{AllowedOAuthFlows, len(c.AllowedOAuthFlows)},
			{AllowedOAuthScopes, len(c.AllowedOAuthScopes)},
		} {
			if l.n > 0 && applies(flag, l.name) {
				set = append(set, string(l.name))
			}
		}
		if len(set) > 0 {
			verb := "is"
			if len(set) > 1 {
				verb = "are"
			}
			ps.add(flag, "is false, but %s %s set: OAuth flows and scopes need %s: true", joinAnd(set), verb, flag)
		}
	} else {
		// Ledger row 18.
		if len(c.AllowedOAuthFlows) == 0 && applies(flag, AllowedOAuthFlows) {
			ps.add(AllowedOAuthFlows, "is empty, but %s is true: give at least one of %s", flag, strings.Join(oauthFlows, ", "))
		}
		if len(c.AllowedOAuthScopes) == 0 && applies(flag, AllowedOAuthScopes) {
			ps.add(AllowedOAuthScopes, "is empty, but %s is true: give at least one scope, such as openid", flag)
		}
	}

	// Ledger row 17.
	if len(c.CallbackURLs) == 0 && applies(AllowedOAuthFlows, CallbackURLs) {
		for _, f := range []string{"code", "implicit"} {
			if slices.Contains(c.AllowedOAuthFlows, f) {
				ps.add(CallbackURLs, "is empty, but AllowedOAuthFlows has %s: the code and implicit flows need at least one callback URL", f)
				break
			}
		}
	}

	// Ledger row 16.
	if slices.Contains(c.AllowedOAuthFlows, "client_credentials") && slices.Contains(c.AllowedOAuthScopes, "openid") && applies(AllowedOAuthFlows, AllowedOAuthScopes) {
		ps.add(AllowedOAuthScopes, "has openid, which Cognito refuses with the client_credentials flow: use resource server scopes, such as \"orders/read\"")
	}

	if c.DefaultRedirectURI != "" && !slices.Contains(c.CallbackURLs, c.DefaultRedirectURI) && applies(DefaultRedirectURI, CallbackURLs) {
		ps.add(DefaultRedirectURI, "%s is not one of the CallbackURLs: the default redirect URI must be one of them", quote(c.DefaultRedirectURI))
	}

	if sec == secretNo {
		ps = append(ps, secretNeeded(c, applies)...)
	}

	// Ledger rows 11 and 12: the refresh-token flow and rotation exclude
	// each other, and a list of ALLOW_ flows must name the refresh-token
	// flow unless rotation replaces it.
	if applies(ExplicitAuthFlows, RefreshTokenRotation) {
		const refresh = "ALLOW_REFRESH_TOKEN_AUTH"
		hasRefresh := slices.Contains(c.ExplicitAuthFlows, refresh)
		switch {
		case c.RefreshTokenRotation.Enabled() && hasRefresh:
			ps.add(ExplicitAuthFlows, "has %s, but RefreshTokenRotation is ENABLED: Cognito refuses the refresh-token flow while rotation is on; declare ExplicitAuthFlows without %s, or turn rotation off", refresh, refresh)
		case !c.RefreshTokenRotation.Enabled() && !hasRefresh && allowList(c.ExplicitAuthFlows):
			ps.add(ExplicitAuthFlows, "has no %s, which Cognito requires in a list of ALLOW_ flows while RefreshTokenRotation is not ENABLED: add %s, or enable rotation", refresh, refresh)
		}
	}

	for _, t := range []struct {
		name  Name
		value time.Duration
	}{{AccessTokenValidity, c.AccessTokenValidity}, {IdTokenValidity, c.IdTokenValidity}} {
		if t.value > c.RefreshTokenValidity && applies(t.name, RefreshTokenValidity) {
			ps.add(t.name, "must not exceed RefreshTokenValidity: %s is longer than %s", duration.Format(t.value), duration.Format(c.RefreshTokenValidity))
		}
	}
	return ps
}

// secretNeeded lists the problems of c that a client secret would solve:
// the rules that hold only for a client without one.
func secretNeeded(c Config, applies func(...Name) bool) Problems {
	var ps Problems
	if slices.Contains(c.AllowedOAuthFlows, "client_credentials") && applies(AllowedOAuthFlows) {
		ps.add(AllowedOAuthFlows, "has client_credentials, which only an app client with a secret can use (GenerateSecret: true or ClientSecret)")
	}
	if c.EnablePropagateAdditionalUserContextData && applies(EnablePropagateAdditionalUserContextData) {
		ps.add(EnablePropagateAdditionalUserContextData, "is true, which only an app client with a secret can use (GenerateSecret: true or ClientSecret)")
	}
	return ps
}

// NeedsSecret reports whether [Check]'s verdict on eff depends on whether
// the client has a secret: only then must an existing client's secrets be
// listed (docs/reference.md §8: "has a secret" never comes from Describe, and
// the call is made only when a rule needs to know).
func NeedsSecret(eff Config, declared, refused Fields) bool {
	return len(secretNeeded(eff, appliesTo(func(f Name) bool { return !refused[f] }, declared))) > 0
}

// allowList reports whether flows is a non-empty list of ALLOW_ values (a
// list of legacy values follows the legacy rules, and mixing is refused by
// the property's own check).
func allowList(flows []string) bool {
	for _, f := range flows {
		if slices.Contains(legacyAuthFlows, f) {
			return false
		}
	}
	return len(flows) > 0
}

// joinAnd writes a list for a sentence: "A", "A and B", "A, B and C".
func joinAnd(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return fmt.Sprintf("%s and %s", strings.Join(items[:len(items)-1], ", "), items[len(items)-1])
}
