package cdk_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/cfnlint"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdabuild"
)

// ownApp is the CDK app of the recipe's test: a module of its own, with a
// user pool and an owned client.
const ownApp = `package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/cdk"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("MyAuth"), nil)
	pool := awscognito.NewUserPool(stack, jsii.String("Users"), nil)
	cdk.NewUserPoolClient(stack, jsii.String("Client"), &cdk.UserPoolClientProps{
		UserPool: pool,
		ClientSettings: cdk.ClientSettings{
			AccessTokenValidity:  awscdk.Duration_Minutes(jsii.Number(90)),
			RefreshTokenValidity: awscdk.Duration_Days(jsii.Number(30)),
			ExplicitAuthFlows:    jsii.Strings("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
		},
	})
	app.Synth(nil)
}
`

// TestOwnAppAgainstACheckout follows the README's recipe for a CDK app of
// one's own while the module is not published: a new module outside this
// one, `go mod edit` with a replace pointing at the checkout, `go mod
// tidy`, then `cdk synth --app "go run ."` with the aws-cdk CLI pinned in
// the checkout. The template must be one that cfn-lint accepts, with the
// resource and its provider, whose code is the checkout's function as
// lambdabuild builds it. It uses the Go module cache and the module proxy,
// as the user's go command would.
func TestOwnAppAgainstACheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and synthesizes a CDK app (Node, through jsii): tens of seconds")
	}
	checkout, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cli := filepath.Join(checkout, "_node", "node_modules", ".bin", "cdk")
	if _, err := os.Stat(cli); err != nil {
		t.Fatalf("the pinned aws-cdk CLI is not installed (make test installs it, or cd _node && npm ci --ignore-scripts): %v", err)
	}
	app := t.TempDir()
	if err := os.WriteFile(filepath.Join(app, "main.go"), []byte(ownApp), 0o644); err != nil {
		t.Fatal(err)
	}
	const module = "github.com/cognito-client-resource/cognitoclient"
	for _, args := range [][]string{
		{"go", "mod", "init", "example.com/myauth"},
		{"go", "mod", "edit", "-require=" + module + "@v0.0.0", "-replace=" + module + "=" + checkout},
		{"go", "mod", "tidy"},
		{cli, "synth", "--app", "go run ."},
	} {
		cmd := exec.CommandContext(t.Context(), args[0], args[1:]...)
		cmd.Dir = app
		// A workspace around the test's directory would not be the user's.
		cmd.Env = append(os.Environ(), "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	path := filepath.Join(app, "cdk.out", "MyAuth.template.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var template struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
			Metadata   map[string]any
		}
	}
	if err := json.Unmarshal(data, &template); err != nil {
		t.Fatal(err)
	}
	var clients, functions int
	for id, r := range template.Resources {
		switch r.Type {
		case "Custom::CognitoUserPoolClient":
			clients++
			if got := r.Properties["AccessTokenValidity"]; got != "90m" {
				t.Errorf("%s: AccessTokenValidity %v, want 90m", id, got)
			}
		case "AWS::Lambda::Function":
			functions++
			asset, _ := r.Metadata["aws:asset:path"].(string)
			built, err := lambdabuild.Bootstrap(t.Context(), t.TempDir(), lambdabuild.Lambda())
			if err != nil {
				t.Fatal(err)
			}
			if a, b := readFile(t, filepath.Join(app, "cdk.out", asset, "bootstrap")), readFile(t, built); !bytes.Equal(a, b) {
				t.Errorf("the provider's bootstrap (%d bytes) is not this checkout's function (%d bytes)", len(a), len(b))
			}
		}
	}
	if clients != 1 || functions != 1 {
		t.Errorf("%d custom resources and %d functions, want the client and its provider", clients, functions)
	}
	if err := cfnlint.CheckSynthesized(t.Context(), path); err != nil {
		t.Error(err)
	}
}
