package props

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// allocated returns the bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func repeated(n int, v any) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// TestDecodeBoundedOnHostileInput: the properties of the worst events of up
// to 1 MiB make a bounded number of problems and a bounded Reason, and Decode
// allocates little beyond what the event itself holds. Sizes and counts, not
// times: the budget in time and memory of the whole function is measured by
// `make bench` on the real binary.
func TestDecodeBoundedOnHostileInput(t *testing.T) {
	unknown := map[string]any{"UserPoolId": "us-east-1_AbCdEf123"}
	for i := range 15_000 {
		unknown[fmt.Sprintf("%060d", i)] = "v"
	}
	nested := map[string]any{}
	for i := range 10_000 {
		nested[fmt.Sprintf("k%d", i)] = map[string]any{"a": map[string]any{"b": map[string]any{}}}
	}
	tests := []struct {
		name     string
		props    map[string]any
		problems int    // len(Problems)
		maxAlloc uint64 // bytes Decode may allocate
	}{
		{"200,000 one-letter callback URLs",
			map[string]any{"UserPoolId": "us-east-1_AbCdEf123", "CallbackURLs": repeated(200_000, "a")}, 1, 64 << 10},
		{"200,000 non-strings in a list over its maximum",
			map[string]any{"UserPoolId": "us-east-1_AbCdEf123", "LogoutURLs": repeated(200_000, 1.0)}, 1, 64 << 10},
		{"200,000 bad items in a list without a maximum",
			map[string]any{"UserPoolId": "us-east-1_AbCdEf123", "SupportedIdentityProviders": repeated(200_000, "a\tb")}, MaxListed + 1, 4 << 20},
		{"200,000 non-strings in a list without a maximum",
			map[string]any{"UserPoolId": "us-east-1_AbCdEf123", "ReadAttributes": repeated(200_000, false)}, MaxListed + 1, 4 << 20},
		{"15,000 unknown 60-character names", unknown, MaxListed + 1, 1 << 20},
		{"an unknown name of 1 MiB",
			map[string]any{"UserPoolId": "us-east-1_AbCdEf123", strings.Repeat("CallbackURLs", 1<<20/12): "x"}, 1, 64 << 10},
		{"a value of 1 MiB",
			map[string]any{"UserPoolId": "us-east-1_AbCdEf123", "ClientName": strings.Repeat("é", 1<<19)}, 1, 64 << 10},
		{"a value of 1 MiB in a list",
			map[string]any{"UserPoolId": "us-east-1_AbCdEf123", "AllowedOAuthScopes": []any{strings.Repeat("\x01", 1<<20)}}, 1, 64 << 10},
		{"nested objects under an object property",
			map[string]any{"UserPoolId": "us-east-1_AbCdEf123", "AnalyticsConfiguration": nested}, MaxListed + 2, 2 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, err = Decode(tt.props) })
			ps, ok := err.(Problems)
			if !ok {
				t.Fatalf("Decode returned %v, want Problems", err)
			}
			if len(ps) != tt.problems {
				t.Errorf("%d problems, want %d; the first: %v", len(ps), tt.problems, ps[:min(len(ps), 3)])
			}
			if n > tt.maxAlloc {
				t.Errorf("Decode allocated %d bytes, want at most %d", n, tt.maxAlloc)
			}
			var reason string
			n = allocated(func() { reason = ps.Error() })
			lines := strings.Count(reason, "\n") + 1
			if lines > MaxListed+2 {
				t.Errorf("the reason has %d lines, want at most %d (summary, %d problems, \"and N more\")", lines, MaxListed+2, MaxListed)
			}
			// 100 lines of at most a cut path, a message and a cut value.
			if len(reason) > 40<<10 || n > 256<<10 {
				t.Errorf("the reason is %d bytes, built with %d bytes allocated", len(reason), n)
			}
			if len(ps) > MaxListed && !strings.HasSuffix(reason, fmt.Sprintf("\nand %d more", len(ps)-MaxListed)) {
				t.Errorf("the reason does not end with how many were left out: …%q", reason[max(0, len(reason)-80):])
			}
		})
	}
}

// "Did you mean" costs the same for a name of any length: the edit distance
// runs on a bounded prefix, and only for names of about the same length.
func TestNearestBounded(t *testing.T) {
	for _, n := range []int{60, 1 << 10, 1 << 20} {
		name := strings.Repeat("x", n)
		if allocs := testing.AllocsPerRun(10, func() { nearest(name, propertyNames) }); allocs > 60 {
			t.Errorf("nearest of a %d-byte name: %.0f allocations", n, allocs)
		}
		if b := allocated(func() { nearest(name, propertyNames) }); b > 16<<10 {
			t.Errorf("nearest of a %d-byte name allocated %d bytes", n, b)
		}
	}
	// Cutting the name changes no answer: a name that starts with a
	// property's name still gets it.
	if got := nearest("CallbackUrls"+strings.Repeat("s", 1<<20), propertyNames); got != "CallbackURLs" {
		t.Errorf("a long name that starts with CallbackUrls: %q", got)
	}
	if got := nearest("CallbackUrls", propertyNames); got != "CallbackURLs" {
		t.Errorf("nearest(CallbackUrls) = %q", got)
	}
}

// TestProblemsAtTheBound: a template, list or object with exactly as many
// bad entries as are reported one by one gets no "and 0 more" line; three
// more get one line that counts them exactly and names what they are.
func TestProblemsAtTheBound(t *testing.T) {
	t.Parallel()
	names := func(n int) map[string]any {
		m := props()
		for i := range n {
			m[fmt.Sprintf("A%03d", i)] = "v" // sorted before the line that counts the rest
		}
		return m
	}
	keys := func(n int) map[string]any {
		m := map[string]any{}
		for i := range n {
			m[fmt.Sprintf("k%03d", i)] = "hours"
		}
		return props("TokenValidityUnits", m)
	}
	tests := []struct {
		name     string
		decode   func(n int) Problems
		path     string // where the last line is
		leftOver string // what the last line counts
	}{
		{"unknown names", func(n int) Problems { return decodeProblems(t, names(n)) },
			"ResourceProperties", "names that are not properties of Custom::CognitoUserPoolClient"},
		{"bad items of a list", func(n int) Problems {
			return decodeProblems(t, props("SupportedIdentityProviders", repeated(n, "a\tb")))
		}, "SupportedIdentityProviders", "items"},
		{"items of a list that are no strings", func(n int) Problems {
			return decodeProblems(t, props("ReadAttributes", repeated(n, false)))
		}, "ReadAttributes", "items"},
		{"unknown keys of an object", func(n int) Problems { return decodeProblems(t, keys(n)) },
			"TokenValidityUnits", "keys"},
		{"deploy-time list items that are no strings", func(n int) Problems {
			return CheckItems("ReadAttributes", repeated(n, 1.0), func(int) bool { return true })
		}, "ReadAttributes", "items that are not strings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.decode(maxItemProblems)
			if len(ps) != maxItemProblems {
				t.Errorf("%d bad entries: %d problems, want one each; the last: %v", maxItemProblems, len(ps), ps[len(ps)-1])
			}
			ps = tt.decode(maxItemProblems + 3)
			want := Problem{tt.path, "and 3 more " + tt.leftOver + ", not checked: correct the ones above first"}
			if len(ps) != maxItemProblems+1 || ps[maxItemProblems] != want {
				t.Errorf("%d bad entries: %d problems, the last %v; want %d, the last %v", maxItemProblems+3, len(ps), ps[len(ps)-1], maxItemProblems+1, want)
			}
		})
	}
}

func decodeProblems(t *testing.T, properties map[string]any) Problems {
	t.Helper()
	_, err := Decode(properties)
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Decode returned %v, want Problems", err)
	}
	return ps
}

// TestProblemsErrorAtTheBound: a reason lists MaxListed problems and no
// "and 0 more" line; one more problem is counted on a last line.
func TestProblemsErrorAtTheBound(t *testing.T) {
	t.Parallel()
	ps := make(Problems, MaxListed, MaxListed+1)
	for i := range ps {
		ps[i] = Problem{index("CallbackURLs", i), "has a fragment"}
	}
	lines := strings.Split(ps.Error(), "\n")
	if len(lines) != MaxListed+1 || lines[MaxListed] != "CallbackURLs[99]: has a fragment" {
		t.Errorf("%d problems: %d lines, the last %q; want the summary and one line each", MaxListed, len(lines), lines[len(lines)-1])
	}
	ps = append(ps, Problem{"LogoutURLs[0]", "has a fragment"})
	lines = strings.Split(ps.Error(), "\n")
	if len(lines) != MaxListed+2 || lines[MaxListed+1] != "and 1 more" {
		t.Errorf("%d problems: %d lines, the last %q; want %d, the last \"and 1 more\"", MaxListed+1, len(lines), lines[len(lines)-1], MaxListed+2)
	}
}

// TestProblemPathCut: a property path of up to 128 bytes is shown whole, a
// longer one is cut there and marked, at a rune boundary even in bytes that
// are not UTF-8 (a Go caller's map can hold any string).
func TestProblemPathCut(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, path, want string }{
		{"128 bytes", strings.Repeat("p", 128), strings.Repeat("p", 128)},
		{"129 bytes", strings.Repeat("p", 129), strings.Repeat("p", 128) + "…"},
		{"a rune across the cut", strings.Repeat("p", 127) + "é", strings.Repeat("p", 127) + "…"},
		{"no rune start at all", strings.Repeat("\x80", 200), "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := decodeProblems(t, props(tt.path, "v"))
			if got, want := ps[0].Error(), tt.want+": is not a property of Custom::CognitoUserPoolClient"; got != want {
				t.Errorf("Error() = %q, want %q", got, want)
			}
		})
	}
}
