package lambdabuild_test

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdabuild"
)

// root is the repository root, relative to this package's directory.
const root = "../.."

// goBuild is one `go build` command line that make would run.
type goBuild struct {
	env   []string // the VAR=value words before the command
	flags []string // the arguments between "build" and "-o"
	out   string   // -o's argument
	pkg   string   // the last argument
}

// makeBuilds returns the go build commands that `make -n` prints for args,
// each split into words as the shell would split it.
func makeBuilds(t *testing.T, args ...string) []goBuild {
	t.Helper()
	cmd := exec.Command("make", append([]string{"--no-print-directory", "-n", "-C", root, "GO=go"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make -n %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	var builds []goBuild
	for _, line := range strings.Split(string(out), "\n") {
		words := shellWords(t, line)
		i := slices.Index(words, "go")
		if i < 0 || i+1 >= len(words) || words[i+1] != "build" {
			continue
		}
		b := goBuild{env: words[:i]}
		rest := words[i+2:]
		o := slices.Index(rest, "-o")
		if o < 0 || o+2 != len(rest)-1 {
			t.Fatalf("go build line %q: want <flags> -o <file> <package>", line)
		}
		b.flags, b.out, b.pkg = rest[:o], rest[o+1], rest[o+2]
		builds = append(builds, b)
	}
	return builds
}

// shellWords splits a command line into words as sh does for the quoting the
// Makefile uses: single and double quotes, and backslash escapes.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for i := 0; i < len(line); i++ {
		c := rune(line[i])
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote == '\'':
			w.WriteRune(c)
		case c == '\\' && i+1 < len(line):
			i++
			w.WriteByte(line[i])
			inWord = true
		case quote == '"':
			w.WriteRune(c)
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(c)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("unbalanced quote in %q", line)
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

func TestShellWords(t *testing.T) {
	tests := []struct {
		name, line string
		want       []string
	}{
		{"plain", "go build -o x ./y", []string{"go", "build", "-o", "x", "./y"}},
		{"double quotes inside a word", `-ldflags="-s -w" -tags=a`, []string{"-ldflags=-s -w", "-tags=a"}},
		{"single quotes and escapes", `'a b' c\ d "e\"f"`, []string{"a b", "c d", `e"f`}},
		{"empty quotes are a word", `x "" y`, []string{"x", "", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shellWords(t, tt.line); !slices.Equal(got, tt.want) {
				t.Errorf("shellWords(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

// TestMakefileFollowsTheRecipe holds the Makefile's LAMBDA_GOFLAGS and
// LAMBDA_ENV, as `make build` and SAM's makefile builder run them, to
// Flags and Env: the CDK provider and the local runs build with those.
func TestMakefileFollowsTheRecipe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantOut string
	}{
		{"make build", []string{"build"}, "build/bootstrap"},
		{"SAM's makefile builder", []string{"build-CognitoUserPoolClientFunction", "ARTIFACTS_DIR=/artifacts"}, "/artifacts/bootstrap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			builds := makeBuilds(t, tt.args...)
			if len(builds) != 1 {
				t.Fatalf("make %s runs %d go builds, want 1", tt.args[0], len(builds))
			}
			b := builds[0]
			if !slices.Equal(b.flags, lambdabuild.Flags()) {
				t.Errorf("flags %q, want %q", b.flags, lambdabuild.Flags())
			}
			if want := lambdabuild.Env(lambdabuild.Lambda()); !slices.Equal(b.env, want) {
				t.Errorf("environment %q, want %q", b.env, want)
			}
			if b.out != tt.wantOut || b.pkg != "./lambda" {
				t.Errorf("builds %s into %s, want ./lambda into %s", b.pkg, b.out, tt.wantOut)
			}
		})
	}
}

// TestBuildDirHoldsOnlyBootstrap: build/ is what the README gives the CDK as
// BootstrapDir, and the CDK ships all of it, so no target may build anything
// else there.
func TestBuildDirHoldsOnlyBootstrap(t *testing.T) {
	t.Parallel()
	builds := makeBuilds(t, "build", "demo", "invoke", "EVENT=events/create-owned.json")
	if len(builds) != 3 {
		t.Fatalf("%d go builds for build, demo and invoke, want 3: %+v", len(builds), builds)
	}
	for _, b := range builds {
		if strings.HasPrefix(filepath.Clean(b.out), "build"+string(filepath.Separator)) && b.out != "build/bootstrap" {
			t.Errorf("%s is built into %s: build/ must hold only bootstrap", b.pkg, b.out)
		}
	}
}

// TestMakeBuildsTheRecipesBinary builds the function with make and with
// Build: the binaries must be the same, byte for byte, which also shows the
// build is reproducible.
func TestMakeBuildsTheRecipesBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the function twice for linux/arm64")
	}
	t.Parallel()
	dir := t.TempDir()
	made := filepath.Join(dir, "make")
	cmd := exec.CommandContext(t.Context(), "make", "--no-print-directory", "-C", root,
		"build-CognitoUserPoolClientFunction", "ARTIFACTS_DIR="+made)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make: %v\n%s", err, out)
	}
	built, err := lambdabuild.Bootstrap(t.Context(), filepath.Join(dir, "lambdabuild"), lambdabuild.Lambda())
	if err != nil {
		t.Fatal(err)
	}
	a, err := os.ReadFile(filepath.Join(made, "bootstrap"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(built)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("make's bootstrap (%d bytes) differs from Build's (%d bytes)", len(a), len(b))
	}
	f, err := elf.Open(built)
	if err != nil {
		t.Fatalf("bootstrap is not an ELF file: %v", err)
	}
	defer f.Close()
	if f.Machine != elf.EM_AARCH64 {
		t.Errorf("bootstrap is for %v, want EM_AARCH64", f.Machine)
	}
}
