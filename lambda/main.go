// Command bootstrap is the Lambda function behind Custom::CognitoUserPoolClient.
// It only wires things together: see internal/resource for the lifecycle and
// internal/response for the response rules.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambda"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/middleware"

	"github.com/cognito-client-resource/cognitoclient/internal/awsenv"
	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/resource"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/tlsdial"
)

func main() {
	lambda.Start(newFunction(os.Stdout, adjust{}))
}

// adjust is what tests change in the function main assembles: the same
// policies, with shorter waits.
type adjust struct {
	cognito  []func(*cip.Options) // the Cognito client's options
	resource []resource.Option
	response func(*response.Options) // the response's timing
}

// newFunction assembles the function from the process environment, logging
// JSON lines to logs. Whom it trusts comes from AWS_REGION (with the DNS
// suffix of its partition, from the SDK's partition metadata),
// TRUSTED_STACK_ACCOUNTS and ALLOW_LOOPBACK_RESPONSE_URL, read once;
// response.Wrap answers every event FAILED when they cannot be trusted.
func newFunction(logs io.Writer, a adjust) response.Function {
	dialer := tlsdial.New()
	o := response.Options{
		Trust: response.Trust{
			Region:               os.Getenv("AWS_REGION"),
			DNSSuffix:            cognito.DNSSuffix,
			TrustedStackAccounts: os.Getenv("TRUSTED_STACK_ACCOUNTS"),
			AllowLoopback:        strings.EqualFold(os.Getenv("ALLOW_LOOPBACK_RESPONSE_URL"), "true"),
		},
		Logger: slog.New(slog.NewJSONHandler(logs, nil)),
		// The response's connection is opened while the handler runs.
		Client:     &http.Client{Transport: dialer.OneShot()},
		Preconnect: dialer.Warm,
	}
	if a.response != nil {
		a.response(&o)
	}
	h, release := newHandler(dialer, a)
	return afterFirst(response.Wrap(h, o), release)
}

// afterFirst returns fn, calling release once, after the first event.
func afterFirst(fn response.Function, release func()) response.Function {
	once := sync.OnceFunc(release)
	return func(ctx context.Context, event json.RawMessage) (cfn.Response, error) {
		defer once()
		return fn(ctx, event)
	}
}

// newHandler builds the Cognito client once per process, its connections
// opened by dialer, and starts opening its first connection, which the first
// event will use; release stops that if the event did not. If the AWS
// configuration cannot be loaded, every event still gets its one response,
// a FAILED that says why, instead of a stack left waiting for an hour.
func newHandler(dialer *tlsdial.Dialer, a adjust) (h response.Handler, release func()) {
	cfg, err := awsenv.Load(awshttp.NewBuildableClient().WithTransportOptions(dialer.Configure))
	if err != nil {
		reason := "loading the AWS configuration: " + err.Error()
		return func(context.Context, cfn.Event) response.Outcome {
			return response.Outcome{Status: cfn.StatusFailed, Reason: reason, Action: "failed"}
		}, func() {}
	}
	optFns := a.cognito
	if cfg.Region == "" {
		optFns = append(optFns, failWithoutRegion)
	}
	client := cognito.NewClient(cfg, optFns...)
	release = func() {}
	if addr, ok := cognito.Address(client); ok && cfg.Region != "" {
		release = dialer.Warm(addr)
	}
	return resource.New(client, a.resource...).Handle, release
}

// errNoRegion is what a Cognito call fails with when the function has no
// Region.
var errNoRegion = errors.New("no AWS Region is configured: set AWS_REGION to the user pool's Region")

// failWithoutRegion makes every Cognito call fail at once with errNoRegion.
// Lambda always sets AWS_REGION; a local run without AWS configuration does
// not, and should still check an event's properties, which needs no Region,
// and then fail a call with the cause, not with the credentials or endpoint
// error the SDK would meet first.
func failWithoutRegion(o *cip.Options) {
	o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("FailWithoutRegion",
			func(context.Context, middleware.InitializeInput, middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				return middleware.InitializeOutput{}, middleware.Metadata{}, errNoRegion
			}), middleware.Before)
	})
}
