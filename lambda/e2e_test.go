package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitolocal"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
)

// signature stands for the signature of CloudFormation's pre-signed response
// URL: it must reach the receiver and nothing else, logs included.
const signature = "e2eSIGNATUREc0ffee0123456789abcdef0123456789abcdef0123456789abcd"

const presignedQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256" +
	"&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Fs3%2Faws4_request" +
	"&X-Amz-Date=20250101T000000Z&X-Amz-Expires=7200&X-Amz-SignedHeaders=host" +
	"&X-Amz-Signature=" + signature

// lockedBuffer collects a child's output for the test to read once the
// child has been stopped.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// cfnResponse is the body a custom resource PUTs to the ResponseURL.
type cfnResponse struct {
	Status             string
	Reason             string
	PhysicalResourceId string
	StackId            string
	RequestId          string
	LogicalResourceId  string
	NoEcho             bool
	Data               map[string]string
}

// e2e is the real bootstrap binary, run as a Lambda function by
// internal/localrun, with cognito-local as Cognito and localrun's receiver as
// CloudFormation's response bucket.
type e2e struct {
	ctx     context.Context
	fn      *localrun.Function
	cognito *cip.Client
	pool    string
	events  []string // the RequestType of every event sent, in order
}

func newE2E(t *testing.T) (*e2e, func() (stdout, stderr string)) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts cognito-local")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)

	bin, err := localrun.Build(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	emu, err := cognitolocal.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	pool, err := emu.CreateUserPool(ctx, "e2e")
	if err != nil {
		t.Fatal(err)
	}

	var stdout, stderr lockedBuffer
	fn, err := localrun.Start(bin, localrun.CognitoEnv(emu.Endpoint()), &stdout, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fn.Close() })
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("function stdout:\n%s\nfunction stderr:\n%s\ncognito-local:\n%s", stdout.String(), stderr.String(), emu.Output())
		}
	})

	stop := func() (string, string) {
		if err := fn.Close(); err != nil {
			t.Error(err)
		}
		_, _ = suiteLogs.Write([]byte(stdout.String()))
		return stdout.String(), stderr.String()
	}
	return &e2e{ctx: ctx, fn: fn, cognito: emu.Client(), pool: pool}, stop
}

// send delivers one CloudFormation event, as CloudFormation builds it, and
// returns the response the function sent to the ResponseURL, after checking
// that it echoes the event. localrun checks that exactly one was sent, as a
// PUT to the URL given, and that it is the function's result too.
func (e *e2e) send(t *testing.T, requestType, physicalID string, props, oldProps map[string]any) cfnResponse {
	t.Helper()
	n := len(e.events)
	e.events = append(e.events, requestType)
	event := map[string]any{
		"RequestType":        requestType,
		"ServiceToken":       lambdalocal.FunctionARN,
		"ResponseURL":        fmt.Sprintf("https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/event-%d?%s", n, presignedQuery),
		"StackId":            "arn:aws:cloudformation:" + lambdalocal.Region + ":" + lambdalocal.Account + ":stack/e2e/5b8c8a40-0000-11f0-0000-0a1b2c3d4e5f",
		"RequestId":          fmt.Sprintf("6f0c1e2d-0000-4000-8000-%012d", n),
		"LogicalResourceId":  "AppClient",
		"ResourceType":       "Custom::CognitoUserPoolClient",
		"ResourceProperties": withServiceToken(props),
	}
	if physicalID != "" {
		event["PhysicalResourceId"] = physicalID
	}
	if oldProps != nil {
		event["OldResourceProperties"] = withServiceToken(oldProps)
	}
	payload, err := json.Marshal(event)
	if err != nil {
		t.Fatal(err)
	}

	sent, err := e.fn.Invoke(e.ctx, payload)
	if err != nil {
		t.Fatalf("%s: %v", requestType, err)
	}
	var resp cfnResponse
	if b, err := json.Marshal(sent); err != nil || json.Unmarshal(b, &resp) != nil {
		t.Fatalf("%s: the response is not a custom resource's response (%v)", requestType, err)
	}
	if resp.StackId != event["StackId"] || resp.RequestId != event["RequestId"] || resp.LogicalResourceId != "AppClient" {
		t.Errorf("%s: response does not echo the event: %+v", requestType, resp)
	}
	return resp
}

func withServiceToken(props map[string]any) map[string]any {
	out := map[string]any{"ServiceToken": lambdalocal.FunctionARN}
	for k, v := range props {
		out[k] = v
	}
	return out
}

// describe returns the client as the emulator has it, or nil when it does
// not exist.
func (e *e2e) describe(t *testing.T, clientID string) *types.UserPoolClientType {
	t.Helper()
	out, err := e.cognito.DescribeUserPoolClient(e.ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(e.pool), ClientId: aws.String(clientID)})
	var nf *types.ResourceNotFoundException
	if errors.As(err, &nf) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.UserPoolClient
}

// wantSuccess checks a SUCCESS response for clientID and its Data.
func wantSuccess(t *testing.T, step string, resp cfnResponse, clientID, clientName, pool string) {
	t.Helper()
	if resp.Status != "SUCCESS" {
		t.Fatalf("%s: Status %s, Reason %q", step, resp.Status, resp.Reason)
	}
	if resp.PhysicalResourceId != clientID {
		t.Errorf("%s: PhysicalResourceId = %q, want the client id %q", step, resp.PhysicalResourceId, clientID)
	}
	want := map[string]string{"ClientId": clientID, "ClientName": clientName, "UserPoolId": pool}
	for k, v := range want {
		if resp.Data[k] != v {
			t.Errorf("%s: Data.%s = %q, want %q", step, k, resp.Data[k], v)
		}
	}
	if _, ok := resp.Data["ClientSecret"]; ok || resp.NoEcho {
		t.Errorf("%s: a client without a secret got ClientSecret or NoEcho in its response", step)
	}
}

// validity is a token validity as a duration, whatever its unit.
func validity(v int32, unit types.TimeUnitsType) time.Duration {
	d := map[types.TimeUnitsType]time.Duration{
		types.TimeUnitsTypeSeconds: time.Second,
		types.TimeUnitsTypeMinutes: time.Minute,
		types.TimeUnitsTypeHours:   time.Hour,
		types.TimeUnitsTypeDays:    24 * time.Hour,
	}[unit]
	return time.Duration(v) * d
}

func validities(c *types.UserPoolClientType) (access, id, refresh time.Duration) {
	u := c.TokenValidityUnits
	if u == nil {
		u = &types.TokenValidityUnitsType{}
	}
	return validity(aws.ToInt32(c.AccessTokenValidity), u.AccessToken),
		validity(aws.ToInt32(c.IdTokenValidity), u.IdToken),
		validity(c.RefreshTokenValidity, u.RefreshToken)
}

// TestEndToEnd runs the real binary as a Lambda function through an owned
// client's Create, Update and Delete, then an existing client's Create and
// Delete, checking each response and the client in the emulator after each.
func TestEndToEnd(t *testing.T) {
	e, stop := newE2E(t)
	const day = 24 * time.Hour

	// CloudFormation delivers every scalar as a string.
	created := map[string]any{
		"UserPoolId":                 e.pool,
		"ClientName":                 "e2e-web",
		"AccessTokenValidity":        "10h",
		"IdTokenValidity":            "1h",
		"RefreshTokenValidity":       "30d",
		"AllowedOAuthFlows":          []string{"code"},
		"AllowedOAuthScopes":         []string{"openid", "email"},
		"CallbackURLs":               []string{"https://app.example.com/callback"},
		"SupportedIdentityProviders": []string{"COGNITO"},
		"EnableTokenRevocation":      "false",
		"PreventUserExistenceErrors": "ENABLED",
	}
	updated := map[string]any{
		"UserPoolId":                 e.pool,
		"ClientName":                 "e2e-web-renamed",
		"AccessTokenValidity":        "90m",
		"IdTokenValidity":            "1h",
		"RefreshTokenValidity":       "30d",
		"AllowedOAuthFlows":          []string{"code"},
		"AllowedOAuthScopes":         []string{"openid", "email"},
		"CallbackURLs":               []string{"https://app.example.com/callback"},
		"LogoutURLs":                 []string{"https://app.example.com/signed-out"},
		"SupportedIdentityProviders": []string{"COGNITO"},
		"PreventUserExistenceErrors": "ENABLED",
		// EnableTokenRevocation is no longer declared: Cognito's default, true, applies.
	}

	var clientID string
	if !t.Run("owned create", func(t *testing.T) {
		resp := e.send(t, "Create", "", created, nil)
		clientID = resp.PhysicalResourceId
		wantSuccess(t, "Create", resp, clientID, "e2e-web", e.pool)
		c := e.describe(t, clientID)
		if c == nil {
			t.Fatalf("client %q does not exist after Create", clientID)
		}
		if got := aws.ToString(c.ClientName); got != "e2e-web" {
			t.Errorf("ClientName = %q", got)
		}
		if a, i, r := validities(c); a != 10*time.Hour || i != time.Hour || r != 30*day {
			t.Errorf("validities = %v, %v, %v; want 10h, 1h, 720h", a, i, r)
		}
		if !aws.ToBool(c.AllowedOAuthFlowsUserPoolClient) {
			t.Error("AllowedOAuthFlowsUserPoolClient is false though flows are declared")
		}
		if !slices.Equal(c.CallbackURLs, []string{"https://app.example.com/callback"}) ||
			!slices.Equal(c.AllowedOAuthScopes, []string{"openid", "email"}) ||
			!slices.Equal(c.AllowedOAuthFlows, []types.OAuthFlowType{types.OAuthFlowTypeCode}) {
			t.Errorf("OAuth settings: callbacks %v, scopes %v, flows %v", c.CallbackURLs, c.AllowedOAuthScopes, c.AllowedOAuthFlows)
		}
		if aws.ToBool(c.EnableTokenRevocation) || c.PreventUserExistenceErrors != types.PreventUserExistenceErrorTypesEnabled {
			t.Errorf("EnableTokenRevocation %v, PreventUserExistenceErrors %q", aws.ToBool(c.EnableTokenRevocation), c.PreventUserExistenceErrors)
		}
	}) {
		t.FailNow()
	}

	if !t.Run("owned update", func(t *testing.T) {
		resp := e.send(t, "Update", clientID, updated, created)
		wantSuccess(t, "Update", resp, clientID, "e2e-web-renamed", e.pool)
		c := e.describe(t, clientID)
		if c == nil {
			t.Fatalf("client %q does not exist after Update", clientID)
		}
		if got := aws.ToString(c.ClientName); got != "e2e-web-renamed" {
			t.Errorf("ClientName = %q", got)
		}
		if a, i, r := validities(c); a != 90*time.Minute || i != time.Hour || r != 30*day {
			t.Errorf("validities = %v, %v, %v; want 1h30m, 1h, 720h", a, i, r)
		}
		if !slices.Equal(c.LogoutURLs, []string{"https://app.example.com/signed-out"}) ||
			!slices.Equal(c.CallbackURLs, []string{"https://app.example.com/callback"}) {
			t.Errorf("callbacks %v, logouts %v", c.CallbackURLs, c.LogoutURLs)
		}
		if !aws.ToBool(c.EnableTokenRevocation) {
			t.Error("EnableTokenRevocation is still false after the property was removed; want Cognito's default, true")
		}
	}) {
		t.FailNow()
	}

	t.Run("owned delete", func(t *testing.T) {
		resp := e.send(t, "Delete", clientID, updated, nil)
		if resp.Status != "SUCCESS" || resp.PhysicalResourceId != clientID {
			t.Errorf("Delete: Status %s, PhysicalResourceId %q, Reason %q", resp.Status, resp.PhysicalResourceId, resp.Reason)
		}
		if c := e.describe(t, clientID); c != nil {
			t.Errorf("client %q still exists after Delete", clientID)
		}
	})

	// A client made outside the stack, configured as Cognito would have it.
	made, err := e.cognito.CreateUserPoolClient(e.ctx, &cip.CreateUserPoolClientInput{
		UserPoolId:                      aws.String(e.pool),
		ClientName:                      aws.String("made-elsewhere"),
		AccessTokenValidity:             aws.Int32(60),
		IdTokenValidity:                 aws.Int32(60),
		RefreshTokenValidity:            30,
		TokenValidityUnits:              &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes, IdToken: types.TimeUnitsTypeMinutes, RefreshToken: types.TimeUnitsTypeDays},
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthFlowsUserPoolClient: true,
		AllowedOAuthScopes:              []string{"openid"},
		CallbackURLs:                    []string{"https://old.example.com/callback"},
		ExplicitAuthFlows:               []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
		EnableTokenRevocation:           aws.Bool(true),
		PreventUserExistenceErrors:      types.PreventUserExistenceErrorTypesEnabled,
	})
	if err != nil {
		t.Fatal(err)
	}
	existingID := aws.ToString(made.UserPoolClient.ClientId)
	callbacks := []string{"https://old.example.com/callback", "https://d111111abcdef8.cloudfront.net/callback"}
	existing := map[string]any{
		"UserPoolId":   e.pool,
		"ClientId":     existingID,
		"CallbackURLs": callbacks,
	}

	t.Run("existing-client create", func(t *testing.T) {
		resp := e.send(t, "Create", "", existing, nil)
		wantSuccess(t, "Create", resp, existingID, "made-elsewhere", e.pool)
		c := e.describe(t, existingID)
		if c == nil {
			t.Fatalf("client %q is gone", existingID)
		}
		if !slices.Equal(c.CallbackURLs, callbacks) {
			t.Errorf("CallbackURLs = %v, want %v", c.CallbackURLs, callbacks)
		}
		if aws.ToString(c.ClientName) != "made-elsewhere" || !slices.Equal(c.AllowedOAuthScopes, []string{"openid"}) ||
			len(c.ExplicitAuthFlows) != 2 || c.PreventUserExistenceErrors != types.PreventUserExistenceErrorTypesEnabled {
			t.Errorf("undeclared settings changed: %+v", c)
		}
		if a, i, r := validities(c); a != time.Hour || i != time.Hour || r != 30*day {
			t.Errorf("validities = %v, %v, %v; want 1h, 1h, 720h as before", a, i, r)
		}
	})

	t.Run("existing-client delete leaves the client", func(t *testing.T) {
		resp := e.send(t, "Delete", existingID, existing, nil)
		if resp.Status != "SUCCESS" || resp.PhysicalResourceId != existingID {
			t.Errorf("Delete: Status %s, PhysicalResourceId %q, Reason %q", resp.Status, resp.PhysicalResourceId, resp.Reason)
		}
		c := e.describe(t, existingID)
		if c == nil {
			t.Fatalf("client %q was deleted; an existing client must be left as it is", existingID)
		}
		if !slices.Equal(c.CallbackURLs, callbacks) {
			t.Errorf("CallbackURLs = %v after Delete, want them untouched", c.CallbackURLs)
		}
	})

	stdout, stderr := stop()
	var handled []string
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var line struct {
			Msg         string `json:"msg"`
			RequestType string `json:"request_type"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "event handled" {
			handled = append(handled, line.RequestType)
		}
	}
	if !slices.Equal(handled, e.events) {
		t.Errorf(`"event handled" lines for %v, want exactly one per event %v`, handled, e.events)
	}
	for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
		if strings.Contains(out, signature) {
			t.Errorf("the function's %s contains the ResponseURL's signature", name)
		}
	}
}
