// Package cfnlint runs cfn-lint, the CloudFormation linter, on templates:
// the CDK tests lint every template they synthesize, so a construct that
// writes something CloudFormation would refuse fails a test, not a
// deployment. It is test support: cfn-lint must be on the PATH.
package cfnlint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"slices"
)

// ignored are the checks not run. W3005 ("DependsOn already enforced by a
// GetAtt") is on every awslambda.Function: the CDK makes the function
// depend on its role and the role's policy, so that the policy exists
// before the function can run; it is harmless and not ours to change.
var ignored = []string{"W3005"}

// Lint runs cfn-lint on the template files, in one process, and returns its
// findings of every level, one line each ("file:line:column: W1234
// message"), sorted; none is a clean bill. It fails when cfn-lint cannot run.
func Lint(ctx context.Context, files ...string) ([]string, error) {
	if len(files) == 0 {
		return nil, nil
	}
	if _, err := exec.LookPath("cfn-lint"); err != nil {
		return nil, errors.New("cfn-lint is not on the PATH (pip install cfn-lint): the CDK tests lint every template they synthesize")
	}
	args := append([]string{"--format", "json", "--ignore-checks"}, ignored...)
	args = append(args, "--")
	cmd := exec.CommandContext(ctx, "cfn-lint", append(args, files...)...)
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, fmt.Errorf("cfn-lint: %w", err)
	}
	var found []struct {
		Filename string
		Level    string
		Message  string
		Location struct {
			Start struct{ LineNumber, ColumnNumber int }
		}
		Rule struct{ Id string }
	}
	if jerr := json.Unmarshal(out, &found); jerr != nil {
		msg := ""
		if exit != nil {
			msg = string(exit.Stderr)
		}
		return nil, fmt.Errorf("cfn-lint: %v: %s%s", jerr, out, msg)
	}
	lines := make([]string, len(found))
	for i, f := range found {
		lines[i] = fmt.Sprintf("%s:%d:%d: %s %s", f.Filename, f.Location.Start.LineNumber, f.Location.Start.ColumnNumber, f.Rule.Id, f.Message)
	}
	slices.Sort(lines)
	return lines, nil
}
