package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

var updateExcerpt = flag.Bool("update", false, "rewrite the README's demo excerpt from this run's account")

// The README's excerpt of the demo sits between these lines, as a fenced
// block.
const (
	readme       = "../../README.md"
	excerptBegin = "<!-- demo-excerpt:begin -->"
	excerptEnd   = "<!-- demo-excerpt:end -->"
)

// excerpt is the README's excerpt of the demo's account: step 2 whole (an
// update that keeps what the template does not declare), step 4's response
// (one FAILED naming every mistake) and the closing line.
func excerpt(account string) (string, error) {
	lines := strings.Split(account, "\n")
	section := func(step string) ([]string, error) {
		for i, l := range lines {
			if strings.HasPrefix(l, "== "+step+"/") {
				end := i
				for end < len(lines) && lines[end] != "" {
					end++
				}
				return lines[i:end], nil
			}
		}
		return nil, fmt.Errorf("the account has no step %s", step)
	}
	two, err := section("2")
	if err != nil {
		return "", err
	}
	four, err := section("4")
	if err != nil {
		return "", err
	}
	from, to := -1, -1
	for i, l := range four {
		if strings.HasPrefix(l, "   response ") && from < 0 {
			from = i
		}
		if strings.HasPrefix(l, "   cognito ") && from >= 0 && to < 0 {
			to = i
		}
	}
	if from < 0 || to < 0 {
		return "", errors.New("step 4 shows no response and calls")
	}
	var closing string
	for _, l := range lines {
		if strings.HasPrefix(l, "All ") {
			closing = l
		}
	}
	if closing == "" {
		return "", errors.New("the account has no closing line")
	}
	out := append(append([]string{}, two...), "", four[0], "   ...")
	out = append(append(out, four[from:to+1]...), "   ...", "", closing)
	return strings.Join(out, "\n") + "\n", nil
}

// What differs from run to run: client, pool and secret ids, ports, the
// time taken.
var varying = []struct {
	re   *regexp.Regexp
	kind string
}{
	{regexp.MustCompile(`\blocal_[A-Za-z0-9]+\b|\b[a-z]{2}-[a-z]+-\d_[A-Za-z0-9]+\b`), "pool"},
	{regexp.MustCompile(`\b[a-z0-9]{20,30}\b`), "client"},
	{regexp.MustCompile(`--\d{10,}\b`), "secret"},
	{regexp.MustCompile(`127\.0\.0\.1:\d+`), "address"},
	{regexp.MustCompile(`\bin (\d+m)?\d+(\.\d+)?m?s\.`), "time"},
}

// normalize replaces what differs from run to run by placeholders, one per
// distinct value and in order of appearance, so that two runs compare equal
// and an id shown twice must be the same id twice.
func normalize(s string) string {
	for _, v := range varying {
		seen := map[string]string{}
		s = v.re.ReplaceAllStringFunc(s, func(m string) string {
			if _, ok := seen[m]; !ok {
				seen[m] = fmt.Sprintf("<%s %d>", v.kind, len(seen)+1)
			}
			return seen[m]
		})
	}
	return s
}

// readmeExcerpt returns the README's text and the excerpt's bounds in it:
// the fenced block's content between the markers.
func readmeExcerpt(text string) (start, end int, err error) {
	b := strings.Index(text, excerptBegin)
	e := strings.Index(text, excerptEnd)
	if b < 0 || e < b {
		return 0, 0, fmt.Errorf("%s has no %s ... %s block", readme, excerptBegin, excerptEnd)
	}
	const open, closing = "\n```\n", "```\n"
	start = b + len(excerptBegin)
	if !strings.HasPrefix(text[start:], open) || !strings.HasSuffix(text[:e], closing) {
		return 0, 0, fmt.Errorf("%s: the excerpt between the markers is not one fenced block", readme)
	}
	return start + len(open), e - len(closing), nil
}

// checkExcerpt fails the test when the README's excerpt is not the one this
// account gives, ids and time aside; with -update it rewrites it.
func checkExcerpt(t *testing.T, account string) {
	t.Helper()
	want, err := excerpt(account)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	start, end, err := readmeExcerpt(text)
	if err != nil {
		t.Fatal(err)
	}
	if *updateExcerpt {
		if err := os.WriteFile(readme, []byte(text[:start]+want+text[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := text[start:end]; normalize(got) != normalize(want) {
		t.Errorf("the README's demo excerpt is not what the demo prints (review, then go test ./cmd/demo -run '^TestDemo$' -update):\n--- README\n%s--- the demo\n%s", got, want)
	}
}

func TestExcerpt(t *testing.T) {
	const account = `Building ...
cognito-local at http://127.0.0.1:32865, user pools local_2SMMVmPf and local_3tR0utmx.

== 1/3 One
   event      Create WebClient
   response   SUCCESS, PhysicalResourceId c23exbunpn2v9al214zhlgdra

== 2/3 Two
   event      Update WebClient (PhysicalResourceId c23exbunpn2v9al214zhlgdra)
   client     c23exbunpn2v9al214zhlgdra in local_2SMMVmPf, as cognito-local describes it:
   ✓ SUCCESS, same client

== 4/3 Four
   event      Update WebClient (PhysicalResourceId c23exbunpn2v9al214zhlgdra)
                AccessTokenValidity: 1h -> 2d
   response   FAILED, PhysicalResourceId c23exbunpn2v9al214zhlgdra
              | 1 problem in the properties, nothing was changed:
   cognito    no call
   client     c23exbunpn2v9al214zhlgdra in local_2SMMVmPf, as cognito-local describes it:

All 3 steps went as expected, in 1m8.4s.
cognito-local is not Cognito.
`
	got, err := excerpt(account)
	if err != nil {
		t.Fatal(err)
	}
	want := `== 2/3 Two
   event      Update WebClient (PhysicalResourceId c23exbunpn2v9al214zhlgdra)
   client     c23exbunpn2v9al214zhlgdra in local_2SMMVmPf, as cognito-local describes it:
   ✓ SUCCESS, same client

== 4/3 Four
   ...
   response   FAILED, PhysicalResourceId c23exbunpn2v9al214zhlgdra
              | 1 problem in the properties, nothing was changed:
   cognito    no call
   ...

All 3 steps went as expected, in 1m8.4s.
`
	if got != want {
		t.Errorf("excerpt:\n%s\nwant:\n%s", got, want)
	}

	tests := []struct {
		name  string
		a, b  string
		equal bool
	}{
		{"other ids and time", "c23exbunpn2v9al214zhlgdra in local_2SMMVmPf, c23exbunpn2v9al214zhlgdra; in 8.4s.",
			"1prgpey8flcohm4uczlxifmz9 in local_3tR0utmx, 1prgpey8flcohm4uczlxifmz9; in 1m2.3s.", true},
		{"one id where there were two", "c23exbunpn2v9al214zhlgdra, 1prgpey8flcohm4uczlxifmz9",
			"c23exbunpn2v9al214zhlgdra, c23exbunpn2v9al214zhlgdra", false},
		{"another word", "(19 fields)", "(20 fields)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalize(tt.a) == normalize(tt.b); got != tt.equal {
				t.Errorf("normalize(%q) == normalize(%q): %v, want %v", tt.a, tt.b, got, tt.equal)
			}
		})
	}

	for _, tt := range []struct{ name, text string }{
		{"no markers", "# README\n```\nx\n```\n"},
		{"no fence", excerptBegin + "\nx\n" + excerptEnd + "\n"},
	} {
		if _, _, err := readmeExcerpt(tt.text); err == nil {
			t.Errorf("%s: readmeExcerpt accepts it", tt.name)
		}
	}
}
