package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/cognito-client-resource/cognitoclient/internal/resource"
	"github.com/cognito-client-resource/cognitoclient/internal/samtemplate"
)

// A template with two mistakes: each is reported at its line, with the
// function's message, and the exit status is 1.
func Example() {
	code := run([]string{"testdata/example.yaml"}, os.Stdout, os.Stdout)
	fmt.Println("exit status", code)
	// Output:
	// testdata/example.yaml:7:7: WebClient.AccessTokenValidity: must not exceed RefreshTokenValidity: 10h is longer than 8h
	// testdata/example.yaml:13:11: WebClient.CallbackURLs[1]: "http://shop.example.com/auth/callback" must use https: http is allowed only for localhost, 127.0.0.1 and [::1]
	// exit status 1
}

// runOn runs the command on args and returns its exit status and outputs.
func runOn(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// wantMarker is a "# want: Id.Property..." comment of testdata/mistakes.yaml.
var wantMarker = regexp.MustCompile(`# want: (.*)$`)

// TestMistakes checks testdata/mistakes.yaml, one mistake per rule: every
// problem is reported on the line its marker is on, and no other.
func TestMistakes(t *testing.T) {
	const path = "testdata/mistakes.yaml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i, line := range strings.Split(string(data), "\n") {
		if m := wantMarker.FindStringSubmatch(line); m != nil {
			for _, p := range strings.Fields(m[1]) {
				want = append(want, fmt.Sprintf("%d: %s", i+1, p))
			}
		}
	}
	found, checked, err := checkFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range found {
		got = append(got, fmt.Sprintf("%d: %s.%s", f.Line, f.Resource, f.Property))
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("problems at\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if checked != 18 {
		t.Errorf("%d resources checked, want the 18 Custom::CognitoUserPoolClient (and not the AWS::CloudFormation::CustomResource)", checked)
	}
	if code, _, _ := runOn(path); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
}

// noCognito is a Cognito that must not be called: every resource of the
// mistakes templates is refused before any call.
type noCognito struct{ resource.Cognito }

// delivered is v as CloudFormation hands it to the function: every scalar a
// string.
func delivered(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = delivered(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = delivered(e)
		}
		return out
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	}
	panic(fmt.Sprintf("no %T in the mistakes templates", v))
}

// resolved is a list that mixes literal items with deploy-time ones as
// CloudFormation hands it to the function: each deploy-time item resolved
// to a valid value of its own, so that the function judges the literal
// items as the command does.
func resolved(t *testing.T, name string, list []any) []any {
	t.Helper()
	out := make([]any, len(list))
	for i, e := range list {
		switch {
		case !deployTime(e):
			out[i] = delivered(e)
		case strings.HasSuffix(name, "URLs"):
			out[i] = fmt.Sprintf("https://resolved-%d.example.com/", i)
		case name == "SupportedIdentityProviders":
			out[i] = fmt.Sprintf("Resolved%d", i)
		default:
			t.Fatalf("%s: no resolved value for a deploy-time item of this list", name)
		}
	}
	return out
}

// TestMessagesAreTheFunctions runs a Create of every resource of the
// mistakes templates through the function's lifecycle and checks that its
// FAILED reason lists exactly the problems the command reports.
func TestMessagesAreTheFunctions(t *testing.T) {
	for _, path := range []string{"testdata/mistakes.yaml", "testdata/mistakes.json"} {
		tpl, err := samtemplate.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		found, _, err := checkFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for id, r := range tpl.Resources {
			if r.Type != resourceType {
				continue
			}
			t.Run(path+"/"+id, func(t *testing.T) {
				properties := map[string]any{}
				for name, v := range r.Properties {
					if list, ok := v.([]any); ok && deployTime(v) {
						properties[name] = resolved(t, name, list)
					} else if !deployTime(v) || sentAsText(name, v) { // ServiceToken, and UserPoolId in the JSON template
						properties[name] = delivered(v)
					}
				}
				if _, ok := r.Properties["UserPoolId"]; ok {
					if _, literal := properties["UserPoolId"]; !literal {
						properties["UserPoolId"] = "us-east-1_AbCdEf123"
					}
				}
				out := resource.New(noCognito{}).Handle(context.Background(), cfn.Event{
					RequestType:        cfn.RequestCreate,
					LogicalResourceID:  id,
					ResourceType:       resourceType,
					ResourceProperties: properties,
				})
				if out.Status != cfn.StatusFailed {
					t.Fatalf("the function answered %s, want FAILED", out.Status)
				}
				answered := strings.Split(out.Reason, "\n")[1:]
				var reported []string
				for _, f := range found {
					if f.Resource == id {
						reported = append(reported, f.Property+": "+f.Message)
					}
				}
				sort.Strings(answered)
				sort.Strings(reported)
				if !slices.Equal(answered, reported) {
					t.Errorf("the function answers\n%s\nthe command reports\n%s", strings.Join(answered, "\n"), strings.Join(reported, "\n"))
				}
			})
		}
	}
}

// TestJSONTemplate checks a JSON template, tab-indented and with \/ escapes:
// the positions are those of the file.
func TestJSONTemplate(t *testing.T) {
	code, stdout, stderr := runOn("testdata/mistakes.json")
	want := `testdata/mistakes.json:9:5: Client.AccessTokenValidity: "2d" is too long: it must be between 5m and 1d
testdata/mistakes.json:12:51: Client.CallbackURLs[1]: "https://example.com/cb#top" has a fragment (#...), which a redirect URL must not have
testdata/mistakes.json:13:30: Client.RefreshTokenRotation.Feature: "enabled" is not one of ENABLED, DISABLED
`
	if code != 1 || stdout != want || stderr != "" {
		t.Errorf("exit status %d, stdout\n%s\nstderr %q; want 1 and\n%s", code, stdout, stderr, want)
	}
}

// TestClientSecrets checks testdata/secrets.yaml: a ClientSecret written as
// a value is reported, although the function accepts it, because the
// template stores it in plain text; a reference is judged on its text, as
// the function receives it (an unpinned one with the function's own
// message), each problem at the position of the property; a pinned
// reference, and a value from a parameter, pass.
func TestClientSecrets(t *testing.T) {
	code, stdout, stderr := runOn("testdata/secrets.yaml")
	const plain = "is stored in the template in plain text: use a pinned secretsmanager reference ({{resolve:secretsmanager:<name-or-arn>:SecretString:<json-key>::<version-id>}})"
	want := `testdata/secrets.yaml:10:7: Literal.ClientSecret: ` + plain + `
testdata/secrets.yaml:17:7: ShortLiteral.ClientSecret: is 12 characters long; a client secret has 24 to 64
testdata/secrets.yaml:17:7: ShortLiteral.ClientSecret: ` + plain + `
testdata/secrets.yaml:24:7: Unpinned.ClientSecret: is not pinned: pin the version ({{resolve:secretsmanager:app/web:SecretString:clientSecret::<version-id>}}); CloudFormation sends an update only when the template's text changes, so an unpinned reference would never rotate
testdata/secrets.yaml:31:7: Staged.ClientSecret: reads the version staged "AWSCURRENT": pin the version with its version id instead ({{resolve:secretsmanager:app/web:SecretString:clientSecret::<version-id>}}); a staging label moves, and CloudFormation sends an update only when the template's text changes
testdata/secrets.yaml:38:7: SecureParameter.ClientSecret: is a dynamic reference to another service: only {{resolve:secretsmanager:…}} references are resolved
`
	if code != 1 || stdout != want || stderr != "" {
		t.Errorf("exit status %d, stdout\n%s\nstderr %q; want 1 and\n%s", code, stdout, stderr, want)
	}
	if strings.Contains(stdout, "LiteralClientSecret_0123456789") || strings.Contains(stdout, "TooShort_012") {
		t.Error("a message shows the secret")
	}
}

// TestIntrinsicsPass checks that no value known only at deploy time is
// judged, nor judged by: each of them, written literally, would be or make
// a mistake.
func TestIntrinsicsPass(t *testing.T) {
	const path = "testdata/intrinsics.yaml"
	code, stdout, stderr := runOn(path)
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("exit status %d, stdout %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}
	// Properties given by a Fn::If are skipped whole; the other four are checked.
	if _, checked, _ := checkFile(path); checked != 4 {
		t.Errorf("%d resources checked, want 4", checked)
	}
}

// TestDeployTime checks which values are known only at deploy time.
func TestDeployTime(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want bool
	}{
		{"a string", "https://example.com/cb", false},
		{"a number", 300, false},
		{"Ref", map[string]any{"Ref": "Pool"}, true},
		{"Fn::Sub", map[string]any{"Fn::Sub": "${A}"}, true},
		{"Condition", map[string]any{"Condition": "IsProd"}, true},
		{"a dynamic reference", "{{resolve:ssm:/app/url}}", true},
		{"a dynamic reference inside a string", "https://{{resolve:ssm:/app/domain}}/cb", true},
		{"an intrinsic item of a list", []any{"a", map[string]any{"Fn::GetAtt": []any{"D", "DomainName"}}}, true},
		{"an intrinsic key of an object", map[string]any{"Feature": map[string]any{"Ref": "F"}}, true},
		{"an object with a Ref key and another", map[string]any{"Ref": "x", "Other": "y"}, false},
		{"a literal object", map[string]any{"Feature": "ENABLED"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := deployTime(tt.v); got != tt.want {
				t.Errorf("deployTime(%v) = %v, want %v", tt.v, got, tt.want)
			}
		})
	}
}

// repoRoot is the module root, two levels above this package.
const repoRoot = "../.."

// TestProjectTemplatesPass checks template.yaml and every template of
// examples/: each is clean, and each Custom::CognitoUserPoolClient in them is
// checked.
func TestProjectTemplatesPass(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(repoRoot, "examples", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	paths = append(paths, filepath.Join(repoRoot, "template.yaml"))
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			assertClean(t, path)
		})
	}
}

// assertClean checks that the template at path has no problem, and that
// every resource of resourceType in it was checked.
func assertClean(t *testing.T, path string) {
	t.Helper()
	tpl, err := samtemplate.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range tpl.Resources {
		if r.Type == resourceType {
			want++
		}
	}
	found, checked, err := checkFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s:%d:%d: %s.%s: %s", f.File, f.Line, f.Column, f.Resource, f.Property, f.Message)
	}
	if checked != want {
		t.Errorf("%d resources checked, want %d", checked, want)
	}
}

// yamlBlock is a fenced YAML block of a Markdown file.
var yamlBlock = regexp.MustCompile("(?ms)^```yaml\n(.*?)^```")

// TestREADMESnippetsPass checks every YAML snippet of the README that
// declares a Custom::CognitoUserPoolClient; a snippet that is only
// resources gets the Resources: line it stands under.
func TestREADMESnippetsPass(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range yamlBlock.FindAllStringSubmatch(string(readme), -1) {
		snippet := m[1]
		if !strings.Contains(snippet, resourceType) {
			continue
		}
		n++
		if !regexp.MustCompile(`(?m)^Resources:`).MatchString(snippet) {
			snippet = "Resources:\n" + snippet
		}
		path := filepath.Join(t.TempDir(), fmt.Sprintf("snippet%d.yaml", n))
		if err := os.WriteFile(path, []byte(snippet), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprintf("snippet %d", n), func(t *testing.T) {
			assertClean(t, path)
		})
	}
	if n < 3 {
		t.Errorf("%d snippets with %s in the README, want at least 3", n, resourceType)
	}
}

// TestUnreadable checks that a template that can't be read gives exit
// status 2 and a message that says where and why, after the problems of the
// templates that could be read.
func TestUnreadable(t *testing.T) {
	tests := []struct {
		name, file, text, want string
	}{
		{"YAML mapping in a scalar", "bad.yaml", "Resources:\n  A: Type: X\n", ":2:10: invalid YAML: mapping values are not allowed in this context"},
		// yaml.v3 itself says line 5.
		{"a tab on line 6", "tab.yaml", "Resources:\n  A:\n    Type: X\n    Properties:\n      B: 1\n\tC: 2\n", ":6:1: invalid YAML: found a tab character that violates indentation"},
		{"an unknown tag", "tag.yaml", "Resources:\n  A:\n    Type: X\n    Properties: {V: !Reff B}\n", ":4:21: !Reff is not a CloudFormation intrinsic function"},
		{"a JSON trailing comma", "comma.json", "{\n  \"Resources\": {\"A\": {\"Type\": \"X\"},}\n}\n", ":2:36: invalid JSON: invalid character '}' looking for beginning of object key string"},
		{"JSON cut short", "cut.json", "{\"Resources\": {\"A\": ", ":1:20: invalid JSON: unexpected end of JSON input"},
		{"no Resources", "empty.yaml", "Description: nothing\n", ": a template declares at least one resource in its Resources section"},
		{"no file", "", "", ": can't read it: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "missing.yaml")
			if tt.file != "" {
				path = filepath.Join(t.TempDir(), tt.file)
				if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr := runOn("testdata/example.yaml", path)
			if code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			want := path + tt.want + "\n"
			if strings.HasPrefix(tt.want, ": ") { // not at a place in the text
				want = "validate: " + want
			}
			if stderr != want {
				t.Errorf("stderr %q, want %q", stderr, want)
			}
			if strings.Count(stdout, "\n") != 2 {
				t.Errorf("stdout %q, want the 2 problems of the readable template", stdout)
			}
		})
	}
}

// TestFormatJSON checks the shape of -format json, with and without
// problems.
func TestFormatJSON(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	tab := filepath.Join(t.TempDir(), "tab.yaml")
	if err := os.WriteFile(tab, []byte("Resources:\n  A:\n    Type: X\n\tProperties: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"clean", []string{"-format", "json", "testdata/intrinsics.yaml"}, 0, `{"problems": [], "unreadable": []}`},
		{"problems and an unreadable template", []string{"-format", "json", "testdata/example.yaml", missing}, 2, `{
			"problems": [
				{"file": "testdata/example.yaml", "line": 7, "column": 7, "resource": "WebClient", "property": "AccessTokenValidity",
				 "message": "must not exceed RefreshTokenValidity: 10h is longer than 8h"},
				{"file": "testdata/example.yaml", "line": 13, "column": 11, "resource": "WebClient", "property": "CallbackURLs[1]",
				 "message": "\"http://shop.example.com/auth/callback\" must use https: http is allowed only for localhost, 127.0.0.1 and [::1]"}
			],
			"unreadable": [{"file": "` + missing + `", "message": "can't read it: no such file or directory"}]
		}`},
		{"invalid YAML, with its place", []string{"-format", "json", tab}, 2, `{
			"problems": [],
			"unreadable": [{"file": "` + tab + `", "line": 4, "column": 1, "message": "invalid YAML: found a tab character that violates indentation"}]
		}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runOn(tt.args...)
			if code != tt.code || stderr != "" {
				t.Errorf("exit status %d, stderr %q; want %d and nothing", code, stderr, tt.code)
			}
			var got, want any
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
			}
			if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			if g, w := fmt.Sprint(got), fmt.Sprint(want); g != w {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"-format", "xml", "testdata/example.yaml"}, {"-bogus"}} {
		if code, stdout, stderr := runOn(args...); code != 2 || stdout != "" || !strings.Contains(stderr, "usage: validate") {
			t.Errorf("%q: exit status %d, stdout %q, stderr %q; want 2 and the usage", args, code, stdout, stderr)
		}
	}
}

// TestMakeTarget runs `make validate` as a user would, from a directory of
// their own: relative paths are theirs (with make -C and with make -f), the
// problems are printed as the command prints them, and the command's exit
// status shows through make's, which is 2 on any failure.
func TestMakeTarget(t *testing.T) {
	repo, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	mine := t.TempDir()
	for _, f := range []string{"testdata/example.yaml", filepath.Join(repo, "examples", "owned-client.yaml")} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(mine, filepath.Base(f)), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	problems := `example.yaml:7:7: WebClient.AccessTokenValidity: must not exceed RefreshTokenValidity: 10h is longer than 8h
example.yaml:13:11: WebClient.CallbackURLs[1]: "http://shop.example.com/auth/callback" must use https: http is allowed only for localhost, 127.0.0.1 and [::1]
`
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr []string
	}{
		{"clean, make -C", []string{"-C", repo, "validate", "TEMPLATE=owned-client.yaml"}, 0, "", nil},
		{"problems, make -C", []string{"-C", repo, "validate", "TEMPLATE=example.yaml owned-client.yaml"}, 2, problems,
			[]string{"validate: exit status 1 (1: problems found, 2: a template could not be read)", "validate] Error 1"}},
		{"problems, make -f", []string{"-f", filepath.Join(repo, "Makefile"), "validate", "TEMPLATE=example.yaml"}, 2, problems,
			[]string{"validate: exit status 1", "Error 1"}},
		{"a template that can't be read", []string{"-C", repo, "validate", "TEMPLATE=missing.yaml"}, 2, "",
			[]string{"validate: missing.yaml: can't read it: no such file or directory", "validate: exit status 2", "Error 2"}},
		{"no template", []string{"-C", repo, "validate"}, 2, "", []string{"usage: make validate TEMPLATE="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("make", append([]string{"--no-print-directory"}, tt.args...)...)
			cmd.Dir = mine
			// As from a shell: PWD is where the user stands, and no outer
			// make (make test) passes its flags on.
			cmd.Env = []string{"PWD=" + mine}
			for _, kv := range os.Environ() {
				if k, _, _ := strings.Cut(kv, "="); !slices.Contains([]string{"PWD", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}, k) {
					cmd.Env = append(cmd.Env, kv)
				}
			}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.code || stdout.String() != tt.stdout {
				t.Errorf("make %s: status %d, stdout\n%s\nwant %d and\n%s\nstderr: %s", strings.Join(tt.args, " "), code, stdout.String(), tt.code, tt.stdout, stderr.String())
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr %q does not hold %q", stderr.String(), want)
				}
			}
			if tt.stderr == nil && stderr.Len() > 0 {
				t.Errorf("stderr %q, want nothing", stderr.String())
			}
		})
	}
}
