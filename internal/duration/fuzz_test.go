package duration

import (
	"testing"
	"time"
)

// FuzzParse checks that Parse never panics and that every accepted string
// survives the trip through Normalize and Format unchanged.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"90m", "10h", "1h30m", "30d", "3600s", "1d12h", "10", "", "10x", "99999999999999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, bare := range []Unit{Seconds, Minutes, Hours, Days, ""} {
			d, _, err := Parse(s, bare)
			if err != nil {
				continue
			}
			if d < 0 || d%time.Second != 0 {
				t.Fatalf("Parse(%q, %q) = %v: not a whole, non-negative number of seconds", s, bare, d)
			}
			n, u := Normalize(d)
			if time.Duration(n)*u.Duration() != d {
				t.Fatalf("Normalize(%v) = %d %s, which is not %v", d, n, u, d)
			}
			back, hasUnit, err := Parse(Format(d), bare)
			if err != nil || back != d || !hasUnit {
				t.Fatalf("Parse(Format(%v)) = %v, %v, %v; want %v with a unit", d, back, hasUnit, err, d)
			}
		}
	})
}
