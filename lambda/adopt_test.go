package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/native"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/samtemplate"
	"github.com/cognito-client-resource/cognitoclient/internal/wire"
)

// deployed is what a template's property becomes once CloudFormation has
// resolved it for a stack: each Ref (to a resource or a parameter) and each
// Fn::ImportValue by the value refs gives it. Any other intrinsic fails the
// test: the migration's templates use no other.
func deployed(t *testing.T, v any, refs map[string]string) any {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		if name, ok := x["Ref"].(string); ok && len(x) == 1 {
			r, known := refs[name]
			if !known {
				t.Fatalf("no value for Ref %s", name)
			}
			return r
		}
		if _, ok := x["Fn::ImportValue"]; ok && len(x) == 1 {
			return refs["Fn::ImportValue"]
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			if strings.HasPrefix(k, "Fn::") {
				t.Fatalf("%s is not resolved here", k)
			}
			out[k] = deployed(t, e, refs)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deployed(t, e, refs)
		}
		return out
	}
	return v
}

// delivered is a custom resource's property as CloudFormation delivers it to
// the function: every scalar as a string.
func delivered(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = delivered(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = delivered(e)
		}
		return out
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// nativeCreate does what CloudFormation's handler of AWS::Cognito::UserPoolClient
// does for a Create: it sends Cognito the CreateUserPoolClient request whose
// fields are the resource's properties (package native), and returns the
// new client's id.
func nativeCreate(t *testing.T, fake *cognitofake.Server, properties map[string]any) string {
	t.Helper()
	in, err := native.CreateInput(properties)
	if err != nil {
		t.Fatal(err)
	}
	client := cognito.NewClient(aws.Config{
		Region:       cognitofake.Region,
		BaseEndpoint: aws.String(fake.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDNATIVEHANDLER", "native-handler-key", ""),
	})
	out, err := client.CreateUserPoolClient(context.Background(), in)
	if err != nil {
		t.Fatalf("the native resource's CreateUserPoolClient: %v", err)
	}
	return *out.UserPoolClient.ClientId
}

// operations lists the Cognito operations the fake received since its
// calls were last reset.
func operations(fake *cognitofake.Server) []string {
	var ops []string
	for _, c := range fake.Calls() {
		ops = append(ops, c.Operation)
	}
	return ops
}

// migration runs one event of the adopted resource of step (b) through the
// function and returns what CloudFormation received and the event's line.
func (h *fn) migration(t *testing.T, rt cfn.RequestType, physical string, properties, old map[string]any) (cfnResponse, map[string]any) {
	t.Helper()
	e := h.event(rt, physical, properties)
	e.LogicalResourceID, e.OldResourceProperties = "WebClientAdopted", old
	h.fake.ResetCalls()
	_, body, line := h.invoke(e, 30*time.Second)
	if body == nil {
		t.Fatalf("%s: nothing was sent to CloudFormation", rt)
	}
	var sent cfnResponse
	if err := json.Unmarshal(body, &sent); err != nil {
		t.Fatal(err)
	}
	if line["mode"] != "owned" {
		t.Errorf("%s: mode %v in the event's line, want owned: an adopted client is owned", rt, line["mode"])
	}
	return sent, line
}

// The migration of docs/reference.md §3.11, end to end, with the example
// templates as they are: step (a)'s native client is made as CloudFormation's
// own handler makes it; removing the retained native resource from the
// stack is CloudFormation's alone (no call); step (b)'s resource then adopts
// the client through the function as main assembles it. The client keeps
// its id and every setting, declared or not; a later Update and the Delete
// treat it as owned; a failed adoption, and the Delete that follows it,
// leave it untouched. It runs for the public client of the examples and
// for a confidential one, whose secret the function never sends or logs.
func TestMigrationFromTheNativeResource(t *testing.T) {
	a, err := samtemplate.ParseFile("../examples/migrate-a-retain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := samtemplate.ParseFile("../examples/migrate-b-adopt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, confidential := range []bool{false, true} {
		t.Run(fmt.Sprintf("GenerateSecret %v", confidential), func(t *testing.T) {
			h := newFn(t)
			// Step (a): the native resource, deployed as it was, now with
			// DeletionPolicy: Retain.
			nativeProps := deployed(t, a.Resources["WebClient"].Properties, map[string]string{"UserPool": h.pool}).(map[string]any)
			nativeProps["GenerateSecret"] = confidential
			id := nativeCreate(t, h.fake, nativeProps)
			made, _ := h.fake.Client(h.pool, id)
			if confidential && made.ClientSecret == nil {
				t.Fatal("the native client has no secret")
			}

			// Step (b), as CloudFormation runs it: the new resource's
			// Create first; then, once the update has succeeded, the
			// native resource leaves the template, and its deployed
			// DeletionPolicy: Retain makes that a removal from the stack
			// alone, with no call (ledger row 42). Neither template may
			// let it be otherwise.
			if p := a.Resources["WebClient"]; p.DeletionPolicy != "Retain" || p.UpdateReplacePolicy != "Retain" {
				t.Fatalf("step (a) deploys WebClient with DeletionPolicy %q and UpdateReplacePolicy %q: step (b) would delete the client", p.DeletionPolicy, p.UpdateReplacePolicy)
			}
			if _, kept := b.Resources["WebClient"]; kept {
				t.Fatal("step (b) keeps WebClient: two resources would manage one client")
			}
			if p := b.Resources["WebClientAdopted"]; p.DeletionPolicy != "Retain" || p.UpdateReplacePolicy != "Retain" {
				t.Fatalf("step (b)'s resource has DeletionPolicy %q: a rollback after the adoption would delete the client", p.DeletionPolicy)
			}
			adopting := deployed(t, b.Resources["WebClientAdopted"].Properties, map[string]string{
				"UserPool": h.pool, "ClientId": id, "Fn::ImportValue": lambdalocal.FunctionARN,
			}).(map[string]any)
			adopting["GenerateSecret"] = confidential
			adopting = delivered(adopting).(map[string]any)
			s, err := props.Decode(adopting)
			if err != nil || !s.Adopt || s.ClientId != id {
				t.Fatalf("step (b)'s properties: %v (Adopt %v, ClientId %s)", err, s.Adopt, s.ClientId)
			}

			t.Run("a failed adoption, and the Delete of its rollback, leave the client alone", func(t *testing.T) {
				wrong := maps.Clone(adopting)
				wrong["GenerateSecret"] = fmt.Sprint(!confidential) // contradicts the client
				sent, line := h.migration(t, cfn.RequestCreate, "", wrong, nil)
				if sent.Status != "FAILED" || !strings.Contains(sent.Reason, "GenerateSecret: is ") || props.IsClientID(sent.PhysicalResourceId) || line["action"] != "failed" {
					t.Fatalf("sent %+v, line %v", sent, line)
				}
				if got := operations(h.fake); !slices.Equal(got, []string{"DescribeUserPoolClient", "ListUserPoolClientSecrets"}) {
					t.Errorf("Cognito calls %v", got)
				}
				// CloudFormation rolls the stack back: it deletes the new
				// resource by the id its Create reported, with its
				// properties; the native resource was never removed.
				sent, line = h.migration(t, cfn.RequestDelete, sent.PhysicalResourceId, wrong, nil)
				if sent.Status != "SUCCESS" || line["action"] != "skipped" || line["cognito_calls"] != 0.0 {
					t.Errorf("the rollback's Delete: sent %+v, line %v", sent, line)
				}
				if now, ok := h.fake.Client(h.pool, id); !ok || compareClientsJSON(made, now) != "" {
					t.Fatalf("the client changed or is gone (%v): %s", ok, compareClientsJSON(made, now))
				}
			})

			t.Run("step (b): same client, settings kept, nothing written", func(t *testing.T) {
				sent, line := h.migration(t, cfn.RequestCreate, "", adopting, nil)
				if sent.Status != "SUCCESS" || sent.PhysicalResourceId != id {
					t.Fatalf("sent %+v: want SUCCESS with the native client's id %s", sent, id)
				}
				want := map[string]string{"ClientId": id, "ClientName": *made.ClientName, "UserPoolId": h.pool}
				if !maps.Equal(sent.Data, want) || sent.NoEcho {
					t.Errorf("Data %v, NoEcho %v; want %v and no secret", sent.Data, sent.NoEcho, want)
				}
				// GenerateSecret is declared: one List checks it. The
				// settings are the client's already: no Update.
				if got := operations(h.fake); !slices.Equal(got, []string{"DescribeUserPoolClient", "ListUserPoolClientSecrets"}) {
					t.Errorf("Cognito calls %v, want Describe and List", got)
				}
				if line["action"] != "unchanged" {
					t.Errorf("action %v", line["action"])
				}
				now, _ := h.fake.Client(h.pool, id)
				if diff := compareClientsJSON(made, now); diff != "" {
					t.Errorf("the client changed:\n%s", diff)
				}
				// What the native resource made, with the declared
				// settings over it: the same configuration.
				if diff := props.Changed(props.Overlay(wire.FromClient(&made), s, nil), wire.FromClient(&now)); diff != nil {
					t.Errorf("the configuration is not the native one with the declared settings over it: %v", diff)
				}
			})

			t.Run("a later Update is the full request", func(t *testing.T) {
				next := maps.Clone(adopting)
				next["CallbackURLs"] = []any{"https://app.example.com/callback", "https://d111.cloudfront.net/callback"}
				sent, line := h.migration(t, cfn.RequestUpdate, id, next, adopting)
				if sent.Status != "SUCCESS" || sent.PhysicalResourceId != id || line["action"] != "updated" {
					t.Fatalf("sent %+v, line %v", sent, line)
				}
				if got := operations(h.fake); !slices.Equal(got, []string{"DescribeUserPoolClient", "ListUserPoolClientSecrets", "UpdateUserPoolClient"}) {
					t.Errorf("Cognito calls %v", got)
				}
				now, _ := h.fake.Client(h.pool, id)
				want := made
				want.CallbackURLs = []string{"https://app.example.com/callback", "https://d111.cloudfront.net/callback"}
				// The request writes each validity in its largest exact
				// unit, and no rotation as {Feature: DISABLED}.
				want.AccessTokenValidity, want.IdTokenValidity = aws.Int32(1), aws.Int32(1)
				want.TokenValidityUnits = &types.TokenValidityUnitsType{AccessToken: "hours", IdToken: "hours", RefreshToken: "days"}
				want.RefreshTokenRotation = &types.RefreshTokenRotationType{Feature: types.FeatureTypeDisabled}
				want.LastModifiedDate = now.LastModifiedDate
				if diff := compareClientsJSON(want, now); diff != "" {
					t.Errorf("settings the template does not declare, or its own, changed:\n%s", diff)
				}
			})

			t.Run("the Delete deletes the client", func(t *testing.T) {
				sent, line := h.migration(t, cfn.RequestDelete, id, adopting, nil)
				if sent.Status != "SUCCESS" || line["action"] != "deleted" {
					t.Fatalf("sent %+v, line %v", sent, line)
				}
				if got := operations(h.fake); !slices.Equal(got, []string{"DeleteUserPoolClient"}) {
					t.Errorf("Cognito calls %v", got)
				}
				if _, ok := h.fake.Client(h.pool, id); ok {
					t.Error("the client still exists")
				}
			})
		})
	}
}

// compareClientsJSON describes how two stored clients differ, or returns "".
func compareClientsJSON(want, got types.UserPoolClientType) string {
	w, _ := json.MarshalIndent(want, "", "  ")
	g, _ := json.MarshalIndent(got, "", "  ")
	if string(w) == string(g) {
		return ""
	}
	return "want " + string(w) + "\ngot  " + string(g)
}

// events/create-adopt.json, with the pool and the client of the fake, is
// answered as the sample says: the client adopted, its id the physical id.
func TestAdoptSampleEvent(t *testing.T) {
	h := newFn(t)
	raw, err := os.ReadFile("../events/create-adopt.json")
	if err != nil {
		t.Fatal(err)
	}
	var e cfn.Event
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	id := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("shop-web"), CallbackURLs: []string{"https://shop.example.com/auth/callback"}})
	e.ResourceProperties["UserPoolId"], e.ResourceProperties["ClientId"] = h.pool, id
	resp, _, line := h.invoke(e, 30*time.Second)
	if resp.Status != cfn.StatusSuccess || resp.PhysicalResourceID != id || line["mode"] != "owned" || line["action"] != "updated" {
		t.Errorf("response %+v, line %v", resp, line)
	}
	if _, ok := h.fake.Client(h.pool, id); !ok {
		t.Error("the client is gone")
	}
}
