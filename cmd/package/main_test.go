package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/cfnlint"
	"github.com/cognito-client-resource/cognitoclient/internal/samtemplate"
)

// root is the repository root, relative to this package's directory.
const root = "../.."

// packaged is one run of the command into a temporary directory.
type packaged struct {
	stdout, stderr string
	code           int
}

func runPackage(t *testing.T, args ...string) packaged {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, &stdout, &stderr)
	return packaged{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// TestPackage builds the real package and checks each piece: the zip holds
// the function's static arm64 bootstrap alone, its key is its SHA-256, the
// template's CodeUri is that object, and the printed commands are exactly
// those that deploy it.
func TestPackage(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	p := runPackage(t, "-bucket", "my-artifacts", "-prefix", "cognito/releases/", "-out", out,
		"-template", filepath.Join(root, "template.yaml"))
	if p.code != exitOK {
		t.Fatalf("exit status %d, want 0\n%s", p.code, p.stderr)
	}
	if p.stderr != "" {
		t.Errorf("stderr: %s", p.stderr)
	}

	zipPath := filepath.Join(out, "cognito-user-pool-client.zip")
	archive, err := os.ReadFile(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(archive)
	uri := "s3://my-artifacts/cognito/releases/" + hex.EncodeToString(sum[:]) + ".zip"
	checkZip(t, archive)

	templatePath := filepath.Join(out, "packaged.yaml")
	tpl, err := samtemplate.ParseFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	if got := tpl.Resources["CognitoUserPoolClientFunction"].Properties["CodeUri"]; got != uri {
		t.Errorf("CodeUri %v, want %s", got, uri)
	}

	want := "Wrote " + zipPath + ` (bootstrap for linux/arm64, key named by its SHA-256)
  and ` + templatePath + ` (CognitoUserPoolClientFunction's CodeUri: ` + uri + `).

Upload the zip to the bucket, which must be in the stack's Region, then deploy with the AWS CLI
(replace each <...>; ` + filepath.Join(root, "template.yaml") + ` lists every parameter):

  aws s3 cp ` + zipPath + ` ` + uri + `
  aws cloudformation deploy --template-file ` + templatePath + ` --stack-name cognito-user-pool-client \
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
    --parameter-overrides "UserPoolArns=<UserPoolArns>"
`
	if p.stdout != want {
		t.Errorf("printed\n%s\nwant\n%s", p.stdout, want)
	}

	if testing.Short() {
		return // cfn-lint starts Python: seconds
	}
	if err := cfnlint.Check(t.Context(), templatePath); err != nil {
		t.Error(err)
	}
}

// checkZip checks that archive holds exactly bootstrap, executable, a static
// aarch64 ELF: what Lambda's provided.al2023 runtime on arm64 runs.
func checkZip(t *testing.T, archive []byte) {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
	}
	if len(names) != 1 || names[0] != "bootstrap" {
		t.Fatalf("the zip holds %q, want [bootstrap]", names)
	}
	f := r.File[0]
	if f.Mode() != 0o755 {
		t.Errorf("bootstrap's mode is %v, want -rwxr-xr-x", f.Mode())
	}
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	binary, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	exe, err := elf.NewFile(bytes.NewReader(binary))
	if err != nil {
		t.Fatalf("bootstrap is not an ELF file: %v", err)
	}
	defer exe.Close()
	if exe.Class != elf.ELFCLASS64 || exe.Machine != elf.EM_AARCH64 {
		t.Errorf("bootstrap is %v %v, want ELFCLASS64 EM_AARCH64", exe.Class, exe.Machine)
	}
	for _, p := range exe.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("bootstrap has a %v segment: it is dynamically linked", p.Type)
		}
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	template := filepath.Join(root, "template.yaml")
	tests := []struct {
		name    string
		args    []string
		code    int
		message string
	}{
		{"no bucket", []string{"-template", template}, exitUsage, "-bucket is required"},
		{"a bucket URL", []string{"-bucket", "s3://b", "-template", template}, exitUsage, "not a URL"},
		{"a prefix from the environment", []string{"-bucket", "my-bucket", "-prefix", "/usr/local", "-template", template}, exitUsage, "does not start with /"},
		{"an argument", []string{"-bucket", "my-bucket", "extra"}, exitUsage, `unexpected argument "extra"`},
		{"an unknown flag", []string{"-region", "us-east-1"}, exitUsage, "flag provided but not defined: -region"},
		{"no template", []string{"-bucket", "my-bucket", "-template", "no-such.yaml"}, exitFail, "no-such.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			p := runPackage(t, append(tt.args, "-out", out)...)
			if p.code != tt.code || !strings.Contains(p.stderr, tt.message) {
				t.Errorf("exit status %d, stderr %q; want %d and a message saying %q", p.code, p.stderr, tt.code, tt.message)
			}
			if p.stdout != "" {
				t.Errorf("stdout %q, want nothing", p.stdout)
			}
			if entries, err := os.ReadDir(out); err != nil || len(entries) > 0 {
				t.Errorf("the output directory holds %v (%v), want nothing", entries, err)
			}
		})
	}
}

// TestMakePackage: make passes BUCKET and PREFIX to this command, writes
// into dist/ (not build/, the CDK's BootstrapDir), and explains itself
// without BUCKET.
func TestMakePackage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string // the command make runs, or its message on stderr
		code int
	}{
		{"bucket and prefix", []string{"-n", "package", "BUCKET=my-bucket", "PREFIX=lambda"},
			"go run ./cmd/package -bucket 'my-bucket' -prefix 'lambda' -out dist", 0},
		{"no prefix", []string{"-n", "package", "BUCKET=my-bucket"},
			"go run ./cmd/package -bucket 'my-bucket' -prefix '' -out dist", 0},
		{"no bucket", []string{"package"},
			"usage: make package BUCKET=<S3 bucket in the stack's Region> [PREFIX=<key prefix>]", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), "make", append([]string{"--no-print-directory", "-s", "-C", root, "GO=go"}, tt.args...)...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if exit, ok := err.(*exec.ExitError); ok {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			got := stdout.String()
			if tt.code != 0 {
				got = stderr.String()
			}
			if code != tt.code || !strings.Contains(got, tt.want) {
				t.Errorf("make %s: status %d, output %q; want %d and %q", strings.Join(tt.args, " "), code, got, tt.code, tt.want)
			}
		})
	}
}
