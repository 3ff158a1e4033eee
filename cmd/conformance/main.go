// Command conformance checks the project's ledger of Cognito's behaviour
// (docs/cognito-behaviour.md) against Amazon Cognito: it creates a
// temporary user pool, runs every scenario of internal/conformance in it,
// prints a table row | expected | observed | agrees, and deletes the pool.
//
//	make conformance-aws
//	go run ./cmd/conformance --yes [--analytics-application-arn ARN]
//
// It uses the standard AWS configuration (AWS_PROFILE, AWS_REGION, the
// AWS_* credential variables, ~/.aws); AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
// points it at another endpoint, such as the project's fake. Before it
// starts it prints what it will do, roughly how many API calls it makes,
// what that costs and the IAM actions it needs, and it does nothing more
// without --yes or CONFORMANCE_YES=1.
//
// The pool is deleted on every path once it exists: after the table, after
// a failure, and after Ctrl-C or SIGTERM (with a context of its own, since
// the run's is done by then).
//
// Exit status: 0 when every scenario agrees with the ledger; 1 when one
// disagrees, fails, or the run is interrupted; 2 when nothing was run (no
// --yes, a usage error, no configuration, the pool could not be created);
// 3 when the pool could not be deleted, whatever the scenarios said: the
// message names it and the command that deletes it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/conformance"
)

const (
	// endpointVar points the SDK's Cognito client at another endpoint.
	endpointVar = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"
	// yesVar set to 1 is the same as --yes.
	yesVar = "CONFORMANCE_YES"
	// analyticsVar is the default of --analytics-application-arn.
	analyticsVar = "CONFORMANCE_ANALYTICS_APPLICATION_ARN"
	// poolPrefix starts the name of every pool the command creates, so
	// that one left behind is easy to recognise.
	poolPrefix = "cognitoclient-conformance-"
	// deleteTimeout bounds the deletion of the pool, which runs on a fresh
	// context after an interrupt.
	deleteTimeout = 30 * time.Second
)

// The exit statuses.
const (
	exitAgrees    = 0
	exitDisagrees = 1
	exitNotRun    = 2
	exitPoolLeft  = 3
)

// iamActions are the actions a run calls.
const iamActions = "cognito-idp:CreateUserPool, cognito-idp:DeleteUserPool, cognito-idp:CreateUserPoolClient, " +
	"cognito-idp:DescribeUserPoolClient, cognito-idp:UpdateUserPoolClient"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	yes := fs.Bool("yes", false, "create the user pool and run (also: "+yesVar+"=1)")
	arn := fs.String("analytics-application-arn", os.Getenv(analyticsVar),
		"ARN of an Amazon Pinpoint application for ledger rows 13 and 14 (also: "+analyticsVar+"); without it they are skipped")
	if err := fs.Parse(args); err != nil {
		return exitNotRun
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "conformance: unexpected argument %q\n", fs.Arg(0))
		return exitNotRun
	}
	printPlan(stdout, *arn)
	if !*yes && os.Getenv(yesVar) != "1" {
		fmt.Fprintf(stderr, "conformance: nothing done: pass --yes or set %s=1 to create the user pool and make these calls\n", yesVar)
		return exitNotRun
	}

	// Throttling is retried a little longer than the SDK's default: the
	// run makes its calls back to back.
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRetryMaxAttempts(5))
	if err != nil {
		fmt.Fprintf(stderr, "conformance: AWS configuration: %v\n", err)
		return exitNotRun
	}
	if cfg.Region == "" {
		fmt.Fprintln(stderr, "conformance: no AWS Region: set AWS_REGION or a profile's region")
		return exitNotRun
	}
	endpoint := "Amazon Cognito"
	if v := os.Getenv(endpointVar); v != "" {
		endpoint = v + " (" + endpointVar + ")"
	}
	fmt.Fprintf(stdout, "Region %s, endpoint %s\n", cfg.Region, endpoint)
	client := cip.NewFromConfig(cfg)

	name := poolPrefix + time.Now().UTC().Format("20060102T150405Z")
	created, err := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName:           &name,
		DeletionProtection: types.DeletionProtectionTypeInactive,
	})
	if err != nil {
		fmt.Fprintf(stderr, "conformance: creating user pool %s: %v\n", name, err)
		return exitNotRun
	}
	poolID := *created.UserPool.Id
	fmt.Fprintf(stdout, "Created user pool %s (%s)\n\n", poolID, name)

	code := runScenarios(ctx, client, poolID, conformance.Options{AnalyticsApplicationArn: *arn}, stdout, stderr)
	if !deletePool(client, poolID, cfg.Region, stdout, stderr) {
		return exitPoolLeft
	}
	return code
}

// printPlan says what a run does before it does anything.
func printPlan(w io.Writer, analyticsArn string) {
	n := len(conformance.Scenarios())
	calls := conformance.EstimatedCalls() + 2
	fmt.Fprintf(w, `Conformance of Amazon Cognito to docs/cognito-behaviour.md

This run:
  1. creates a user pool named %s<UTC time>, with no users;
  2. runs %d scenarios, which create, update and describe app clients in it;
  3. prints row | expected | observed | agrees, and exits non-zero on any disagreement;
  4. deletes the user pool, and its clients with it, on every path: success, failure, Ctrl-C.

API calls: %d, one more for a scenario that disagrees, plus the SDK's retries of any throttled call.
Cost: Cognito bills user pools by monthly active users (and some features by
  request); this run creates no users, signs nobody in and requests no tokens,
  so it should cost nothing. Check Cognito's pricing page if in doubt.
IAM actions: %s.
`, poolPrefix, n, calls, iamActions)
	rows := analyticsRows()
	if analyticsArn == "" {
		fmt.Fprintf(w, "Rows %s: skipped, they need an Amazon Pinpoint application (--analytics-application-arn or %s).\n\n", rows, analyticsVar)
		return
	}
	fmt.Fprintf(w, "Rows %s: with the Amazon Pinpoint application %s; Cognito uses its\n  service-linked role AWSServiceRoleForAmazonCognitoIdp, which the account may need to create.\n\n", rows, analyticsArn)
}

// analyticsRows lists the rows whose scenarios need an analytics
// application: "13, 14 and 30".
func analyticsRows() string {
	var rows []string
	for _, s := range conformance.Scenarios() {
		if s.NeedsAnalytics {
			rows = append(rows, strconv.Itoa(s.Row))
		}
	}
	if len(rows) < 2 {
		return strings.Join(rows, "")
	}
	return strings.Join(rows[:len(rows)-1], ", ") + " and " + rows[len(rows)-1]
}

// runScenarios runs the suite and prints its table; it returns the exit
// status the scenarios call for.
func runScenarios(ctx context.Context, client *cip.Client, poolID string, opts conformance.Options, stdout, stderr io.Writer) int {
	results, err := conformance.Run(ctx, client, poolID, opts)
	printTable(stdout, results)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: interrupted after %d of %d scenarios: %v\n", len(results), len(conformance.Scenarios()), err)
		return exitDisagrees
	}
	disagree := 0
	for _, r := range results {
		if !r.Agrees && !r.Skipped {
			disagree++
		}
	}
	if disagree > 0 {
		fmt.Fprintf(stderr, "conformance: %d of %d scenarios disagree with the ledger: see docs/cognito-behaviour.md, \"When Amazon Cognito disagrees\"\n", disagree, len(results))
		return exitDisagrees
	}
	fmt.Fprintln(stdout, "Every scenario that ran agrees with the ledger.")
	return exitAgrees
}

// printTable writes the results, then the service's error messages, which
// the ledger records but the comparison leaves out.
func printTable(w io.Writer, results []conformance.Result) {
	// Not aligned: one long cell would pad every line.
	fmt.Fprintln(w, "row | expected | observed | agrees")
	for _, r := range results {
		agrees := "yes"
		switch {
		case r.Skipped:
			agrees = "skipped"
		case !r.Agrees:
			agrees = "NO"
		}
		fmt.Fprintf(w, "%d | %s | %s | %s\n", r.Row, r.Expected, r.Observed, agrees)
	}
	var msgs []string
	for _, r := range results {
		for _, m := range r.Messages {
			msgs = append(msgs, fmt.Sprintf("  row %d: %s", r.Row, m))
		}
	}
	if len(msgs) > 0 {
		fmt.Fprintf(w, "\nThe service's error messages:\n%s\n", strings.Join(msgs, "\n"))
	}
	fmt.Fprintln(w)
}

// deletePool deletes the pool with a context of its own and reports
// whether it is gone.
func deletePool(client *cip.Client, poolID, region string, stdout, stderr io.Writer) bool {
	ctx, cancel := context.WithTimeout(context.Background(), deleteTimeout)
	defer cancel()
	if _, err := client.DeleteUserPool(ctx, &cip.DeleteUserPoolInput{UserPoolId: &poolID}); err != nil {
		fmt.Fprintf(stderr, "conformance: user pool %s NOT deleted: %v\n  delete it with: aws cognito-idp delete-user-pool --region %s --user-pool-id %s\n", poolID, err, region, poolID)
		return false
	}
	fmt.Fprintf(stdout, "Deleted user pool %s\n", poolID)
	return true
}
