// Package awsenv is the AWS configuration of the function: what Lambda puts
// in its environment, read by the SDK's own parser (config.NewEnvConfig).
//
// config.LoadDefaultConfig reads that environment too, but it also links
// every other source of configuration and credentials the SDK knows
// (shared files and profiles, SSO, web identity, process credentials, the
// container and instance metadata endpoints), with the STS, SSO and sign-in
// clients and their endpoint tables, which a Lambda function never uses:
// they were a sixth of the binary and a tenth of a cold start's CPU.
package awsenv

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// Load returns the configuration that the environment gives, with client
// sending every request:
//
//   - the Region: AWS_REGION, else AWS_DEFAULT_REGION;
//   - the credentials of the function's role: AWS_ACCESS_KEY_ID,
//     AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, which Lambda sets;
//   - the endpoints: AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>
//     (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, …), unless
//     AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, and AWS_USE_FIPS_ENDPOINT
//     and AWS_USE_DUALSTACK_ENDPOINT;
//   - AWS_SDK_UA_APP_ID, for the user agent.
//
// Shared configuration files, profiles and every other credential source
// are not read. Without credentials, every request fails at once, saying
// so. An error is a variable the SDK cannot parse.
func Load(client aws.HTTPClient) (aws.Config, error) {
	env, err := config.NewEnvConfig()
	if err != nil {
		return aws.Config{}, err
	}
	cfg := aws.Config{
		Region:        env.Region,
		Credentials:   noCredentials{},
		HTTPClient:    client,
		AppID:         env.AppID,
		ConfigSources: []any{env}, // a client reads its own endpoint, FIPS and dual-stack settings there
	}
	if env.Credentials.HasKeys() {
		cfg.Credentials = credentialsProvider(env.Credentials)
	}
	if env.BaseEndpoint != "" && (env.IgnoreConfiguredEndpoints == nil || !*env.IgnoreConfiguredEndpoints) {
		cfg.BaseEndpoint = aws.String(env.BaseEndpoint)
	}
	return cfg, nil
}

// credentialsProvider gives credentials read once: Lambda sets them for the
// lifetime of the execution environment.
type credentialsProvider aws.Credentials

// Retrieve returns the credentials.
func (c credentialsProvider) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials(c), nil
}

// errNoCredentials is what a request fails with when the environment has
// no credentials.
var errNoCredentials = errors.New("no AWS credentials in the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function's role)")

// noCredentials fails every request with errNoCredentials.
type noCredentials struct{}

// Retrieve returns errNoCredentials.
func (noCredentials) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{}, errNoCredentials
}
