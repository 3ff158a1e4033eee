package cfnlint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLint(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cfn-lint")
	}
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	clean := write("clean.json", `{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}`)
	bad := write("bad.json", `{"Resources": {
  "Pool": {"Type": "AWS::Cognito::UserPool"},
  "Client": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {"UserPoolId": {"Ref": "Pool"}, "CallbackUrls": ["https://example.com"]}},
  "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
  "Fn": {"Type": "AWS::SNS::Topic", "DependsOn": "Role", "Properties": {"TopicName": {"Fn::GetAtt": ["Role", "Arn"]}}}
}}`)
	found, err := Lint(t.Context(), clean, bad)
	if err != nil {
		t.Fatal(err)
	}
	// The misspelt property is found; the ignored W3005 (DependsOn beside a
	// GetAtt) is not; the clean template has nothing.
	text := strings.Join(found, "\n")
	if !strings.Contains(text, "bad.json:3:") || !strings.Contains(text, "CallbackUrls") {
		t.Errorf("findings lack the misspelt CallbackUrls:\n%s", text)
	}
	for _, f := range found {
		if strings.Contains(f, "W3005") || strings.Contains(f, "clean.json") {
			t.Errorf("unexpected finding: %s", f)
		}
	}
}
