package response_test

import (
	"fmt"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

func ExampleCheckURL() {
	for _, u := range []string{
		"https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/arn%3Aaws/id?X-Amz-Signature=abc",
		"https://cloudformation-custom-resource-response-attacker.s3.eu-west-1.amazonaws.com/id?X-Amz-Signature=abc",
		"https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/id?X-Amz-Signature=abc",
		"http://127.0.0.1:8080/id?X-Amz-Signature=abc",
	} {
		fmt.Println(response.CheckURL(u, "eu-west-1", "amazonaws.com", false))
	}
	// Output:
	// <nil>
	// the ResponseURL to host "cloudformation-custom-resource-response-attacker.s3.eu-west-1.am"… is refused: it must point at CloudFormation's response bucket of this function's Region, cloudformation-custom-resource-response-euwest1 on amazonaws.com
	// the ResponseURL to host "cloudformation-custom-resource-response-useast1.s3.amazonaws.com" is refused: it must point at CloudFormation's response bucket of this function's Region, cloudformation-custom-resource-response-euwest1 on amazonaws.com
	// the ResponseURL to host "127.0.0.1" is refused: a loopback URL needs ALLOW_LOOPBACK_RESPONSE_URL=true
}

func ExampleCheckURLKey() {
	e := cfn.Event{
		StackID:           "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/8f1f2a40-9b1e-11ef-8a3c-0a1b2c3d4e5f",
		LogicalResourceID: "WebClient",
		RequestID:         "6d8f0a2c-4e5b-4d9f-b1a3-5b7d9f1a3c08",
	}
	const bucket = "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/"
	for _, key := range []string{
		"arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack/shop/8f1f2a40-9b1e-11ef-8a3c-0a1b2c3d4e5f%7CWebClient%7C6d8f0a2c-4e5b-4d9f-b1a3-5b7d9f1a3c08",
		"arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack/shop/8f1f2a40-9b1e-11ef-8a3c-0a1b2c3d4e5f%7CWebClient%7Canother-request",
		"a-key-of-another-shape",
	} {
		e.ResponseURL = bucket + key + "?X-Amz-Signature=abc"
		fmt.Println(response.CheckURLKey(e))
	}
	// Output:
	// <nil>
	// the ResponseURL is refused: it was issued for RequestId "another-request", not this event's "6d8f0a2c-4e5b-4d9f-b1a3-5b7d9f1a3c08"
	// <nil>
}
