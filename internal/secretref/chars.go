package secretref

import (
	"strings"
	"unicode/utf8"
)

// pattern is the shape of a field, as a function that accepts exactly the
// strings its regular expression, in its comment, matches (chars_test.go
// holds each to it).
type pattern func(string) bool

// MatchString reports whether p accepts s.
func (p pattern) MatchString(s string) bool { return p(s) }

// every reports whether s is not empty and every byte of it is in.
func every(s string, in func(byte) bool) bool {
	for i := range len(s) {
		if !in(s[i]) {
			return false
		}
	}
	return s != ""
}

// isWord is \w: ASCII letters, digits and _.
func isWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// in returns the test of \w and the bytes of extra.
func in(extra string) func(byte) bool {
	return func(c byte) bool { return isWord(c) || strings.IndexByte(extra, c) >= 0 }
}

// isSecretName is ^[\w/+=.@-]{1,512}$.
func isSecretName(s string) bool { return len(s) <= 512 && every(s, in("/+=.@-")) }

// isSecretARN is
// ^arn:[\w-]+:secretsmanager:[\w-]+:\d{12}:secret:[\w/+=.@-]{1,512}$; no
// class holds a colon.
func isSecretARN(s string) bool {
	p := strings.Split(s, ":")
	return len(p) == 7 && p[0] == "arn" && every(p[1], in("-")) && p[2] == "secretsmanager" && every(p[3], in("-")) &&
		len(p[4]) == 12 && every(p[4], isDigit) && p[5] == "secret" && isSecretName(p[6])
}

// isVersionID is ^[\w-]{32,64}$.
func isVersionID(s string) bool { return len(s) >= 32 && len(s) <= 64 && every(s, in("-")) }

// isJSONKey is ^[^:{}]{1,256}$: 1 to 256 characters, a byte that is not
// UTF-8 counting as one, as regular expressions count it.
func isJSONKey(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 1 && n <= 256 && !strings.ContainsAny(s, ":{}")
}

// isSourcePattern is
// ^arn:[\w*?-]+:secretsmanager:[\w*?-]*:[\d*?]*:secret:[\w/+=.@*?-]+$; no
// class holds a colon.
func isSourcePattern(s string) bool {
	p := strings.Split(s, ":")
	return len(p) == 7 && p[0] == "arn" && every(p[1], in("*?-")) && p[2] == "secretsmanager" &&
		(p[3] == "" || every(p[3], in("*?-"))) &&
		(p[4] == "" || every(p[4], func(c byte) bool { return isDigit(c) || c == '*' || c == '?' })) &&
		p[5] == "secret" && every(p[6], in("/+=.@*?-"))
}
