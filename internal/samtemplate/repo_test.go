package samtemplate

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
)

// The project's own templates, checked without a deploy: template.yaml (the
// SAM application that serves the resource) and examples/*.yaml.

const (
	functionID  = "CognitoUserPoolClientFunction"
	logGroupID  = "CognitoUserPoolClientLogGroup"
	customType  = "Custom::CognitoUserPoolClient"
	serviceTime = 300 // the ServiceTimeout the examples set
	maxEventAge = 60  // the function's asynchronous MaximumEventAgeInSeconds
)

// repoRoot is the module root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found: %v", err)
	}
	return root
}

func load(t *testing.T, rel string) *Template {
	t.Helper()
	tpl, err := ParseFile(filepath.Join(repoRoot(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// examples returns the paths of examples/*.yaml relative to the root, and
// fails if the two examples the README points to are missing.
func examples(t *testing.T) []string {
	t.Helper()
	root := repoRoot(t)
	paths, err := filepath.Glob(filepath.Join(root, "examples", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, p := range paths {
		r, _ := filepath.Rel(root, p)
		rel = append(rel, filepath.ToSlash(r))
	}
	for _, want := range []string{"examples/owned-client.yaml", "examples/cloudfront-callback.yaml", "examples/per-stack.yaml"} {
		if !slices.Contains(rel, want) {
			t.Fatalf("%s is missing (found %q)", want, rel)
		}
	}
	return rel
}

func ref(name string) map[string]any { return map[string]any{"Ref": name} }

func getAtt(res, attr string) map[string]any {
	return map[string]any{"Fn::GetAtt": []any{res, attr}}
}

func sub(s string) map[string]any { return map[string]any{"Fn::Sub": s} }

func TestTemplateHeader(t *testing.T) {
	tpl := load(t, "template.yaml")
	if tpl.FormatVersion != "2010-09-09" {
		t.Errorf("AWSTemplateFormatVersion = %q", tpl.FormatVersion)
	}
	if tpl.Transform != "AWS::Serverless-2016-10-31" {
		t.Errorf("Transform = %v", tpl.Transform)
	}
	if strings.TrimSpace(tpl.Description) == "" {
		t.Error("Description is empty")
	}
}

func TestTemplateFunction(t *testing.T) {
	tpl := load(t, "template.yaml")
	fn, ok := tpl.Resources[functionID]
	if !ok || fn.Type != "AWS::Serverless::Function" {
		t.Fatalf("no AWS::Serverless::Function %s", functionID)
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Runtime", fn.Properties["Runtime"], "provided.al2023"},
		{"Architectures", fn.Properties["Architectures"], []any{"arm64"}},
		{"Handler", fn.Properties["Handler"], "bootstrap"},
		{"MemorySize", fn.Properties["MemorySize"], 128},
		{"CodeUri", fn.Properties["CodeUri"], "."},
		{"Metadata.BuildMethod", fn.Metadata["BuildMethod"], "makefile"},
		{"Role", fn.Properties["Role"], getAtt("CognitoUserPoolClientRole", "Arn")},
		{"LoggingConfig", fn.Properties["LoggingConfig"], map[string]any{"LogGroup": ref(logGroupID)}},
		// A retry of a crashed Create could create a second client; a
		// queued event must not run after CloudFormation stopped waiting
		// (TestTemplateQueuedEventsNeverRunLate).
		{"EventInvokeConfig", fn.Properties["EventInvokeConfig"], map[string]any{"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": maxEventAge}},
		// With Role set, SAM ignores Policies; one in the template would be a
		// grant that does not exist.
		{"Policies", fn.Properties["Policies"], nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("%s = %#v, want %#v", tc.name, tc.got, tc.want)
			}
		})
	}
	t.Run("Timeout", func(t *testing.T) {
		// The deadline guard answers a few seconds before the timeout; that
		// answer must reach CloudFormation before its ServiceTimeout, and
		// Cognito throttling retries need tens of seconds.
		timeout, ok := fn.Properties["Timeout"].(int)
		if !ok || timeout < 30 || timeout >= serviceTime {
			t.Errorf("Timeout = %#v, want whole seconds in [30, %d)", fn.Properties["Timeout"], serviceTime)
		}
	})
}

// TestTemplateNoLoopbackOverride: ALLOW_LOOPBACK_RESPONSE_URL is for local
// runs only; set in the deployed function it would let an event send its
// response, and the resource's data, to any loopback listener.
func TestTemplateNoLoopbackOverride(t *testing.T) {
	tpl := load(t, "template.yaml")
	for id, r := range tpl.Resources {
		for _, s := range texts(map[string]any{"Properties": r.Properties, "Metadata": r.Metadata}) {
			if strings.Contains(s, "ALLOW_LOOPBACK_RESPONSE_URL") {
				t.Errorf("%s sets ALLOW_LOOPBACK_RESPONSE_URL", id)
			}
		}
	}
}

// texts returns every map key and string value inside v.
func texts(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		out = append(out, x)
	case []any:
		for _, e := range x {
			out = append(out, texts(e)...)
		}
	case map[string]any:
		for k, e := range x {
			out = append(out, k)
			out = append(out, texts(e)...)
		}
	}
	return out
}

// statements returns every statement of every identity policy in tpl
// (Template.Statements), and fails on managed policies and on SAM's own
// policies, so that no grant can hide from TestTemplateIAM.
func statements(t *testing.T, tpl *Template) []Statement {
	t.Helper()
	for id, r := range tpl.Resources {
		switch r.Type {
		case "AWS::IAM::Role":
			if r.Properties["ManagedPolicyArns"] != nil {
				t.Errorf("%s attaches managed policies %v", id, r.Properties["ManagedPolicyArns"])
			}
		case "AWS::Serverless::Function":
			if r.Properties["Policies"] != nil {
				t.Errorf("%s: SAM Policies make SAM generate a role with AWSLambdaBasicExecutionRole", id)
			}
		}
	}
	found, err := tpl.Statements()
	if err != nil {
		t.Fatal(err)
	}
	return found
}

var cognitoActions = []string{
	"cognito-idp:CreateUserPoolClient",
	"cognito-idp:DeleteUserPoolClient",
	"cognito-idp:DescribeUserPoolClient",
	"cognito-idp:UpdateUserPoolClient",
	"cognito-idp:AddUserPoolClientSecret",
	"cognito-idp:DeleteUserPoolClientSecret",
	"cognito-idp:ListUserPoolClientSecrets",
}

// storeActions are granted on the client secret stores only; the sources of
// ClientSecret references get GetSecretValue alone.
var storeActions = []string{
	"secretsmanager:CreateSecret",
	"secretsmanager:TagResource",
	"secretsmanager:GetSecretValue",
	"secretsmanager:PutSecretValue",
	"secretsmanager:UpdateSecretVersionStage",
	"secretsmanager:DescribeSecret",
	"secretsmanager:DeleteSecret",
}

const storesARN = "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:cognito-user-pool-client/*"

var logActions = []string{"logs:CreateLogStream", "logs:PutLogEvents"}

func TestTemplateIAM(t *testing.T) {
	tpl := load(t, "template.yaml")
	stmts := statements(t, tpl)
	if len(stmts) == 0 {
		t.Fatal("no IAM statements found")
	}
	var all []string
	for _, st := range stmts {
		for _, key := range []string{"NotAction", "NotResource", "NotPrincipal"} {
			if st.Body[key] != nil {
				t.Errorf("%s: %s grants everything not listed", st.Where, key)
			}
		}
		if st.Body["Effect"] != "Allow" {
			t.Errorf("%s: Effect = %v", st.Where, st.Body["Effect"])
		}
		actions := st.Actions()
		if len(actions) == 0 {
			t.Errorf("%s: Action %#v is not a string or a list of strings", st.Where, st.Body["Action"])
		}
		all = append(all, actions...)
		services := map[string]int{}
		for _, a := range actions {
			if strings.Contains(a, "*") {
				t.Errorf("%s: wildcard action %q", st.Where, a)
			}
			service, _, _ := strings.Cut(a, ":")
			services[service]++
		}
		if len(services) > 1 {
			t.Errorf("%s mixes the actions of %d services, so their resources mix too", st.Where, len(services))
		}
		for _, leaf := range st.Resources() {
			if s, ok := leaf.(string); ok && (s == "*" || strings.HasSuffix(s, ":*")) {
				t.Errorf("%s: actions on %q", st.Where, s)
			}
		}
		cognito, logs, secrets := services["cognito-idp"], services["logs"], services["secretsmanager"]
		switch {
		case services["kms"] > 0:
			// Decrypting a source's customer-managed key, through Secrets
			// Manager only, for the sources only, and only when there are any.
			want := map[string]any{
				"StringEquals": map[string]any{"kms:ViaService": sub("secretsmanager.${AWS::Region}.${AWS::URLSuffix}")},
				"StringLike":   map[string]any{"kms:EncryptionContext:SecretARN": ref("ClientSecretSources")},
			}
			if !slices.Equal(actions, []string{"kms:Decrypt"}) || !reflect.DeepEqual(st.Body["Condition"], want) || !strings.Contains(st.Where, "HasClientSecretSources") ||
				!reflect.DeepEqual(st.Body["Resource"], sub("arn:${AWS::Partition}:kms:${AWS::Region}:*:key/*")) {
				t.Errorf("%s: %q on %#v under %#v", st.Where, actions, st.Body["Resource"], st.Body["Condition"])
			}
		case secrets > 0:
			stores := sub(storesARN)
			sources := ref("ClientSecretSources")
			switch {
			case reflect.DeepEqual(st.Body["Resource"], stores):
				if !slices.Equal(actions, storeActions) {
					t.Errorf("%s: actions on the stores = %q, want %q", st.Where, actions, storeActions)
				}
			case reflect.DeepEqual(st.Body["Resource"], sources):
				if !slices.Equal(actions, []string{"secretsmanager:GetSecretValue"}) || !strings.Contains(st.Where, "HasClientSecretSources") {
					t.Errorf("%s: the sources get %q, want only GetSecretValue, and only when there are sources", st.Where, actions)
				}
			default:
				t.Errorf("%s: Secrets Manager actions on %#v, which is neither the stores nor the sources", st.Where, st.Body["Resource"])
			}
		case cognito > 0:
			for _, leaf := range st.Resources() {
				if leaf == "*" || reflect.DeepEqual(leaf, []any{"*"}) {
					t.Errorf("%s: Cognito actions on a bare \"*\"", st.Where)
				}
			}
			if want := ref("UserPoolArns"); !reflect.DeepEqual(st.Body["Resource"], want) {
				t.Errorf("%s: Resource = %#v, want %#v", st.Where, st.Body["Resource"], want)
			}
			tagged := map[string]any{"Fn::If": []any{"TagRestricted",
				map[string]any{"StringEquals": map[string]any{"aws:ResourceTag/CognitoUserPoolClientResource": ref("UserPoolTagValue")}},
				ref("AWS::NoValue")}}
			if !reflect.DeepEqual(st.Body["Condition"], tagged) {
				t.Errorf("%s: Condition = %#v, want %#v", st.Where, st.Body["Condition"], tagged)
			}
		case logs > 0:
			if want := getAtt(logGroupID, "Arn"); !reflect.DeepEqual(st.Body["Resource"], want) {
				t.Errorf("%s: Resource = %#v, want the function's own log group %#v", st.Where, st.Body["Resource"], want)
			}
		}
	}
	sort.Strings(all)
	want := append(slices.Concat(cognitoActions, storeActions, logActions), "secretsmanager:GetSecretValue", "kms:Decrypt")
	sort.Strings(want)
	if !slices.Equal(all, want) {
		t.Errorf("actions granted = %q, want exactly %q", all, want)
	}
}

func TestTemplateRoleTrust(t *testing.T) {
	tpl := load(t, "template.yaml")
	role := tpl.Resources["CognitoUserPoolClientRole"]
	want := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": "lambda.amazonaws.com"},
			"Action":    "sts:AssumeRole",
		}},
	}
	if got := role.Properties["AssumeRolePolicyDocument"]; !reflect.DeepEqual(got, want) {
		t.Errorf("AssumeRolePolicyDocument = %#v, want only Lambda", got)
	}
}

// TestTemplateUserPoolArnsParameter: the pools are required, and every
// element must be a user pool ARN (or all the pools of one account and
// Region, written out), so the Cognito statement never grants "*".
func TestTemplateUserPoolArnsParameter(t *testing.T) {
	tpl := load(t, "template.yaml")
	p := tpl.Parameters["UserPoolArns"]
	if p["Type"] != "CommaDelimitedList" {
		t.Errorf("UserPoolArns Type = %v, want CommaDelimitedList", p["Type"])
	}
	if d, ok := p["Default"]; ok {
		t.Errorf("UserPoolArns has a Default, %#v: the pools must be chosen", d)
	}
	pattern, _ := p["AllowedPattern"].(string)
	// CloudFormation applies it to each element of the list.
	re, err := regexp.Compile(pattern)
	if err != nil || pattern == "" {
		t.Fatalf("AllowedPattern %q: %v", pattern, err)
	}
	for _, tc := range []struct {
		arn string
		ok  bool
	}{
		{"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123", true},
		{"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_X", true},
		{"arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_AbC", true},
		{"arn:aws-us-gov:cognito-idp:us-gov-west-1:123456789012:userpool/us-gov-west-1_AbC", true},
		{"arn:aws:cognito-idp:us-east-1:123456789012:userpool/*", true},
		{"*", false},
		{"", false},
		{"arn:aws:cognito-idp:us-east-1:123456789012:*", false},
		{"arn:aws:cognito-idp:*:*:userpool/*", false},
		{"arn:aws:cognito-idp:us-east-1:*:userpool/*", false},
		{"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_*", false},
		{"arn:aws:cognito-identity:us-east-1:123456789012:identitypool/us-east-1:abc", false},
		{"arn:aws:s3:::bucket", false},
		{"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC/client/x", false},
		{"us-east-1_AbCdEf123", false},
		{" arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC", false},
	} {
		if got := re.MatchString(tc.arn); got != tc.ok {
			t.Errorf("AllowedPattern matches %q: %v, want %v", tc.arn, got, tc.ok)
		}
	}
	if tpl.Conditions["AllUserPools"] != nil {
		t.Error("the AllUserPools condition is back: a bare \"*\" must not select every pool")
	}
}

// TestTemplateClientSecretSources: the sources are optional, each element a
// secret ARN pattern that the function reads as CloudFormation checks it, and
// the function gets them in CLIENT_SECRET_SOURCES.
func TestTemplateClientSecretSources(t *testing.T) {
	tpl := load(t, "template.yaml")
	p := tpl.Parameters["ClientSecretSources"]
	if p["Type"] != "CommaDelimitedList" || p["Default"] != "" {
		t.Errorf("ClientSecretSources = %#v, want an optional CommaDelimitedList", p)
	}
	re, err := regexp.Compile(p["AllowedPattern"].(string))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		arn string
		ok  bool
	}{
		{"", true},
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret:app/clients/*", true},
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf", true},
		{"arn:aws:secretsmanager:*:123456789012:secret:app/db-??????", true},
		{"arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x*", true},
		{"*", false},
		{"arn:aws:secretsmanager:us-east-1:123456789012:*", false},
		{"arn:aws:secretsmanager:*", false},
		{"arn:aws:ssm:us-east-1:123456789012:parameter/x", false},
		{"app/clients/*", false},
	} {
		if got := re.MatchString(tc.arn); got != tc.ok {
			t.Errorf("AllowedPattern matches %q: %v, want %v", tc.arn, got, tc.ok)
		}
		// What CloudFormation accepts, the function reads.
		if _, err := secretref.ParseSources(tc.arn); (err == nil) != tc.ok {
			t.Errorf("ParseSources(%q): %v, want it to agree with the pattern (%v)", tc.arn, err, tc.ok)
		}
	}
	want := map[string]any{"Fn::Not": []any{map[string]any{"Fn::Equals": []any{map[string]any{"Fn::Join": []any{"", ref("ClientSecretSources")}}, ""}}}}
	if got := tpl.Conditions["HasClientSecretSources"]; !reflect.DeepEqual(got, want) {
		t.Errorf("Conditions.HasClientSecretSources = %#v, want %#v", got, want)
	}
	env, _ := tpl.Resources[functionID].Properties["Environment"].(map[string]any)
	vars, _ := env["Variables"].(map[string]any)
	if got, want := vars["CLIENT_SECRET_SOURCES"], map[string]any{"Fn::Join": []any{",", ref("ClientSecretSources")}}; !reflect.DeepEqual(got, want) {
		t.Errorf("CLIENT_SECRET_SOURCES = %#v, want %#v", got, want)
	}
}

// TestTemplateUserPoolTag: an optional tag value restricts the function to
// the listed pools that carry the tag.
func TestTemplateUserPoolTag(t *testing.T) {
	tpl := load(t, "template.yaml")
	p := tpl.Parameters["UserPoolTagValue"]
	if p["Type"] != "String" || p["Default"] != "" {
		t.Errorf("UserPoolTagValue = %#v, want an optional String", p)
	}
	want := map[string]any{"Fn::Not": []any{map[string]any{"Fn::Equals": []any{ref("UserPoolTagValue"), ""}}}}
	if got := tpl.Conditions["TagRestricted"]; !reflect.DeepEqual(got, want) {
		t.Errorf("Conditions.TagRestricted = %#v, want %#v", got, want)
	}
}

// optionalPattern checks that the parameter name is an optional String,
// empty by default, and returns its AllowedPattern.
func optionalPattern(t *testing.T, tpl *Template, name string) *regexp.Regexp {
	t.Helper()
	p := tpl.Parameters[name]
	if p["Type"] != "String" || p["Default"] != "" {
		t.Errorf("%s = %#v, want a String, empty by default", name, p)
	}
	pattern, _ := p["AllowedPattern"].(string)
	re, err := regexp.Compile(pattern)
	if err != nil || pattern == "" {
		t.Fatalf("%s's AllowedPattern %q: %v", name, pattern, err)
	}
	return re
}

// TestTemplateTrustedStackAccounts: an optional list of accounts, empty by
// default, that CloudFormation checks before the function sees it, in a
// form the function reads the same way, given to it as
// TRUSTED_STACK_ACCOUNTS.
func TestTemplateTrustedStackAccounts(t *testing.T) {
	tpl := load(t, "template.yaml")
	re := optionalPattern(t, tpl, "TrustedStackAccounts")
	for _, tc := range []struct {
		value string
		ok    bool
	}{
		{"", true},
		{"111122223333", true},
		{"111122223333,444455556666", true},
		{"*", false},
		{"all", false},
		{"11112222333", false},
		{"1111222233334", false},
		{"111122223333,", false},
		{",111122223333", false},
		{"111122223333, 444455556666", false},
		{"111122223333;444455556666", false},
		{"arn:aws:iam::111122223333:root", false},
	} {
		if got := re.MatchString(tc.value); got != tc.ok {
			t.Errorf("AllowedPattern matches %q: %v, want %v", tc.value, got, tc.ok)
		}
		if _, err := response.ParseAccounts(tc.value); tc.ok && err != nil {
			t.Errorf("the template accepts %q, which the function refuses: %v", tc.value, err)
		}
	}
	env, _ := tpl.Resources[functionID].Properties["Environment"].(map[string]any)
	vars, _ := env["Variables"].(map[string]any)
	if got := vars["TRUSTED_STACK_ACCOUNTS"]; !reflect.DeepEqual(got, ref("TrustedStackAccounts")) {
		t.Errorf("TRUSTED_STACK_ACCOUNTS = %#v, want the parameter", got)
	}
}

// TestTemplateReservedConcurrency: no reserved concurrency unless the
// optional parameter asks for some (a whole number from 1: 0 would stop the
// function), through a condition, so that an empty value leaves the property
// out.
func TestTemplateReservedConcurrency(t *testing.T) {
	tpl := load(t, "template.yaml")
	re := optionalPattern(t, tpl, "ReservedConcurrency")
	for _, tc := range []struct {
		value string
		ok    bool
	}{
		{"", true}, {"1", true}, {"10", true}, {"9999", true},
		{"0", false}, {"-1", false}, {"01", false}, {"10000", false}, {"1.5", false}, {" 5", false},
	} {
		if got := re.MatchString(tc.value); got != tc.ok {
			t.Errorf("AllowedPattern matches %q: %v, want %v", tc.value, got, tc.ok)
		}
	}
	want := map[string]any{"Fn::Not": []any{map[string]any{"Fn::Equals": []any{ref("ReservedConcurrency"), ""}}}}
	if got := tpl.Conditions["HasReservedConcurrency"]; !reflect.DeepEqual(got, want) {
		t.Errorf("Conditions.HasReservedConcurrency = %#v, want %#v", got, want)
	}
	wantProp := map[string]any{"Fn::If": []any{"HasReservedConcurrency", ref("ReservedConcurrency"), ref("AWS::NoValue")}}
	if got := tpl.Resources[functionID].Properties["ReservedConcurrentExecutions"]; !reflect.DeepEqual(got, wantProp) {
		t.Errorf("ReservedConcurrentExecutions = %#v, want %#v", got, wantProp)
	}
}

// TestTemplateQueuedEventsNeverRunLate: an event that waited in Lambda's
// asynchronous queue is dropped before its wait and the function's own run
// could outlast the ServiceTimeout of the examples, and it is never retried.
func TestTemplateQueuedEventsNeverRunLate(t *testing.T) {
	tpl := load(t, "template.yaml")
	fn := tpl.Resources[functionID]
	cfg, _ := fn.Properties["EventInvokeConfig"].(map[string]any)
	age, ok := cfg["MaximumEventAgeInSeconds"].(int)
	timeout, _ := fn.Properties["Timeout"].(int)
	switch {
	case !ok || age < 60: // Lambda's minimum
		t.Errorf("MaximumEventAgeInSeconds = %#v, want whole seconds, at least 60", cfg["MaximumEventAgeInSeconds"])
	case age+timeout > serviceTime:
		t.Errorf("MaximumEventAgeInSeconds %d + Timeout %d > ServiceTimeout %d: a queued event could run after CloudFormation stopped waiting", age, timeout, serviceTime)
	}
	if cfg["MaximumRetryAttempts"] != 0 {
		t.Errorf("MaximumRetryAttempts = %#v, want 0", cfg["MaximumRetryAttempts"])
	}
}

func TestTemplateLogGroup(t *testing.T) {
	tpl := load(t, "template.yaml")
	lg, ok := tpl.Resources[logGroupID]
	if !ok || lg.Type != "AWS::Logs::LogGroup" {
		t.Fatalf("no AWS::Logs::LogGroup %s", logGroupID)
	}
	if got := lg.Properties["RetentionInDays"]; !reflect.DeepEqual(got, ref("LogRetentionInDays")) {
		t.Errorf("RetentionInDays = %#v, want !Ref LogRetentionInDays", got)
	}
	name, _ := lg.Properties["LogGroupName"].(map[string]any)
	if s, _ := name["Fn::Sub"].(string); !strings.HasPrefix(s, "/aws/lambda/") {
		t.Errorf("LogGroupName = %#v, want a !Sub under /aws/lambda/", lg.Properties["LogGroupName"])
	}
	if refs := References(lg.Properties); len(refs) != 1 || refs[0] != "LogRetentionInDays" {
		// Naming the group after the function would close a cycle through
		// the function's LoggingConfig.
		t.Errorf("log group refers to %q, want only its retention parameter", refs)
	}

	p := tpl.Parameters["LogRetentionInDays"]
	// The retention values CloudWatch Logs accepts.
	valid := []any{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
	if p["Type"] != "Number" {
		t.Errorf("LogRetentionInDays Type = %v, want Number", p["Type"])
	}
	if !reflect.DeepEqual(p["AllowedValues"], valid) {
		t.Errorf("LogRetentionInDays AllowedValues = %v, want %v", p["AllowedValues"], valid)
	}
	if !slices.Contains(valid, p["Default"]) {
		t.Errorf("LogRetentionInDays Default = %#v, not an allowed value", p["Default"])
	}
}

func TestTemplateOutput(t *testing.T) {
	tpl := load(t, "template.yaml")
	out := tpl.Outputs["ServiceToken"]
	if got := out["Value"]; !reflect.DeepEqual(got, getAtt(functionID, "Arn")) {
		t.Errorf("Outputs.ServiceToken.Value = %#v, want the function's ARN", got)
	}
	want := map[string]any{"Name": sub("${AWS::StackName}-ServiceToken")}
	if got := out["Export"]; !reflect.DeepEqual(got, want) {
		t.Errorf("Outputs.ServiceToken.Export = %#v, want %#v", got, want)
	}
}

// TestTemplatesAcyclic: every reference names something in its template, and
// no template has a dependency cycle.
func TestTemplatesAcyclic(t *testing.T) {
	for _, rel := range append([]string{"template.yaml"}, examples(t)...) {
		t.Run(rel, func(t *testing.T) {
			graph, err := load(t, rel).Dependencies()
			if err != nil {
				t.Fatal(err)
			}
			if c := Cycle(graph); c != nil {
				t.Errorf("dependency cycle %s", strings.Join(c, " → "))
			}
		})
	}
}

// specProperties are the property names of docs/reference.md §2: the fields of
// props.Config (named after the properties on purpose) and the properties
// that identify or create the client, or that CloudFormation adds.
func specProperties() map[string]bool {
	names := map[string]bool{
		"ServiceToken": true, "ServiceTimeout": true, "UserPoolId": true,
		"ClientId": true, "GenerateSecret": true, "TokenValidityUnits": true,
		"Adopt": true,
	}
	ct := reflect.TypeFor[props.Config]()
	for i := range ct.NumField() {
		names[ct.Field(i).Name] = true
	}
	return names
}

// samples stand in for the values that only exist once a stack is deployed.
var samples = map[string]string{
	"UserPoolId": "us-east-1_Example1",
	"ClientId":   "1example23456789example",
}

var placeholder = regexp.MustCompile(`\$\{[^!}][^}]*\}`)

// concrete replaces the intrinsic functions inside the value of property name
// with sample values of the right shape (a !Sub URL keeps its scheme and path),
// so that props.Decode can check the rest against docs/reference.md §2.
func concrete(t *testing.T, name string, v any) any {
	t.Helper()
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = concrete(t, name, e)
		}
		return out
	case map[string]any:
		if s, ok := x["Fn::Sub"].(string); ok && len(x) == 1 {
			return placeholder.ReplaceAllString(s, "example")
		}
		if _, isRef := x["Ref"]; isRef || len(x) == 1 && hasFnKey(x) {
			s, ok := samples[name]
			if !ok {
				t.Fatalf("%s: no sample value stands in for %v", name, x)
			}
			return s
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = concrete(t, name, e)
		}
		return out
	}
	return v
}

func hasFnKey(m map[string]any) bool {
	for k := range m {
		if strings.HasPrefix(k, "Fn::") {
			return true
		}
	}
	return false
}

func TestExamplesCustomResources(t *testing.T) {
	known := specProperties()
	for _, rel := range examples(t) {
		t.Run(rel, func(t *testing.T) {
			tpl := load(t, rel)
			found := 0
			for id, r := range tpl.Resources {
				if r.Type != customType {
					if strings.Contains(r.Type, "CognitoUserPoolClient") && strings.HasPrefix(r.Type, "Custom::") {
						t.Errorf("%s: type %q, want %q", id, r.Type, customType)
					}
					continue
				}
				found++
				if got := r.Properties["ServiceTimeout"]; got != serviceTime {
					t.Errorf("%s: ServiceTimeout = %#v, want %d", id, got, serviceTime)
				}
				// The function comes from a stack deployed from
				// template.yaml, or is a nested application of this one.
				imported := map[string]any{"Fn::ImportValue": sub("${ServiceStackName}-ServiceToken")}
				switch got := r.Properties["ServiceToken"]; {
				case reflect.DeepEqual(got, imported):
					if tpl.Parameters["ServiceStackName"]["Type"] != "String" {
						t.Errorf("parameter ServiceStackName is missing")
					}
				case isNestedServiceToken(tpl, got):
				default:
					t.Errorf("%s: ServiceToken = %#v, want %#v or a nested application's Outputs.ServiceToken", id, got, imported)
				}
				properties := map[string]any{}
				for name, v := range r.Properties {
					if !known[name] {
						t.Errorf("%s: %s is not a property of docs/reference.md §2", id, name)
						continue
					}
					if name == "ServiceToken" {
						properties[name] = v
						continue
					}
					properties[name] = concrete(t, name, v)
				}
				if _, err := props.Decode(properties); err != nil {
					t.Errorf("%s: props.Decode refuses the properties:\n%v", id, err)
				}
			}
			// Step (a) of the migration is the native client alone, about
			// to be adopted (TestExampleMigration).
			if found == 0 && rel != "examples/migrate-a-retain.yaml" {
				t.Errorf("no %s in %s", customType, rel)
			}
		})
	}
}

// isNestedServiceToken reports whether v is the ServiceToken output of an
// AWS::Serverless::Application of tpl built from template.yaml.
func isNestedServiceToken(tpl *Template, v any) bool {
	m, _ := v.(map[string]any)
	ga, _ := m["Fn::GetAtt"].([]any)
	if len(m) != 1 || len(ga) != 2 || ga[1] != "Outputs.ServiceToken" {
		return false
	}
	app, _ := ga[0].(string)
	r := tpl.Resources[app]
	return r.Type == "AWS::Serverless::Application" && r.Properties["Location"] == "../template.yaml"
}

// TestExamplePerStack: the recommended deployment nests the function in the
// stack that uses it, allowed to manage the stack's own user pool only.
func TestExamplePerStack(t *testing.T) {
	tpl := load(t, "examples/per-stack.yaml")
	app := tpl.Resources["ClientResource"]
	if app.Type != "AWS::Serverless::Application" || app.Properties["Location"] != "../template.yaml" {
		t.Fatalf("ClientResource = %s %v, want a nested application of ../template.yaml", app.Type, app.Properties["Location"])
	}
	params, _ := app.Properties["Parameters"].(map[string]any)
	if want := getAtt("UserPool", "Arn"); !reflect.DeepEqual(params["UserPoolArns"], want) || len(params) != 1 {
		t.Errorf("the nested application's Parameters = %#v, want only UserPoolArns: %#v", params, want)
	}
	if tpl.Resources["UserPool"].Type != "AWS::Cognito::UserPool" {
		t.Error("no AWS::Cognito::UserPool named UserPool")
	}
	// The nested template's own parameters: every one it requires is given.
	nested := load(t, "template.yaml")
	for name, p := range nested.Parameters {
		if _, hasDefault := p["Default"]; !hasDefault && params[name] == nil {
			t.Errorf("the nested application does not give the required parameter %s", name)
		}
	}
	for name := range params {
		if nested.Parameters[name] == nil {
			t.Errorf("the nested application gives %s, which template.yaml does not declare", name)
		}
	}
	c := tpl.Resources["Client"]
	if !isNestedServiceToken(tpl, c.Properties["ServiceToken"]) || !reflect.DeepEqual(c.Properties["UserPoolId"], ref("UserPool")) {
		t.Errorf("Client: ServiceToken %#v, UserPoolId %#v; want the nested function, on the stack's own pool", c.Properties["ServiceToken"], c.Properties["UserPoolId"])
	}
}

func TestExampleOwnedClient(t *testing.T) {
	tpl := load(t, "examples/owned-client.yaml")
	c := tpl.Resources["Client"]
	if c.Type != customType {
		t.Fatalf("Client is %q", c.Type)
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"ClientId absent (owned mode)", c.Properties["ClientId"], nil},
		{"UserPoolId", c.Properties["UserPoolId"], ref("UserPool")},
		{"AccessTokenValidity", c.Properties["AccessTokenValidity"], "10h"},
		{"RefreshTokenValidity", c.Properties["RefreshTokenValidity"], "30d"},
		{"output ClientId", tpl.Outputs["ClientId"]["Value"], ref("Client")},
		{"output ClientName", tpl.Outputs["ClientName"]["Value"], getAtt("Client", "ClientName")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("got %#v, want %#v", tc.got, tc.want)
			}
		})
	}
}

// reaches reports whether from depends on to, directly or not.
func reaches(graph map[string][]string, from, to string) bool {
	seen := map[string]bool{}
	stack := []string{from}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, m := range graph[n] {
			if m == to {
				return true
			}
			if !seen[m] {
				seen[m] = true
				stack = append(stack, m)
			}
		}
	}
	return false
}

func TestExampleCloudFrontCallback(t *testing.T) {
	tpl := load(t, "examples/cloudfront-callback.yaml")
	graph, err := tpl.Dependencies()
	if err != nil {
		t.Fatal(err)
	}
	settings := tpl.Resources["CallbackSettings"]
	if settings.Type != customType {
		t.Fatalf("CallbackSettings is %q", settings.Type)
	}
	if got := settings.Properties["ClientId"]; !reflect.DeepEqual(got, ref("Client")) {
		t.Fatalf("CallbackSettings.ClientId = %#v, want !Ref Client (existing-client mode)", got)
	}
	client := tpl.Resources["Client"]
	if client.Type != customType && client.Type != "AWS::Cognito::UserPoolClient" {
		t.Fatalf("Client is %q, want an app client", client.Type)
	}
	if client.Properties["CallbackURLs"] != nil || client.Properties["ClientId"] != nil {
		t.Error("Client declares CallbackURLs or a ClientId; the callback URLs belong to CallbackSettings")
	}
	if tpl.Resources["Distribution"].Type != "AWS::CloudFront::Distribution" {
		t.Fatal("no AWS::CloudFront::Distribution named Distribution")
	}
	want := []any{sub("https://${Distribution.DomainName}/callback")}
	if got := settings.Properties["CallbackURLs"]; !reflect.DeepEqual(got, want) {
		t.Errorf("CallbackSettings.CallbackURLs = %#v, want %#v", got, want)
	}
	for _, flow := range []string{"AllowedOAuthFlows", "AllowedOAuthScopes"} {
		if settings.Properties[flow] == nil {
			t.Errorf("CallbackSettings declares no %s", flow)
		}
	}
	if reaches(graph, "Client", "Distribution") || reaches(graph, "Distribution", "Client") {
		t.Error("the client and the distribution depend on each other; only CallbackSettings may join them")
	}
	if !reaches(graph, "CallbackSettings", "Distribution") || !reaches(graph, "CallbackSettings", "Client") {
		t.Error("CallbackSettings must wait for both the client and the distribution")
	}
}

// The two templates of the migration from AWS::Cognito::UserPoolClient
// (docs/reference.md §3.11): step (a) only adds the Retain policies to the
// native client; step (b) swaps it, under a new logical id, for the custom
// resource that adopts its client by the id step (a) outputs, with the
// policies kept, and leaves the rest of the stack as it was. The lambda
// package's TestMigrationFromTheNativeResource deploys both against the fake.
func TestExampleMigration(t *testing.T) {
	a := load(t, "examples/migrate-a-retain.yaml")
	b := load(t, "examples/migrate-b-adopt.yaml")
	native, ok := a.Resources["WebClient"]
	if !ok || native.Type != "AWS::Cognito::UserPoolClient" {
		t.Fatalf("step (a) has no AWS::Cognito::UserPoolClient WebClient")
	}
	adopted, ok := b.Resources["WebClientAdopted"]
	if !ok || adopted.Type != customType {
		t.Fatalf("step (b) has no %s WebClientAdopted", customType)
	}
	if _, ok := b.Resources["WebClient"]; ok {
		t.Error("step (b) keeps WebClient: it must leave the template")
	}
	for _, r := range []struct {
		id string
		r  Resource
	}{{"step (a) WebClient", native}, {"step (b) WebClientAdopted", adopted}} {
		if r.r.DeletionPolicy != "Retain" || r.r.UpdateReplacePolicy != "Retain" {
			t.Errorf("%s: DeletionPolicy %q, UpdateReplacePolicy %q; want Retain and Retain", r.id, r.r.DeletionPolicy, r.r.UpdateReplacePolicy)
		}
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"the client is named by a parameter, not a Ref to the removed resource", adopted.Properties["ClientId"], ref("ClientId")},
		{"Adopt", adopted.Properties["Adopt"], true},
		{"the pool", adopted.Properties["UserPoolId"], native.Properties["UserPoolId"]},
		{"ServiceTimeout", adopted.Properties["ServiceTimeout"], serviceTime},
		{"the user pool is unchanged", b.Resources["UserPool"], a.Resources["UserPool"]},
		{"step (a) outputs the id", a.Outputs["ClientId"]["Value"], ref("WebClient")},
		{"step (b) outputs the same id", b.Outputs["ClientId"]["Value"], ref("WebClientAdopted")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("got %#v, want %#v", tc.got, tc.want)
			}
		})
	}
	if len(a.Resources) != 2 || len(b.Resources) != 2 {
		t.Errorf("%d and %d resources: step (b) swaps one resource for another, and changes nothing else", len(a.Resources), len(b.Resources))
	}
}
