package main

import (
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/cognito-client-resource/cognitoclient/internal/clientsecret"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretstore"
)

// Client secrets through the function as main assembles it: the Secrets
// Manager client from AWS_ENDPOINT_URL_SECRETS_MANAGER, CLIENT_SECRET_SOURCES
// from the environment, the secret only in the PUT's Data, never in the
// function's result or any log line (TestMain scans every line for every
// value the fakes hold and every ClientSecret the events declare).

const (
	declaredSecret = "DeclaredClientSecret_0123456789abcd"
	sourceVersion  = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	resolvedSecret = "ResolvedClientSecret_0123456789abcd"
)

// source makes the secret a reference reads, and returns the reference.
func (h *fn) source() string {
	h.t.Helper()
	c := sm.New(sm.Options{Region: "us-east-1", BaseEndpoint: aws.String(h.sm.URL()),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", "")})
	if _, err := c.CreateSecret(context.Background(), &sm.CreateSecretInput{Name: aws.String("app/client"), ClientRequestToken: aws.String(sourceVersion),
		SecretString: aws.String(`{"secret":"` + resolvedSecret + `"}`)}); err != nil {
		h.t.Fatal(err)
	}
	return "{{resolve:secretsmanager:app/client:SecretString:secret::" + sourceVersion + "}}"
}

// secretEvent is an event of an owned client_credentials client with its
// own RequestId.
func (h *fn) secretEvent(rt cfn.RequestType, requestID, physicalID string, props, old map[string]any) cfn.Event {
	e := h.event(rt, physicalID, props)
	e.RequestID, e.OldResourceProperties = requestID, old
	return e
}

func (h *fn) secretProps(kv ...any) map[string]any {
	p := map[string]any{"UserPoolId": h.pool, "AllowedOAuthFlows": []any{"client_credentials"}, "AllowedOAuthScopes": []any{"api/read"}}
	for i := 0; i < len(kv); i += 2 {
		p[kv[i].(string)] = kv[i+1]
	}
	return p
}

// delivered checks one delivered SUCCESS of an owned client with a secret:
// the PUT carries the store's current secret and ARN with NoEcho, the
// function's result hides the secret, and the event line holds no value.
func (h *fn) delivered(resp cfn.Response, body []byte, line map[string]any) (clientsecret.State, cfn.Response) {
	h.t.Helper()
	got := decodeBody(h.t, body)
	if got.Status != cfn.StatusSuccess {
		h.t.Fatalf("FAILED: %s", got.Reason)
	}
	id := got.PhysicalResourceID
	sec, ok := h.sm.Secret(secretstore.Name(h.pool, id))
	if !ok {
		h.t.Fatal("no store")
	}
	v, _ := sec.Stage("AWSCURRENT")
	st, err := clientsecret.Decode(clientsecret.Client{UserPoolId: h.pool, ClientId: id}, v.Value)
	if err != nil {
		h.t.Fatal(err)
	}
	if got.Data["ClientSecret"] != st.Current.Value || got.Data["SecretArn"] != sec.ARN || !got.NoEcho {
		h.t.Errorf("the PUT's Data does not hold the store's secret and ARN with NoEcho")
	}
	if !h.fake.Authenticates(h.pool, id, st.Current.Value) {
		h.t.Error("the store's secret does not authenticate")
	}
	if resp.Data["ClientSecret"] != response.HiddenSecret || resp.Data["SecretArn"] != response.HiddenSecret {
		h.t.Errorf("the function's result shows %v", resp.Data["ClientSecret"])
	}
	raw, _ := json.Marshal(line)
	if strings.Contains(string(raw), st.Current.Value) {
		h.t.Error("the event line holds the secret")
	}
	return st, got
}

func TestClientSecretsThroughTheFunction(t *testing.T) {
	h := newFn(t)
	ref := h.source()
	literal := h.secretProps("ClientSecret", declaredSecret)
	resp, body, line := h.invoke(h.secretEvent(cfn.RequestCreate, "rq-1", "", literal, nil), 30*time.Second)
	st, got := h.delivered(resp, body, line)
	id := got.PhysicalResourceID
	if st.Current.Value != declaredSecret || line["cognito_calls"] != 2.0 {
		t.Errorf("Create: cognito_calls %v", line["cognito_calls"])
	}

	referenced := h.secretProps("ClientSecret", ref)
	resp, body, line = h.invoke(h.secretEvent(cfn.RequestUpdate, "rq-2", id, referenced, literal), 30*time.Second)
	if st, _ = h.delivered(resp, body, line); st.Current.Value != resolvedSecret || st.Previous.Value != declaredSecret {
		t.Error("the reference did not rotate the secret in place")
	}
	if changed, _ := line["changed"].([]any); !slices.Contains(changed, any("ClientSecret")) {
		t.Errorf("changed = %v", line["changed"])
	}

	generated := h.secretProps("GenerateSecret", "true", "ClientSecretVersion", "1")
	rotation := h.secretEvent(cfn.RequestUpdate, "rq-3", id, generated, referenced)
	resp, body, line = h.invoke(rotation, 30*time.Second)
	st, _ = h.delivered(resp, body, line)
	if len(st.Current.Value) != clientsecret.GeneratedLength || st.Previous.Value != resolvedSecret {
		t.Error("no generated secret")
	}

	// The same rotation again to this instance (answered from memory) and
	// to a second one (answered from the store): no second Add.
	h.fake.ResetCalls()
	h.invoke(rotation, 30*time.Second)
	second := newFn(t)
	second.fake, second.sm, second.pool = h.fake, h.sm, h.pool
	awsEnv(t, h.fake.URL(), h.sm.URL(), true)
	second.f = entry(io.MultiWriter(&suiteLogs, &second.logs), nil, shortRetries)
	rotation.ResponseURL = second.url("/cfn-response")
	resp, body, line = second.invoke(rotation, 30*time.Second)
	if again, _ := second.delivered(resp, body, line); again.Current != st.Current || h.fake.CallCount("AddUserPoolClientSecret") != 0 {
		t.Error("the redelivered rotation rotated again")
	}

	// Delete: the client, then the store scheduled for deletion.
	resp, _, _ = h.invoke(h.secretEvent(cfn.RequestDelete, "rq-4", id, generated, nil), 30*time.Second)
	if sec, ok := h.sm.Secret(secretstore.Name(h.pool, id)); resp.Status != cfn.StatusSuccess || !ok || sec.DeletedDate == nil {
		t.Errorf("Delete: %s, store scheduled %v", resp.Status, ok && sec.DeletedDate != nil)
	}
}

// Bad secret properties are refused before any call, naming the property,
// with no value in the response, the result or the logs.
func TestClientSecretRefusedBeforeAnyCall(t *testing.T) {
	h := newFn(t)
	for _, props := range []map[string]any{
		h.secretProps("ClientSecret", "short-"+declaredSecret[:12]),
		h.secretProps("ClientSecret", "{{resolve:secretsmanager:app/client:SecretString:secret}}"),
		h.secretProps("ClientSecret", "{{resolve:secretsmanager:elsewhere/client:SecretString:secret::"+sourceVersion+"}}"),
		h.secretProps("ClientSecret", declaredSecret, "GenerateSecret", "true"),
	} {
		resp, body, _ := h.invoke(h.secretEvent(cfn.RequestCreate, "rq-bad", "", props, nil), 30*time.Second)
		got := decodeBody(t, body)
		if resp.Status != cfn.StatusFailed || !strings.Contains(got.Reason, "ClientSecret: ") || strings.Contains(got.Reason, declaredSecret) {
			t.Errorf("%s: %s", resp.Status, got.Reason)
		}
		if len(h.fake.Calls()) != 0 || len(h.sm.Calls()) != 0 {
			t.Error("an invalid secret reached a service")
		}
	}
}

// CLIENT_SECRET_SOURCES is read once: a value that is not a list of secret
// ARN patterns fails every event, saying why.
func TestClientSecretSourcesInvalid(t *testing.T) {
	h := newFn(t)
	t.Setenv("CLIENT_SECRET_SOURCES", "*")
	h.f = entry(io.MultiWriter(&suiteLogs, &h.logs), nil, shortRetries)
	resp, _, _ := h.invoke(h.event(cfn.RequestCreate, "", nil), 30*time.Second)
	if resp.Status != cfn.StatusFailed || !strings.Contains(resp.Reason, `CLIENT_SECRET_SOURCES: "*" is not a secret ARN pattern`) {
		t.Errorf("%s: %s", resp.Status, resp.Reason)
	}
}
