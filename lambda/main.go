// Command bootstrap is the Lambda function behind Custom::CognitoUserPoolClient.
// It only wires things together: see internal/resource for the lifecycle and
// internal/response for the response rules.
package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/resource"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

func main() {
	lambda.Start(newFunction(os.Stdout))
}

// newFunction assembles the function from the process environment, logging
// JSON lines to logs. optFns adjust the Cognito client (tests shorten its
// backoff).
func newFunction(logs io.Writer, optFns ...func(*cip.Options)) response.Function {
	return response.Wrap(newHandler(optFns...), response.Options{
		AllowLoopback: strings.EqualFold(os.Getenv("ALLOW_LOOPBACK_RESPONSE_URL"), "true"),
		Logger:        slog.New(slog.NewJSONHandler(logs, nil)),
	})
}

// newHandler builds the Cognito client once per process. If the AWS
// configuration cannot be loaded, every event still gets its one response,
// a FAILED that says why, instead of a stack left waiting for an hour.
func newHandler(optFns ...func(*cip.Options)) response.Handler {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		reason := "loading the AWS configuration: " + err.Error()
		return func(context.Context, cfn.Event) response.Outcome {
			return response.Outcome{Status: cfn.StatusFailed, Reason: reason, Action: "failed"}
		}
	}
	return resource.New(cognito.NewClient(cfg, optFns...)).Handle
}
