package cfnlint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLintAndCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cfn-lint (Python), seconds")
	}
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.yaml", "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n")
	bad := write("bad.json", `{"Resources": {
  "Pool": {"Type": "AWS::Cognito::UserPool"},
  "Client": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {"UserPoolId": {"Ref": "Pool"}, "CallbackUrls": ["https://example.com"]}}
}}`)
	// A DependsOn that a GetAtt implies, as aws-cdk writes a function's.
	redundant := write("redundant.yaml", `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
  Function:
    Type: AWS::Lambda::Function
    DependsOn: [Role]
    Properties:
      Role: !GetAtt Role.Arn
      Runtime: provided.al2023
      Handler: bootstrap
      Code: {S3Bucket: my-bucket, S3Key: k.zip}
`)

	found, err := Lint(t.Context(), good, bad, redundant)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(found, "\n")
	if !strings.Contains(text, "bad.json:3:") || !strings.Contains(text, "CallbackUrls") {
		t.Errorf("Lint: findings lack the misspelt CallbackUrls at its line:\n%s", text)
	}
	if !strings.Contains(text, "redundant.yaml:") || !strings.Contains(text, "W3005") {
		t.Errorf("Lint: findings lack W3005 of the redundant DependsOn:\n%s", text)
	}
	if strings.Contains(text, "good.yaml") {
		t.Errorf("Lint: a finding for the valid template:\n%s", text)
	}

	if err := Check(t.Context(), good); err != nil {
		t.Errorf("Check of a valid template: %v", err)
	}
	if err := Check(t.Context(), good, bad); err == nil || !strings.Contains(err.Error(), "CallbackUrls") || !strings.Contains(err.Error(), "bad.json") {
		t.Errorf("Check of a misspelt property: %v, want cfn-lint's finding naming it", err)
	}
	err = CheckSynthesized(t.Context(), redundant, bad)
	if err == nil || strings.Contains(err.Error(), "redundant.yaml:") || !strings.Contains(err.Error(), "CallbackUrls") {
		t.Errorf("CheckSynthesized of a redundant DependsOn and a misspelt property: %v, want the misspelt property alone", err)
	}
	if err := Check(t.Context()); err == nil {
		t.Error("Check of no template: no error")
	}
}
