package response

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/cognito-client-resource/cognitoclient/internal/echo"
)

// Trust is what the function trusts an event by: its own Region, the
// partition's DNS suffix, and the accounts besides its own whose stacks may
// use it. lambda/main.go fills it from the environment.
type Trust struct {
	// Region is the function's own Region, AWS_REGION: the response bucket
	// and every StackId must be this Region's. When it is empty (a local
	// run without any AWS configuration; Lambda always sets it), the
	// Region of the invoked function's ARN stands in for it.
	Region string
	// DNSSuffix returns the DNS suffix of a Region's partition, from the
	// SDK's partition metadata (cognito.DNSSuffix). Wrap calls it once for
	// Region, and for the invoked function's Region only when Region is
	// empty.
	DNSSuffix func(region string) (string, error)
	// TrustedStackAccounts is TRUSTED_STACK_ACCOUNTS as set: the accounts,
	// besides the function's own, whose stacks may use the function,
	// 12-digit ids separated by commas (spaces around them are ignored).
	// Empty trusts the function's own account only. A malformed value
	// makes every event FAILED, saying why: it never trusts more, or less,
	// than was meant.
	TrustedStackAccounts string
	// AllowLoopback also accepts http and https ResponseURLs on loopback
	// hosts, for local runs and tests (ALLOW_LOOPBACK_RESPONSE_URL=true). It
	// skips only the host and bucket rules of [CheckURL]: the URL's key and
	// the event's StackId are held to the same rules as ever.
	AllowLoopback bool
}

// accountID is an AWS account id.
var accountID = regexp.MustCompile(`^[0-9]{12}$`)

// ParseAccounts reads TRUSTED_STACK_ACCOUNTS: 12-digit account ids separated
// by commas, spaces around each ignored; empty means none. It fails on
// anything else, naming the first entry that is not an account id.
func ParseAccounts(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	for i, a := range strings.Split(s, ",") {
		a = strings.TrimSpace(a)
		if !accountID.MatchString(a) {
			return nil, fmt.Errorf("TRUSTED_STACK_ACCOUNTS: entry %d, %s, is not a 12-digit account id: write ids separated by commas, such as 111122223333,444455556666", i+1, echo.Quote(a))
		}
		out = append(out, a)
	}
	return out, nil
}

// FunctionARN is what an invoked function's ARN tells: its partition,
// Region and account. Lambda gives the ARN with each invocation; local
// runtimes give one too (internal/lambdalocal, the SAM CLI's emulator).
type FunctionARN struct {
	Partition, Region, Account string
}

// InvokedFunction reads the invoked function's ARN from the invocation's
// context: arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>].
// Wrap answers every event whose context has none FAILED before its handler
// runs, so a handler may rely on it.
func InvokedFunction(ctx context.Context) (FunctionARN, error) {
	lc, ok := lambdacontext.FromContext(ctx)
	if !ok || lc.InvokedFunctionArn == "" {
		return FunctionARN{}, errors.New("the invocation carries no function ARN, so the function's own account is unknown")
	}
	p := strings.SplitN(lc.InvokedFunctionArn, ":", 7)
	if len(p) != 7 || p[0] != "arn" || p[1] == "" || p[2] != "lambda" || !regionName.MatchString(p[3]) ||
		!accountID.MatchString(p[4]) || p[5] != "function" || p[6] == "" {
		return FunctionARN{}, fmt.Errorf("the invoked function's ARN %s is not a Lambda function's, so the function's own account is unknown", echo.Quote(lc.InvokedFunctionArn))
	}
	return FunctionARN{Partition: p[1], Region: p[3], Account: p[4]}, nil
}

// CheckStackID reports whether stackID is a stack of a trusted account in
// the function's own partition and Region:
// arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>, the
// account one of accounts (the function's own first, then
// TRUSTED_STACK_ACCOUNTS). The error names the property and what is wrong,
// quoting the StackId by package echo's cut.
func CheckStackID(stackID, partition, region string, accounts []string) error {
	p := strings.SplitN(stackID, ":", 6)
	if len(p) != 6 || p[0] != "arn" || p[2] != "cloudformation" || !strings.HasPrefix(p[5], "stack/") || len(p[5]) == len("stack/") {
		return fmt.Errorf("StackId: %s is not a CloudFormation stack ARN (arn:%s:cloudformation:%s:<account>:stack/<name>/<id>)",
			echo.Quote(stackID), partition, region)
	}
	switch {
	case p[1] != partition:
		return fmt.Errorf("StackId: the stack is in partition %s, the function in %s", echo.Quote(p[1]), partition)
	case p[3] != region:
		return fmt.Errorf("StackId: the stack is in Region %s, the function in %s: a custom resource is served in its stack's Region", echo.Quote(p[3]), region)
	case !slices.Contains(accounts, p[4]):
		others := "none"
		if len(accounts) > 1 {
			others = strings.Join(accounts[1:], ", ")
		}
		return fmt.Errorf("StackId: the stack is in account %s, which may not use this function: it serves its own account, %s, and those of TRUSTED_STACK_ACCOUNTS (%s)",
			echo.Quote(p[4]), accounts[0], others)
	}
	return nil
}

// scope is what one event is checked against: the function's own Region,
// its partition and DNS suffix, the accounts it serves (its own first), and
// why none of that can be trusted, when it cannot.
type scope struct {
	region, suffix, partition string
	accounts                  []string
	err                       error
}

// scope returns the scope of the invocation ctx belongs to.
func (w *wrapper) scope(ctx context.Context) scope {
	s := scope{region: w.o.Trust.Region, suffix: w.suffix}
	fn, err := InvokedFunction(ctx)
	if err != nil {
		s.err = err
		return s
	}
	suffixErr := w.suffixErr
	if s.region == "" {
		// Only a local run without AWS configuration gets here: Lambda
		// sets AWS_REGION to the Region of the function's ARN.
		s.region = fn.Region
		s.suffix, suffixErr = w.dnsSuffix(fn.Region)
	}
	s.partition = fn.Partition
	s.accounts = append([]string{fn.Account}, w.accounts...)
	s.err = errors.Join(w.configErr, suffixErr)
	return s
}

// dnsSuffix is Trust.DNSSuffix for a Region name, which it checks first.
func (w *wrapper) dnsSuffix(region string) (string, error) {
	switch {
	case !regionName.MatchString(region):
		return "", fmt.Errorf("AWS_REGION %s is not a Region name", echo.Quote(region))
	case w.o.Trust.DNSSuffix == nil:
		return "", errors.New("the function knows no partition DNS suffixes")
	}
	return w.o.Trust.DNSSuffix(region)
}

// check reports why e cannot be trusted: the scope itself cannot be, or e's
// StackId is not a trusted account's stack in the partition and Region.
func (s scope) check(e cfn.Event) error {
	if s.err != nil {
		return fmt.Errorf("the function cannot check where events come from, so it answers none: %w", s.err)
	}
	return CheckStackID(e.StackID, s.partition, s.region, s.accounts)
}
