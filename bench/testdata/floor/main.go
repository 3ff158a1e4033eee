// Command floor is the least a Go Lambda behind Custom::CognitoUserPoolClient
// can be: aws-lambda-go's cfn.LambdaWrap around one UpdateUserPoolClient
// call of aws-sdk-go-v2, with the client built from the default
// configuration at init, as the project does. It validates nothing, reads
// nothing first and sends the properties as they come; LambdaWrap sends the
// response with http.DefaultClient. The bench runs it beside the project's
// binary on the same Update events, so that what the project adds on top of
// its two unavoidable dependencies is what shows.
package main

import (
	"context"
	"log"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	client := cip.NewFromConfig(cfg)
	lambda.Start(cfn.LambdaWrap(func(ctx context.Context, e cfn.Event) (string, map[string]any, error) {
		p := e.ResourceProperties
		_, err := client.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{
			UserPoolId:                      aws.String(str(p["UserPoolId"])),
			ClientId:                        aws.String(e.PhysicalResourceID),
			ClientName:                      aws.String(str(p["ClientName"])),
			AllowedOAuthFlowsUserPoolClient: true,
			AllowedOAuthFlows:               flows(strs(p["AllowedOAuthFlows"])),
			AllowedOAuthScopes:              strs(p["AllowedOAuthScopes"]),
			CallbackURLs:                    strs(p["CallbackURLs"]),
		})
		return e.PhysicalResourceID, nil, err
	}))
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func strs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = str(s)
	}
	return out
}

func flows(s []string) []types.OAuthFlowType {
	out := make([]types.OAuthFlowType, len(s))
	for i, f := range s {
		out[i] = types.OAuthFlowType(f)
	}
	return out
}
