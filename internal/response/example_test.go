package response_test

import (
	"fmt"

	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

func ExampleCheckURL() {
	for _, u := range []string{
		"https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/arn%3Aaws/id?X-Amz-Signature=abc",
		"https://attacker-bucket.s3.eu-west-1.amazonaws.com/id?X-Amz-Signature=abc",
		"http://127.0.0.1:8080/id?X-Amz-Signature=abc",
	} {
		fmt.Println(response.CheckURL(u, false))
	}
	// Output:
	// <nil>
	// the ResponseURL https://attacker-bucket.s3.eu-west-1.amazonaws.com/id is refused: it must point at CloudFormation's response bucket, cloudformation-custom-resource-response-<region> on Amazon S3
	// the ResponseURL http://127.0.0.1:8080/id is refused: a loopback URL needs ALLOW_LOOPBACK_RESPONSE_URL=true
}

func ExampleRedact() {
	fmt.Println(response.Redact("https://user:pw@bucket.s3.amazonaws.com/arn%3Aaws/id?X-Amz-Signature=abc#f"))
	// Output: https://bucket.s3.amazonaws.com/arn%3Aaws/id
}
