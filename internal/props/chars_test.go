package props

import (
	"regexp"
	"strings"
	"testing"
)

// The API model's patterns as regular expressions, and the function that
// stands for each.
var modelPatterns = []struct {
	name string
	re   *regexp.Regexp
	fn   pattern
}{
	{"user pool id", regexp.MustCompile(`^[\w-]+_[0-9a-zA-Z]+$`), userPoolIDPattern},
	{"client id", regexp.MustCompile(`^[\w+]+$`), clientIDPattern},
	{"client name", regexp.MustCompile(`^[\w\s\x0B+=,.@-]+$`), clientNamePattern},
	{"scope", regexp.MustCompile(`^[\x21\x23-\x5B\x5D-\x7E]+$`), scopePattern},
	{"URL", regexp.MustCompile(`^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$`), urlPattern},
	{"provider", regexp.MustCompile(`^[\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]+$`), providerPattern},
	{"ARN", regexp.MustCompile(`^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:[\w+=/,.@-]*:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$`), arnPattern},
	{"hexadecimal", regexp.MustCompile(`^[0-9a-fA-F]+$`), hexPattern},
	{"client secret", regexp.MustCompile(`^[\w+]+$`), secretPattern},
	{"secret version", regexp.MustCompile(`^[\w.-]+$`), versionPattern},
}

// patternSamples are strings at the edges of the patterns: every ASCII
// character alone and in context, separators, and Unicode of each class.
func patternSamples() []string {
	s := []string{
		"", "us-east-1_AbCdEf123", "us-east-1_", "_abc", "a_b_c", "a-b_c9", "a_b-c", "-_x",
		"abc+def", "a+", "+", "my app", "a\vb", "a\u00a0b", "openid", "phone email", `a"b`, `a\b`,
		"https://app.example.com/cb", "https://例え.jp/コールバック", "http://localhost:3000/x y", "a\x00b", "\xff", "a\xc3",
		"Provider Name", "a\u2028b", "a\u3000b",
		"arn:aws:iam::123456789012:role/x", "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc",
		"arn:aws:x:y:1:a:b:c", "arn:aws:x:y:1:a:b:c:d", "arn:aws:x:y::a", "arn:aws:x:y:1:", "arn::x:y:1:a", "ARN:aws:x:y:1:a",
		"arn:aws:x:y:12a:z", "arn:a-ws:x@y:y,z:0:a/b=c.d", "0123456789abcdefABCDEF", "0x12",
	}
	for c := range 128 {
		s = append(s, string(rune(c)), "a"+string(rune(c))+"b", "x_"+string(rune(c)), "arn:aws:s:r:1:"+string(rune(c)))
	}
	return s
}

func TestPatternsMatchTheModel(t *testing.T) {
	for _, p := range modelPatterns {
		for _, s := range patternSamples() {
			if got, want := p.fn.MatchString(s), p.re.MatchString(s); got != want {
				t.Errorf("%s pattern on %q: %v, the model's expression says %v", p.name, s, got, want)
			}
		}
	}
}

// Whatever the string, each function answers as its expression.
func FuzzPatternsMatchTheModel(f *testing.F) {
	for _, s := range patternSamples() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range modelPatterns {
			if got, want := p.fn.MatchString(s), p.re.MatchString(s); got != want {
				t.Errorf("%s pattern on %q: %v, the model's expression says %v", p.name, s, got, want)
			}
			// The same with the separators the patterns treat apart.
			for _, sep := range []string{"_", ":", " "} {
				j := s + sep + strings.ToUpper(s)
				if got, want := p.fn.MatchString(j), p.re.MatchString(j); got != want {
					t.Errorf("%s pattern on %q: %v, the model's expression says %v", p.name, j, got, want)
				}
			}
		}
	})
}
