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
	if len(paths) == 0 {
		return errors.New("cfnlint: no template to check")
	}
	bin, err := exec.LookPath(Command)
	if err != nil {
		return fmt.Errorf("%s is not installed (pip install cfn-lint): %w", Command, err)
	}
	out, err := exec.CommandContext(ctx, bin, append([]string{"--"}, paths...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", Command, strings.Join(paths, " "), err, out)
	}
	return nil
}
