// Command invoke runs one CloudFormation event through the real bootstrap
// binary, under a local Lambda Runtime API, and prints the response
// CloudFormation would receive, as indented JSON with any client secret
// hidden:
//
//	make invoke EVENT=events/create-owned.json
//	go run ./cmd/invoke events/create-owned.json
//
// The function talks to the Cognito endpoint in
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER (cognito-local, say), or to
// Amazon Cognito in the configured Region when it is unset, and to Secrets
// Manager likewise (AWS_ENDPOINT_URL_SECRETS_MANAGER: a client with a secret
// keeps it there; cognito-local has no client secret operations), with the
// credentials of this environment (AWS_* variables and ~/.aws), which invoke
// resolves and gives the function as variables, as Lambda gives it its
// role's. Against a
// local endpoint without credentials, fake ones are used. No AWS
// configuration at all is needed for an event the function rejects before
// calling Cognito (events/invalid-oauth.json): without a Region, only a
// call to Amazon Cognito fails, with a FAILED response that says so.
//
// The function serves only stacks of its own account and Region: locally,
// account 012345678912 (the one the local Runtime API, like `sam local
// invoke`'s emulator, puts in the function's ARN, and the samples' StackIds
// use) and the configured Region (us-east-1 for a local endpoint without
// one), plus the accounts of TRUSTED_STACK_ACCOUNTS when it is set here. An
// event of another stack gets a FAILED that says so.
//
// The function keeps client secrets in Secrets Manager, at the endpoint in
// AWS_ENDPOINT_URL_SECRETS_MANAGER. With a local Cognito endpoint and no
// Secrets Manager endpoint, invoke starts the project's Secrets Manager fake
// (internal/secretsfake) for the one event: its secrets are gone when invoke
// ends.
//
// An event without a ResponseURL (the samples in events/) gets its response
// as the function's result, as with `sam local invoke`. An event with one has
// it pointed at a local receiver, query kept, and the function is allowed to
// answer on loopback (ALLOW_LOOPBACK_RESPONSE_URL=true); the response printed
// is the one it sent there.
//
// The function's log lines go to stderr, the response alone to stdout.
// The exit status is 0 for SUCCESS, 1 for FAILED and 2 when no response
// came (a usage error, a build failure, an interrupt). `make invoke` ends
// normally on a FAILED response, which is an answer it printed, and fails
// only on status 2.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretsfake"
)

// localRegion is the Region the function gets for a local endpoint when
// none is configured.
const localRegion = "us-east-1"

// masked replaces a client secret in what is printed: a terminal and its
// scrollback are no place for one. It is the placeholder the function's own
// result shows, so both ways of running an event print the same.
const masked = response.HiddenSecret

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run invokes the event file named in args and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("invoke", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: invoke EVENT.json   (make invoke EVENT=events/create-owned.json)")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	resp, err := invoke(ctx, fs.Arg(0), stderr)
	if err != nil {
		fmt.Fprintln(stderr, "invoke:", err)
		return 2
	}
	out, err := json.MarshalIndent(mask(resp), "", "  ")
	if err != nil {
		fmt.Fprintln(stderr, "invoke:", err)
		return 2
	}
	fmt.Fprintf(stdout, "%s\n", out)
	if resp.Status != cfn.StatusSuccess {
		// The JSON escapes the Reason's line breaks; this reads better.
		fmt.Fprintf(stderr, "%s:\n%s\n", resp.Status, resp.Reason)
		return 1
	}
	return 0
}

func invoke(ctx context.Context, path string, notes io.Writer) (cfn.Response, error) {
	event, err := os.ReadFile(path)
	if err != nil {
		return cfn.Response{}, err
	}
	var head struct{ ResponseURL string }
	if err := json.Unmarshal(event, &head); err != nil {
		return cfn.Response{}, fmt.Errorf("%s is not a JSON event: %w", path, err)
	}
	env, err := functionEnv(ctx, notes)
	if err != nil {
		return cfn.Response{}, err
	}
	if head.ResponseURL != "" {
		fmt.Fprintln(notes, "invoke: the event has a ResponseURL: the response goes to a local receiver instead, so the function runs with ALLOW_LOOPBACK_RESPONSE_URL=true")
		env = append(env, "ALLOW_LOOPBACK_RESPONSE_URL=true")
	}
	secretsEnv, stop := localSecretsManager(notes)
	defer stop()
	env = append(env, secretsEnv...)

	dir, err := os.MkdirTemp("", "invoke-")
	if err != nil {
		return cfn.Response{}, err
	}
	defer os.RemoveAll(dir)
	bin, err := localrun.Build(ctx, dir)
	if err != nil {
		return cfn.Response{}, err
	}
	fn, err := localrun.Start(bin, env, notes, notes)
	if err != nil {
		return cfn.Response{}, err
	}
	resp, err := fn.Invoke(ctx, event)
	return resp, errors.Join(err, fn.Close())
}

// functionEnv is the environment the function gets from this one: the AWS
// settings (AWS_* variables, AWS_ENDPOINT_URL_SECRETS_MANAGER among them)
// and CLIENT_SECRET_SOURCES, but not the Lambda runtime's own (AWS_LAMBDA_*,
// AWS_EXECUTION_ENV), which the local Runtime API sets; TRUSTED_STACK_ACCOUNTS;
// the Region resolved here, because the one the local Runtime API sets would
// override a profile's; and the credentials resolved here (from ~/.aws, a
// profile, SSO, …), as variables, because the function reads its role's
// credentials from the environment only, as Lambda gives them. Without a Region and
// without a local endpoint, the function gets none either, rather than the
// local Runtime API's, which would send its calls to Amazon Cognito in a
// Region nobody chose.
func functionEnv(ctx context.Context, notes io.Writer) ([]string, error) {
	var env []string
	for _, kv := range os.Environ() {
		runtime := strings.HasPrefix(kv, "AWS_LAMBDA_") || strings.HasPrefix(kv, "AWS_EXECUTION_ENV=")
		if strings.HasPrefix(kv, "TRUSTED_STACK_ACCOUNTS=") || strings.HasPrefix(kv, "CLIENT_SECRET_SOURCES=") || strings.HasPrefix(kv, "AWS_") && !runtime {
			env = append(env, kv)
		}
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	endpoint := os.Getenv(localrun.EndpointVar)
	switch {
	case cfg.Region != "":
		env = append(env, "AWS_REGION="+cfg.Region)
	case endpoint != "":
		// A local endpoint ignores the Region, but the SDK signs with one.
		env = append(env, "AWS_REGION="+localRegion)
	default:
		// Empty values override the local Runtime API's defaults.
		env = append(env, "AWS_REGION=", "AWS_DEFAULT_REGION=")
		fmt.Fprintf(notes, "invoke: no AWS Region is configured: the function checks the event, but cannot call Amazon Cognito; set AWS_REGION to the user pool's Region, or %s to a local Cognito endpoint\n", localrun.EndpointVar)
		return env, nil
	}
	if endpoint == "" {
		fmt.Fprintf(notes, "invoke: %s is not set: the function calls Amazon Cognito in %s\n", localrun.EndpointVar, cfg.Region)
		creds, err := credentialsEnv(ctx, cfg)
		if err != nil {
			fmt.Fprintf(notes, "invoke: no AWS credentials: the function's calls will fail (%v)\n", err)
		}
		return append(env, creds...), nil
	}
	fmt.Fprintf(notes, "invoke: the function calls Cognito at %s\n", endpoint)
	if os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "" {
		fmt.Fprintln(notes, "invoke: no credentials in the environment: using fake ones, which a local emulator accepts")
		return append(env, "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local"), nil
	}
	creds, err := credentialsEnv(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("the credentials of this environment: %w", err)
	}
	return append(env, creds...), nil
}

// credentialsEnv resolves the credentials of this environment (variables,
// a profile, SSO, …) and returns them as the variables Lambda gives a
// function its role's in: the function reads no other source.
func credentialsEnv(ctx context.Context, cfg aws.Config) ([]string, error) {
	if cfg.Credentials == nil {
		return nil, errors.New("none are configured")
	}
	c, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, err
	}
	return []string{"AWS_ACCESS_KEY_ID=" + c.AccessKeyID, "AWS_SECRET_ACCESS_KEY=" + c.SecretAccessKey, "AWS_SESSION_TOKEN=" + c.SessionToken}, nil
}

// localSecretsManager starts a Secrets Manager fake for the event when the
// function talks to a local Cognito endpoint and to no local Secrets Manager
// endpoint, and returns the environment that points the function at it; stop
// stops it. Against AWS, or with AWS_ENDPOINT_URL_SECRETS_MANAGER set, it
// starts nothing: the function's environment already says where to go.
func localSecretsManager(notes io.Writer) (env []string, stop func()) {
	if os.Getenv(localrun.EndpointVar) == "" || os.Getenv(localrun.SecretsManagerEndpointVar) != "" {
		return nil, func() {}
	}
	fake := secretsfake.New()
	fmt.Fprintf(notes, "invoke: %s is not set: the function's Secrets Manager calls go to a fake started for this event, at %s (its secrets are gone when invoke ends)\n", localrun.SecretsManagerEndpointVar, fake.URL())
	return localrun.SecretsManagerEnv(fake.URL()), fake.Close
}

// mask returns r with its ClientSecret and SecretArn, if any, replaced by
// [masked], as the function's own result shows them.
func mask(r cfn.Response) cfn.Response { return response.HideSecrets(r) }
