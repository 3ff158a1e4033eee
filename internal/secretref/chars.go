package secretref

import (
	"strings"
	"unicode/utf8"

	cc "github.com/cognito-client-resource/cognitoclient/internal/charclass"
)

// pattern is the shape of a field, as a function that accepts exactly the
// strings its regular expression, in its comment, matches (chars_test.go
// holds each to it).
type pattern = cc.Pattern

var (
	nameChars  = cc.WordOr("/+=.@-")
	wildChars  = cc.WordOr("*?-")
	wildDigits = func(c byte) bool { return cc.Digit(c) || c == '*' || c == '?' }
	wildNames  = cc.WordOr("/+=.@*?-")
	idChars    = cc.WordOr("-")
)

// isSecretName is ^[\w/+=.@-]{1,512}$.
func isSecretName(s string) bool { return len(s) <= 512 && cc.Every(s, nameChars) }

// isSecretARN is
// ^arn:[\w-]+:secretsmanager:[\w-]+:\d{12}:secret:[\w/+=.@-]{1,512}$; no
// class holds a colon.
func isSecretARN(s string) bool {
	p := strings.Split(s, ":")
	return len(p) == 7 && p[0] == "arn" && cc.Every(p[1], idChars) && p[2] == "secretsmanager" && cc.Every(p[3], idChars) &&
		len(p[4]) == 12 && cc.Every(p[4], cc.Digit) && p[5] == "secret" && isSecretName(p[6])
}

// isVersionID is ^[\w-]{32,64}$.
func isVersionID(s string) bool { return len(s) >= 32 && len(s) <= 64 && cc.Every(s, idChars) }

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
	return len(p) == 7 && p[0] == "arn" && cc.Every(p[1], wildChars) && p[2] == "secretsmanager" &&
		(p[3] == "" || cc.Every(p[3], wildChars)) && (p[4] == "" || cc.Every(p[4], wildDigits)) &&
		p[5] == "secret" && cc.Every(p[6], wildNames)
}
