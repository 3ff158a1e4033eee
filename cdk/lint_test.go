package cdk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"

	"github.com/cognito-client-resource/cognitoclient/internal/cfnlint"
)

// templates collects the templates the tests synthesize; TestMain lints
// them all at the end (lintAll), in one run of cfn-lint.
var templates *cfnlint.Batch

// lint queues the templates of stacks for cfn-lint, named after the test.
func lint(t *testing.T, stacks ...awscdk.Stack) {
	t.Helper()
	for _, stack := range stacks {
		b, err := json.MarshalIndent(assertions.Template_FromStack(stack, nil).ToJSON(), "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := templates.Add(t.Name()+"-"+*stack.StackName(), b); err != nil {
			t.Fatal(err)
		}
	}
}

// lintAll runs cfn-lint on the queued templates and prints its findings; it
// returns the exit code of the package's tests: 1 for any finding.
func lintAll() int {
	found, err := templates.Run(context.Background())
	for _, f := range found {
		fmt.Println("cfn-lint:", f)
	}
	if err == nil && len(found) > 0 {
		err = fmt.Errorf("%d cfn-lint findings in the synthesized templates", len(found))
	}
	if err != nil {
		fmt.Println("FAIL:", err)
		return 1
	}
	return 0
}
