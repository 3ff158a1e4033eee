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
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go/middleware"

	"github.com/cognito-client-resource/cognitoclient/internal/awsenv"
	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/resource"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
	"github.com/cognito-client-resource/cognitoclient/internal/secretstore"
	"github.com/cognito-client-resource/cognitoclient/internal/tlsdial"
)

func main() {
	lambda.Start(newFunction(os.Stdout, adjust{}))
}

// adjust is what tests change in the function main assembles: the same
// policies, with shorter waits.
type adjust struct {
	cognito  []func(*cip.Options) // the Cognito client's options
	secrets  []func(*sm.Options)  // the Secrets Manager client's options
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

// newHandler builds the Cognito and Secrets Manager clients once per
// process, their connections opened by dialer, reads CLIENT_SECRET_SOURCES
// once, and starts opening the Cognito connection, which the first event
// will use; release stops that if the event did not. If the AWS
// configuration cannot be loaded, or the sources cannot be read, every
// event still gets its one response, a FAILED that says why, instead of a
// stack left waiting for an hour.
func newHandler(dialer *tlsdial.Dialer, a adjust) (h response.Handler, release func()) {
	release = func() {}
	cfg, err := awsenv.Load(awshttp.NewBuildableClient().WithTransportOptions(dialer.Configure))
	if err != nil {
		return failEvery("loading the AWS configuration: " + err.Error()), release
	}
	sources, err := secretref.ParseSources(os.Getenv("CLIENT_SECRET_SOURCES"))
	if err != nil {
		return failEvery(err.Error()), release
	}
	cognitoFns, secretsFns := a.cognito, a.secrets
	if cfg.Region == "" {
		cognitoFns = append(cognitoFns, func(o *cip.Options) { o.APIOptions = append(o.APIOptions, failWithoutRegion) })
		secretsFns = append(secretsFns, func(o *sm.Options) { o.APIOptions = append(o.APIOptions, failWithoutRegion) })
	}
	client := cognito.NewClient(cfg, cognitoFns...)
	if addr, ok := cognito.Address(client); ok && cfg.Region != "" {
		release = dialer.Warm(addr)
	}
	opts := append([]resource.Option{resource.WithSecrets(resource.Secrets{
		Store:   secretstore.NewClient(cfg, secretsFns...),
		Sources: sources,
	})}, a.resource...)
	return resource.New(client, opts...).Handle, release
}

// failEvery is the handler of a function that cannot work: every event
// fails, saying why.
func failEvery(reason string) response.Handler {
	return func(context.Context, cfn.Event) response.Outcome {
		return response.Outcome{Status: cfn.StatusFailed, Reason: reason, Action: "failed"}
	}
}

// errNoRegion is what a call fails with when the function has no
// Region.
var errNoRegion = errors.New("no AWS Region is configured: set AWS_REGION to the user pool's Region")

// failWithoutRegion makes every call of a client fail at once with
// errNoRegion. Lambda always sets AWS_REGION; a local run without AWS
// configuration does not, and should still check an event's properties,
// which needs no Region, and then fail a call with the cause, not with the
// credentials or endpoint error the SDK would meet first.
func failWithoutRegion(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("FailWithoutRegion",
		func(context.Context, middleware.InitializeInput, middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return middleware.InitializeOutput{}, middleware.Metadata{}, errNoRegion
		}), middleware.Before)
}
