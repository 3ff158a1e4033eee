package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/internal/cfnlint"
	"github.com/cognito-client-resource/cognitoclient/internal/samtemplate"
)

// templates collects the synthesized templates, which TestMain lints in one
// run of cfn-lint.
var templates *cfnlint.Batch

func TestMain(m *testing.M) {
	// cfn-lint checks the templates once, at the end; the CDK's own
	// CloudFormation validation at each synth would cost seconds of CPU per
	// app for the same findings.
	os.Setenv("CDK_VALIDATION", "false")
	var err error
	if templates, err = cfnlint.NewBatch(); err != nil {
		panic(err)
	}
	code := m.Run()
	jsii.Close()
	found, err := templates.Run(context.Background())
	for _, f := range found {
		fmt.Println("cfn-lint:", f)
	}
	if err != nil || len(found) > 0 {
		fmt.Println("FAIL: cfn-lint on the synthesized templates:", err, len(found), "findings")
		code = 1
	}
	os.Exit(code)
}

// TestExampleSynthesizes synthesizes the example, with the function built
// from lambda/, and checks that CloudFormation can order its resources,
// with the dependency graph the SAM template's tests use.
func TestExampleSynthesizes(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes with the CDK (Node, through jsii)")
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir())})
	template, deps := synthesized(t, NewSiteStack(app, "Example"))
	byType := map[string][]string{}
	for id, r := range template.Resources {
		byType[r.Type] = append(byType[r.Type], id)
	}
	if n := len(byType["AWS::Lambda::Function"]); n != 1 {
		t.Errorf("%d functions, want the one provider", n)
	}
	custom := byType["Custom::CognitoUserPoolClient"]
	if len(custom) != 2 {
		t.Fatalf("custom resources %v, want the client and its callback settings", custom)
	}
	client, settings := custom[0], custom[1]
	if strings.HasPrefix(client, "CallbackSettings") {
		client, settings = settings, client
	}
	distribution := byType["AWS::CloudFront::Distribution"][0]
	for _, want := range []string{client, distribution} {
		if !slices.Contains(deps[settings], want) {
			t.Errorf("%s does not depend on %s", settings, want)
		}
	}
	ps := template.Resources[client].Properties
	for key, want := range map[string]any{
		"AccessTokenValidity": "90m", "IdTokenValidity": "1h", "RefreshTokenValidity": "30d",
		"AuthSessionValidity": "5m", "GenerateSecret": "true", "ServiceTimeout": "300",
	} {
		if !reflect.DeepEqual(ps[key], want) {
			t.Errorf("client %s = %v, want %v", key, ps[key], want)
		}
	}
}

// TestCDKJSONRunsThisApp: cdk.json, which the aws-cdk CLI reads, runs this
// example with jsii's end-of-life banner for Node 20 silenced, so that a
// plain `cdk synth` shows no warning that looks like an error.
func TestCDKJSONRunsThisApp(t *testing.T) {
	b, err := os.ReadFile("../../cdk.json")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct{ App string }
	if err := json.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	words := strings.Fields(cfg.App)
	if len(words) < 3 || !slices.Equal(words[len(words)-3:], []string{"go", "run", "./cdk/example"}) {
		t.Errorf("app %q does not run ./cdk/example", cfg.App)
	}
	silenced := false
	for _, w := range words {
		if v, ok := strings.CutPrefix(w, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="); ok {
			silenced = slices.Contains(strings.Split(v, ","), "20")
		}
	}
	if !silenced {
		t.Errorf("app %q does not set JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION to a list with 20", cfg.App)
	}
}

// TestPreviewStackAddsItsURLs synthesizes a preview stack: it adds its own
// distribution's URLs to the shared client it finds in SSM, and replaces no
// list.
func TestPreviewStackAddsItsURLs(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes with the CDK (Node, through jsii)")
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir())})
	template, _ := synthesized(t, NewPreviewStack(app, "Preview", "pr-42"))
	var custom []map[string]any
	for _, r := range template.Resources {
		if r.Type == "Custom::CognitoUserPoolClient" {
			custom = append(custom, r.Properties)
		}
	}
	if len(custom) != 1 {
		t.Fatalf("%d custom resources, want the preview's URLs", len(custom))
	}
	ps := custom[0]
	for _, replacing := range []string{"CallbackURLs", "LogoutURLs", "AllowedOAuthFlows"} {
		if _, ok := ps[replacing]; ok {
			t.Errorf("the preview declares %s: it must only add URLs", replacing)
		}
	}
	added, _ := json.Marshal([]any{ps["AdditionalCallbackURLs"], ps["AdditionalLogoutURLs"]})
	if !strings.Contains(string(added), "DomainName") || !strings.Contains(string(added), "callback") {
		t.Errorf("added URLs %s, want the distribution's domain", added)
	}
	ref, _ := ps["ClientId"].(map[string]any)["Ref"].(string)
	if p, ok := template.Parameters[ref]; !ok || p["Default"] != clientIDParameter {
		t.Errorf("ClientId %v, want the SSM parameter %s", ps["ClientId"], clientIDParameter)
	}
}

// synthesized returns the stack's template and its dependency graph, with
// the parser and graph the SAM template's tests use, and fails on a cycle
// CloudFormation could not order; it queues the template for cfn-lint.
func synthesized(t *testing.T, stack awscdk.Stack) (*samtemplate.Template, map[string][]string) {
	t.Helper()
	b, err := json.Marshal(assertions.Template_FromStack(stack, nil).ToJSON())
	if err != nil {
		t.Fatal(err)
	}
	if err := templates.Add(t.Name()+"-"+*stack.StackName(), b); err != nil {
		t.Fatal(err)
	}
	// JSON is YAML: the template parser reads the synthesized template.
	template, err := samtemplate.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	deps, err := template.Dependencies()
	if err != nil {
		t.Fatal(err)
	}
	if c := samtemplate.Cycle(deps); c != nil {
		t.Fatalf("dependency cycle: %s", strings.Join(c, " → "))
	}
	return template, deps
}
