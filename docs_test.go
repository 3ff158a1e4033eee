// The repository's documents, checked from its root: the README's size, the
// links of the README and docs/, the commands of their code blocks, and the
// ledger's status as the README states it.
package cognitoclient_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// readmeBudget is the README's size limit: a platform engineer reads it in
// ten minutes; reference material goes to docs/.
const readmeBudget = 25 << 10

func readDoc(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestREADMESize(t *testing.T) {
	if n := len(readDoc(t, "README.md")); n > readmeBudget {
		t.Errorf("README.md is %d bytes, over its budget of %d: move reference material to docs/", n, readmeBudget)
	}
}

// docsWithLinks are the documents whose relative links must resolve.
func docsWithLinks(t *testing.T) []string {
	t.Helper()
	docs, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	return append([]string{"README.md", "SECURITY.md", "CONTRIBUTING.md"}, docs...)
}

var (
	fence      = regexp.MustCompile("^\\s*(```|~~~)")
	codeSpan   = regexp.MustCompile("`[^`]*`")
	inlineLink = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	heading    = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
)

// prose returns the lines of a Markdown document outside its fenced code
// blocks, numbered from 1.
func prose(text string) map[int]string {
	out := map[int]string{}
	in := false
	for i, l := range strings.Split(text, "\n") {
		if fence.MatchString(l) {
			in = !in
			continue
		}
		if !in {
			out[i+1] = l
		}
	}
	return out
}

// slug is GitHub's anchor for a heading's text: lower case, Markdown and
// punctuation dropped, spaces as hyphens.
func slug(text string) string {
	text = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`).ReplaceAllString(text, "$1")
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r), unicode.IsNumber(r), r == '_', r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// anchors returns the anchors of a document's headings, with GitHub's -1,
// -2, ... for repeated ones.
func anchors(text string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	lines := prose(text)
	for n := 1; n <= strings.Count(text, "\n")+1; n++ {
		m := heading.FindStringSubmatch(lines[n])
		if m == nil {
			continue
		}
		s := slug(m[2])
		if k := seen[s]; k > 0 {
			out[fmt.Sprintf("%s-%d", s, k)] = true
		} else {
			out[s] = true
		}
		seen[s]++
	}
	return out
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ heading, want string }{
		{"Why not `AWS::Cognito::UserPoolClient`?", "why-not-awscognitouserpoolclient"},
		{"5.8 Which events are served", "58-which-events-are-served"},
		{"CDK (Go)", "cdk-go"},
		{"Adopting the L2's client", "adopting-the-l2s-client"},
		{"8. Client secrets: custom values, rotation, and a Secrets Manager hand-off", "8-client-secrets-custom-values-rotation-and-a-secrets-manager-hand-off"},
		{"Moving from [the native resource](x.md)", "moving-from-the-native-resource"},
	} {
		if got := slug(tc.heading); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.heading, got, tc.want)
		}
	}
}

// TestDocLinks: every relative link of the README and docs/ names a file
// that exists and, with a #fragment, a heading of that file.
func TestDocLinks(t *testing.T) {
	for _, doc := range docsWithLinks(t) {
		text := readDoc(t, doc)
		for n, line := range prose(text) {
			for _, m := range inlineLink.FindAllStringSubmatch(codeSpan.ReplaceAllString(line, ""), -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				path, fragment, _ := strings.Cut(target, "#")
				file := doc
				if path != "" {
					file = filepath.ToSlash(filepath.Join(filepath.Dir(doc), path))
				}
				if _, err := os.Stat(file); err != nil {
					t.Errorf("%s:%d: link %q: %v", doc, n, target, err)
					continue
				}
				if fragment != "" && !anchors(readDoc(t, file))[fragment] {
					t.Errorf("%s:%d: link %q: %s has no heading with the anchor #%s", doc, n, target, file, fragment)
				}
			}
		}
	}
}

// exercised says which test runs a command of the docs: file holds needle,
// the test's declaration, so a renamed or removed test fails here.
type exercised struct {
	file, needle string
}

// thisTest is the test below that runs the validate recipes as written.
var thisTest = exercised{"docs_test.go", "func TestREADMEValidateRecipes("}

// docCommands maps each command of the code blocks of commandDocs to the
// test that runs it. A command marked `# needs AWS` needs none; any other
// command must be here, and an entry no document holds any more fails.
var docCommands = map[string]exercised{
	"make demo": {"cmd/demo/main_test.go", "func TestDemo("},
	"make test": {".ci/run", "make check"}, // CI; check is lint, then test
	"make package BUCKET=my-bucket PREFIX=lambda": {"cmd/package/main_test.go", `"BUCKET=my-bucket", "PREFIX=lambda"`},
	"go mod edit -require=github.com/cognito-client-resource/cognitoclient@v0.0.0 -replace=github.com/cognito-client-resource/cognitoclient=<path to your checkout>": {"cdk/recipe_test.go", "func TestOwnAppAgainstACheckout("},
	"go mod tidy": {"cdk/recipe_test.go", "func TestOwnAppAgainstACheckout("},
	`<path to your checkout>/_node/node_modules/.bin/cdk synth --app "go run ."`:  {"cdk/recipe_test.go", "func TestOwnAppAgainstACheckout("},
	`make validate TEMPLATE="examples/owned-client.yaml examples/per-stack.yaml"`: thisTest,
	"go install ./cmd/validate":                        thisTest,
	"validate -format json examples/owned-client.yaml": thisTest,
	"#!/bin/sh": thisTest, // the pre-commit hook
	"(cd .cognitoclient && go install ./cmd/validate)": thisTest, // the GitHub Actions step
	"make invoke EVENT=events/invalid-oauth.json":      {"cmd/invoke/main_test.go", "func TestMakeInvokeWithoutAWSConfiguration("},
	// The app make synth synthesizes, as cdk.json names it.
	"make synth": {"cdk/example/main_test.go", "func TestCDKJSONRunsThisApp("},
}

// commandDocs are the documents whose code blocks hold commands to copy.
var commandDocs = []string{"README.md", "docs/cdk.md"}

// command is one command of a document's code block.
type command struct {
	doc  string
	line int
	text string // without its comment, continuation lines joined
	aws  bool   // marked `# needs AWS`
}

var blockStart = regexp.MustCompile("^\\s*```(\\w*)")

// commands returns the commands of the sh blocks of a Markdown document,
// one per logical line, and each script (a block that starts with #!, or a
// YAML `run: |`) as one command named by its first line.
func commands(doc, text string) []command {
	var out []command
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		m := blockStart.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		var block []string
		start := i + 2
		for i++; i < len(lines) && !fence.MatchString(lines[i]); i++ {
			block = append(block, lines[i])
		}
		switch m[1] {
		case "sh", "bash", "shell":
			if len(block) > 0 && strings.HasPrefix(block[0], "#!") {
				out = append(out, command{doc: doc, line: start, text: block[0]})
				continue
			}
			for j := 0; j < len(block); j++ {
				n := start + j
				l := block[j]
				for strings.HasSuffix(l, "\\") && j+1 < len(block) {
					j++
					l = strings.TrimSuffix(l, "\\") + " " + strings.TrimSpace(block[j])
				}
				code, comment := splitComment(l)
				if code = strings.Join(strings.Fields(code), " "); code != "" {
					out = append(out, command{doc: doc, line: n, text: code, aws: strings.HasPrefix(comment, "needs AWS")})
				}
			}
		case "yaml", "yml":
			for j, l := range block {
				if strings.HasSuffix(strings.TrimSpace(l), "run: |") && j+1 < len(block) {
					out = append(out, command{doc: doc, line: start + j + 1, text: strings.TrimSpace(block[j+1])})
				}
			}
		}
	}
	return out
}

// splitComment splits a shell line at its comment: a # that starts a word
// outside quotes.
func splitComment(l string) (code, comment string) {
	var quote rune
	for i, r := range l {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t'):
			return l[:i], strings.TrimSpace(l[i+1:])
		}
	}
	return l, ""
}

func TestCommands(t *testing.T) {
	text := "```sh\nmake a   # does a\nb \\\n  --c 'd # e'\n# a comment\naws x   # needs AWS, and more\n```\n\n" +
		"```yaml\n  run: |\n    one\n    two\n```\n\n```sh\n#!/bin/sh\nthree\n```\n"
	want := []command{
		{"d", 2, "make a", false},
		{"d", 3, "b --c 'd # e'", false},
		{"d", 6, "aws x", true},
		{"d", 11, "one", false},
		{"d", 16, "#!/bin/sh", false},
	}
	if got := commands("d", text); !slices.Equal(got, want) {
		t.Errorf("commands = %+v, want %+v", got, want)
	}
}

// TestDocCommandsAreExercised: every command of a code block that a reader
// would copy is run by a named test, or marked as needing AWS.
func TestDocCommandsAreExercised(t *testing.T) {
	found := map[string]bool{}
	for _, doc := range commandDocs {
		for _, c := range commands(doc, readDoc(t, doc)) {
			found[c.text] = true
			_, listed := docCommands[c.text]
			switch {
			case c.aws && listed:
				t.Errorf("%s:%d: %q is marked `# needs AWS` and listed in docCommands as run by a test: which is it?", c.doc, c.line, c.text)
			case !c.aws && !listed:
				t.Errorf("%s:%d: %q is run by no test: add it to docCommands with the test that runs it, or mark it `# needs AWS`", c.doc, c.line, c.text)
			}
		}
	}
	for cmd, by := range docCommands {
		if !found[cmd] {
			t.Errorf("docCommands lists %q, which no code block of %q holds", cmd, commandDocs)
		}
		if !strings.Contains(readDoc(t, by.file), by.needle) {
			t.Errorf("%q: %s does not hold %q: which test runs it now?", cmd, by.file, by.needle)
		}
	}
}

// modulePath is how a command names this module from outside a checkout.
var modulePath = regexp.MustCompile(`go (run|get|install) github\.com/cognito-client-resource/cognitoclient\S*`)

// latest is this module asked for at its latest version.
var latest = regexp.MustCompile(`github\.com/cognito-client-resource/cognitoclient\S*@latest`)

// TestCheckoutFormFirst: the module is not published, so a command that
// fetches it by its path comes only after the form that works from a
// checkout, and no document asks for @latest.
func TestCheckoutFormFirst(t *testing.T) {
	for _, doc := range append(docsWithLinks(t), "CHANGELOG.md") {
		text := readDoc(t, doc)
		if m := latest.FindString(text); m != "" {
			t.Errorf("%s asks for %s, which the module proxy cannot serve while the module is unpublished", doc, m)
		}
		for _, loc := range modulePath.FindAllStringIndex(text, -1) {
			before := text[:loc[0]]
			if !strings.Contains(before, "go install ./cmd/validate") && !strings.Contains(before, "-replace=github.com/cognito-client-resource/cognitoclient=") {
				t.Errorf("%s: %q comes before the form that works from a checkout", doc, text[loc[0]:loc[1]])
			}
		}
	}
}

// readmeCommand returns the README's command whose text is cmd, failing
// when the README no longer holds it.
func readmeCommand(t *testing.T, readme, cmd string) string {
	t.Helper()
	for _, c := range commands("README.md", readme) {
		if c.text == cmd {
			return c.text
		}
	}
	t.Fatalf("the README has no command %q", cmd)
	return ""
}

// script returns the lines that follow the line first in a README code
// block, up to the block's end or, for a YAML `run: |`, the script's end;
// dedented.
func script(t *testing.T, readme, first string) string {
	t.Helper()
	lines := strings.Split(readme, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != first {
			continue
		}
		indent := len(l) - len(strings.TrimLeft(l, " "))
		var out []string
		for _, m := range lines[i:] {
			if fence.MatchString(m) || strings.TrimSpace(m) != "" && len(m)-len(strings.TrimLeft(m, " ")) < indent {
				break
			}
			out = append(out, strings.TrimPrefix(m, strings.Repeat(" ", indent)))
		}
		return strings.Join(out, "\n") + "\n"
	}
	t.Fatalf("the README has no code block with the line %q", first)
	return ""
}

// run runs a shell script in dir and returns its combined output and exit
// status; env replaces the variables it names.
func run(t *testing.T, dir string, env []string, shell ...string) (string, int) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), shell[0], shell[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("%q: %v", shell, err)
		}
		return string(out), exit.ExitCode()
	}
	return string(out), 0
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, []byte(readDoc(t, from)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestREADMEValidateRecipes runs the README's validate commands as written,
// from a checkout, with the command installed into a directory of the test's
// own: `go install`, the command itself, `make validate`, the pre-commit hook
// in a new repository, and the GitHub Actions step's script as Actions runs
// it (bash -e), each with a clean template and one with two mistakes.
func TestREADMEValidateRecipes(t *testing.T) {
	readme := readDoc(t, "README.md")
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		// As from a shell: no outer make's flags.
		if k, _, _ := strings.Cut(kv, "="); !slices.Contains([]string{"PATH", "GOBIN", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}, k) {
			env = append(env, kv)
		}
	}
	env = append(env, "GOBIN="+bin, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	const mistakes = "cmd/validate/testdata/example.yaml" // two problems, the first at 7:7
	const firstProblem = "WebClient.AccessTokenValidity: must not exceed RefreshTokenValidity"

	for _, c := range []string{
		"go install ./cmd/validate",
		"validate -format json examples/owned-client.yaml",
		`make validate TEMPLATE="examples/owned-client.yaml examples/per-stack.yaml"`,
	} {
		out, code := run(t, root, env, "sh", "-c", readmeCommand(t, readme, c))
		if code != 0 {
			t.Fatalf("%s: exit status %d\n%s", c, code, out)
		}
		if strings.HasPrefix(c, "validate -format json") && strings.Join(strings.Fields(out), "") != `{"problems":[],"unreadable":[]}` {
			t.Errorf("%s printed %s, want no problem", c, out)
		}
	}

	t.Run("pre-commit hook", func(t *testing.T) {
		repo := t.TempDir()
		git := func(args ...string) (string, int) {
			return run(t, repo, env, append([]string{"git", "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		}
		if out, code := git("init", "-q"); code != 0 {
			t.Fatal(out)
		}
		hook := filepath.Join(repo, ".git", "hooks", "pre-commit")
		if err := os.WriteFile(hook, []byte(script(t, readme, "#!/bin/sh")), 0o755); err != nil {
			t.Fatal(err)
		}
		copyFile(t, "examples/owned-client.yaml", filepath.Join(repo, "stacks", "good.yaml"))
		copyFile(t, "CONTRIBUTING.md", filepath.Join(repo, "notes.md"))
		git("add", ".")
		if out, code := git("commit", "-q", "-m", "clean"); code != 0 {
			t.Fatalf("a clean template: the hook refused the commit (status %d)\n%s", code, out)
		}
		copyFile(t, mistakes, filepath.Join(repo, "stacks", "auth.yaml"))
		git("add", ".")
		out, code := git("commit", "-q", "-m", "mistakes")
		if code == 0 || !strings.Contains(out, "stacks/auth.yaml:7:7: "+firstProblem) {
			t.Errorf("two mistakes: the commit ended with status %d, want a refusal naming stacks/auth.yaml:7:7\n%s", code, out)
		}
	})

	t.Run("GitHub Actions step", func(t *testing.T) {
		work := t.TempDir()
		if err := os.Symlink(root, filepath.Join(work, ".cognitoclient")); err != nil {
			t.Fatal(err)
		}
		copyFile(t, "examples/owned-client.yaml", filepath.Join(work, "template.yaml"))
		step := filepath.Join(t.TempDir(), "step.sh")
		if err := os.WriteFile(step, []byte(script(t, readme, "(cd .cognitoclient && go install ./cmd/validate)")), 0o644); err != nil {
			t.Fatal(err)
		}
		copyFile(t, "examples/cloudfront-callback.yaml", filepath.Join(work, "stacks", "site.yaml"))
		if out, code := run(t, work, env, "bash", "-e", step); code != 0 || strings.Contains(out, "::error") {
			t.Errorf("clean templates: status %d\n%s", code, out)
		}
		copyFile(t, mistakes, filepath.Join(work, "stacks", "auth.yaml"))
		out, code := run(t, work, env, "bash", "-e", step)
		if want := "::error file=stacks/auth.yaml,line=7,col=7::" + firstProblem; code != 1 || !strings.Contains(out, want) {
			t.Errorf("two mistakes: status %d, want 1 and %q\n%s", code, want, out)
		}
	})
}

// ledgerRow is one row of a table of docs/cognito-behaviour.md: its number
// and its Confidence column.
var ledgerRow = regexp.MustCompile(`^\| (S?\d+) \|`)

// confidences returns the Confidence column of every row of the ledger.
func confidences(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(readDoc(t, "docs/cognito-behaviour.md"), "\n") {
		if !ledgerRow.MatchString(l) {
			continue
		}
		cells := regexp.MustCompile(`[^\\]\|`).Split(strings.TrimSpace(l), -1)
		if len(cells) != 8 {
			t.Fatalf("ledger row %q has %d cells, want 7 columns", l, len(cells)-1)
		}
		out = append(out, strings.TrimSpace(cells[3]))
	}
	return out
}

// TestREADMELedgerStatus: where the README introduces the fake, it states
// the ledger's status, and the figures are the ledger's own: how many rows
// name each kind of evidence, and how many were measured against AWS.
func TestREADMELedgerStatus(t *testing.T) {
	rows := confidences(t)
	mentions := func(words ...string) int {
		n := 0
		for _, c := range rows {
			for _, w := range words {
				if regexp.MustCompile(`\b` + w + `\b`).MatchString(c) {
					n++
					break
				}
			}
		}
		return n
	}
	measured := 0
	for _, c := range rows {
		// "reported, not measured" is a report.
		if regexp.MustCompile(`\bmeasured\b`).MatchString(strings.ReplaceAll(c, "not measured", "")) {
			measured++
		}
	}
	status := "none has been measured by this project against AWS yet"
	if measured > 0 {
		status = fmt.Sprintf("%d have been measured by this project against AWS", measured)
	}
	want := fmt.Sprintf("Of its %d rows, %d rest on AWS's documentation, %d on behaviour others recorded against AWS, "+
		"%d on reports, %d on assumption and %d are conflicting or unknown (a row may cite several); %s.",
		len(rows), mentions("documented"), mentions("recorded"), mentions("reported"), mentions("assumed"),
		mentions("conflicting", "unknown"), status)
	if readme := strings.Join(strings.Fields(readDoc(t, "README.md")), " "); !strings.Contains(readme, want) {
		t.Errorf("the README does not state the ledger's status as the ledger has it; want:\n%s", want)
	}
}
