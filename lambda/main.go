package main

import (
	_ "github.com/aws/aws-lambda-go/lambda"
	_ "github.com/aws/aws-sdk-go-v2/config"
	_ "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	_ "github.com/aws/aws-lambda-go/cfn"
)

func main() {}
