package secretref

import (
	"fmt"
	"strings"

	"github.com/cognito-client-resource/cognitoclient/internal/echo"
)

// Sources are the secret ARN patterns of CLIENT_SECRET_SOURCES: the only
// secrets a ClientSecret reference may read. A pattern uses IAM's
// wildcards: * matches any run of characters (none included), ? exactly
// one. The function's role is granted secretsmanager:GetSecretValue on the
// same patterns, so the check and the grant agree.
type Sources []string

// sourcePattern is what one source must look like: a secret ARN pattern
// that names Secrets Manager secrets, never "*" alone (the role's grant
// would then cover every secret of every account).
var sourcePattern = pattern(isSourcePattern)

// ParseSources reads CLIENT_SECRET_SOURCES: ARN patterns separated by
// commas, spaces around them ignored, empty ones skipped. Empty is no
// source: every reference is refused.
func ParseSources(s string) (Sources, error) {
	var out Sources
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !sourcePattern.MatchString(p) {
			return nil, fmt.Errorf("CLIENT_SECRET_SOURCES: %s is not a secret ARN pattern: write arn:<partition>:secretsmanager:<region>:<account>:secret:<name>, with * for any run of characters", echo.Quote(p))
		}
		out = append(out, p)
	}
	return out, nil
}

// Place is where the function runs: a reference by name reads a secret of
// the function's own partition, Region and account.
type Place struct {
	Partition, Region, Account string
}

// ARN returns the ARN pattern a reference reads: its ARN as written, or for
// a name, arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-??????
// (Secrets Manager adds six random characters to every secret's ARN).
func (r Reference) ARN(at Place) string {
	if r.IsARN() {
		return r.SecretId
	}
	return "arn:" + at.Partition + ":secretsmanager:" + at.Region + ":" + at.Account + ":secret:" + r.SecretId + "-??????"
}

// Allow reports whether the sources cover every secret r may read from at:
// its ARN matches one of the patterns. A name's six-character suffix is
// written "??????", so only a pattern that covers any suffix (with * or
// ??????) admits a reference by name. An unknown account (a local run
// without the function's ARN) admits no reference by name.
func (s Sources) Allow(r Reference, at Place) bool {
	if !r.IsARN() && (at.Account == "" || at.Partition == "" || at.Region == "") {
		return false
	}
	arn := r.ARN(at)
	for _, p := range s {
		if match(p, arn) {
			return true
		}
	}
	return false
}

// match reports whether s matches the pattern p, where * matches any run of
// characters and ? exactly one. It runs in O(len(p)·len(s)) at worst: the
// classic two-pointer match that backtracks only to the last star.
func match(p, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
