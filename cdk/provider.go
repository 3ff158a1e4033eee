package cdk

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdabuild"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
)

// providerID is the id of the provider in its stack: the constructs find
// the stack's provider by it, so that every construct of a stack shares one.
const providerID = "CognitoUserPoolClientProvider"

// functionTimeout bounds one event, as in template.yaml: the function answers
// FAILED "timed out" a few seconds before it, so a custom resource's
// ServiceTimeout must not be shorter.
const functionTimeout = 120

// maxEventAge is the longest, in seconds, an event may wait in Lambda's
// asynchronous queue before it is dropped unrun: Lambda's minimum. A custom
// resource's ServiceTimeout is at least functionTimeout, which is longer, so
// a queued event never runs after CloudFormation stopped waiting for it (a
// late Create would leave a client no stack knows).
const maxEventAge = 60

// module is the module whose lambda/ package is the provider's code.
const module = "github.com/cognito-client-resource/cognitoclient"

// ProviderProps configure the provider function of a stack.
type ProviderProps struct {
	// BootstrapDir is a directory holding a prebuilt bootstrap (from
	// `make build`, for a pipeline that builds once). Only its bootstrap
	// file is shipped, whatever else the directory holds. When nil, the
	// function is built from this module's lambda/ package when the app is
	// synthesized: `go build` for linux/arm64, without Docker.
	BootstrapDir *string
	// LogRetention is how long the function's log group keeps its events;
	// one month when zero.
	LogRetention awslogs.RetentionDays
	// TrustedStackAccounts are the accounts, besides the stack's own, whose
	// stacks the function serves (12-digit ids; TRUSTED_STACK_ACCOUNTS).
	// None by default: an event of any other account's stack is answered
	// FAILED. Each account must also be allowed to invoke the function, a
	// separate and deliberate grant:
	//
	//	p.Function().GrantInvoke(awsiam.NewAccountPrincipal(jsii.String("111122223333")))
	//
	// Whoever may deploy a stack in a listed account may then manage the
	// app clients of the pools the function may touch.
	TrustedStackAccounts *[]*string
	// ClientSecretSources are the Secrets Manager secrets a ClientSecret
	// reference may read (CLIENT_SECRET_SOURCES): secret ARN patterns, "*"
	// matching any run of characters, such as
	// "arn:aws:secretsmanager:us-east-1:111122223333:secret:app/clients/*",
	// or a secret's ARN from a token (secret.SecretArn()). The function's
	// role may read exactly these (and decrypt them through Secrets
	// Manager); none by default, when no reference can be resolved. A
	// reference by name is matched as the ARN of that name with any
	// six-character suffix, in the stack's account and Region. Whoever may
	// invoke the function can read these secrets back through the
	// resource's ClientSecret attribute.
	ClientSecretSources *[]*string
}

// Provider is the Lambda function that serves every Custom::CognitoUserPoolClient
// of one stack. Its role may call the Cognito actions the resource needs, only
// on the user pools of the constructs that use it; manage the client secret
// stores of those pools' owned clients in Secrets Manager; read the
// ClientSecretSources; and write to its own log group. It has no Secrets
// Manager action on "*".
type Provider struct {
	constructs.Construct
	function awslambda.Function
	role     awsiam.Role
	// cognito is the role's statement on the user pools, nil until the
	// first pool; pools holds the ARNs it grants, to add each once.
	cognito awsiam.PolicyStatement
	pools   map[string]bool
	// store is the role's statement on the client secret stores of the
	// pools of owned clients, nil until the first; stores holds the pool
	// ids it covers.
	store  awsiam.PolicyStatement
	stores map[string]bool
}

// NewProvider creates the provider function of scope's stack with props.
// Call it before any construct of this package in that stack, to configure
// the function; without it, the first construct creates the provider with
// the defaults. A second provider in one stack panics.
func NewProvider(scope constructs.Construct, props *ProviderProps) *Provider {
	stack := awscdk.Stack_Of(scope)
	if stack.Node().TryFindChild(jsii.String(providerID)) != nil {
		panic(fmt.Sprintf("stack %s already has a %s: call NewProvider before the constructs that use it", *stack.Node().Path(), providerID))
	}
	if props == nil {
		props = &ProviderProps{}
	}
	env := map[string]*string{}
	if props.TrustedStackAccounts != nil && len(*props.TrustedStackAccounts) > 0 {
		ids := make([]string, len(*props.TrustedStackAccounts))
		for i, a := range *props.TrustedStackAccounts {
			if a != nil {
				ids[i] = *a
			}
		}
		accounts := strings.Join(ids, ",")
		if _, err := response.ParseAccounts(accounts); err != nil {
			panic(fmt.Sprintf("ProviderProps.TrustedStackAccounts: %v", err))
		}
		env["TRUSTED_STACK_ACCOUNTS"] = jsii.String(accounts)
	}
	sources := secretSources(props.ClientSecretSources)
	if len(sources) > 0 {
		env["CLIENT_SECRET_SOURCES"] = jsii.String(strings.Join(sources, ","))
	}
	var environment *map[string]*string
	if len(env) > 0 {
		environment = &env
	}
	p := &Provider{pools: map[string]bool{}, stores: map[string]bool{}}
	constructs.NewConstruct_Override(p, stack, jsii.String(providerID))

	retention := props.LogRetention
	if retention == "" {
		retention = awslogs.RetentionDays_ONE_MONTH
	}
	logs := awslogs.NewLogGroup(p, jsii.String("Logs"), &awslogs.LogGroupProps{
		Retention:     retention,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	// An explicit role: the one awslambda.Function makes by default carries
	// AWSLambdaBasicExecutionRole, which may write to every log group.
	p.role = awsiam.NewRole(p, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	logs.GrantWrite(p.role)
	if len(sources) > 0 {
		p.grantSources(stack, sources)
	}

	p.function = awslambda.NewFunction(p, jsii.String("Function"), &awslambda.FunctionProps{
		Description:  jsii.String("Serves Custom::CognitoUserPoolClient: manages Cognito user pool app clients"),
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("bootstrap"),
		Code:         code(props.BootstrapDir),
		MemorySize:   jsii.Number(128),
		Timeout:      awscdk.Duration_Seconds(jsii.Number(functionTimeout)),
		Role:         p.role,
		Environment:  environment,
		LogGroup:     logs,
		// CloudFormation invokes the function asynchronously and the
		// function always reports success after answering; a retry could
		// create a second client for one Create event.
		RetryAttempts: jsii.Number(0),
		MaxEventAge:   awscdk.Duration_Seconds(jsii.Number(maxEventAge)),
	})
	return p
}

// providerOf returns the provider of scope's stack, creating it with the
// defaults when the stack has none yet.
func providerOf(scope constructs.Construct) *Provider {
	stack := awscdk.Stack_Of(scope)
	found := stack.Node().TryFindChild(jsii.String(providerID))
	if found == nil {
		return NewProvider(stack, nil)
	}
	p, ok := found.(*Provider)
	if !ok {
		panic(fmt.Sprintf("%s is not a cdk.Provider: the id %s is reserved for the provider of this package", *found.Node().Path(), providerID))
	}
	return p
}

// Function returns the provider's Lambda function, for alarms and the like.
func (p *Provider) Function() awslambda.IFunction { return p.function }

// cognitoActions are the only Cognito actions the function needs, on the
// user pools of the constructs: the app clients, and their secrets
// (existing-client mode lists them when a rule needs to know whether the
// client has one).
var cognitoActions = []string{
	"cognito-idp:CreateUserPoolClient",
	"cognito-idp:UpdateUserPoolClient",
	"cognito-idp:DeleteUserPoolClient",
	"cognito-idp:DescribeUserPoolClient",
	"cognito-idp:AddUserPoolClientSecret",
	"cognito-idp:DeleteUserPoolClientSecret",
	"cognito-idp:ListUserPoolClientSecrets",
}

// storeActions are what the function does to the Secrets Manager secrets
// that hold the secrets of owned clients (docs/reference.md §8.13).
var storeActions = []string{
	"secretsmanager:CreateSecret",
	"secretsmanager:TagResource",
	"secretsmanager:GetSecretValue",
	"secretsmanager:PutSecretValue",
	"secretsmanager:UpdateSecretVersionStage",
	"secretsmanager:DescribeSecret",
	"secretsmanager:DeleteSecret",
}

// grant lets the function manage the app clients of the user pool arn and,
// when owned, the client secret stores of that pool (poolID): those of a
// client with a secret, and of one that had a secret before a replacement,
// whose Delete schedules the store's deletion.
func (p *Provider) grant(arn, poolID *string, owned bool) {
	if !p.pools[*arn] {
		p.pools[*arn] = true
		if p.cognito == nil {
			p.cognito = awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings(cognitoActions...),
				Resources: jsii.Strings(*arn),
			})
			p.role.AddToPrincipalPolicy(p.cognito)
		} else {
			p.cognito.AddResources(arn)
		}
	}
	if !owned || p.stores[*poolID] {
		return
	}
	p.stores[*poolID] = true
	// The stores are named cognito-user-pool-client/<pool id>/<client id>;
	// the trailing * also covers the six characters Secrets Manager adds to
	// every secret's ARN. The function's own account and Region: it keeps
	// the stores beside itself.
	stores := awscdk.Stack_Of(p).FormatArn(&awscdk.ArnComponents{
		Service:      jsii.String("secretsmanager"),
		Resource:     jsii.String("secret"),
		ResourceName: jsii.String("cognito-user-pool-client/" + *poolID + "/*"),
		ArnFormat:    awscdk.ArnFormat_COLON_RESOURCE_NAME,
	})
	if p.store == nil {
		p.store = awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings(storeActions...),
			Resources: &[]*string{stores},
		})
		p.role.AddToPrincipalPolicy(p.store)
		return
	}
	p.store.AddResources(stores)
}

// grantSources lets the function read the secrets of ClientSecret
// references, and nothing else outside the stores: GetSecretValue on the
// sources, and kms:Decrypt for a source encrypted with a customer-managed
// key, only through Secrets Manager and only for those secrets.
func (p *Provider) grantSources(stack awscdk.Stack, sources []string) {
	p.role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("secretsmanager:GetSecretValue"),
		Resources: jsii.Strings(sources...),
	}))
	p.role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("kms:Decrypt"),
		Resources: &[]*string{stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("kms"), Account: jsii.String("*"), Resource: jsii.String("key"), ResourceName: jsii.String("*"),
		})},
		Conditions: &map[string]any{
			"StringEquals": map[string]any{"kms:ViaService": "secretsmanager." + *stack.Region() + "." + *stack.UrlSuffix()},
			"StringLike":   map[string]any{"kms:EncryptionContext:SecretARN": sources},
		},
	}))
}

// secretSources returns ProviderProps.ClientSecretSources as strings; a
// pattern known now that the function would refuse panics, naming it.
func secretSources(given *[]*string) []string {
	if given == nil {
		return nil
	}
	var out []string
	for i, s := range *given {
		if s == nil || *s == "" {
			panic(fmt.Sprintf("ProviderProps.ClientSecretSources: entry %d is empty", i+1))
		}
		if !*awscdk.Token_IsUnresolved(s) {
			parsed, err := secretref.ParseSources(*s)
			if err != nil {
				panic(fmt.Sprintf("ProviderProps.ClientSecretSources: %v", err))
			}
			if len(parsed) != 1 {
				panic(fmt.Sprintf("ProviderProps.ClientSecretSources: entry %d, %q, is not one pattern: give each as its own entry", i+1, *s))
			}
		}
		out = append(out, *s)
	}
	return out
}

// code is the function's code: the prebuilt bootstrap in dir, or else the
// module's lambda/ package built at synth time.
func code(dir *string) awslambda.Code {
	if dir != nil {
		if info, err := os.Stat(filepath.Join(*dir, "bootstrap")); err != nil || !info.Mode().IsRegular() {
			panic(fmt.Sprintf("ProviderProps.BootstrapDir %q holds no bootstrap file: build it with `make build` (it writes build/bootstrap)", *dir))
		}
		return awslambda.Code_FromAsset(dir, &awss3assets.AssetOptions{
			// Anything else there (tools, an old zip) is not the function's
			// and would only make the upload bigger.
			Exclude: jsii.Strings("*", "!bootstrap"),
		})
	}
	src := moduleDir()
	return awslambda.Code_FromAsset(jsii.String(src), &awss3assets.AssetOptions{
		// The asset is named by the hash of the binary, so a change that does
		// not change the function does not deploy it again.
		AssetHashType: awscdk.AssetHashType_OUTPUT,
		Bundling: &awscdk.BundlingOptions{
			// Required by the API, never pulled: goBuild always bundles.
			Image: awscdk.DockerImage_FromRegistry(jsii.String("none")),
			Local: &goBuild{dir: src},
		},
	})
}

// moduleDir returns the directory of this module's source: the checkout
// when the app is this module, else the copy in the Go module cache.
func moduleDir() string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
		err = fmt.Errorf("%s", strings.TrimSpace(string(ee.Stderr)))
	}
	dir := strings.TrimSpace(string(out))
	if err == nil && dir == "" {
		err = fmt.Errorf("the module has not been downloaded")
	}
	if err != nil {
		panic(fmt.Sprintf("cannot find the source of %s to build the provider function: go list -m: %v; or set ProviderProps.BootstrapDir to a prebuilt bootstrap", module, err))
	}
	return dir
}

// goBuild builds the lambda/ package of the module in dir with the
// function's one build recipe (internal/lambdabuild, which `make build`
// follows too), into the asset's output directory. The build is
// reproducible, so the asset, named by the binary's hash, changes only when
// the function does.
type goBuild struct{ dir string }

// TryBundle implements awscdk.ILocalBundling. It never declines: a failed
// build fails the synthesis with the compiler's output, rather than falling
// back to Docker.
func (b *goBuild) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	cmd := lambdabuild.Command(context.Background(), b.dir, "./lambda", filepath.Join(*outputDir, "bootstrap"), lambdabuild.Lambda())
	if out, err := cmd.CombinedOutput(); err != nil {
		panic(fmt.Sprintf("building the provider function in %s: %v\n%s", b.dir, err, out))
	}
	return jsii.Bool(true)
}
