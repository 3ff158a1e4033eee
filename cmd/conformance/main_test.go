package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/cognitolocal"
	"github.com/cognito-client-resource/cognitoclient/internal/conformance"
	"github.com/cognito-client-resource/cognitoclient/internal/secretsfake"
)

const testApplicationArn = "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef0123456789abcdef"

// awsEnv points the standard AWS configuration at local endpoints (a
// Secrets Manager endpoint "" is AWS's), with static dummy credentials, a
// Region and no shared files: the only difference from a run against AWS.
func awsEnv(t *testing.T, cognitoURL, secretsURL string) {
	t.Helper()
	for k, v := range map[string]string{
		endpointVar:                   cognitoURL,
		secretsEndpointVar:            secretsURL,
		"AWS_REGION":                  "eu-west-1",
		"AWS_ACCESS_KEY_ID":           "AKIDCONFORMANCETEST",
		"AWS_SECRET_ACCESS_KEY":       "conformance-test-key",
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		"AWS_EC2_METADATA_DISABLED":   "true",
		yesVar:                        "",
		analyticsVar:                  testApplicationArn,
	} {
		t.Setenv(k, v)
	}
}

// poolCalls returns the id of the pool the run created ("" if none) and
// whether a DeleteUserPool call for it succeeded.
func poolCalls(t *testing.T, s *cognitofake.Server) (created string, deleted bool) {
	t.Helper()
	var name string
	for _, c := range s.Calls() {
		var in struct{ PoolName, UserPoolId string }
		if err := json.Unmarshal(c.Input, &in); err != nil {
			t.Fatal(err)
		}
		switch c.Operation {
		case "CreateUserPool":
			name = in.PoolName
		case "CreateUserPoolClient":
			created = in.UserPoolId
		case "DeleteUserPool":
			deleted = deleted || (c.Err == "" && in.UserPoolId == created)
		}
	}
	if name != "" && !regexp.MustCompile(`^cognitoclient-conformance-\d{8}T\d{6}Z$`).MatchString(name) {
		t.Errorf("pool name %q is not recognisable", name)
	}
	if created != "" && s.Clients(created) != nil {
		t.Errorf("pool %s still exists", created)
	}
	return created, deleted
}

func TestRun(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		yesEnv      string
		opts        []cognitofake.Option
		setup       func(*cognitofake.Server)
		secrets     func(*secretsfake.Server)
		code        int
		stdout      []string // substrings
		stderr      []string
		wantPool    bool // the run created a pool (and must have deleted it)
		keepsPool   bool // the deletion fails
		keepsSecret bool // the deletions of secrets fail
		disagreeRow string
		noPlan      bool // the run stops before it prints its plan
		env         map[string]string
	}{
		{
			name: "without --yes nothing is done", code: exitNotRun,
			stdout: []string{
				"cognitoclient-conformance-<UTC time>", fmt.Sprintf("API calls: at most %d (", conformance.EstimatedCalls()+2), "one more for a scenario that disagrees", "should cost nothing", "well under one US cent",
				"cognito-idp:UpdateUserPoolClient", "cognito-idp:AddUserPoolClientSecret", "secretsmanager:CreateSecret", "RestoreSecret on arn:aws:secretsmanager:*:*:secret:cognitoclient-conformance-*",
			},
			stderr: []string{"pass --yes or set CONFORMANCE_YES=1"},
		},
		{name: "CONFORMANCE_YES other than 1 is no", yesEnv: "true", code: exitNotRun, stderr: []string{"nothing done"}},
		{
			name: "with --yes every row agrees", args: []string{"--yes"}, code: exitAgrees, wantPool: true,
			stdout: []string{"row | expected", "| agrees", "Deleted user pool", "eu-west-1", endpointVar, secretsEndpointVar, "\nS7 | ",
				"\nEvery scenario that ran agrees with the ledger, against http://127.0.0.1:"},
		},
		{
			name: "a local Cognito endpoint alone: the Secrets Manager rows are skipped", args: []string{"--yes"},
			env:  map[string]string{secretsEndpointVar: ""},
			code: exitAgrees, wantPool: true,
			stdout: []string{
				"Secrets Manager rows: skipped, " + endpointVar + " points at another Cognito endpoint; set " + secretsEndpointVar + " to check them too.",
				"\nS1 | ", "skipped: needs a Secrets Manager client | skipped",
				"(" + endpointVar + ").\n",
			},
		},
		{name: "with CONFORMANCE_YES=1", yesEnv: "1", code: exitAgrees, wantPool: true},
		{
			name: "a fake that disagrees", args: []string{"--yes"}, opts: []cognitofake.Option{cognitofake.WithUnitsFilledIn()},
			code: exitDisagrees, wantPool: true, disagreeRow: "3",
			stderr: []string{
				fmt.Sprintf("1 of the %d scenarios that ran disagree with the ledger, against http://127.0.0.1:", len(conformance.Scenarios())),
				`an emulator is not Amazon Cognito, and the ledger changes only on evidence from AWS (docs/cognito-behaviour.md, "Against an emulator")`,
			},
		},
		{
			name: "a scenario that fails", args: []string{"--yes"},
			setup: func(s *cognitofake.Server) { s.Fail("UpdateUserPoolClient", 1, cognitofake.NotFound) },
			code:  exitDisagrees, wantPool: true, disagreeRow: "7",
			stdout: []string{"row 7: ResourceNotFoundException"},
		},
		{
			name: "the pool cannot be created", args: []string{"--yes"},
			setup: func(s *cognitofake.Server) { s.Fail("CreateUserPool", 1, cognitofake.NotFound) },
			code:  exitNotRun, stderr: []string{"creating user pool cognitoclient-conformance-", "ResourceNotFoundException"},
		},
		{
			name: "the pool cannot be deleted", args: []string{"--yes"},
			setup: func(s *cognitofake.Server) { s.Fail("DeleteUserPool", 1, cognitofake.NotFound) },
			code:  exitLeft, wantPool: true, keepsPool: true,
			stderr: []string{"NOT deleted", "aws cognito-idp delete-user-pool --region eu-west-1 --user-pool-id us-east-1_"},
		},
		{
			name: "the secrets cannot be deleted", args: []string{"--yes"},
			secrets: func(s *secretsfake.Server) { s.Fail("DeleteSecret", 1000, secretsfake.NotFound) },
			code:    exitLeft, wantPool: true, keepsSecret: true,
			stderr: []string{"NOT deleted", "aws secretsmanager delete-secret --region eu-west-1 --force-delete-without-recovery --secret-id cognitoclient-conformance-"},
		},
		{name: "an unknown flag", args: []string{"--yes", "--force"}, code: exitNotRun, stderr: []string{"-force"}, noPlan: true},
		{
			name: "without an analytics application", args: []string{"--yes", "--analytics-application-arn="}, code: exitAgrees, wantPool: true,
			stdout: []string{"Rows 13, 14 and 30: skipped", "| skipped"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cognitofake.New(tt.opts...)
			defer s.Close()
			secrets := secretsfake.New()
			defer secrets.Close()
			awsEnv(t, s.URL(), secrets.URL())
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			t.Setenv(yesVar, tt.yesEnv)
			if tt.setup != nil {
				tt.setup(s)
			}
			if tt.secrets != nil {
				tt.secrets(secrets)
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			for _, want := range tt.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
			if !tt.noPlan && !strings.Contains(stdout.String(), "IAM actions") {
				t.Errorf("the plan was not printed first:\n%s", stdout.String())
			}
			pool := ""
			if tt.keepsPool {
				// The fake refused the deletion: the pool is still there.
				for _, c := range s.Calls() {
					var in struct{ UserPoolId string }
					json.Unmarshal(c.Input, &in)
					if c.Operation == "DeleteUserPool" {
						pool = in.UserPoolId
					}
				}
				if s.Clients(pool) == nil {
					t.Errorf("pool %q gone although its deletion failed", pool)
				}
			} else {
				var deleted bool
				pool, deleted = poolCalls(t, s)
				if (pool != "") != tt.wantPool {
					t.Errorf("pool created: %q, want one: %v", pool, tt.wantPool)
				}
				if pool != "" && !deleted {
					t.Errorf("pool %s not deleted", pool)
				}
			}
			if tt.code == exitNotRun {
				for _, c := range s.Calls() {
					if c.Operation != "CreateUserPool" {
						t.Errorf("a run that did nothing called %s", c.Operation)
					}
				}
			}
			left := secrets.Secrets()
			if tt.keepsSecret != (len(left) > 0) {
				t.Errorf("%d secrets left, want some: %v", len(left), tt.keepsSecret)
			}
			for _, secret := range left {
				if !strings.Contains(stderr.String(), "--secret-id "+secret.Name+"\n") {
					t.Errorf("secret %s left and not named", secret.Name)
				}
			}
			if tt.wantPool && !tt.keepsPool && !tt.keepsSecret {
				checkTable(t, stdout.String(), tt.disagreeRow)
			}
		})
	}
}

// TestEndpoints: the lines that say where a run went name Amazon Cognito
// and its Region, or the URL of the endpoint set in its place, and only a
// disagreement of Amazon Cognito itself sends the reader to change the ledger.
func TestEndpoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		endpoints endpoints
		want      string
		aws       bool // the advice is the ledger's section for AWS runs
	}{
		{"AWS", endpoints{region: "eu-west-1", checkSecrets: true}, "Amazon Cognito and AWS Secrets Manager in eu-west-1", true},
		{"an emulator, Secrets Manager skipped", endpoints{region: "us-east-1", cognito: "http://localhost:9229"},
			"http://localhost:9229 (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER)", false},
		{"both local", endpoints{region: "us-east-1", cognito: "http://127.0.0.1:1", secrets: "http://127.0.0.1:2", checkSecrets: true},
			"http://127.0.0.1:1 (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER) and http://127.0.0.1:2 (AWS_ENDPOINT_URL_SECRETS_MANAGER)", false},
		{"Amazon Cognito, a local Secrets Manager", endpoints{region: "eu-west-1", secrets: "http://127.0.0.1:2", checkSecrets: true},
			"Amazon Cognito in eu-west-1 and http://127.0.0.1:2 (AWS_ENDPOINT_URL_SECRETS_MANAGER)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.endpoints.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := tt.endpoints.advice(); strings.Contains(got, "When Amazon Cognito disagrees") != tt.aws {
				t.Errorf("advice() = %q, want the AWS section: %v", got, tt.aws)
			}
		})
	}
}

// checkTable checks that the table has one line per scenario and that only
// row disagree (none when "") says NO.
func checkTable(t *testing.T, out, disagree string) {
	t.Helper()
	lines := 0
	for _, line := range strings.Split(out, "\n") {
		cells := strings.Split(line, "|")
		if _, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(cells[0]), "S")); err != nil || len(cells) != 4 {
			continue
		}
		lines++
		row, agrees := strings.TrimSpace(cells[0]), strings.TrimSpace(cells[3])
		if (agrees == "NO") != (row == disagree) {
			t.Errorf("table line %q: agrees %q", line, agrees)
		}
	}
	if lines != len(conformance.Scenarios()) {
		t.Errorf("%d table lines, want %d:\n%s", lines, len(conformance.Scenarios()), out)
	}
}

// An interrupt in the middle of the scenarios stops them, and the pool is
// still deleted, with a context of its own.
func TestInterruptDeletesThePool(t *testing.T) {
	s := cognitofake.New()
	defer s.Close()
	secrets := secretsfake.New()
	defer secrets.Close()
	awsEnv(t, s.URL(), secrets.URL())
	s.Fail("UpdateUserPoolClient", 1, cognitofake.Hang)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"--yes"}, &stdout, &stderr) }()

	hung := false
	for range 2000 {
		for _, c := range s.Calls() {
			hung = hung || c.Err == "Hang"
		}
		if hung {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !hung {
		t.Fatal("the run never reached the hung update")
	}
	cancel() // what signal.NotifyContext does on Ctrl-C
	code := <-done
	if code != exitDisagrees {
		t.Errorf("exit status %d, want %d", code, exitDisagrees)
	}
	if !strings.Contains(stderr.String(), "interrupted after") {
		t.Errorf("stderr does not say the run was interrupted:\n%s", stderr.String())
	}
	pool, deleted := poolCalls(t, s)
	if pool == "" || !deleted {
		t.Errorf("pool %q deleted: %v, want deleted", pool, deleted)
	}
	if !strings.Contains(stdout.String(), "Deleted user pool "+pool) {
		t.Errorf("stdout does not report the deletion:\n%s", stdout.String())
	}
}

// TestAgainstCognitoLocal runs the recipe of docs/cognito-behaviour.md,
// "Against an emulator": the Cognito endpoint set to cognito-local, dummy
// credentials, no Secrets Manager endpoint. The emulator disagrees with the
// ledger on many rows (the reason the tests use the fake); the run says so
// naming the emulator's URL, never sends the reader to change the ledger,
// and leaves AWS Secrets Manager alone.
func TestAgainstCognitoLocal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cognito-local")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	emu, err := cognitolocal.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	awsEnv(t, emu.Endpoint(), "")
	t.Setenv(analyticsVar, "")
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"--yes"}, &stdout, &stderr)
	if code != exitDisagrees {
		t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitDisagrees, stdout.String(), stderr.String())
	}

	ran, disagree := 0, 0
	agrees := map[string]string{}
	for _, line := range strings.Split(stdout.String(), "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) != 4 || cells[0] == "row" {
			continue
		}
		agrees[cells[0]] = cells[3]
		switch cells[3] {
		case "NO":
			ran++
			disagree++
		case "yes":
			ran++
		}
	}
	// What cognito-local 5.3.0 does as Cognito does: no default validities
	// or PreventUserExistenceErrors, auth flows and attributes left as sent,
	// URLs without the OAuth flag.
	for _, row := range []string{"1", "6", "7", "8", "15"} {
		if agrees[row] != "yes" {
			t.Errorf("row %s: %q, want yes", row, agrees[row])
		}
	}
	for row, a := range agrees {
		if strings.HasPrefix(row, "S") && a != "skipped" {
			t.Errorf("row %s: %q, want skipped: no Secrets Manager endpoint is set", row, a)
		}
	}
	if disagree == 0 {
		t.Error("cognito-local agrees with every row")
	}
	want := fmt.Sprintf("conformance: %d of the %d scenarios that ran disagree with the ledger, against %s (%s): an emulator is not Amazon Cognito",
		disagree, ran, emu.Endpoint(), endpointVar)
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
	}
	if strings.Contains(stderr.String(), "When Amazon Cognito disagrees") || strings.Contains(stderr.String(), "secretsmanager") {
		t.Errorf("stderr points at the AWS section or at Secrets Manager:\n%s", stderr.String())
	}
	t.Logf("cognito-local: %d of the %d scenarios that ran disagree", disagree, ran)
}
