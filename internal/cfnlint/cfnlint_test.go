package cfnlint_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/cfnlint"
)

func TestCheck(t *testing.T) {
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
	bad := write("bad.yaml", "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      NoSuchProperty: 1\n")

	if err := cfnlint.Check(t.Context(), good); err != nil {
		t.Errorf("a valid template: %v", err)
	}
	err := cfnlint.Check(t.Context(), good, bad)
	if err == nil || !strings.Contains(err.Error(), "NoSuchProperty") || !strings.Contains(err.Error(), "bad.yaml") {
		t.Errorf("a template with an unknown property: %v, want cfn-lint's report naming it", err)
	}
	if err := cfnlint.Check(t.Context()); err == nil {
		t.Error("no template: no error")
	}

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
	if err := cfnlint.Check(t.Context(), redundant); err == nil || !strings.Contains(err.Error(), "W3005") {
		t.Errorf("Check of a redundant DependsOn: %v, want W3005", err)
	}
	err = cfnlint.CheckSynthesized(t.Context(), redundant, bad)
	if err == nil || strings.Contains(err.Error(), "redundant.yaml:") || !strings.Contains(err.Error(), "NoSuchProperty") {
		t.Errorf("CheckSynthesized of a redundant DependsOn and an unknown property: %v, want the unknown property alone", err)
	}
}
