package events_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

var update = flag.Bool("update", false, "rewrite invalid-*.expected.txt from the messages props.Decode gives now")

// The keys CloudFormation puts in a custom resource event. Anything else is a
// typo that a real event would never have.
var eventKeys = []string{
	"RequestType", "ServiceToken", "ResponseURL", "StackId", "RequestId", "LogicalResourceId",
	"PhysicalResourceId", "ResourceType", "ResourceProperties", "OldResourceProperties",
}

var (
	stackID   = regexp.MustCompile(`^arn:aws[\w-]*:cloudformation:[a-z0-9-]+:\d{12}:stack/[A-Za-z][\w-]*/[0-9a-f-]{36}$`)
	requestID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	lambdaARN = regexp.MustCompile(`^arn:aws[\w-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+$`)
	logicalID = regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)
)

// event is a sample event, decoded strictly: an unknown key is an error.
type event struct {
	RequestType           string
	ServiceToken          string
	ResponseURL           *string
	StackId               string
	RequestId             string
	LogicalResourceId     string
	PhysicalResourceId    *string
	ResourceType          string
	ResourceProperties    map[string]any
	OldResourceProperties map[string]any
}

func TestEvents(t *testing.T) {
	paths, err := filepath.Glob("*.json")
	if err != nil {
		t.Fatal(err)
	}
	// The samples the README and the issue name; more are welcome.
	for _, want := range []string{
		"create-owned.json", "update-owned.json", "delete-owned.json",
		"create-existing.json", "update-existing.json", "delete-existing.json",
		"update-replace.json", "invalid-durations.json", "invalid-oauth.json", "invalid-rotation.json",
		"create-additional.json", "update-additional.json", "delete-additional.json", "invalid-additional.json",
		"create-secret.json", "rotate-secret.json", "invalid-secret.json", "create-adopt.json",
	} {
		if !slices.Contains(paths, want) {
			t.Errorf("events/%s is missing", want)
		}
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(path, ".json"), func(t *testing.T) {
			e := read(t, path)
			checkShape(t, e)
			checkProperties(t, path, e)
		})
	}
}

func read(t *testing.T, path string) event {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		t.Fatalf("not a JSON object: %v", err)
	}
	for k := range keys {
		if !slices.Contains(eventKeys, k) {
			t.Errorf("%q is not a key of a CloudFormation custom resource event", k)
		}
	}
	var e event
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // as the Lambda runtime hands numbers to the function
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	return e
}

// checkShape checks what CloudFormation guarantees about every event.
func checkShape(t *testing.T, e event) {
	t.Helper()
	if !stackID.MatchString(e.StackId) {
		t.Errorf("StackId %q is not a stack ARN", e.StackId)
	}
	if !requestID.MatchString(e.RequestId) {
		t.Errorf("RequestId %q is not a UUID", e.RequestId)
	}
	if !logicalID.MatchString(e.LogicalResourceId) {
		t.Errorf("LogicalResourceId %q is not a logical id", e.LogicalResourceId)
	}
	if e.ResourceType != "Custom::CognitoUserPoolClient" {
		t.Errorf("ResourceType = %q, want Custom::CognitoUserPoolClient", e.ResourceType)
	}
	if !lambdaARN.MatchString(e.ServiceToken) {
		t.Errorf("ServiceToken %q is not a function ARN", e.ServiceToken)
	}
	// The function answers only stacks of its own account and Region: the
	// samples' are those of the local runs (internal/lambdalocal, and the
	// emulator of sam local invoke), so that they are not refused there.
	if err := response.CheckStackID(e.StackId, "aws", lambdalocal.Region, []string{lambdalocal.Account}); err != nil {
		t.Errorf("%v: the samples use the local function's account and Region", err)
	}
	if !strings.Contains(e.ServiceToken, ":"+lambdalocal.Region+":"+lambdalocal.Account+":") {
		t.Errorf("ServiceToken %q is not a function of the local account and Region", e.ServiceToken)
	}
	if e.ResourceProperties == nil {
		t.Fatal("no ResourceProperties")
	}
	// CloudFormation repeats the ServiceToken among the properties.
	if got := e.ResourceProperties["ServiceToken"]; got != e.ServiceToken {
		t.Errorf("ResourceProperties.ServiceToken = %v, want the event's %q", got, e.ServiceToken)
	}
	// Without a ResponseURL, `sam local invoke` prints the function's result,
	// which is the response; a sample with one would try to reach S3.
	if e.ResponseURL != nil {
		t.Error("a sample event has no ResponseURL, so that sam local invoke prints the response")
	}

	switch e.RequestType {
	case "Create":
		if e.PhysicalResourceId != nil || e.OldResourceProperties != nil {
			t.Error("a Create carries neither PhysicalResourceId nor OldResourceProperties")
		}
	case "Update", "Delete":
		if e.PhysicalResourceId == nil || !props.IsClientID(*e.PhysicalResourceId) {
			t.Errorf("PhysicalResourceId %v, want the id of an app client", e.PhysicalResourceId)
		}
		if (e.OldResourceProperties != nil) != (e.RequestType == "Update") {
			t.Errorf("OldResourceProperties present: %v; an Update carries them, a Delete does not", e.OldResourceProperties != nil)
		}
	default:
		t.Errorf("RequestType %q, want Create, Update or Delete", e.RequestType)
	}
}

// checkProperties decodes the properties as the function does before any
// call: on their own, and for a new owned client, with the rules that judge
// the client Cognito would make. The old properties of an Update are those
// of a resource CloudFormation created, so they are always valid.
func checkProperties(t *testing.T, path string, e event) {
	t.Helper()
	if e.OldResourceProperties != nil {
		if _, err := props.Decode(e.OldResourceProperties); err != nil {
			t.Errorf("OldResourceProperties: %v", err)
		}
	}
	s, err := props.Decode(e.ResourceProperties)
	if !s.Existing() && e.RequestType == "Create" {
		ps, _ := err.(props.Problems)
		err = ps.Merge(s.CheckNew()).Err()
	}
	if !strings.HasPrefix(path, "invalid-") {
		if err != nil {
			t.Fatalf("ResourceProperties: %v", err)
		}
		// In existing-client mode, and for an adopted client, the physical
		// id is the client's own id.
		if s.Existing() && e.PhysicalResourceId != nil && *e.PhysicalResourceId != s.ClientId {
			t.Errorf("PhysicalResourceId %q, want the ClientId %q", *e.PhysicalResourceId, s.ClientId)
		}
		return
	}
	if err == nil {
		t.Fatal("ResourceProperties are accepted; an invalid-* sample must be refused")
	}
	golden := strings.TrimSuffix(path, ".json") + ".expected.txt"
	got := err.Error() + "\n"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./events -update to record the message)", err)
	}
	if got != string(want) {
		t.Errorf("message differs from %s (review, then go test ./events -update):\n got: %s\nwant: %s", golden, got, want)
	}
}
