package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/cdk"
)

// The SSM parameters in which the site stack publishes its shared client.
const (
	userPoolIDParameter = "/cognito-client-example/user-pool-id"
	clientIDParameter   = "/cognito-client-example/client-id"
)

// NewPreviewStack adds the stack of one preview environment (pr names it,
// such as "pr-42") to scope: its own distribution, whose URLs it adds to the
// site stack's shared app client. Many previews can be deployed at once;
// each one's deletion removes its URLs and leaves the others'. Cognito
// allows 100 URLs in each list, so about 50 previews at two callback URLs
// each.
func NewPreviewStack(scope constructs.Construct, id, pr string) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)

	bucket := awss3.NewBucket(stack, jsii.String("Site"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		RemovalPolicy:     awscdk.RemovalPolicy_DESTROY,
	})
	distribution := awscloudfront.NewDistribution(stack, jsii.String("Distribution"), &awscloudfront.DistributionProps{
		Comment:           jsii.String("preview " + pr),
		DefaultRootObject: jsii.String("index.html"),
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:               awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(bucket, nil),
			ViewerProtocolPolicy: awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
		},
	})
	site := jsii.Sprintf("https://%s/", *distribution.DistributionDomainName())

	// The shared client is the site stack's; this stack only adds its URLs.
	pool := awscognito.UserPool_FromUserPoolId(stack, jsii.String("SharedUsers"),
		awsssm.StringParameter_ValueForStringParameter(stack, jsii.String(userPoolIDParameter), nil))
	cdk.NewUserPoolClientSettings(stack, jsii.String("PreviewURLs"), &cdk.UserPoolClientSettingsProps{
		UserPool:               pool,
		ClientId:               awsssm.StringParameter_ValueForStringParameter(stack, jsii.String(clientIDParameter), nil),
		AdditionalCallbackURLs: &[]*string{jsii.String(*site + "callback")},
		AdditionalLogoutURLs:   &[]*string{site},
	})

	awscdk.NewCfnOutput(stack, jsii.String("PreviewURL"), &awscdk.CfnOutputProps{Value: site})
	return stack
}
