package cdk_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/cdk"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/samtemplate"
)

// Client secrets in the constructs (docs/reference.md §8): the properties,
// the store as an ISecret, the checks at synth, and the provider's policy.

// sourceVersion is the version id the tests pin references to.
const sourceVersion = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE"

// pinned is a reference to the secret id, pinned to sourceVersion.
func pinned(secretID *string) awscdk.SecretValue {
	return awscdk.SecretValue_SecretsManager(secretID, &awscdk.SecretsManagerSecretOptions{
		JsonField: jsii.String("clientSecret"), VersionId: jsii.String(sourceVersion),
	})
}

// cfnID returns the logical id of the CloudFormation resource of a
// construct: its default child's, or that child's default child's.
func cfnID(stack awscdk.Stack, c constructs.IConstruct) string {
	for {
		d := c.Node().DefaultChild()
		if el, ok := d.(awscdk.CfnElement); ok {
			return *stack.GetLogicalId(el)
		}
		c = d
	}
}

// TestClientSecretProperties: both APIs declare ClientSecret (a pinned
// reference, passed through as the text CloudFormation sends the function),
// ClientSecretVersion and PreviousSecret; Secret() is the store, from the
// SecretArn attribute, which apps can be granted; UserPoolClientSecret works
// for a client with a custom secret.
func TestClientSecretProperties(t *testing.T) {
	app := newApp(t, t.TempDir())
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	source := awssecretsmanager.NewSecret(stack, jsii.String("Source"), nil)
	cdk.NewProvider(stack, &cdk.ProviderProps{
		BootstrapDir:        jsii.String(dummyBootstrap(t)),
		ClientSecretSources: &[]*string{source.SecretArn(), jsii.String("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*")},
	})
	pool := importedPool(stack, "Pool")
	machine := &awscognito.UserPoolClientProps{UserPool: pool, OAuth: &awscognito.OAuthSettings{
		Flows:  &awscognito.OAuthFlows{ClientCredentials: jsii.Bool(true)},
		Scopes: &[]awscognito.OAuthScope{awscognito.OAuthScope_Custom(jsii.String("orders/read"))},
	}}
	generated := *machine
	generated.GenerateSecret = jsii.Bool(true)

	byName := cdk.NewUserPoolClient(stack, jsii.String("ByName"), &cdk.UserPoolClientProps{
		UserPool: pool, ClientSecret: pinned(jsii.String("app/web")), PreviousSecret: jsii.String("Delete"),
	})
	cdk.NewUserPoolClient(stack, jsii.String("Rotating"), &cdk.UserPoolClientProps{
		UserPool: pool, GenerateSecret: jsii.Bool(true), ClientSecretVersion: jsii.String("2"),
	})
	byToken := cdk.NewClient(stack, jsii.String("ByToken"), machine, cdk.WithClientSecret(pinned(source.SecretArn())))
	dropIn := cdk.NewClient(stack, jsii.String("DropIn"), &generated, cdk.WithClientSecretVersion(jsii.String("2025-06")), cdk.WithPreviousSecret(jsii.String("Keep")))

	reader := awsiam.NewRole(stack, jsii.String("Reader"), &awsiam.RoleProps{AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil)})
	for _, s := range []awssecretsmanager.ISecret{byName.Secret(), dropIn.Secret(), byToken.Secret()} {
		s.GrantRead(reader, nil)
	}
	awssecretsmanager.NewSecret(stack, jsii.String("Copy"), &awssecretsmanager.SecretProps{SecretStringValue: byToken.UserPoolClientSecret()})

	ref := "{{resolve:secretsmanager:app/web:SecretString:clientSecret::" + sourceVersion + "}}"
	sourceID := cfnID(stack, source)
	custom := resources(t, stack, resourceType)
	for name, want := range map[string]map[string]any{
		"ByName":   {"ClientSecret": ref, "PreviousSecret": "Delete"},
		"Rotating": {"GenerateSecret": "true", "ClientSecretVersion": "2"},
		"ByToken": {"ClientSecret": map[string]any{"Fn::Join": []any{"", []any{
			"{{resolve:secretsmanager:", map[string]any{"Ref": sourceID}, ":SecretString:clientSecret::" + sourceVersion + "}}"}}}},
		"DropIn": {"GenerateSecret": "true", "ClientSecretVersion": "2025-06", "PreviousSecret": "Keep"},
	} {
		path := name
		ps := custom[cfnID(stack, stack.Node().FindChild(jsii.String(name)))]["Properties"].(map[string]any)
		for k, v := range want {
			if !reflect.DeepEqual(ps[k], v) {
				t.Errorf("%s: %s = %s, want %s", path, k, jsonText(ps[k]), jsonText(v))
			}
		}
		for _, k := range []string{"ClientSecret", "ClientSecretVersion", "PreviousSecret"} {
			if _, declared := ps[k]; declared != (want[k] != nil) {
				t.Errorf("%s: %s declared %v", path, k, declared)
			}
		}
	}

	// The role reads exactly the three stores, by their SecretArn.
	var granted []any
	for _, st := range policyStatements(t, stack) {
		if slices.Equal(st.Actions(), []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}) {
			granted = append(granted, st.Resources()...)
		}
	}
	var want []any
	for _, c := range []string{"ByName", "DropIn", "ByToken"} {
		id := cfnID(stack, stack.Node().FindChild(jsii.String(c)))
		want = append(want, map[string]any{"Fn::GetAtt": []any{id, "SecretArn"}})
	}
	if !reflect.DeepEqual(granted, want) {
		t.Errorf("GrantRead gave %s, want the stores' SecretArn %s", jsonText(granted), jsonText(want))
	}
	copied := resources(t, stack, "AWS::SecretsManager::Secret")[cfnID(stack, stack.Node().FindChild(jsii.String("Copy")))]
	if got, want := copied["Properties"].(map[string]any)["SecretString"], (map[string]any{"Fn::GetAtt": []any{cfnID(stack, byToken), "ClientSecret"}}); !reflect.DeepEqual(got, want) {
		t.Errorf("UserPoolClientSecret of a client with a custom secret = %v, want %v", got, want)
	}
	if byName.Secret() != byName.Secret() {
		t.Error("Secret() made a second ISecret")
	}
	lint(t, stack)
}

// TestClientSecretFailsSynth: plain text and unpinned references fail the
// synthesis naming ClientSecret, with the function's messages (props.Decode
// on the text the function would receive), and so do the rules between the
// secret properties; a store is refused where there is none.
func TestClientSecretFailsSynth(t *testing.T) {
	stack := newStack(t)
	pool := importedPool(stack, "Pool")
	source := awssecretsmanager.NewSecret(stack, jsii.String("Source"), nil)
	s := jsii.String
	plain := awscdk.SecretValue_UnsafePlainText(s("PlainTextClientSecret_0123456789"))
	unpinned := awscdk.SecretValue_SecretsManager(s("app/web"), &awscdk.SecretsManagerSecretOptions{JsonField: s("clientSecret")})
	staged := awscdk.SecretValue_SecretsManager(s("app/web"), &awscdk.SecretsManagerSecretOptions{JsonField: s("clientSecret"), VersionStage: s("AWSCURRENT")})
	plainText := "ClientSecret: " + props.PlainTextSecret + " (awscdk.SecretValue_SecretsManager"
	decoded := func(p map[string]any) []string {
		p["UserPoolId"] = poolID
		set, err := props.Decode(p)
		ps, _ := err.(props.Problems)
		if !set.Existing() {
			ps = ps.Merge(set.CheckNew())
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.Error())
		}
		return out
	}
	tests := []struct {
		id    string
		build func(id *string)
		want  []string
	}{
		{"Plain", func(id *string) {
			cdk.NewUserPoolClient(stack, id, &cdk.UserPoolClientProps{UserPool: pool, ClientSecret: plain})
		}, []string{plainText}},
		{"PlainDropIn", func(id *string) {
			cdk.NewClient(stack, id, &awscognito.UserPoolClientProps{UserPool: pool, DisableOAuth: jsii.Bool(true)}, cdk.WithClientSecret(plain))
		}, []string{plainText}},
		{"Unpinned", func(id *string) {
			cdk.NewUserPoolClient(stack, id, &cdk.UserPoolClientProps{UserPool: pool, ClientSecret: unpinned})
		}, decoded(map[string]any{"ClientSecret": "{{resolve:secretsmanager:app/web:SecretString:clientSecret::}}"})},
		{"Staged", func(id *string) {
			cdk.NewUserPoolClient(stack, id, &cdk.UserPoolClientProps{UserPool: pool, ClientSecret: staged})
		}, decoded(map[string]any{"ClientSecret": "{{resolve:secretsmanager:app/web:SecretString:clientSecret:AWSCURRENT:}}"})},
		{"UnpinnedFromToken", func(id *string) {
			cdk.NewClient(stack, id, &awscognito.UserPoolClientProps{UserPool: pool, DisableOAuth: jsii.Bool(true)},
				cdk.WithClientSecret(source.SecretValueFromJson(s("clientSecret"))))
		}, []string{"ClientSecret: is not pinned: pin the version ({{resolve:secretsmanager:${Token}:SecretString:clientSecret::<version-id>}})"}},
		{"SsmSecure", func(id *string) {
			cdk.NewUserPoolClient(stack, id, &cdk.UserPoolClientProps{UserPool: pool, ClientSecret: awscdk.SecretValue_SsmSecure(s("param"), s("1"))})
		}, decoded(map[string]any{"ClientSecret": "{{resolve:ssm-secure:param:1}}"})},
		{"BesideGenerateSecret", func(id *string) {
			cdk.NewUserPoolClient(stack, id, &cdk.UserPoolClientProps{UserPool: pool, GenerateSecret: jsii.Bool(true), ClientSecret: pinned(s("app/web")), ClientSecretVersion: s("1")})
		}, decoded(map[string]any{"GenerateSecret": "true", "ClientSecret": "{{resolve:secretsmanager:app/web:SecretString:clientSecret::" + sourceVersion + "}}", "ClientSecretVersion": "1"})},
		{"VersionWithoutSecret", func(id *string) {
			cdk.NewClient(stack, id, &awscognito.UserPoolClientProps{UserPool: pool, DisableOAuth: jsii.Bool(true)},
				cdk.WithClientSecretVersion(s("2")), cdk.WithPreviousSecret(s("Sometimes")))
		}, decoded(map[string]any{"AllowedOAuthFlowsUserPoolClient": "false", "SupportedIdentityProviders": []any{"COGNITO"}, "ClientSecretVersion": "2", "PreviousSecret": "Sometimes"})},
		{"Existing", func(id *string) {
			cdk.NewClient(stack, id, &awscognito.UserPoolClientProps{UserPool: pool, DisableOAuth: jsii.Bool(true)},
				cdk.WithExistingClient(s("1example23456789")), cdk.WithClientSecret(pinned(s("app/web"))))
		}, decoded(map[string]any{"ClientId": "1example23456789", "AllowedOAuthFlowsUserPoolClient": "false", "SupportedIdentityProviders": []any{"COGNITO"},
			"ClientSecret": "{{resolve:secretsmanager:app/web:SecretString:clientSecret::" + sourceVersion + "}}"})},
	}
	var want []string
	for _, tt := range tests {
		tt.build(s(tt.id))
		if len(tt.want) == 0 {
			t.Fatalf("%s: the case expects no problem", tt.id)
		}
		for _, w := range tt.want {
			want = append(want, "[Stack/"+tt.id+"] "+w)
		}
	}
	msg := panicText(func() { awscdk.Stage_Of(stack).Synth(nil) })
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("synth error lacks %q", w)
		}
	}
	if got := strings.Count(msg, "[Stack/"); got != len(want) {
		t.Errorf("synth error holds %d problems, want %d:\n%s", got, len(want), msg)
	}
	if strings.Contains(msg, "PlainTextClientSecret_0123456789") {
		t.Error("the synth error shows the secret")
	}

	public := cdk.NewUserPoolClient(stack, s("Public"), &cdk.UserPoolClientProps{UserPool: pool})
	existing := cdk.NewClient(stack, s("Other"), &awscognito.UserPoolClientProps{UserPool: pool}, cdk.WithExistingClient(s("1example23456789")))
	for name, f := range map[string]func(){"public": func() { public.Secret() }, "existing": func() { existing.Secret() }} {
		if msg := panicText(f); !strings.Contains(msg, "has no client secret store") {
			t.Errorf("Secret() of a %s client: panic %q", name, msg)
		}
	}
}

// TestProviderClientSecretPolicy: the provider's role gets the Cognito
// secret actions on every pool used, the store actions on the stores of the
// pools of owned clients (cognito-user-pool-client/<pool id>/*), and
// GetSecretValue (with kms:Decrypt through Secrets Manager) on the
// ClientSecretSources only, which the function gets as
// CLIENT_SECRET_SOURCES; a source the function would refuse panics.
func TestProviderClientSecretPolicy(t *testing.T) {
	app := newApp(t, t.TempDir())
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	source := awssecretsmanager.NewSecret(stack, jsii.String("Source"), nil)
	pattern := "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/clients/*"
	cdk.NewProvider(stack, &cdk.ProviderProps{
		BootstrapDir:        jsii.String(dummyBootstrap(t)),
		ClientSecretSources: &[]*string{jsii.String(pattern), source.SecretArn()},
	})
	a := awscognito.NewUserPool(stack, jsii.String("A"), nil)
	b := importedPool(stack, "B")
	c := awscognito.NewUserPool(stack, jsii.String("C"), nil)
	cdk.NewUserPoolClient(stack, jsii.String("One"), &cdk.UserPoolClientProps{UserPool: a, GenerateSecret: jsii.Bool(true)})
	cdk.NewClient(stack, jsii.String("Two"), &awscognito.UserPoolClientProps{UserPool: a, DisableOAuth: jsii.Bool(true)}, cdk.WithClientSecret(pinned(source.SecretArn())))
	cdk.NewUserPoolClient(stack, jsii.String("Three"), &cdk.UserPoolClientProps{UserPool: b})
	cdk.NewUserPoolClientSettings(stack, jsii.String("Four"), &cdk.UserPoolClientSettingsProps{
		UserPool: c, ClientId: jsii.String("1example23456789"), ClientSettings: cdk.ClientSettings{ReadAttributes: jsii.Strings("email")},
	})

	sourceRef := map[string]any{"Ref": logicalID(stack, source)}
	_, fn := only(t, stack, "AWS::Lambda::Function")
	wantEnv := map[string]any{"Variables": map[string]any{"CLIENT_SECRET_SOURCES": map[string]any{"Fn::Join": []any{"", []any{pattern + ",", sourceRef}}}}}
	if got := fn["Properties"].(map[string]any)["Environment"]; !reflect.DeepEqual(got, wantEnv) {
		t.Errorf("Environment = %s, want %s", jsonText(got), jsonText(wantEnv))
	}

	poolArn := func(id string) any { return map[string]any{"Fn::GetAtt": []any{id, "Arn"}} }
	stores := func(pool string) string {
		return "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:cognito-user-pool-client/" + pool + "/*"
	}
	storeActions := []any{
		"secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
		"secretsmanager:UpdateSecretVersionStage", "secretsmanager:DescribeSecret", "secretsmanager:DeleteSecret",
	}
	statements := policyStatements(t, stack)
	find := func(action string) map[string]any {
		for _, s := range statements {
			if slices.Contains(s.Actions(), action) {
				return s.Body
			}
		}
		t.Fatalf("no statement grants %s", action)
		return nil
	}
	cognito := find("cognito-idp:ListUserPoolClientSecrets")
	if want := []any{
		"cognito-idp:CreateUserPoolClient", "cognito-idp:UpdateUserPoolClient", "cognito-idp:DeleteUserPoolClient", "cognito-idp:DescribeUserPoolClient",
		"cognito-idp:AddUserPoolClientSecret", "cognito-idp:DeleteUserPoolClientSecret", "cognito-idp:ListUserPoolClientSecrets",
	}; !reflect.DeepEqual(cognito["Action"], want) {
		t.Errorf("Cognito actions %v, want %v", cognito["Action"], want)
	}
	bArn := map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":cognito-idp:", map[string]any{"Ref": "AWS::Region"}, ":", map[string]any{"Ref": "AWS::AccountId"}, ":userpool/" + poolID}}}
	if want := []any{poolArn(logicalID(stack, a)), bArn, poolArn(logicalID(stack, c))}; !reflect.DeepEqual(cognito["Resource"], want) {
		t.Errorf("Cognito actions on %s, want %s", jsonText(cognito["Resource"]), jsonText(want))
	}
	store := find("secretsmanager:CreateSecret")
	var storeARNs []string
	for _, r := range store["Resource"].([]any) {
		storeARNs = append(storeARNs, arnText(r))
	}
	if want := []string{stores("${" + logicalID(stack, a) + "}"), stores(poolID)}; !reflect.DeepEqual(store["Action"], storeActions) || !slices.Equal(storeARNs, want) {
		t.Errorf("store actions %v on %q, want %v on %q: the stores of the owned clients' pools only", store["Action"], storeARNs, storeActions, want)
	}
	sources := find("secretsmanager:GetSecretValue")
	if sources["Action"] != "secretsmanager:GetSecretValue" || !reflect.DeepEqual(sources["Resource"], []any{pattern, sourceRef}) {
		t.Errorf("sources: %v on %s, want GetSecretValue alone on the sources", sources["Action"], jsonText(sources["Resource"]))
	}
	kms := find("kms:Decrypt")
	wantKMS := map[string]any{
		"Action": "kms:Decrypt", "Effect": "Allow",
		"Resource": map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":kms:", map[string]any{"Ref": "AWS::Region"}, ":*:key/*"}}},
		"Condition": map[string]any{
			"StringEquals": map[string]any{"kms:ViaService": map[string]any{"Fn::Join": []any{"", []any{"secretsmanager.", map[string]any{"Ref": "AWS::Region"}, ".", map[string]any{"Ref": "AWS::URLSuffix"}}}}},
			"StringLike":   map[string]any{"kms:EncryptionContext:SecretARN": []any{pattern, sourceRef}},
		},
	}
	if !reflect.DeepEqual(kms, wantKMS) {
		t.Errorf("kms statement:\n got %s\nwant %s", jsonText(kms), jsonText(wantKMS))
	}
	lint(t, stack)

	for i, bad := range []struct {
		sources []string
		want    string
	}{
		{[]string{"*"}, `ProviderProps.ClientSecretSources: CLIENT_SECRET_SOURCES: "*" is not a secret ARN pattern`},
		{[]string{pattern + "," + pattern}, "is not one pattern: give each as its own entry"},
		{[]string{""}, "entry 1 is empty"},
	} {
		other := awscdk.NewStack(app, jsii.String(fmt.Sprintf("Bad%d", i)), nil)
		msg := panicText(func() {
			cdk.NewProvider(other, &cdk.ProviderProps{BootstrapDir: jsii.String(dummyBootstrap(t)), ClientSecretSources: jsii.Strings(bad.sources...)})
		})
		if !strings.Contains(msg, bad.want) {
			t.Errorf("sources %q: panic %q, want %q", bad.sources, msg, bad.want)
		}
	}
}

// TestNoSecretsManagerActionOnEverything reads the policies of both ways to
// deploy the function, template.yaml's role and the CDK provider's (with
// sources and clients with and without secrets), and fails on any Secrets
// Manager action granted on every secret.
func TestNoSecretsManagerActionOnEverything(t *testing.T) {
	// The check itself, on statements that must fail it and one that must not.
	for _, c := range []struct {
		name string
		body map[string]any
		bad  bool
	}{
		{"on *", map[string]any{"Action": "secretsmanager:GetSecretValue", "Resource": "*"}, true},
		{"every secret", map[string]any{"Action": []any{"secretsmanager:DeleteSecret"}, "Resource": map[string]any{"Fn::Sub": "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*"}}, true},
		{"every resource of the service", map[string]any{"Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:*"}, true},
		{"* under a condition", map[string]any{"Action": "*", "Resource": []any{"arn:aws:s3:::b", map[string]any{"Fn::If": []any{"C", "*", "x"}}}}, true},
		{"all but", map[string]any{"Action": "secretsmanager:GetSecretValue", "NotResource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:x"}, true},
		{"any action but", map[string]any{"NotAction": "s3:GetObject", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:x"}, true},
		{"the stores", map[string]any{"Action": "secretsmanager:GetSecretValue", "Resource": map[string]any{"Fn::Sub": "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:cognito-user-pool-client/*"}}, false},
		{"another service on *", map[string]any{"Action": "logs:CreateLogGroup", "Resource": "*"}, false},
	} {
		if got := onEverySecret(samtemplate.Statement{Body: c.body}); (got != "") != c.bad {
			t.Errorf("%s: %q, want bad %v", c.name, got, c.bad)
		}
	}

	sam, err := samtemplate.ParseFile(filepath.Join("..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	samStatements, err := sam.Statements()
	if err != nil {
		t.Fatal(err)
	}

	app := newApp(t, t.TempDir())
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	cdk.NewProvider(stack, &cdk.ProviderProps{
		BootstrapDir:        jsii.String(dummyBootstrap(t)),
		ClientSecretSources: jsii.Strings("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*"),
	})
	pool := awscognito.NewUserPool(stack, jsii.String("Pool"), nil)
	cdk.NewUserPoolClient(stack, jsii.String("Secret"), &cdk.UserPoolClientProps{UserPool: pool, GenerateSecret: jsii.Bool(true)})
	cdk.NewUserPoolClient(stack, jsii.String("Public"), &cdk.UserPoolClientProps{UserPool: importedPool(stack, "Other")})
	cdk.NewUserPoolClientSettings(stack, jsii.String("Existing"), &cdk.UserPoolClientSettingsProps{UserPool: pool, ClientId: jsii.String("1example23456789")})
	cdkStatements := policyStatements(t, stack)
	lint(t, stack)

	for name, statements := range map[string][]samtemplate.Statement{"template.yaml": samStatements, "the CDK provider": cdkStatements} {
		secrets := 0
		for _, st := range statements {
			if problem := onEverySecret(st); problem != "" {
				t.Errorf("%s, %s: %s", name, st.Where, problem)
			}
			if slices.ContainsFunc(st.Actions(), isSecretsManager) {
				secrets++
			}
		}
		if secrets < 2 {
			t.Errorf("%s: %d statements grant Secrets Manager actions, want the stores' and the sources'", name, secrets)
		}
	}
}

// onEverySecret says how a statement grants a Secrets Manager action on
// every secret (on "*", on arn:…:secret:*, on the whole service, or by
// NotAction or NotResource), or "" when it does not.
func onEverySecret(st samtemplate.Statement) string {
	if st.Body["NotAction"] != nil || st.Body["NotResource"] != nil {
		return "NotAction or NotResource grant everything not listed"
	}
	if !slices.ContainsFunc(st.Actions(), isSecretsManager) {
		return ""
	}
	for _, r := range st.Resources() {
		arn := arnText(r)
		if arn == "*" {
			return "Secrets Manager actions on *"
		}
		_, name, isSecret := strings.Cut(arn, ":secret:")
		if isSecret && (name == "" || strings.HasPrefix(name, "*")) || !isSecret && !strings.HasPrefix(arn, "${") {
			return "Secrets Manager actions on " + arn + ", every secret"
		}
	}
	return ""
}

func isSecretsManager(action string) bool {
	return action == "*" || strings.HasPrefix(strings.ToLower(action), "secretsmanager:")
}

// arnText writes an ARN as text, in Fn::Sub's notation: a Ref as ${Name},
// Fn::Join's parts joined, Fn::Sub's text as it is.
func arnText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		if s, ok := x["Fn::Sub"].(string); ok {
			return s
		}
		if r, ok := x["Ref"].(string); ok {
			return "${" + r + "}"
		}
		if j, ok := x["Fn::Join"].([]any); ok && len(j) == 2 {
			sep, _ := j[0].(string)
			parts, _ := j[1].([]any)
			texts := make([]string, len(parts))
			for i, p := range parts {
				texts[i] = arnText(p)
			}
			return strings.Join(texts, sep)
		}
		if g, ok := x["Fn::GetAtt"].([]any); ok && len(g) == 2 {
			return "${" + g[0].(string) + "." + g[1].(string) + "}"
		}
	}
	return "${?}"
}

// policyStatements returns the statements of every IAM policy of the
// stack's template.
func policyStatements(t *testing.T, stack awscdk.Stack) []samtemplate.Statement {
	t.Helper()
	b, err := json.Marshal(assertions.Template_FromStack(stack, nil).ToJSON())
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := samtemplate.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	statements, err := tpl.Statements()
	if err != nil {
		t.Fatal(err)
	}
	return statements
}
