// Package cfnlint runs cfn-lint, the CloudFormation linter, on templates for
// the project's tests: the packaged template, the examples and a CDK app's
// synthesized template must be what CloudFormation accepts, beyond what the
// project's own checks look at. cfn-lint is a Python program (pip install
// cfn-lint); the tests that use it are left out of `go test -short`.
package cfnlint

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Command is the linter's executable, looked up in PATH.
const Command = "cfn-lint"

// Check lints the templates at paths in one run of cfn-lint, and returns an
// error holding its report when it finds anything, warnings included, or
// cannot run.
func Check(ctx context.Context, paths ...string) error {
	return run(ctx, nil, paths)
}

// CheckSynthesized is [Check] for templates that aws-cdk synthesized. It
// leaves out one warning, W3005 (a DependsOn that a Fn::GetAtt already
// implies): aws-cdk's lambda.Function always writes its role and the role's
// policy into DependsOn beside the GetAtt of the role, and no construct of
// an app can change that.
func CheckSynthesized(ctx context.Context, paths ...string) error {
	return run(ctx, []string{"--ignore-checks", "W3005"}, paths)
}

func run(ctx context.Context, flags, paths []string) error {
	if len(paths) == 0 {
		return errors.New("cfnlint: no template to check")
	}
	bin, err := exec.LookPath(Command)
	if err != nil {
		return fmt.Errorf("%s is not installed (pip install cfn-lint): %w", Command, err)
	}
	args := append(append(flags, "--"), paths...)
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", Command, strings.Join(args, " "), err, out)
	}
	return nil
}
