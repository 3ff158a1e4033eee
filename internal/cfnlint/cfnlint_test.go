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
}
