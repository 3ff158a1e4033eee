// Command example is a CDK app that uses the constructs of package cdk: a
// user pool, an app client with token validities as Durations and a secret
// kept in Secrets Manager, and a CloudFront distribution whose domain is
// added to the client's callback URLs without a circular dependency. Preview
// stacks, one per pull request, add their own distribution's URLs to the
// same shared client.
//
// From the root of the repository, `npx cdk synth` (or `make synth`)
// synthesizes it; cdk.json names this command as the app. With
// `-c preview=pr-42` it synthesizes the preview stack of pr-42 too.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/cdk"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	NewSiteStack(app, "CognitoClientExample")
	if pr, ok := app.Node().TryGetContext(jsii.String("preview")).(string); ok {
		NewPreviewStack(app, "CognitoClientPreview-"+pr, pr)
	}
	app.Synth(nil)
}

// NewSiteStack adds the example stack to scope: the site, its user pool and
// its app client.
func NewSiteStack(scope constructs.Construct, id string) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)

	pool := awscognito.NewUserPool(stack, jsii.String("Users"), &awscognito.UserPoolProps{
		SignInAliases: &awscognito.SignInAliases{Email: jsii.Bool(true)},
		AutoVerify:    &awscognito.AutoVerifiedAttrs{Email: jsii.Bool(true)},
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})

	// Owned by the custom resource: a later change to these settings never
	// wipes the URLs that CallbackSettings adds below.
	client := cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
		UserPool:       pool,
		GenerateSecret: jsii.Bool(true),
		ClientSettings: cdk.ClientSettings{
			ClientName:                 jsii.String("site"),
			AccessTokenValidity:        awscdk.Duration_Minutes(jsii.Number(90)),
			IdTokenValidity:            awscdk.Duration_Hours(jsii.Number(1)),
			RefreshTokenValidity:       awscdk.Duration_Days(jsii.Number(30)),
			AuthSessionValidity:        awscdk.Duration_Minutes(jsii.Number(5)),
			ExplicitAuthFlows:          jsii.Strings("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
			PreventUserExistenceErrors: jsii.String("ENABLED"),
			EnableTokenRevocation:      jsii.Bool(true),
		},
	})

	// The secret goes from the resource's attribute into Secrets Manager:
	// it never appears in the template.
	awssecretsmanager.NewSecret(stack, jsii.String("ClientSecret"), &awssecretsmanager.SecretProps{
		Description:       jsii.String("The secret of the site's app client"),
		SecretStringValue: client.ClientSecret(),
	})

	bucket := awss3.NewBucket(stack, jsii.String("Site"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:        jsii.Bool(true),
	})
	distribution := awscloudfront.NewDistribution(stack, jsii.String("Distribution"), &awscloudfront.DistributionProps{
		DefaultRootObject: jsii.String("index.html"),
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:               awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(bucket, nil),
			ViewerProtocolPolicy: awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
		},
	})
	site := jsii.Sprintf("https://%s/", *distribution.DistributionDomainName())

	// Existing-client mode: depends on the client and the distribution, and
	// nothing depends on it, so there is no cycle. The site's URLs are
	// added to the client's lists, as the previews' are (NewPreviewStack):
	// declaring CallbackURLs here would replace the list, previews' URLs
	// included, at each change of these settings.
	cdk.NewUserPoolClientSettings(stack, jsii.String("CallbackSettings"), &cdk.UserPoolClientSettingsProps{
		UserPool: pool,
		Client:   client.AsUserPoolClient(),
		ClientSettings: cdk.ClientSettings{
			AllowedOAuthFlows:          jsii.Strings("code"),
			AllowedOAuthScopes:         jsii.Strings("openid", "email", "profile"),
			SupportedIdentityProviders: jsii.Strings("COGNITO"),
		},
		AdditionalCallbackURLs: &[]*string{jsii.String(*site + "callback")},
		AdditionalLogoutURLs:   &[]*string{site},
	})

	// Preview stacks find the shared client here, at deploy time, so the
	// site stack exports nothing that they would pin.
	awsssm.NewStringParameter(stack, jsii.String("UserPoolIdParameter"), &awsssm.StringParameterProps{
		ParameterName: jsii.String(userPoolIDParameter), StringValue: pool.UserPoolId(),
	})
	awsssm.NewStringParameter(stack, jsii.String("ClientIdParameter"), &awsssm.StringParameterProps{
		ParameterName: jsii.String(clientIDParameter), StringValue: client.ClientId(),
	})

	awscdk.NewCfnOutput(stack, jsii.String("ClientId"), &awscdk.CfnOutputProps{Value: client.ClientId()})
	awscdk.NewCfnOutput(stack, jsii.String("SiteURL"), &awscdk.CfnOutputProps{Value: site})
	return stack
}
