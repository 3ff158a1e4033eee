package props

import (
	"strings"
	"unicode"
)

// pattern is one of the API model's patterns, as a function that accepts
// exactly the strings the model's regular expression matches (chars_test.go
// holds each to its expression). Compiling the expressions, those with
// Unicode classes above all, cost a cold start more CPU than any other work
// of the function's own; these cost nothing until called, and less then.
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

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isWord is \w: ASCII letters, digits and _.
func isWord(c byte) bool { return isAlnum(c) || c == '_' }

// isUserPoolID is ^[\w-]+_[0-9a-zA-Z]+$: the part after the last _ has no
// _ of its own.
func isUserPoolID(s string) bool {
	i := strings.LastIndexByte(s, '_')
	return i > 0 && every(s[:i], func(c byte) bool { return isWord(c) || c == '-' }) && every(s[i+1:], isAlnum)
}

// isClientIDChars is ^[\w+]+$.
func isClientIDChars(s string) bool {
	return every(s, func(c byte) bool { return isWord(c) || c == '+' })
}

// isClientName is ^[\w\s\x0B+=,.@-]+$, \s being [\t\n\f\r ].
func isClientName(s string) bool {
	return every(s, func(c byte) bool { return isWord(c) || strings.IndexByte("\t\n\v\f\r +=,.@-", c) >= 0 })
}

// isVersionLabel is ^[\w.-]+$.
func isVersionLabel(s string) bool {
	return every(s, func(c byte) bool { return isWord(c) || c == '.' || c == '-' })
}

// isScope is ^[\x21\x23-\x5B\x5D-\x7E]+$: printable ASCII but space, " and \.
func isScope(s string) bool {
	return every(s, func(c byte) bool { return '!' <= c && c <= '~' && c != '"' && c != '\\' })
}

// isHexDigits is ^[0-9a-fA-F]+$.
func isHexDigits(s string) bool {
	return every(s, func(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' })
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

// isARNChars is [\w+=/,.@-]+.
func isARNChars(s string) bool {
	return every(s, func(c byte) bool { return isWord(c) || strings.IndexByte("+=/,.@-", c) >= 0 })
}

// isARN is ^arn:P:P:P?:[0-9]+:P(:P)?(:P)?$, P being [\w+=/,.@-]+, which
// holds no colon.
func isARN(s string) bool {
	parts := strings.Split(s, ":")
	if len(parts) < 6 || len(parts) > 8 || parts[0] != "arn" {
		return false
	}
	for i, p := range parts[1:] {
		switch i {
		case 2: // the Region: may be empty
			if p != "" && !isARNChars(p) {
				return false
			}
		case 3: // the account
			if !every(p, func(c byte) bool { return '0' <= c && c <= '9' }) {
				return false
			}
		default:
			if !isARNChars(p) {
				return false
			}
		}
	}
	return true
}
