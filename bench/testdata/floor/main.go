// Command floor is the least a Go Lambda behind Custom::CognitoUserPoolClient
// can be: it links aws-lambda-go and the Cognito client of aws-sdk-go-v2,
// builds that client from the default configuration at init as the project
// does, and answers every event without doing anything else. The bench
// measures the project's binary against it, so that what the project adds on
// top of its two unavoidable dependencies is what shows.
package main

import (
	"context"
	"log"
	"runtime"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	client := cip.NewFromConfig(cfg)
	// The four operations the project calls, kept but never called. A client
	// that no code calls is not linked at all: the linker would drop the
	// request path every caller of Cognito carries (signing, the credential
	// chain with its STS, SSO and sign-in clients, the JSON protocol), and
	// the floor would be lower than any function that uses Cognito can be.
	operations := []any{
		client.CreateUserPoolClient,
		client.DescribeUserPoolClient,
		client.UpdateUserPoolClient,
		client.DeleteUserPoolClient,
	}
	lambda.Start(func(_ context.Context, e cfn.Event) (cfn.Response, error) {
		runtime.KeepAlive(operations)
		return cfn.Response{
			Status:             cfn.StatusSuccess,
			RequestID:          e.RequestID,
			LogicalResourceID:  e.LogicalResourceID,
			StackID:            e.StackID,
			PhysicalResourceID: e.PhysicalResourceID,
		}, nil
	})
}
