// Command bootstrap is the Lambda function behind Custom::CognitoUserPoolClient.
// It only wires things together: see internal/resource for the lifecycle and
// internal/response for the response rules.
package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go/middleware"

	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/resource"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
	"github.com/cognito-client-resource/cognitoclient/internal/secretstore"
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
	o := response.Options{
		Trust: response.Trust{
			Region:               os.Getenv("AWS_REGION"),
			DNSSuffix:            cognito.DNSSuffix,
			TrustedStackAccounts: os.Getenv("TRUSTED_STACK_ACCOUNTS"),
			AllowLoopback:        strings.EqualFold(os.Getenv("ALLOW_LOOPBACK_RESPONSE_URL"), "true"),
		},
		Logger: slog.New(slog.NewJSONHandler(logs, nil)),
	}
	if a.response != nil {
		a.response(&o)
	}
	return response.Wrap(newHandler(a), o)
}

// newHandler builds the Cognito and Secrets Manager clients once per
// process, and reads CLIENT_SECRET_SOURCES once. If the AWS configuration
// cannot be loaded, or the sources cannot be read, every event still gets
// its one response, a FAILED that says why, instead of a stack left waiting
// for an hour.
func newHandler(a adjust) response.Handler {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		return failEvery("loading the AWS configuration: " + err.Error())
	}
	sources, err := secretref.ParseSources(os.Getenv("CLIENT_SECRET_SOURCES"))
	if err != nil {
		return failEvery(err.Error())
	}
	cognitoFns, secretsFns := a.cognito, a.secrets
	if cfg.Region == "" {
		cognitoFns = append(cognitoFns, func(o *cip.Options) { o.APIOptions = append(o.APIOptions, failWithoutRegion) })
		secretsFns = append(secretsFns, func(o *sm.Options) { o.APIOptions = append(o.APIOptions, failWithoutRegion) })
	}
	opts := append([]resource.Option{resource.WithSecrets(resource.Secrets{
		Store:   secretstore.NewClient(cfg, secretsFns...),
		Sources: sources,
	})}, a.resource...)
	return resource.New(cognito.NewClient(cfg, cognitoFns...), opts...).Handle
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
