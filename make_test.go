// The repository's own files, checked from its root: the Makefile's help.
package cognitoclient_test

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// samTarget is the target SAM's makefile builder runs (BuildMethod:
// makefile); users run `make build`, so help leaves it out.
const samTarget = "build-CognitoUserPoolClientFunction"

// phonyTargets returns the targets the Makefile declares .PHONY: its tasks.
func phonyTargets(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^\.PHONY:(.*)$`).FindAllStringSubmatch(string(data), -1) {
		names = append(names, strings.Fields(m[1])...)
	}
	if len(names) == 0 {
		t.Fatal("the Makefile declares no .PHONY target")
	}
	return names
}

func runMake(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), "make", append([]string{"--no-print-directory", "-s"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestMakeHelp: `make help` lists every task with what it does, and bare
// `make` prints the same list rather than building anything.
func TestMakeHelp(t *testing.T) {
	t.Parallel()
	help := runMake(t, "help")
	if bare := runMake(t); bare != help {
		t.Errorf("bare make printed\n%s\nwant make help's\n%s", bare, help)
	}

	line := regexp.MustCompile(`^  ([A-Za-z0-9_.-]+) +(\S.*)$`)
	lines := strings.Split(strings.TrimSuffix(help, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "usage: make <target>") {
		t.Errorf("the help starts with %q, want the usage", lines[0])
	}
	listed := map[string]string{}
	for _, l := range lines[1:] {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("help line %q is not '  <target>  <what it does>'", l)
			continue
		}
		if _, dup := listed[m[1]]; dup {
			t.Errorf("%s is listed twice", m[1])
		}
		listed[m[1]] = m[2]
	}

	phony := phonyTargets(t)
	for _, name := range phony {
		if _, ok := listed[name]; !ok && name != samTarget {
			t.Errorf("make help does not list %s: give its rule a `## what it does` comment", name)
		}
	}
	if _, ok := listed[samTarget]; ok {
		t.Errorf("make help lists %s, which only SAM runs", samTarget)
	}
	for name := range listed {
		if !slices.Contains(phony, name) {
			t.Errorf("make help lists %s, which is not .PHONY", name)
		}
	}
	for _, want := range []string{"help", "build", "test", "package"} {
		if _, ok := listed[want]; !ok {
			t.Errorf("make help does not list %s", want)
		}
	}
}
