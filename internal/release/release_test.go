package release_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/cfnlint"
	"github.com/cognito-client-resource/cognitoclient/internal/release"
	"github.com/cognito-client-resource/cognitoclient/internal/samtemplate"
)

// root is the repository root, relative to this package's directory.
const root = "../.."

// codeURI is the S3 object the tests package the template for.
const codeURI = "s3://my-bucket/cognito-user-pool-client/0123abcd.zip"

func TestZip(t *testing.T) {
	t.Parallel()
	binary := []byte("\x7fELF not really, but any bytes")
	archive, err := release.Zip(binary)
	if err != nil {
		t.Fatal(err)
	}
	again, err := release.Zip(binary)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(archive, again) {
		t.Error("two zips of the same binary differ")
	}
	other, err := release.Zip(append(binary, '!'))
	if err != nil {
		t.Fatal(err)
	}
	if release.Key("", archive) == release.Key("", other) {
		t.Error("two binaries give the same key")
	}

	r, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.File) != 1 {
		t.Fatalf("the zip holds %d files, want 1", len(r.File))
	}
	f := r.File[0]
	if f.Name != "bootstrap" {
		t.Errorf("the file is %q, want bootstrap", f.Name)
	}
	if f.Mode() != 0o755 {
		t.Errorf("mode %v, want -rwxr-xr-x", f.Mode())
	}
	if !f.Modified.Equal(release.ZipTime()) {
		t.Errorf("modified %v, want %v", f.Modified, release.ZipTime())
	}
	if f.Method != zip.Deflate {
		t.Errorf("method %d, want deflate", f.Method)
	}
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, binary) {
		t.Error("the zip's bootstrap is not the binary")
	}
}

func TestKey(t *testing.T) {
	t.Parallel()
	// The SHA-256 of the empty input.
	const sum = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	tests := []struct{ name, prefix, want string }{
		{"no prefix", "", sum + ".zip"},
		{"a prefix", "lambda", "lambda/" + sum + ".zip"},
		{"a prefix with its slash", "lambda/", "lambda/" + sum + ".zip"},
		{"nested", "a/b", "a/b/" + sum + ".zip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := release.Key(tt.prefix, nil); got != tt.want {
				t.Errorf("Key(%q) = %q, want %q", tt.prefix, got, tt.want)
			}
		})
	}
}

// TestCheckBucketAndPrefix: what make package refuses before it builds.
func TestCheckBucketAndPrefix(t *testing.T) {
	t.Parallel()
	bucket, prefix := release.CheckBucket, release.CheckPrefix
	tests := []struct {
		name    string
		check   func(string) error
		value   string
		problem string // part of the error; "" when valid
	}{
		{"bucket", bucket, "my-bucket", ""},
		{"bucket with dots", bucket, "artifacts.example.com", ""},
		{"shortest bucket", bucket, "abc", ""},
		{"bucket URL", bucket, "s3://my-bucket", "not a URL"},
		{"bucket in upper case", bucket, "My-Bucket", "lower-case"},
		{"bucket too short", bucket, "ab", "3 to 63"},
		{"bucket too long", bucket, strings.Repeat("a", 64), "3 to 63"},
		{"bucket ending with a hyphen", bucket, "bucket-", "starting and ending"},
		{"bucket with two dots", bucket, "a..b", "two dots"},
		{"bucket as an IP address", bucket, "192.168.5.4", "IP address"},
		{"bucket with a space", bucket, "my bucket", "lower-case"},
		{"no prefix", prefix, "", ""},
		{"prefix", prefix, "cognito-user-pool-client", ""},
		{"nested prefix with a trailing slash", prefix, "releases/v0.2.0/", ""},
		{"prefix with safe punctuation", prefix, "a!b_c.d*e'f(g)", ""},
		{"prefix with a space", prefix, "my prefix", "letters, digits"},
		{"prefix with a dollar", prefix, "$HOME", "letters, digits"},
		{"absolute prefix", prefix, "/usr/local", "does not start with /"},
		{"prefix with an empty part", prefix, "a//b", "no empty part"},
		{"prefix too long", prefix, strings.Repeat("a", 513), "longer than 512"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check(tt.value)
			switch {
			case tt.problem == "" && err != nil:
				t.Errorf("%q: %v, want nil", tt.value, err)
			case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
				t.Errorf("%q: %v, want an error saying %q", tt.value, err, tt.problem)
			}
		})
	}
}

// packageTemplate packages the repository's template.yaml for codeURI.
func packageTemplate(t *testing.T) (src []byte, p release.Packaged) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err = release.Package(src, codeURI)
	if err != nil {
		t.Fatal(err)
	}
	return src, p
}

// TestPackageTemplate: the packaged template is template.yaml with the
// function's code in S3, nothing SAM's build or publishing reads, and every
// other value, comment and short-form intrinsic kept.
func TestPackageTemplate(t *testing.T) {
	t.Parallel()
	src, p := packageTemplate(t)
	before, err := samtemplate.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	after, err := samtemplate.Parse(p.YAML)
	if err != nil {
		t.Fatalf("the packaged template does not parse: %v\n%s", err, p.YAML)
	}

	if p.Function != "CognitoUserPoolClientFunction" {
		t.Errorf("function %q, want CognitoUserPoolClientFunction", p.Function)
	}
	fn := after.Resources[p.Function]
	if got := fn.Properties["CodeUri"]; got != codeURI {
		t.Errorf("CodeUri %v, want %s", got, codeURI)
	}
	if fn.Metadata != nil {
		t.Errorf("the function keeps Metadata %v: BuildMethod is for sam build, which a packaged template skips", fn.Metadata)
	}
	for _, gone := range []string{"BuildMethod", "AWS::ServerlessRepo::Application", "LicenseUrl", "ReadmeUrl"} {
		if bytes.Contains(p.YAML, []byte(gone)) {
			t.Errorf("the packaged template still says %s", gone)
		}
	}

	// Everything else is the same, value for value.
	want := before.Resources[p.Function]
	want.Properties["CodeUri"] = codeURI
	want.Metadata = nil
	before.Resources[p.Function] = want
	for _, section := range []struct {
		name          string
		before, after any
	}{
		{"AWSTemplateFormatVersion", before.FormatVersion, after.FormatVersion},
		{"Transform", before.Transform, after.Transform},
		{"Description", before.Description, after.Description},
		{"Parameters", before.Parameters, after.Parameters},
		{"Conditions", before.Conditions, after.Conditions},
		{"Resources", before.Resources, after.Resources},
		{"Outputs", before.Outputs, after.Outputs},
	} {
		if !reflect.DeepEqual(section.before, section.after) {
			t.Errorf("%s changed:\n%v\nwant\n%v", section.name, section.after, section.before)
		}
	}

	// Comments and short forms are kept: the same number of each, but for
	// the comments of the sections left out.
	for _, tag := range []string{"!Ref ", "!GetAtt ", "!Sub ", "!If", "!Not ", "!Equals "} {
		if b, a := bytes.Count(src, []byte(tag)), bytes.Count(p.YAML, []byte(tag)); a != b {
			t.Errorf("%q: %d in the packaged template, %d in template.yaml", tag, a, b)
		}
	}
	for _, comment := range []string{"# An explicit role rather than SAM's Policies", "# CloudFormation invokes the function asynchronously."} {
		if !bytes.Contains(src, []byte(comment)) {
			t.Fatalf("template.yaml no longer says %q: pick another comment", comment)
		}
		if !bytes.Contains(p.YAML, []byte(comment)) {
			t.Errorf("the packaged template lost the comment %q", comment)
		}
	}
	if !bytes.HasPrefix(p.YAML, []byte("# Packaged by `make package`")) {
		t.Errorf("the packaged template does not say where it comes from:\n%.200s", p.YAML)
	}

	var required []string
	for name, param := range before.Parameters {
		if _, ok := param["Default"]; !ok {
			required = append(required, name)
		}
	}
	slices.Sort(required)
	if !reflect.DeepEqual(slices.Sorted(slices.Values(p.Required)), required) || !slices.Contains(required, "UserPoolArns") {
		t.Errorf("required parameters %q; the template's without a default: %q, UserPoolArns among them", p.Required, required)
	}
}

func TestPackageTemplatePassesCfnLint(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cfn-lint (Python), seconds")
	}
	t.Parallel()
	_, p := packageTemplate(t)
	path := filepath.Join(t.TempDir(), "packaged.yaml")
	if err := os.WriteFile(path, p.YAML, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cfnlint.Check(t.Context(), path); err != nil {
		t.Error(err)
	}
}

func TestPackageRefuses(t *testing.T) {
	t.Parallel()
	const function = `
  %s:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: %s
      Handler: bootstrap
      Runtime: provided.al2023`
	tests := []struct {
		name, template, problem string
	}{
		{"no function", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n", "0 functions built from a local CodeUri"},
		{"code already in S3", "Resources:" + strings.ReplaceAll(strings.Replace(function, "%s", "F", 1), "%s", "s3://b/k.zip"), "0 functions"},
		{"two functions", "Resources:" + strings.ReplaceAll(strings.Replace(function, "%s", "A", 1), "%s", ".") +
			strings.ReplaceAll(strings.Replace(function, "%s", "B", 1), "%s", "lambda/"), "2 functions built from a local CodeUri (A, B)"},
		{"no Resources", "Parameters: {}\n", "no Resources"},
		{"a list", "- a\n", "not a YAML mapping"},
		{"not YAML", "Resources: [\n", "reading the template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := release.Package([]byte(tt.template), codeURI)
			if err == nil || !strings.Contains(err.Error(), tt.problem) {
				t.Errorf("Package = %v, want an error saying %q", err, tt.problem)
			}
		})
	}
}
