package charclass_test

import (
	"regexp"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/charclass"
)

// Each class accepts every byte its expression matches, and no other.
func TestClasses(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   func(byte) bool
		re   *regexp.Regexp
	}{
		{"Alnum", charclass.Alnum, regexp.MustCompile(`^[0-9A-Za-z]$`)},
		{"Digit", charclass.Digit, regexp.MustCompile(`^[0-9]$`)},
		{"Word", charclass.Word, regexp.MustCompile(`^\w$`)},
		{"WordOr", charclass.WordOr("+=/-"), regexp.MustCompile(`^[\w+=/-]$`)},
	} {
		for c := range 256 {
			if got, want := tc.in(byte(c)), tc.re.Match([]byte{byte(c)}); got != want {
				t.Errorf("%s(%#x) = %v, want %v", tc.name, c, got, want)
			}
		}
	}
}

func TestEvery(t *testing.T) {
	p := charclass.Pattern(func(s string) bool { return charclass.Every(s, charclass.Digit) })
	for s, want := range map[string]bool{"": false, "0": true, "0123456789": true, "12a": false, "\xff": false} {
		if got := p.MatchString(s); got != want {
			t.Errorf("digits %q = %v, want %v", s, got, want)
		}
	}
}
