// Package charclass tests strings against character classes: the patterns
// of Cognito's API model and of the secret references, written as functions
// rather than regular expressions, which a cold start would have to compile.
package charclass

// Pattern is a pattern as a function: it reports whether a string matches.
type Pattern func(string) bool

// MatchString reports whether p accepts s, as a *regexp.Regexp would.
func (p Pattern) MatchString(s string) bool { return p(s) }

// Every reports whether s is not empty and every byte of it is in.
func Every(s string, in func(byte) bool) bool {
	for i := range len(s) {
		if !in(s[i]) {
			return false
		}
	}
	return s != ""
}

// Alnum is [0-9A-Za-z].
func Alnum(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || Digit(c) }

// Digit is [0-9].
func Digit(c byte) bool { return '0' <= c && c <= '9' }

// Word is \w: [0-9A-Za-z_].
func Word(c byte) bool { return Alnum(c) || c == '_' }

// WordOr returns the class of \w and the bytes of extra.
func WordOr(extra string) func(byte) bool {
	return func(c byte) bool {
		if Word(c) {
			return true
		}
		for i := range len(extra) {
			if extra[i] == c {
				return true
			}
		}
		return false
	}
}
