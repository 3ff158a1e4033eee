// Package conformance checks, through the Cognito and Secrets Manager APIs,
// the behaviours that the project's ledger (docs/cognito-behaviour.md)
// records: one [Scenario] per ledger row that the API lets a caller
// observe, in the Cognito table (rows 1, 2, ...) and in the Secrets Manager
// table (rows S1, S2, ...). Each scenario makes a few calls, in a user pool
// it is given or on secrets it creates, and reports what it expected, from
// the ledger, and what it observed.
//
// The same scenarios run against the fakes (internal/cognitofake and
// internal/secretsfake, in the tests) and against AWS (cmd/conformance),
// through the SDK's clients: only the endpoints and the credentials differ.
// A disagreement means the ledger is wrong about the service, or a fake is
// wrong about the ledger.
package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// A Table is a table of the ledger.
type Table int

// The ledger's tables.
const (
	// Cognito is the table of Amazon Cognito's behaviours, rows 1, 2, ...
	Cognito Table = iota
	// SecretsManager is the table of AWS Secrets Manager's behaviours,
	// rows S1, S2, ...
	SecretsManager
)

// Label writes row n of table t as the ledger does: "28", "S3".
func (t Table) Label(n int) string {
	if t == SecretsManager {
		return "S" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// A Scenario observes one ledger row through the API.
type Scenario struct {
	// Table is the ledger table of the row.
	Table Table
	// Row is the ledger row the scenario checks, numbered within Table.
	Row int
	// Name is the scenario's name, as the ledger's Scenario column
	// writes it.
	Name string
	// Expected is what the ledger says the scenario observes, written the
	// way the observation is.
	Expected string
	// Calls is the most API calls the scenario makes when the service
	// answers as the ledger says, for estimates, Polls included, and the
	// deletion of the secrets it creates; a disagreement may cost one more
	// (a Describe of a client the ledger expected refused).
	Calls int
	// Polls is the most calls the scenario repeats while it waits for the
	// service to catch up; against the fakes, which never lag, it makes
	// none of them.
	Polls int
	// NeedsAnalytics is true when the scenario needs an analytics
	// application ([Options.AnalyticsApplicationArn]); without one it is
	// skipped.
	NeedsAnalytics bool

	observe func(context.Context, *env) string
}

// Label is the scenario's row as the ledger writes it: "28", "S3".
func (s Scenario) Label() string { return s.Table.Label(s.Row) }

// A Result is what one scenario observed.
type Result struct {
	Table    Table
	Row      int
	Scenario string
	Expected string
	// Observed is what the service did, written as Expected is, or why the
	// scenario was skipped.
	Observed string
	// Agrees is true when Observed is Expected. A skipped scenario
	// neither agrees nor disagrees: Agrees is false and Skipped true.
	Agrees  bool
	Skipped bool
	// Messages are the messages of the errors the service answered, in
	// order: the ledger records them where they matter, but they do not
	// take part in Agrees, because the service may reword them.
	Messages []string
}

// Label is the result's row as the ledger writes it: "28", "S3".
func (r Result) Label() string { return r.Table.Label(r.Row) }

// Options are what a run may need beyond a client and a user pool.
type Options struct {
	// AnalyticsApplicationArn is the ARN of an Amazon Pinpoint application
	// the scenarios of the ApplicationArn form of AnalyticsConfiguration
	// use; they are skipped when it is empty. The fake accepts any ARN.
	AnalyticsApplicationArn string
	// SecretsManager is the client of the Secrets Manager table's
	// scenarios; they are skipped when it is nil.
	SecretsManager *sm.Client
	// SecretPrefix starts the name of every secret the run creates, so
	// that one left behind is easy to recognise, such as
	// "cognitoclient-conformance-20260101T000000Z/".
	SecretPrefix string
}

// Scenarios returns every scenario, in ledger order: the Cognito table,
// then the Secrets Manager table.
func Scenarios() []Scenario {
	all := slices.Concat(scenarios(), clientSecretScenarios(), secretsManagerScenarios())
	slices.SortStableFunc(all, func(a, b Scenario) int {
		if a.Table != b.Table {
			return int(a.Table) - int(b.Table)
		}
		return a.Row - b.Row
	})
	return all
}

// EstimatedCalls is how many API calls a run of every scenario makes when
// the service agrees with the ledger, without the calls that create and
// delete the user pool.
func EstimatedCalls() int {
	n := 0
	for _, s := range Scenarios() {
		n += s.Calls
	}
	return n
}

// Run runs every scenario in user pool poolID, in ledger order, and returns
// their results. The clients it creates stay in the pool: deleting the pool
// deletes them. The secrets it creates it deletes itself, without a
// recovery window, before it returns, on every path; those it could not
// delete are in a [*SecretsLeftError] among the errors it returns. When ctx
// is done, Run stops and returns the results of the scenarios that
// finished, with ctx's error. A scenario's failure is in its result.
func Run(ctx context.Context, c *cip.Client, poolID string, opts Options) (out []Result, err error) {
	e := &env{c: c, pool: poolID, opts: opts, sleep: sleep}
	defer func() { err = errors.Join(err, e.deleteSecrets(ctx)) }()
	for _, s := range Scenarios() {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		r := Result{Table: s.Table, Row: s.Row, Scenario: s.Name, Expected: s.Expected}
		if s.NeedsAnalytics && opts.AnalyticsApplicationArn == "" {
			r.Skipped = true
			r.Observed = "skipped: needs an analytics application ARN"
			out = append(out, r)
			continue
		}
		if s.Table == SecretsManager && opts.SecretsManager == nil {
			r.Skipped = true
			r.Observed = "skipped: needs a Secrets Manager client"
			out = append(out, r)
			continue
		}
		e.messages = nil
		r.Observed = s.observe(ctx, e)
		if err := ctx.Err(); err != nil {
			return out, err
		}
		r.Agrees = r.Observed == r.Expected
		r.Messages = e.messages
		out = append(out, r)
	}
	return out, nil
}

// env is what the scenarios of one run share.
type env struct {
	c        *cip.Client
	pool     string
	opts     Options
	messages []string
	// sleep waits between two polls, or until ctx is done.
	sleep func(ctx context.Context) error
	// secrets are the names of the secrets the run created, to delete.
	secrets []string

	// minimal is the Describe of a client created with nothing but a
	// name, made once and read by the scenarios of the defaults.
	minimal    *types.UserPoolClientType
	minimalErr string
	// analytics is the client created with the ApplicationArn form of
	// AnalyticsConfiguration, once.
	analytics    *types.UserPoolClientType
	analyticsErr string
}

// outcome writes the result of a call the way Expected does: "accepted",
// or "refused: " and the error code.
func (e *env) outcome(err error) string {
	if err == nil {
		return "accepted"
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		e.messages = append(e.messages, ae.ErrorCode()+": "+ae.ErrorMessage())
		return "refused: " + ae.ErrorCode()
	}
	return "error: " + err.Error()
}

// create creates a client named after the scenario; name and pool are
// filled in. It returns the client, or nil and what went wrong.
func (e *env) create(ctx context.Context, name string, in cip.CreateUserPoolClientInput, opts ...func(*cip.Options)) (*types.UserPoolClientType, string) {
	c, err := e.createErr(ctx, name, in, opts...)
	if err != nil {
		return nil, "create " + e.outcome(err)
	}
	return c, ""
}

// createErr is create, returning the service's error as it is.
func (e *env) createErr(ctx context.Context, name string, in cip.CreateUserPoolClientInput, opts ...func(*cip.Options)) (*types.UserPoolClientType, error) {
	in.UserPoolId = aws.String(e.pool)
	in.ClientName = aws.String("conformance-" + name)
	out, err := e.c.CreateUserPoolClient(ctx, &in, opts...)
	if err != nil {
		return nil, err
	}
	return out.UserPoolClient, nil
}

// byConstraints says whether err is the service's refusal of a value by
// the API model's constraints ("... failed to satisfy constraint: ..."),
// the wording every AWS service's request validation uses, as against any
// other answer.
func (e *env) byConstraints(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		e.messages = append(e.messages, ae.ErrorCode()+": "+ae.ErrorMessage())
		if strings.Contains(ae.ErrorMessage(), "failed to satisfy constraint") {
			return "refused by the model's constraints"
		}
	}
	if err != nil && ae == nil {
		return "error: " + err.Error()
	}
	return "not refused by the model's constraints"
}

// withMember sets a member of the request body as the SDK serialized it:
// for a value the SDK leaves out (an int32 of 0 is "not set" to it), which
// another client may well send.
func withMember(name string, value any) func(*cip.Options) {
	return func(o *cip.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			return stack.Serialize.Add(middleware.SerializeMiddlewareFunc("conformanceWithMember", func(
				ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler,
			) (middleware.SerializeOutput, middleware.Metadata, error) {
				req, ok := in.Request.(*smithyhttp.Request)
				if !ok {
					return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("withMember: a request of type %T", in.Request)
				}
				var body map[string]any
				if err := json.NewDecoder(req.GetStream()).Decode(&body); err != nil {
					return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("withMember: %w", err)
				}
				body[name] = value
				data, err := json.Marshal(body)
				if err != nil {
					return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("withMember: %w", err)
				}
				if in.Request, err = req.SetStream(bytes.NewReader(data)); err != nil {
					return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("withMember: %w", err)
				}
				return next.HandleSerialize(ctx, in)
			}), middleware.After)
		})
	}
}

// update updates client id; pool and id are filled in.
func (e *env) update(ctx context.Context, id *string, in cip.UpdateUserPoolClientInput) error {
	in.UserPoolId = aws.String(e.pool)
	in.ClientId = id
	_, err := e.c.UpdateUserPoolClient(ctx, &in)
	return err
}

// describe returns the client, or nil and what went wrong.
func (e *env) describe(ctx context.Context, id *string) (*types.UserPoolClientType, string) {
	out, err := e.c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(e.pool), ClientId: id})
	if err != nil {
		return nil, "describe " + e.outcome(err)
	}
	return out.UserPoolClient, ""
}

// minimalClient creates and describes the minimal client on first use.
func (e *env) minimalClient(ctx context.Context) (*types.UserPoolClientType, string) {
	if e.minimal != nil || e.minimalErr != "" {
		return e.minimal, e.minimalErr
	}
	created, failed := e.create(ctx, "minimal", cip.CreateUserPoolClientInput{})
	if created == nil {
		e.minimalErr = failed
		return nil, failed
	}
	e.minimal, e.minimalErr = e.describe(ctx, created.ClientId)
	return e.minimal, e.minimalErr
}

// ServiceLinkedRoleArn is the role that the ledger (row 13) says Describe
// adds to an analytics configuration given by ApplicationArn, for the
// account of that application.
func ServiceLinkedRoleArn(account string) string {
	return "arn:aws:iam::" + account + ":role/aws-service-role/cognito-idp.amazonaws.com/AWSServiceRoleForAmazonCognitoIdp"
}

// accountOf returns the account field of an ARN, "" when s is none.
func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}

func int32s(p *int32) string {
	if p == nil {
		return "absent"
	}
	return fmt.Sprint(*p)
}

func bools(p *bool) string {
	if p == nil {
		return "absent"
	}
	return fmt.Sprint(*p)
}

func enums[S ~string](l []S) string {
	if len(l) == 0 {
		return "none"
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = string(s)
	}
	return strings.Join(out, ",")
}

func rotation(r *types.RefreshTokenRotationType) string {
	if r == nil {
		return "absent"
	}
	return string(r.Feature) + "/" + int32s(r.RetryGracePeriodSeconds)
}

func units(u *types.TokenValidityUnitsType) string {
	if u == nil {
		return "absent"
	}
	return fmt.Sprintf("%s,%s,%s", u.AccessToken, u.IdToken, u.RefreshToken)
}
