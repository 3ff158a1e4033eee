package duration

import (
	"strings"
	"testing"
	"time"
)

func TestParseValid(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		bare    Unit
		want    time.Duration
		hasUnit bool
	}{
		{"minutes", "90m", Hours, 90 * time.Minute, true},
		{"hours", "10h", Days, 10 * time.Hour, true},
		{"hours and minutes", "1h30m", Days, 90 * time.Minute, true},
		{"days", "30d", Hours, 30 * 24 * time.Hour, true},
		{"seconds", "3600s", Days, time.Hour, true},
		{"days and hours", "1d12h", Seconds, 36 * time.Hour, true},
		{"every unit", "1d2h3m4s", Seconds, 26*time.Hour + 3*time.Minute + 4*time.Second, true},
		{"skipped unit", "1d30m", Seconds, 24*time.Hour + 30*time.Minute, true},
		{"zero", "0s", Hours, 0, true},
		{"leading zeros", "007m", Hours, 7 * time.Minute, true},
		{"bare in hours", "10", Hours, 10 * time.Hour, false},
		{"bare in days", "10", Days, 10 * 24 * time.Hour, false},
		{"bare in minutes", "60", Minutes, time.Hour, false},
		{"bare in seconds", "45", Seconds, 45 * time.Second, false},
		{"bare zero", "0", Days, 0, false},
		{"largest days", "106751d", Seconds, 106751 * 24 * time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, hasUnit, err := Parse(tt.in, tt.bare)
			if err != nil {
				t.Fatalf("Parse(%q, %q) error: %v", tt.in, tt.bare, err)
			}
			if got != tt.want || hasUnit != tt.hasUnit {
				t.Errorf("Parse(%q, %q) = %v, %v; want %v, %v", tt.in, tt.bare, got, hasUnit, tt.want, tt.hasUnit)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		bare Unit
		want string // a part of the message
	}{
		{"empty", "", Hours, `"" is not a duration: write a whole number with a unit`},
		{"other unit", "10x", Hours, `"10x" is not a duration: write a whole number with a unit, largest unit first, such as "90m", "10h", "1h30m" or "30d"`},
		{"upper-case unit", "10H", Hours, "is not a duration"},
		{"fraction", "1.5h", Hours, "is not a duration"},
		{"bare fraction", "1.5", Hours, "is not a duration"},
		{"negative", "-10h", Hours, "is not a duration"},
		{"plus sign", "+10", Hours, "is not a duration"},
		{"space inside", "1h 30m", Hours, "is not a duration"},
		{"leading space", " 10h", Hours, "is not a duration"},
		{"trailing space", "10h ", Hours, "is not a duration"},
		{"unit only", "h", Hours, "is not a duration"},
		{"trailing digits", "1h30", Hours, "is not a duration"},
		{"word unit", "10hours", Hours, "is not a duration"},
		{"smaller unit first", "30m1h", Hours, "largest unit first"},
		{"repeated unit", "1h2h", Hours, "at most once"},
		{"bare without a unit to read it in", "10", "", "is not a duration"},
		{"digits overflow int64", "99999999999999999999h", Hours, "too large"},
		{"bare overflow int64", "99999999999999999999", Seconds, "too large"},
		{"unit overflow", "106752d", Hours, "too large"},
		{"bare unit overflow", "9223372036855", Seconds, "too large"},
		{"sum overflow", "106751d23h47m17s", Hours, "too large"},
		{"long input is cut to 64 bytes, as every quoted value", strings.Repeat("9", 100) + "x", Hours, `"` + strings.Repeat("9", 64) + `"… is not`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _, err := Parse(tt.in, tt.bare)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tt.in, d)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) error %q, want it to contain %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseUnit(t *testing.T) {
	tests := []struct {
		in   string
		want Unit
		ok   bool
	}{
		{"seconds", Seconds, true},
		{"minutes", Minutes, true},
		{"hours", Hours, true},
		{"days", Days, true},
		{"Hours", "", false},
		{"hour", "", false},
		{"h", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseUnit(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("ParseUnit(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "write seconds, minutes, hours or days") {
				t.Errorf("ParseUnit(%q) error %q does not list the units", tt.in, err)
			}
		})
	}
}

func TestUnitDuration(t *testing.T) {
	tests := []struct {
		u    Unit
		want time.Duration
	}{
		{Seconds, time.Second},
		{Minutes, time.Minute},
		{Hours, time.Hour},
		{Days, 24 * time.Hour},
		{"weeks", 0},
	}
	for _, tt := range tests {
		t.Run(string(tt.u), func(t *testing.T) {
			if got := tt.u.Duration(); got != tt.want {
				t.Errorf("%q.Duration() = %v, want %v", tt.u, got, tt.want)
			}
		})
	}
}

func TestNormalizeAndFormat(t *testing.T) {
	tests := []struct {
		name   string
		in     time.Duration
		n      int64
		u      Unit
		format string
	}{
		{"a day", 24 * time.Hour, 1, Days, "1d"},
		{"ten years", 3650 * 24 * time.Hour, 3650, Days, "3650d"},
		{"hours", 10 * time.Hour, 10, Hours, "10h"},
		{"36 hours", 36 * time.Hour, 36, Hours, "36h"},
		{"90 minutes", 90 * time.Minute, 90, Minutes, "90m"},
		{"3600 seconds", 3600 * time.Second, 1, Hours, "1h"},
		{"seconds", 45 * time.Second, 45, Seconds, "45s"},
		{"a day and a second", 24*time.Hour + time.Second, 86401, Seconds, "86401s"},
		{"zero", 0, 0, Seconds, "0s"},
		{"fraction truncated", 1500 * time.Millisecond, 1, Seconds, "1s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, u := Normalize(tt.in)
			if n != tt.n || u != tt.u {
				t.Errorf("Normalize(%v) = %d %s, want %d %s", tt.in, n, u, tt.n, tt.u)
			}
			if got := Format(tt.in); got != tt.format {
				t.Errorf("Format(%v) = %q, want %q", tt.in, got, tt.format)
			}
		})
	}
}
