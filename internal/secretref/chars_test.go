package secretref

import (
	"regexp"
	"strings"
	"testing"
)

// The regular expressions of the fields' shapes, and the function that
// stands for each.
var shapes = []struct {
	name string
	re   *regexp.Regexp
	fn   pattern
}{
	{"name", regexp.MustCompile(`^[\w/+=.@-]{1,512}$`), namePattern},
	{"ARN", regexp.MustCompile(`^arn:[\w-]+:secretsmanager:[\w-]+:\d{12}:secret:[\w/+=.@-]{1,512}$`), arnPattern},
	{"version id", regexp.MustCompile(`^[\w-]{32,64}$`), versionPattern},
	{"JSON key", regexp.MustCompile(`^[^:{}]{1,256}$`), keyPattern},
	{"source", regexp.MustCompile(`^arn:[\w*?-]+:secretsmanager:[\w*?-]*:[\d*?]*:secret:[\w/+=.@*?-]+$`), sourcePattern},
}

// shapeSamples are strings at the edges of the shapes: lengths at their
// bounds, every ASCII character in each field, wildcards, Unicode and
// bytes that are not UTF-8.
func shapeSamples() []string {
	arn := "arn:aws:secretsmanager:us-east-1:123456789012:secret:"
	s := []string{
		"", "shop/web-client", strings.Repeat("n", 512), strings.Repeat("n", 513), arn + "shop/web", arn + strings.Repeat("n", 512),
		arn + strings.Repeat("n", 513), "arn:aws:secretsmanager:us-east-1:12345678901:secret:x", "arn:aws:secretsmanager::123456789012:secret:x",
		"arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x", "arn:aws:secretsmanager:us-east-1:123456789012:secret:x:y",
		strings.Repeat("a", 31), strings.Repeat("a", 32), strings.Repeat("a-", 32), strings.Repeat("a", 65), "0123456789abcdef0123456789abcdef",
		"password", "a:b", "{", "ä", strings.Repeat("é", 256), strings.Repeat("é", 257), "\xff", strings.Repeat("\xff", 257),
		"arn:aws:secretsmanager:*:*:secret:shop/*", "arn:*:secretsmanager::?:secret:*", "arn:aws:secretsmanager:us-east-1::secret:x",
		"arn::secretsmanager:r:1:secret:x", "arn:aws:secretsmanager:r:1:secret:", "*", "arn:aws:secretsmanager:r:1a:secret:x",
	}
	for c := range 128 {
		ch := string(rune(c))
		s = append(s, ch, "a"+ch+"b", strings.Repeat("a", 31)+ch, arn+ch, "arn:aws"+ch+":secretsmanager:r:1:secret:x",
			"arn:aws:secretsmanager:r"+ch+":1:secret:x", "arn:aws:secretsmanager:r:1"+ch+":secret:x")
	}
	return s
}

func TestShapesMatchTheirExpressions(t *testing.T) {
	for _, p := range shapes {
		for _, s := range shapeSamples() {
			if got, want := p.fn.MatchString(s), p.re.MatchString(s); got != want {
				t.Errorf("%s on %q: %v, the expression says %v", p.name, s, got, want)
			}
		}
	}
}

// Whatever the string, each function answers as its expression.
func FuzzShapesMatchTheirExpressions(f *testing.F) {
	for _, s := range shapeSamples() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range shapes {
			if got, want := p.fn.MatchString(s), p.re.MatchString(s); got != want {
				t.Errorf("%s on %q: %v, the expression says %v", p.name, s, got, want)
			}
		}
	})
}
