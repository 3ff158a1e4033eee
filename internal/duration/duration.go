// Package duration reads and writes the durations of the properties of a
// Custom::CognitoUserPoolClient: "90m", "10h", "1h30m", "30d", "3600s", or a
// bare integer read in a unit the caller gives.
//
// The grammar is one or more <digits><unit> parts, unit s, m, h or d, largest
// unit first, each unit at most once. There are no fractions, signs, spaces
// or other units, so every accepted string is a whole number of seconds.
package duration

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/cognito-client-resource/cognitoclient/internal/echo"
)

// Unit is a unit of a Cognito token validity. Its values are the strings of
// Cognito's TimeUnitsType, so a Unit can be sent to Cognito as it is.
type Unit string

// The units Cognito knows, from the smallest to the largest.
const (
	Seconds Unit = "seconds"
	Minutes Unit = "minutes"
	Hours   Unit = "hours"
	Days    Unit = "days"
)

// Duration returns the length of one u, or 0 when u is not one of the four
// units.
func (u Unit) Duration() time.Duration {
	switch u {
	case Seconds:
		return time.Second
	case Minutes:
		return time.Minute
	case Hours:
		return time.Hour
	case Days:
		return 24 * time.Hour
	}
	return 0
}

// ParseUnit returns the unit named s. Only Cognito's exact lower-case names
// are units: "seconds", "minutes", "hours", "days".
func ParseUnit(s string) (Unit, error) {
	if u := Unit(s); u.Duration() != 0 {
		return u, nil
	}
	return "", fmt.Errorf("%s is not a unit: write seconds, minutes, hours or days", echo.Quote(s))
}

// example ends every grammar error, so that a reader sees what to write.
const example = `write a whole number with a unit, largest unit first, such as "90m", "10h", "1h30m" or "30d"`

// symbolUnit returns the unit of a letter of the grammar, or "" for any
// other byte.
func symbolUnit(c byte) Unit {
	switch c {
	case 's':
		return Seconds
	case 'm':
		return Minutes
	case 'h':
		return Hours
	case 'd':
		return Days
	}
	return ""
}

// Parse reads s. A bare integer ("10") is read in unit bare; hasUnit reports
// whether s carried its own unit, so that a caller can tell "10" from "10h".
// A bare integer is an error when bare is not one of the four units. The
// result is never negative and never wraps: a value too large for a
// time.Duration is an error.
func Parse(s string, bare Unit) (d time.Duration, hasUnit bool, err error) {
	if s == "" {
		return 0, false, fmt.Errorf(`"" is not a duration: %s`, example)
	}
	if allDigits(s) {
		if bare.Duration() == 0 {
			return 0, false, fmt.Errorf("%s is not a duration: %s", echo.Quote(s), example)
		}
		d, err := scale(s, s, bare)
		return d, false, err
	}
	var last Unit // the unit of the previous part, to enforce largest first
	rest := s
	for rest != "" {
		i := 0
		for i < len(rest) && '0' <= rest[i] && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, false, fmt.Errorf("%s is not a duration: %s", echo.Quote(s), example)
		}
		u := symbolUnit(rest[i])
		if u == "" {
			return 0, false, fmt.Errorf("%s is not a duration: %s", echo.Quote(s), example)
		}
		if last != "" && u.Duration() >= last.Duration() {
			return 0, false, fmt.Errorf("%s is not a duration: give each unit at most once, largest unit first, such as \"1h30m\" or \"1d12h\"", echo.Quote(s))
		}
		part, err := scale(s, rest[:i], u)
		if err != nil {
			return 0, false, err
		}
		if d > math.MaxInt64-part {
			return 0, false, tooLarge(s)
		}
		d += part
		last = u
		rest = rest[i+1:]
	}
	return d, true, nil
}

// allDigits reports whether s is made of decimal digits only.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// scale returns the decimal digits n in units u, or an error naming the whole
// input s when that does not fit in a time.Duration.
func scale(s, n string, u Unit) (time.Duration, error) {
	v, err := strconv.ParseInt(n, 10, 64)
	if err != nil || v > math.MaxInt64/int64(u.Duration()) {
		return 0, tooLarge(s)
	}
	return time.Duration(v) * u.Duration(), nil
}

func tooLarge(s string) error {
	return fmt.Errorf("%s is too large a duration: %s", echo.Quote(s), example)
}

// Normalize returns the largest of days, hours, minutes and seconds that
// represents d exactly, and d in that unit: 24h is (1, Days), 90m is
// (90, Minutes), 3600s is (1, Hours). Zero is (0, Seconds). A d that is not
// a whole number of seconds is truncated to seconds; negative values keep
// their sign.
func Normalize(d time.Duration) (n int64, u Unit) {
	if d == 0 {
		return 0, Seconds
	}
	for _, u := range []Unit{Days, Hours, Minutes} {
		if d%u.Duration() == 0 {
			return int64(d / u.Duration()), u
		}
	}
	return int64(d / time.Second), Seconds
}

// Format writes d as a one-part duration in the unit Normalize picks: "1d",
// "10h", "90m", "45s". Parse(Format(d)) gives d back for every whole,
// non-negative number of seconds.
func Format(d time.Duration) string {
	n, u := Normalize(d)
	return strconv.FormatInt(n, 10) + string(u[0])
}
