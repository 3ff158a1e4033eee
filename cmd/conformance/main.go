// Command conformance checks the project's ledger of Cognito's and Secrets
// Manager's behaviour (docs/cognito-behaviour.md) against AWS: it creates a
// temporary user pool, runs every scenario of internal/conformance in it and
// on secrets of its own, prints a table row | expected | observed | agrees,
// and deletes the secrets and the pool.
//
//	make conformance-aws
//	go run ./cmd/conformance --yes [--analytics-application-arn ARN]
//
// It uses the standard AWS configuration (AWS_PROFILE, AWS_REGION, the
// AWS_* credential variables, ~/.aws); AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
// and AWS_ENDPOINT_URL_SECRETS_MANAGER point it at other endpoints, such as
// the project's fakes or an emulator. With only the Cognito endpoint set,
// the Secrets Manager rows are skipped rather than run against AWS with
// credentials meant for the other endpoint. Its last line names where it
// ran: Amazon Cognito in the Region, or the endpoint's URL. Before it
// starts it prints what it will do, roughly how many API calls it makes,
// what that costs and the IAM actions it needs, and it does nothing more
// without --yes or CONFORMANCE_YES=1.
//
// The pool and the secrets are deleted on every path once they exist: after
// the table, after a failure, and after Ctrl-C or SIGTERM (with a context of
// their own, since the run's is done by then). The secrets are deleted
// without a recovery window: nothing ever read them.
//
// Exit status: 0 when every scenario agrees with the ledger; 1 when one
// disagrees, fails, or the run is interrupted; 2 when nothing was run (no
// --yes, a usage error, no configuration, the pool could not be created);
// 3 when the pool or a secret could not be deleted, whatever the scenarios
// said: the message names them and the commands that delete them.
package main

import (
	"context"
	"errors"
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
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/cognito-client-resource/cognitoclient/internal/conformance"
)

const (
	// endpointVar points the SDK's Cognito client at another endpoint.
	endpointVar = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"
	// secretsEndpointVar points the SDK's Secrets Manager client at
	// another endpoint.
	secretsEndpointVar = "AWS_ENDPOINT_URL_SECRETS_MANAGER"
	// yesVar set to 1 is the same as --yes.
	yesVar = "CONFORMANCE_YES"
	// analyticsVar is the default of --analytics-application-arn.
	analyticsVar = "CONFORMANCE_ANALYTICS_APPLICATION_ARN"
	// poolPrefix starts the name of every pool and secret the command
	// creates, so that one left behind is easy to recognise.
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
	exitLeft      = 3
)

// iamActions are the actions a run calls, and on what.
const iamActions = "cognito-idp:CreateUserPool, cognito-idp:DeleteUserPool, cognito-idp:CreateUserPoolClient,\n" +
	"  cognito-idp:DescribeUserPoolClient, cognito-idp:UpdateUserPoolClient, cognito-idp:AddUserPoolClientSecret,\n" +
	"  cognito-idp:DeleteUserPoolClientSecret, cognito-idp:ListUserPoolClientSecrets (InitiateAuth needs none);\n" +
	"  secretsmanager:CreateSecret, GetSecretValue, PutSecretValue, UpdateSecretVersionStage, DescribeSecret,\n" +
	"  TagResource, DeleteSecret, RestoreSecret on arn:aws:secretsmanager:*:*:secret:" + poolPrefix + "*"

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
	cognitoURL, secretsURL := os.Getenv(endpointVar), os.Getenv(secretsEndpointVar)
	checkSecrets := cognitoURL == "" || secretsURL != ""
	printPlan(stdout, *arn, checkSecrets)
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
	where := endpoints{region: cfg.Region, cognito: cognitoURL, secrets: secretsURL, checkSecrets: checkSecrets}
	fmt.Fprintf(stdout, "Region %s, against %s\n", cfg.Region, where)
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

	opts := conformance.Options{AnalyticsApplicationArn: *arn, SecretPrefix: name + "/"}
	if checkSecrets {
		opts.SecretsManager = sm.NewFromConfig(cfg)
	}
	code, left := runScenarios(ctx, client, poolID, opts, where, stdout, stderr)
	for _, secret := range left {
		fmt.Fprintf(stderr, "conformance: secret %s NOT deleted\n  delete it with: aws secretsmanager delete-secret --region %s --force-delete-without-recovery --secret-id %s\n", secret, cfg.Region, secret)
	}
	if !deletePool(client, poolID, cfg.Region, stdout, stderr) || len(left) > 0 {
		return exitLeft
	}
	return code
}

// endpoints says where a run's calls go.
type endpoints struct {
	region string
	// cognito and secrets are the endpoints set in the environment; empty
	// for AWS's.
	cognito, secrets string
	// checkSecrets is false when the Secrets Manager rows are skipped.
	checkSecrets bool
}

// String names the endpoints: "Amazon Cognito and AWS Secrets Manager in
// <Region>", or a URL with the variable that set it in place of either.
func (e endpoints) String() string {
	if e.cognito == "" && e.secrets == "" && e.checkSecrets {
		return "Amazon Cognito and AWS Secrets Manager in " + e.region
	}
	cognito := "Amazon Cognito in " + e.region
	if e.cognito != "" {
		cognito = e.cognito + " (" + endpointVar + ")"
	}
	if !e.checkSecrets {
		return cognito
	}
	secrets := "AWS Secrets Manager in " + e.region
	if e.secrets != "" {
		secrets = e.secrets + " (" + secretsEndpointVar + ")"
	}
	return cognito + " and " + secrets
}

// advice says what a disagreement means where the run went: new evidence
// against Amazon Cognito, a difference of the emulator's otherwise.
func (e endpoints) advice() string {
	if e.cognito == "" {
		return `see docs/cognito-behaviour.md, "When Amazon Cognito disagrees"`
	}
	return `an emulator is not Amazon Cognito, and the ledger changes only on evidence from AWS (docs/cognito-behaviour.md, "Against an emulator")`
}

// printPlan says what a run does before it does anything.
func printPlan(w io.Writer, analyticsArn string, checkSecrets bool) {
	n := len(conformance.Scenarios())
	calls := conformance.EstimatedCalls() + 2
	polls, secrets := 0, 0
	for _, s := range conformance.Scenarios() {
		polls += s.Polls
		if s.Table == conformance.SecretsManager {
			secrets++ // each of them creates one secret
		}
	}
	fmt.Fprintf(w, `Conformance of Amazon Cognito and AWS Secrets Manager to docs/cognito-behaviour.md

This run:
  1. creates a user pool named %[1]s<UTC time>, with no users;
  2. runs %[2]d scenarios: they create, update and describe app clients in it, add,
     list and delete their client secrets, and check secrets with InitiateAuth
     (for a user that does not exist); they create Secrets Manager secrets named
     %[1]s<UTC time>/<row>, and write, read, tag,
     schedule for deletion and restore them;
  3. prints row | expected | observed | agrees, and exits non-zero on any disagreement;
  4. deletes the secrets (without a recovery window) and the user pool, with its
     clients, on every path: success, failure, Ctrl-C.

API calls: at most %[3]d (%[4]d of them polls, which a service that does not lag never
  needs), one more for a scenario that disagrees, plus the SDK's retries of any
  throttled call.
Cost: Cognito bills user pools by monthly active users (and some features by
  request); this run creates no users, signs nobody in and requests no tokens,
  so it should cost nothing. Secrets Manager bills each secret by the hour it
  exists (USD 0.40 a month) and API calls by the 10,000 (USD 0.05): this run's
  %[5]d secrets live for a minute or two, well under one US cent. Check the
  pricing pages if in doubt.
IAM actions: %[6]s.
`, poolPrefix, n, calls, polls, secrets, iamActions)
	if !checkSecrets {
		fmt.Fprintf(w, "Secrets Manager rows: skipped, %s points at another Cognito endpoint; set %s to check them too.\n", endpointVar, secretsEndpointVar)
	}
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
// status the scenarios call for, and the secrets the run could not delete.
func runScenarios(ctx context.Context, client *cip.Client, poolID string, opts conformance.Options, where endpoints, stdout, stderr io.Writer) (int, []string) {
	results, err := conformance.Run(ctx, client, poolID, opts)
	printTable(stdout, results)
	var left *conformance.SecretsLeftError
	if errors.As(err, &left) {
		fmt.Fprintf(stderr, "conformance: %v\n", left)
		return exitDisagrees, left.Names
	}
	if err != nil {
		fmt.Fprintf(stderr, "conformance: interrupted after %d of %d scenarios: %v\n", len(results), len(conformance.Scenarios()), err)
		return exitDisagrees, nil
	}
	ran, disagree := 0, 0
	for _, r := range results {
		if r.Skipped {
			continue
		}
		ran++
		if !r.Agrees {
			disagree++
		}
	}
	if disagree > 0 {
		fmt.Fprintf(stderr, "conformance: %d of the %d scenarios that ran disagree with the ledger, against %s: %s\n", disagree, ran, where, where.advice())
		return exitDisagrees, nil
	}
	fmt.Fprintf(stdout, "Every scenario that ran agrees with the ledger, against %s.\n", where)
	return exitAgrees, nil
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
		fmt.Fprintf(w, "%s | %s | %s | %s\n", r.Label(), r.Expected, r.Observed, agrees)
	}
	var msgs []string
	for _, r := range results {
		for _, m := range r.Messages {
			msgs = append(msgs, fmt.Sprintf("  row %s: %s", r.Label(), m))
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
