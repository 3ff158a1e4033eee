// Package cfnlint runs cfn-lint, the CloudFormation linter, on templates for
// the project's tests: the SAM template, the examples, the packaged
// template and every template the CDK tests synthesize must be what
// CloudFormation accepts, beyond what the project's own checks look at, so a
// mistake fails a test, not a deployment. cfn-lint is a Python program
// (pip install cfn-lint) that must be on the PATH; it takes seconds to
// start, so the tests that use it are left out of `go test -short`.
package cfnlint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
)

// Command is the linter's executable, looked up in PATH.
const Command = "cfn-lint"

// synthesized are the checks left out for templates aws-cdk synthesized.
// W3005 ("DependsOn already enforced by a GetAtt") is on every
// awslambda.Function: the CDK makes the function depend on its role and the
// role's policy, so that the policy exists before the function can run; it
// is harmless, and no construct of an app can change it.
var synthesized = []string{"W3005"}

// Lint runs cfn-lint on the template files, in one process, and returns its
// findings of every level, one line each ("file:line:column: W1234
// message"), sorted; none is a clean bill. It fails when cfn-lint cannot
// run or there is no file.
func Lint(ctx context.Context, files ...string) ([]string, error) {
	return lint(ctx, nil, files)
}

// LintSynthesized is [Lint] for templates that aws-cdk synthesized: it
// leaves out the checks that the CDK's own constructs always trip.
func LintSynthesized(ctx context.Context, files ...string) ([]string, error) {
	return lint(ctx, synthesized, files)
}

// Check is [Lint] as an error: nil when cfn-lint finds nothing, warnings
// included, else an error that holds its findings.
func Check(ctx context.Context, files ...string) error {
	return asError(Lint(ctx, files...))
}

// CheckSynthesized is [LintSynthesized] as an error, as [Check] is.
func CheckSynthesized(ctx context.Context, files ...string) error {
	return asError(LintSynthesized(ctx, files...))
}

func asError(found []string, err error) error {
	switch {
	case err != nil:
		return err
	case len(found) > 0:
		return fmt.Errorf("%s found %d problem(s):\n%s", Command, len(found), strings.Join(found, "\n"))
	}
	return nil
}

func lint(ctx context.Context, ignore, files []string) ([]string, error) {
	if len(files) == 0 {
		return nil, errors.New("cfnlint: no template to check")
	}
	bin, err := exec.LookPath(Command)
	if err != nil {
		return nil, fmt.Errorf("%s is not on the PATH (pip install cfn-lint): the tests lint every template: %w", Command, err)
	}
	args := []string{"--format", "json"}
	if len(ignore) > 0 {
		args = append(append(args, "--ignore-checks"), ignore...)
	}
	args = append(append(args, "--"), files...)
	out, err := exec.CommandContext(ctx, bin, args...).Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, fmt.Errorf("%s: %w", Command, err)
	}
	var found []struct {
		Filename string
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
		return nil, fmt.Errorf("%s: %v: %s%s", Command, jerr, out, msg)
	}
	lines := make([]string, len(found))
	for i, f := range found {
		lines[i] = fmt.Sprintf("%s:%d:%d: %s %s", f.Filename, f.Location.Start.LineNumber, f.Location.Start.ColumnNumber, f.Rule.Id, f.Message)
	}
	slices.Sort(lines)
	return lines, nil
}
