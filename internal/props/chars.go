package props

import (
	"strings"
	"unicode"

	cc "github.com/cognito-client-resource/cognitoclient/internal/charclass"
)

// pattern is one of the API model's patterns, as a function that accepts
// exactly the strings the model's regular expression matches (chars_test.go
// holds each to its expression). Compiling the expressions, those with
// Unicode classes above all, cost a cold start more CPU than any other work
// of the function's own; these cost nothing until called, and less then.
type pattern = cc.Pattern

// isUserPoolID is ^[\w-]+_[0-9a-zA-Z]+$: the part after the last _ has no
// _ of its own.
func isUserPoolID(s string) bool {
	i := strings.LastIndexByte(s, '_')
	return i > 0 && cc.Every(s[:i], cc.WordOr("-")) && cc.Every(s[i+1:], cc.Alnum)
}

// isClientIDChars is ^[\w+]+$.
func isClientIDChars(s string) bool { return cc.Every(s, cc.WordOr("+")) }

// isClientName is ^[\w\s\x0B+=,.@-]+$, \s being [\t\n\f\r ].
func isClientName(s string) bool { return cc.Every(s, cc.WordOr("\t\n\v\f\r +=,.@-")) }

// isVersionLabel is ^[\w.-]+$.
func isVersionLabel(s string) bool { return cc.Every(s, cc.WordOr(".-")) }

// isScope is ^[\x21\x23-\x5B\x5D-\x7E]+$: printable ASCII but space, " and \.
func isScope(s string) bool {
	return cc.Every(s, func(c byte) bool { return '!' <= c && c <= '~' && c != '"' && c != '\\' })
}

// isHexDigits is ^[0-9a-fA-F]+$.
func isHexDigits(s string) bool {
	return cc.Every(s, func(c byte) bool { return cc.Digit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' })
}

// everyRune reports whether s is not empty and every rune of it is in one
// of the tables. A byte that is not UTF-8 reads as U+FFFD, a symbol, as
// regular expressions read it.
func everyRune(s string, tables ...*unicode.RangeTable) bool {
	for _, r := range s {
		if r >= 0x21 && r < 0x7f { // printable ASCII: letters, digits, symbols, punctuation
			continue
		}
		if !unicode.In(r, tables...) {
			return false
		}
	}
	return s != ""
}

// isURLChars is ^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$.
func isURLChars(s string) bool {
	return everyRune(s, unicode.L, unicode.M, unicode.S, unicode.N, unicode.P)
}

// isProviderName is ^[\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]+$.
func isProviderName(s string) bool {
	return everyRune(s, unicode.L, unicode.M, unicode.S, unicode.N, unicode.P, unicode.Z)
}

// isARN is ^arn:P:P:P?:[0-9]+:P(:P)?(:P)?$, P being [\w+=/,.@-]+, which
// holds no colon.
func isARN(s string) bool {
	parts := strings.Split(s, ":")
	if len(parts) < 6 || len(parts) > 8 || parts[0] != "arn" {
		return false
	}
	chars := cc.WordOr("+=/,.@-")
	for i, p := range parts[1:] {
		switch i {
		case 2: // the Region: may be empty
			if p != "" && !cc.Every(p, chars) {
				return false
			}
		case 3: // the account
			if !cc.Every(p, cc.Digit) {
				return false
			}
		default:
			if !cc.Every(p, chars) {
				return false
			}
		}
	}
	return true
}
