package cognitolocal

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
)

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestStartAndClose(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cognito-local")
	}
	t.Parallel()
	e, err := Start(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.Endpoint(), "http://127.0.0.1:") {
		t.Errorf("Endpoint = %q, want loopback", e.Endpoint())
	}
	if _, err := e.CreateUserPool(testContext(t), "p"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(e.dir, ".cognito", "db")); err != nil {
		t.Errorf("the database is not under the emulator's directory: %v", err)
	}

	e.Close()
	select {
	case <-e.exited:
	default:
		t.Error("the emulator's process is still running after Close")
	}
	if _, err := os.Stat(e.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("working directory left behind: %v", err)
	}
	e.Close() // idempotent
}

func TestStartWithoutNodeModules(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "pkg")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	_, err := Start(testContext(t))
	want := filepath.Join(dir, NodeDir)
	if err == nil || !strings.Contains(err.Error(), "npm ci --ignore-scripts` in "+want) {
		t.Errorf("Start = %v, want an error telling to run npm ci in %s", err, want)
	}
}

// TestQuirks pins what the package comment says of cognito-local 5.3.0, so
// that a version bump that changes it fails here first.
func TestQuirks(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cognito-local")
	}
	t.Parallel()
	ctx := testContext(t)
	e, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	pool, err := e.CreateUserPool(ctx, "quirks")
	if err != nil {
		t.Fatal(err)
	}
	c := e.Client()

	create := func(t *testing.T, in *cip.CreateUserPoolClientInput) *types.UserPoolClientType {
		t.Helper()
		in.UserPoolId = aws.String(pool)
		if in.ClientName == nil {
			in.ClientName = aws.String("c")
		}
		out, err := c.CreateUserPoolClient(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return out.UserPoolClient
	}
	describe := func(t *testing.T, id string) *types.UserPoolClientType {
		t.Helper()
		out, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		return out.UserPoolClient
	}

	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"update merges instead of resetting", func(t *testing.T) {
			cl := create(t, &cip.CreateUserPoolClientInput{CallbackURLs: []string{"https://a.example/cb"}})
			_, err := c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{
				UserPoolId: aws.String(pool), ClientId: cl.ClientId, ClientName: aws.String("renamed"),
			})
			if err != nil {
				t.Fatal(err)
			}
			got := describe(t, aws.ToString(cl.ClientId))
			if aws.ToString(got.ClientName) != "renamed" || len(got.CallbackURLs) != 1 {
				t.Errorf("after update: name %q, callbacks %v", aws.ToString(got.ClientName), got.CallbackURLs)
			}
		}},
		{"auth session, rotation and context data are dropped", func(t *testing.T) {
			cl := create(t, &cip.CreateUserPoolClientInput{
				GenerateSecret:                           true,
				AuthSessionValidity:                      aws.Int32(10),
				EnablePropagateAdditionalUserContextData: aws.Bool(true),
				RefreshTokenRotation:                     &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled},
			})
			got := describe(t, aws.ToString(cl.ClientId))
			if got.AuthSessionValidity != nil || aws.ToBool(got.EnablePropagateAdditionalUserContextData) || got.RefreshTokenRotation != nil {
				t.Errorf("kept: auth session %v, context data %v, rotation %v",
					got.AuthSessionValidity, got.EnablePropagateAdditionalUserContextData, got.RefreshTokenRotation)
			}
			if aws.ToString(got.ClientSecret) == "" {
				t.Error("GenerateSecret gave no secret")
			}
		}},
		{"create fills no defaults and reads ID tokens in minutes", func(t *testing.T) {
			cl := create(t, &cip.CreateUserPoolClientInput{})
			got := describe(t, aws.ToString(cl.ClientId))
			if got.RefreshTokenValidity != 0 || got.ExplicitAuthFlows != nil || got.EnableTokenRevocation != nil || got.PreventUserExistenceErrors != "" {
				t.Errorf("defaults filled in: %+v", got)
			}
			u := got.TokenValidityUnits
			if u == nil || u.AccessToken != types.TimeUnitsTypeHours || u.IdToken != types.TimeUnitsTypeMinutes || u.RefreshToken != types.TimeUnitsTypeDays {
				t.Errorf("TokenValidityUnits = %+v", u)
			}
		}},
		{"a missing client is ResourceNotFoundException", func(t *testing.T) {
			_, err := c.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String("nosuchclient")})
			var nf *types.ResourceNotFoundException
			if !errors.As(err, &nf) {
				t.Errorf("Delete of a missing client = %v", err)
			}
		}},
		{"a deleted client is gone", func(t *testing.T) {
			cl := create(t, &cip.CreateUserPoolClientInput{})
			if _, err := c.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: cl.ClientId}); err != nil {
				t.Fatal(err)
			}
			_, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: cl.ClientId})
			var nf *types.ResourceNotFoundException
			if !errors.As(err, &nf) {
				t.Errorf("Describe after Delete = %v", err)
			}
		}},
		{"an unsupported operation is CognitoLocal#Unsupported", func(t *testing.T) {
			_, err := c.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("d")})
			var api smithy.APIError
			if !errors.As(err, &api) || !strings.Contains(api.ErrorCode(), "Unsupported") {
				t.Errorf("CreateUserPoolDomain = %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}

// TestNodeDirIsInvisibleToGo: npm installs Go files too (the aws-cdk CLI
// ships Go project templates that do not compile), which must never reach
// go vet, build or test, however the Node side was installed. The Node side
// is in NodeDir alone, and a module with a broken Go file under
// NodeDir/node_modules still lists, vets and builds.
func TestNodeDirIsInvisibleToGo(t *testing.T) {
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, NodeDir, "package-lock.json")); err != nil {
		t.Errorf("the Node side is not in %s: %v", NodeDir, err)
	}
	if _, err := os.Stat(filepath.Join(root, "package.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a package.json at the root (%v): npm ci there would install node_modules where go looks", err)
	}

	mod := t.TempDir()
	files := map[string]string{
		"go.mod":  "module probe\n\ngo 1.26\n",
		"main.go": "package main\n\nfunc main() {}\n",
		filepath.Join(NodeDir, "node_modules", "aws-cdk", "lib", "init-templates", "app.template.go"): "package %name%\n",
	}
	for name, content := range files {
		path := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"list", "./..."}, {"vet", "./..."}} {
		cmd := exec.CommandContext(t.Context(), "go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil || strings.Contains(string(out), "node_modules") {
			t.Errorf("go %s with a broken Go file under %s: %v\n%s", strings.Join(args, " "), NodeDir, err, out)
		}
	}
}
