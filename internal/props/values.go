package props

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cognito-client-resource/cognitoclient/internal/echo"
)

// The readers below turn the loosely typed values of encoding/json (or of a
// Go caller such as the CDK constructs) into strings, and report a problem
// at path when a value has the wrong shape. CloudFormation delivers every
// scalar as a string, so a scalar of any JSON type is read as its text and
// judged by the rules of the property.

// scalar returns the text of v, or records a problem and returns false when
// v is not a scalar. want names what the property expects ("a boolean").
func (d *decoder) scalar(path string, v any, want string) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int:
		return strconv.Itoa(x), true
	case int32:
		return strconv.FormatInt(int64(x), 10), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return d.number(path, strconv.FormatFloat(x, 'g', -1, 64), x)
	case json.Number:
		if _, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return string(x), true
		}
		f, err := x.Float64()
		if err != nil {
			// encoding/json only makes a Number of valid JSON number
			// text, so the one way to fail is a value beyond float64.
			d.ps.Add(path, "the number %s is out of range: no property takes a number this large", quote(string(x)))
			return "", false
		}
		return d.number(path, string(x), f)
	}
	d.ps.Add(path, "must be %s, not %s", want, kind(v))
	return "", false
}

// number returns the decimal text of a whole number f, written as text;
// fractions are refused because no property takes one. A message quotes the
// number as written, by the same cut as any other value.
func (d *decoder) number(path, text string, f float64) (string, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) {
		d.ps.Add(path, "must be a whole number, not %s", quote(text))
		return "", false
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// boolean reads true or false, in any letter case.
func (d *decoder) boolean(path string, v any) (bool, bool) {
	s, ok := d.scalar(path, v, "a boolean")
	if !ok {
		return false, false
	}
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	d.ps.Add(path, "%s is not a boolean: write true or false", quote(s))
	return false, false
}

// list reads a list of strings. Elements that are not strings are reported,
// with their 0-based index in the path, up to maxItemProblems of them.
func (d *decoder) list(path string, v any) ([]string, bool) {
	switch x := v.(type) {
	case []string:
		return append([]string(nil), x...), true
	case []any:
		out := make([]string, 0, len(x))
		bad := itemProblems{ps: &d.ps, path: path, key: index}
		for i, e := range x {
			if bad.full() {
				bad.skip(len(x)-i, "items")
				break
			}
			s, isString := e.(string)
			if !isString {
				bad.add(i, "must be a string, not %s", kind(e))
				continue
			}
			out = append(out, s)
		}
		return out, bad.reported == 0
	}
	d.ps.Add(path, "must be a list of strings, not %s", kind(v))
	return nil, false
}

// listLen returns the number of elements of v when it is a list, else 0:
// a value that is not a list is over no maximum ([decoder.list] reports it).
func listLen(v any) int {
	switch x := v.(type) {
	case []string:
		return len(x)
	case []any:
		return len(x)
	}
	return 0
}

// object reads an object whose keys must be among keys. Unknown keys are
// reported with the nearest known key, up to maxItemProblems of them; ok is false when v is not an object
// or has an unknown key.
func (d *decoder) object(path string, v any, keys []string) (map[string]any, bool) {
	var m map[string]any
	switch x := v.(type) {
	case map[string]any:
		m = x
	case map[string]string:
		m = make(map[string]any, len(x))
		for k, e := range x {
			m[k] = e
		}
	default:
		d.ps.Add(path, "must be an object with the keys %s, not %s", strings.Join(keys, ", "), kind(v))
		return nil, false
	}
	sorted := sortedKeys(m)
	bad := itemProblems{ps: &d.ps, path: path, key: func(p string, i int) string { return p + "." + sorted[i] }}
	for i, k := range sorted {
		if bad.full() {
			bad.skip(len(sorted)-i, "keys")
			break
		}
		if !slices.Contains(keys, k) {
			bad.add(i, "%s", unknown("a key of "+path, nearest(k, keys)))
		}
	}
	return m, bad.reported == 0
}

// kind names the JSON type of v for a message.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, json.Number, int, int32, int64:
		return "a number"
	case []any, []string:
		return "a list"
	case map[string]any, map[string]string:
		return "an object"
	}
	return "a value of another type"
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func sortedKeys[K ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// quote quotes a value for a message by the project's one cut (package
// echo), so that one long value cannot crowd the other problems out of a
// FAILED reason.
func quote(s string) string { return echo.Quote(s) }

// unknown is the message for a name that is not what it should be, with the
// nearest valid name (from [nearest]) when there is one.
func unknown(what, near string) string {
	msg := "is not " + what
	if near != "" {
		msg += "; did you mean " + near + "?"
	}
	return msg
}

// nearest returns the name of names closest to s, ignoring letter case:
// the one within a third of its length in edits (at most 3), else the only
// name that starts with s or that s starts with ("Refresh" for
// "RefreshToken"); else "".
//
// Its cost does not grow with s: s is cut to a little more than the longest
// name first, which changes no answer (a name cannot start with a longer s,
// and a longer s is more than 3 edits away), and the edit distance is
// computed only for names whose length is within 3 of s's.
func nearest(s string, names []string) string {
	longest := 0
	for _, n := range names {
		longest = max(longest, len(n))
	}
	s = cutString(s, longest+4)
	best, bestDist := "", 4
	ls := strings.ToLower(s)
	lsLen := utf8.RuneCountInString(ls)
	var prefixed []string
	for _, n := range names {
		nLen := utf8.RuneCountInString(n)
		// The distance is at least the difference in length.
		if d := lsLen - nLen; d > -bestDist && d < bestDist {
			dist := editDistance(ls, strings.ToLower(n))
			if dist < bestDist && dist*3 <= nLen {
				best, bestDist = n, dist
			}
		}
		if len(ls) >= 3 && (hasPrefixFold(n, ls) || hasPrefixFold(ls, n)) {
			prefixed = append(prefixed, n)
		}
	}
	if best == "" && len(prefixed) == 1 {
		return prefixed[0]
	}
	return best
}

// hasPrefixFold reports whether s starts with prefix, ignoring letter case,
// without allocating.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// cutString returns the longest prefix of s of at most n bytes that ends on
// a rune boundary.
func cutString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// cut returns s, or its first n bytes (at a rune boundary) followed by "…"
// when it is longer.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return cutString(s, n) + "…"
}

// editDistance is the Levenshtein distance between a and b, in runes. The
// inputs are names, and [nearest] cuts an unknown one to a little more than
// the longest name, so the quadratic cost is bounded.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
