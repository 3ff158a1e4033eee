// Package echo is the project's one rule for quoting, in a message, a value
// that came from outside: a property value, a number, a StackId, a host. A
// problem, a FAILED Reason and a log line show at most [Max] bytes of it, so
// that one long value can neither crowd the other problems out of a Reason
// nor put megabytes into a log line.
package echo

import (
	"strconv"
	"unicode/utf8"
)

// Max is the most bytes of a value a message shows.
const Max = 64

// Quote returns s as a Go-quoted string, cut to its first Max bytes at a
// UTF-8 boundary and followed by "…" when it is longer: "\"https://e.com\"",
// "\"77777…7\"…". Numbers are quoted by their text like any other value.
func Quote(s string) string {
	if len(s) <= Max {
		return strconv.Quote(s)
	}
	return strconv.Quote(prefix(s, Max)) + "…"
}

// prefix returns the longest prefix of s of at most n bytes that ends on a
// UTF-8 boundary.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
