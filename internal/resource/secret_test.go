package resource

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/cognito-client-resource/cognitoclient/internal/clientsecret"
	"github.com/cognito-client-resource/cognitoclient/internal/clientsecret/secrettest"
	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretsfake"
	"github.com/cognito-client-resource/cognitoclient/internal/secretstore"
)

// The client secrets of owned clients (docs/reference.md §8), through the
// real SDK clients against the fakes of Cognito and Secrets Manager. Each
// test checks what Cognito lists, which values authenticate, what the store
// holds (AWSCURRENT's ClientSecret and the bookkeeping) and Data.

const (
	literalA = "LiteralSecretA_0123456789abcdefghij"
	literalB = "LiteralSecretB_0123456789abcdefghij"
	// The source of ClientSecret references, and two of its versions.
	sourceName = "app/client-secret"
	sourceV1   = "11111111-2222-3333-4444-555555555555"
	sourceV2   = "66666666-7777-8888-9999-000000000000"
	referenceA = "ReferencedSecretA_0123456789abcdef"
	referenceB = "ReferencedSecretB_0123456789abcdef"
)

func reference(version string) string {
	return "{{resolve:secretsmanager:" + sourceName + ":SecretString:secret::" + version + "}}"
}

// secretProps are owned properties of a client_credentials client, which
// needs a secret, with kv set.
func (h *harness) secretProps(kv ...any) map[string]any {
	return with(map[string]any{
		"ServiceToken":       "arn:aws:lambda:us-east-1:123456789012:function:cognito-client",
		"UserPoolId":         h.pool,
		"AllowedOAuthFlows":  []any{"client_credentials"},
		"AllowedOAuthScopes": []any{"api/read"},
	}, kv...)
}

// at is an event with its own RequestId.
func at(rt cfn.RequestType, requestID, physicalID string, properties, old map[string]any) cfn.Event {
	e := event(rt, physicalID, properties, old)
	e.RequestID = requestID
	return e
}

// source makes the secret ClientSecret references read, with two versions.
func (h *harness) source() {
	h.t.Helper()
	c := context.Background()
	if _, err := h.secrets.CreateSecret(c, &sm.CreateSecretInput{Name: aws.String(sourceName), ClientRequestToken: aws.String(sourceV1),
		SecretString: aws.String(`{"secret":"` + referenceA + `"}`)}); err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.secrets.PutSecretValue(c, &sm.PutSecretValueInput{SecretId: aws.String(sourceName), ClientRequestToken: aws.String(sourceV2),
		SecretString: aws.String(`{"secret":"` + referenceB + `"}`)}); err != nil {
		h.t.Fatal(err)
	}
}

// store returns the store of a client, and its AWSCURRENT bookkeeping.
func (h *harness) store(id string) (secretsfake.Secret, clientsecret.State) {
	h.t.Helper()
	sec, ok := h.sm.Secret(secretstore.Name(h.pool, id))
	if !ok {
		h.t.Fatalf("client %s has no store", id)
	}
	cur, ok := sec.Stage("AWSCURRENT")
	if !ok {
		h.t.Fatalf("the store of %s has no AWSCURRENT version", id)
	}
	st, err := clientsecret.Decode(clientsecret.Client{UserPoolId: h.pool, ClientId: id}, cur.Value)
	if err != nil {
		h.t.Fatal(err)
	}
	return sec, st
}

// serving checks what holds at every moment, a failed event included: the
// secret the store hands to apps is one the client authenticates with.
func (h *harness) serving(id, when string) {
	h.t.Helper()
	if _, st := h.store(id); !h.fake.Authenticates(h.pool, id, st.Current.Value) {
		h.t.Errorf("%s: the secret the store hands to apps does not authenticate", when)
	}
}

// healthy checks a successful event of an owned client with a secret: Data
// holds the store's current secret and the store's ARN, with NoEcho; Cognito
// lists the current secret under the id the store records, and it
// authenticates; every listed secret is the store's current or previous one,
// with the value the store records; nothing is pending; the store is tagged
// as this resource's. It returns the bookkeeping.
func (h *harness) healthy(out response.Outcome, id, when string) clientsecret.State {
	h.t.Helper()
	if out.Status != cfn.StatusSuccess {
		h.t.Fatalf("%s: %s", when, out.Reason)
	}
	sec, st := h.store(id)
	if out.Data["ClientSecret"] != st.Current.Value || out.Data["SecretArn"] != sec.ARN || !out.NoEcho {
		h.t.Errorf("%s: Data holds another secret or ARN than the store's (NoEcho %v)", when, out.NoEcho)
	}
	if st.Pending != nil {
		h.t.Errorf("%s: the store records a pending secret", when)
	}
	listed := h.fake.Secrets(h.pool, id)
	values := map[string]string{}
	for _, s := range listed {
		values[s.ID] = s.Value
	}
	if values[st.Current.Id] != st.Current.Value || !h.fake.Authenticates(h.pool, id, st.Current.Value) {
		h.t.Errorf("%s: Cognito does not list the store's current secret %s with its value", when, st.Current.Id)
	}
	for _, s := range listed {
		switch {
		case s.ID == st.Current.Id:
		case st.Previous != nil && s.ID == st.Previous.Id:
			if s.Value != st.Previous.Value {
				h.t.Errorf("%s: the previous secret's stored value is not Cognito's", when)
			}
		default:
			h.t.Errorf("%s: Cognito lists %s, which the store does not know", when, s.ID)
		}
	}
	tags := map[string]string{}
	for _, tg := range sec.Tags {
		tags[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	if tags[secretstore.TagUserPoolID] != h.pool || tags[secretstore.TagClientID] != id ||
		tags[secretstore.TagStackID] != event("", "", nil, nil).StackID || tags[secretstore.TagLogicalID] != "WebClient" || sec.KmsKeyID != "" {
		h.t.Errorf("%s: the store's tags are %v, key %q", when, tags, sec.KmsKeyID)
	}
	h.noValueShown(out)
	return st
}

// noValueShown checks that no secret value of the fakes is in the outcome's
// Reason or warnings.
func (h *harness) noValueShown(out response.Outcome) {
	h.t.Helper()
	text := out.Reason + strings.Join(out.Warnings, "\n")
	for _, v := range h.values() {
		if strings.Contains(text, v) {
			h.t.Errorf("the outcome shows a secret value: %s", text)
		}
	}
}

// values are every secret value the fakes hold: Cognito's secrets, and the
// values of every version of every Secrets Manager secret (the stores'
// current, previous and pending secrets, and the sources').
func (h *harness) values() []string {
	vals := []string{literalA, literalB, referenceA, referenceB}
	for _, c := range h.fake.Clients(h.pool) {
		for _, s := range h.fake.Secrets(h.pool, aws.ToString(c.ClientId)) {
			vals = append(vals, s.Value)
		}
	}
	for _, sec := range h.sm.Secrets() {
		for _, v := range sec.Versions {
			vals = append(vals, secrettest.Values(v.Value, "ClientSecret", "secret")...)
		}
	}
	return vals
}

// smOps are the Secrets Manager operations the last event called.
func (h *harness) smOps() []string {
	var ops []string
	for _, c := range h.sm.Calls() {
		ops = append(ops, c.Operation)
	}
	return ops
}

func TestSecretCreate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		props  []any
		value  string // "" for a generated one
		source clientsecret.Source
	}{
		{"generated", []any{"GenerateSecret", "true"}, "", clientsecret.Source{Kind: clientsecret.KindGenerated}},
		{"generated with a version", []any{"GenerateSecret", "true", "ClientSecretVersion", "1"}, "", clientsecret.Source{Kind: clientsecret.KindGenerated, ClientSecretVersion: "1"}},
		{"literal", []any{"ClientSecret", literalA}, literalA, clientsecret.Source{Kind: clientsecret.KindLiteral}},
		{"reference", []any{"ClientSecret", reference(sourceV1)}, referenceA, clientsecret.Source{Kind: clientsecret.KindReference, Reference: reference(sourceV1)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.source()
			out, ops := h.handle(at(cfn.RequestCreate, "rq-create", "", h.secretProps(c.props...), nil))
			wantStatus(t, out, cfn.StatusSuccess, "created")
			wantOps(t, ops, "CreateUserPoolClient", "ListUserPoolClientSecrets")
			id := out.PhysicalResourceID
			st := h.healthy(out, id, "Create")
			listed := h.fake.Secrets(h.pool, id)
			if len(listed) != 1 || st.Current.Id != listed[0].ID || st.Current.Source != c.source || st.Previous != nil || st.Current.RequestId != "rq-create" {
				t.Errorf("listed %d, store %+v", len(listed), st.Current.Source)
			}
			if c.value != "" && st.Current.Value != c.value {
				t.Error("the store does not hold the declared secret")
			}
			// A generated secret at Create is Cognito's: Describe shows it.
			if desc := h.stored(id).ClientSecret; c.value == "" && (desc == nil || *desc != st.Current.Value) {
				t.Error("the store's generated secret is not the one Cognito made")
			}
			wantSM := []string{"CreateSecret"}
			if c.value == referenceA {
				wantSM = []string{"GetSecretValue", "CreateSecret"}
			}
			if got := h.smOps(); !slices.Equal(got, wantSM) {
				t.Errorf("Secrets Manager calls %v, want %v", got, wantSM)
			}
		})
	}
}

// rotate runs an Update of an owned client from old to next properties.
func (h *harness) update(rq, id string, next, old map[string]any) (response.Outcome, []string) {
	h.t.Helper()
	return h.handle(at(cfn.RequestUpdate, rq, id, next, old))
}

// A generated secret rotated twice: the newest is current, the one before
// is previous and still valid, the oldest is retired; then rolled back
// (the previous one listed: a swap, no Cognito secret call); then rolled back
// again after the previous one was deleted by hand (added again).
func TestSecretRotateAndRollBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	v := func(n string) map[string]any {
		return h.secretProps("GenerateSecret", "true", "ClientSecretVersion", n)
	}
	out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", v("1"), nil))
	id := out.PhysicalResourceID
	first := h.healthy(out, id, "Create").Current

	out, ops := h.update("rq-2", id, v("2"), v("1"))
	second := h.healthy(out, id, "first rotation")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "AddUserPoolClientSecret", "ListUserPoolClientSecrets")
	if second.Current.Value == first.Value || second.Previous == nil || second.Previous.Id != first.Id || len(second.Current.Value) != clientsecret.GeneratedLength {
		t.Fatal("the first rotation did not make a new generated secret current, the old one previous")
	}
	if !slices.Contains(out.Changed, "ClientSecret") || out.Action != "updated" {
		t.Errorf("log: action %s, changed %v", out.Action, out.Changed)
	}

	out, ops = h.update("rq-3", id, v("3"), v("2"))
	third := h.healthy(out, id, "second rotation")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "DeleteUserPoolClientSecret", "AddUserPoolClientSecret", "ListUserPoolClientSecrets")
	if third.Previous.Id != second.Current.Id || h.fake.Authenticates(h.pool, id, first.Value) || !h.fake.Authenticates(h.pool, id, second.Current.Value) {
		t.Fatal("the second rotation did not retire the oldest secret and keep the previous one")
	}
	if got := h.smOps(); !slices.Equal(got, []string{"GetSecretValue", "PutSecretValue", "PutSecretValue"}) {
		t.Errorf("Secrets Manager calls of a rotation: %v", got)
	}

	// Rollback of the second rotation: a swap.
	out, ops = h.update("rq-4", id, v("2"), v("3"))
	back := h.healthy(out, id, "rollback")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
	if back.Current.Value != second.Current.Value || back.Previous.Value != third.Current.Value {
		t.Fatal("the rollback did not swap current and previous")
	}
	if got := h.smOps(); !slices.Equal(got, []string{"GetSecretValue", "PutSecretValue"}) {
		t.Errorf("Secrets Manager calls of a rollback: %v", got)
	}

	// Forward again, then the previous secret deleted by hand, then back:
	// its stored value is added again.
	out, _ = h.update("rq-5", id, v("3"), v("2"))
	fwd := h.healthy(out, id, "forward again")
	if err := h.fake.RemoveSecret(h.pool, id, fwd.Previous.Id); err != nil {
		t.Fatal(err)
	}
	out, ops = h.update("rq-6", id, v("2"), v("3"))
	readded := h.healthy(out, id, "rollback to a deleted secret")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "AddUserPoolClientSecret", "ListUserPoolClientSecrets")
	if readded.Current.Value != second.Current.Value {
		t.Fatal("the rollback did not add the previous secret's value again")
	}
}

// An update that does not touch the secret writes nothing to the store and
// hands out the same Data; neither does removing ClientSecretVersion, or
// declaring it the first time (which records it, without a rotation).
func TestSecretUnrelatedUpdates(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	base := h.secretProps("GenerateSecret", "true")
	out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", base, nil))
	id := out.PhysicalResourceID
	created := h.healthy(out, id, "Create")

	next := with(base, "AccessTokenValidity", "2h")
	createdData := out.Data
	out, ops := h.update("rq-2", id, next, base)
	st := h.healthy(out, id, "unrelated update")
	if out.Data["ClientSecret"] != createdData["ClientSecret"] || out.Data["SecretArn"] != createdData["SecretArn"] {
		t.Error("an unrelated update changed Data's ClientSecret or SecretArn")
	}
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "UpdateUserPoolClient")
	if got := h.smOps(); !slices.Equal(got, []string{"GetSecretValue"}) || st.Current != created.Current {
		t.Errorf("an unrelated update: Secrets Manager calls %v, secret changed %v", got, st.Current != created.Current)
	}
	if slices.Contains(out.Changed, "ClientSecret") {
		t.Error("the log names ClientSecret as changed")
	}

	withVersion := with(next, "ClientSecretVersion", "7")
	out, ops = h.update("rq-3", id, withVersion, next)
	st = h.healthy(out, id, "declaring ClientSecretVersion")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
	if st.Current.Value != created.Current.Value || st.Current.Source.ClientSecretVersion != "7" {
		t.Error("declaring ClientSecretVersion the first time rotated, or was not recorded")
	}

	out, ops = h.update("rq-4", id, next, withVersion)
	st = h.healthy(out, id, "removing ClientSecretVersion")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
	if got := h.smOps(); !slices.Equal(got, []string{"GetSecretValue"}) || st.Current.Value != created.Current.Value {
		t.Errorf("removing ClientSecretVersion: Secrets Manager calls %v", got)
	}
}

// Custom values: a literal rotates to another literal and to a reference,
// a reference to another version of its source, in place, without a new
// client; the source is read only when the reference changes.
func TestSecretCustomValues(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.source()
	a := h.secretProps("ClientSecret", literalA)
	out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", a, nil))
	id := out.PhysicalResourceID
	h.healthy(out, id, "Create")
	steps := []struct {
		props map[string]any
		value string
	}{
		{h.secretProps("ClientSecret", literalB), literalB},
		{h.secretProps("ClientSecret", reference(sourceV1)), referenceA},
		{h.secretProps("ClientSecret", reference(sourceV2)), referenceB},
		{h.secretProps("GenerateSecret", "true"), ""},
	}
	old := a
	for i, s := range steps {
		out, _ := h.update(fmt.Sprintf("rq-%d", i+2), id, s.props, old)
		if out.PhysicalResourceID != id {
			t.Fatalf("step %d replaced the client", i)
		}
		st := h.healthy(out, id, fmt.Sprintf("step %d", i))
		if s.value != "" && st.Current.Value != s.value || s.value == "" && len(st.Current.Value) != clientsecret.GeneratedLength {
			t.Errorf("step %d: the store's current secret is not the declared one", i)
		}
		old = s.props
	}
	// The same reference again reads nothing.
	ref := h.secretProps("ClientSecret", reference(sourceV2))
	out, _ = h.update("rq-9", id, ref, old)
	h.healthy(out, id, "back to the reference")
	out, _ = h.update("rq-10", id, with(ref, "AccessTokenValidity", "3h"), ref)
	h.healthy(out, id, "unrelated")
	if got := h.smOps(); !slices.Equal(got, []string{"GetSecretValue"}) {
		t.Errorf("an update that keeps the reference called %v", got)
	}
	for _, c := range h.sm.Calls() {
		if strings.Contains(string(c.Input), sourceName) {
			t.Error("an update that keeps the reference read its source")
		}
	}
}

// The same rotation delivered twice, to this instance and to another one:
// one Add.
func TestSecretSameEventTwice(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	v1, v2 := h.secretProps("GenerateSecret", "true", "ClientSecretVersion", "1"), h.secretProps("GenerateSecret", "true", "ClientSecretVersion", "2")
	out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", v1, nil))
	id := out.PhysicalResourceID
	first, _ := h.update("rq-2", id, v2, v1)
	want := h.healthy(first, id, "rotation")
	second, ops := h.update("rq-2", id, v2, v1)
	got := h.healthy(second, id, "the same event again")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
	other := &Resource{cognito: h.r.cognito, notFoundPauses: h.r.notFoundPauses, urls: h.r.urls, secrets: h.r.secrets}
	h.fake.ResetCalls()
	third := other.Handle(eventContext(), at(cfn.RequestUpdate, "rq-2", id, v2, v1))
	h.healthy(third, id, "the same event on another instance")
	if got.Current != want.Current || third.Data["ClientSecret"] != want.Current.Value || h.fake.CallCount("AddUserPoolClientSecret") != 0 {
		t.Error("a redelivered rotation rotated again")
	}
}

// rotateFailingAdd creates an owned client with the secret literalA, and
// rotates it to literalB with the first AddUserPoolClientSecret failing with
// f. It returns the client id, the versions of the properties, and the
// rotation's outcome and calls.
func (h *harness) rotateFailingAdd(f cognitofake.Fault) (id string, v1, v2 map[string]any, out response.Outcome, ops []string) {
	v1, v2 = h.secretProps("ClientSecret", literalA), h.secretProps("ClientSecret", literalB)
	created, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", v1, nil))
	id = created.PhysicalResourceID
	h.fake.Fail("AddUserPoolClientSecret", 1, f)
	out, ops = h.update("rq-2", id, v2, v1)
	return id, v1, v2, out, ops
}

// A lost answer to the Add: listing again finds the new secret; one Add.
func TestSecretLostAddAnswer(t *testing.T) {
	t.Parallel()
	for _, f := range []cognitofake.Fault{cognitofake.LostAnswer, cognitofake.LostAnswerReset} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			id, _, _, out, ops := h.rotateFailingAdd(f)
			st := h.healthy(out, id, "after a lost Add answer")
			wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "AddUserPoolClientSecret", "ListUserPoolClientSecrets")
			if st.Current.Value != literalB || len(h.fake.Secrets(h.pool, id)) != 2 {
				t.Error("the rotation did not complete with one Add")
			}
		})
	}
}

// An Add that Cognito refuses with a client error (a 4xx, 400 included) was
// not carried out: the event fails saying nothing was changed, without
// listing the secrets to look for it, and the store keeps no pending secret;
// the same Update again then rotates.
func TestSecretRefusedAdd(t *testing.T) {
	t.Parallel()
	for _, f := range []cognitofake.Fault{cognitofake.LimitExceeded, cognitofake.ConcurrentModification} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			id, v1, v2, out, ops := h.rotateFailingAdd(f)
			wantStatus(t, out, cfn.StatusFailed, "failed")
			wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "AddUserPoolClientSecret")
			if !strings.HasSuffix(out.Reason, "nothing was changed") {
				t.Errorf("reason %q: want it to say nothing was changed", out.Reason)
			}
			if _, st := h.store(id); st.Pending != nil || st.Current.Value != literalA || len(h.fake.Secrets(h.pool, id)) != 1 {
				t.Errorf("after the refusal: pending %v, current is the old secret: %v, %d secrets listed", st.Pending != nil, st.Current.Value == literalA, len(h.fake.Secrets(h.pool, id)))
			}
			out, _ = h.update("rq-3", id, v2, v1)
			if st := h.healthy(out, id, "the Update again"); st.Current.Value != literalB {
				t.Error("the Update again did not rotate to the new secret")
			}
		})
	}
}

// crasher is the HTTP client of both SDK clients. Armed, it stops the
// process at call n (counted over both services): that call and every later
// one never reach the fakes, and the event's context ends, as when Lambda's
// process dies. Or it loses the answer of call n: the call takes effect and
// its connection breaks before the answer.
type crasher struct {
	mu     sync.Mutex
	n, at  int
	lose   bool
	dead   bool
	cancel context.CancelFunc
}

var errCrashed = errors.New("the process stopped")

func (c *crasher) Do(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.n++
	hit := c.at > 0 && c.n == c.at
	if c.dead || hit && !c.lose {
		c.dead = true
		cancel := c.cancel
		c.mu.Unlock()
		cancel()
		return nil, errCrashed
	}
	c.mu.Unlock()
	resp, err := http.DefaultClient.Do(r)
	if hit && err == nil {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

// run handles e with a fault at call n (0: none); it returns the outcome
// and the number of calls made.
func (h *harness) run(e cfn.Event, n int, lose bool) (response.Outcome, int) {
	c, cancel := context.WithCancel(eventContext())
	defer cancel()
	h.crash.mu.Lock()
	h.crash.n, h.crash.at, h.crash.lose, h.crash.dead, h.crash.cancel = 0, n, lose, false, cancel
	h.crash.mu.Unlock()
	h.fake.ResetCalls()
	h.sm.ResetCalls()
	out := h.r.Handle(c, e)
	h.crash.mu.Lock()
	defer h.crash.mu.Unlock()
	calls := h.crash.n
	h.crash.at, h.crash.dead = 0, false
	return out, calls
}

// A crash before each call of a rotation (and after the last one: the
// response is lost), or a lost answer at each call, then the redelivered
// event, a rollback and a further rotation, in each order that can follow.
// After each: the store's current secret is listed and authenticates, no
// stranger is left, nothing is pending, and the rotation made one Add
// however often it was delivered.
func TestSecretFaultsAtEveryCall(t *testing.T) {
	t.Parallel()
	v := func(h *harness, n string) map[string]any {
		return h.secretProps("GenerateSecret", "true", "ClientSecretVersion", n)
	}
	// A client that rotated once (two secrets), about to rotate again.
	setup := func(t *testing.T) (*harness, string, clientsecret.Secret) {
		h := newHarness(t)
		out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", v(h, "1"), nil))
		id := out.PhysicalResourceID
		out, _ = h.update("rq-2", id, v(h, "2"), v(h, "1"))
		return h, id, h.healthy(out, id, "setup").Current
	}
	h, id, _ := setup(t)
	_, calls := h.run(at(cfn.RequestUpdate, "rq-3", id, v(h, "3"), v(h, "2")), 0, false)
	sequences := [][]string{{"redeliver", "rollback", "rotate"}, {"rollback", "rotate"}, {"rotate"}}
	runs := 0
	for _, lose := range []bool{false, true} {
		last := calls
		if !lose {
			last++ // a crash after the last call: the response is lost
		}
		for n := 1; n <= last; n++ {
			for _, seq := range sequences {
				runs++
				name := fmt.Sprintf("crash before call %d/%s", n, strings.Join(seq, ", "))
				if lose {
					name = fmt.Sprintf("lost answer of call %d/%s", n, strings.Join(seq, ", "))
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					h, id, before := setup(t)
					e := at(cfn.RequestUpdate, "rq-3", id, v(h, "3"), v(h, "2"))
					out, _ := h.run(e, n, lose)
					adds := h.fake.CallCount("AddUserPoolClientSecret")
					h.serving(id, "after the fault")
					h.noValueShown(out)
					if out.Status == cfn.StatusSuccess {
						h.healthy(out, id, "the faulty event")
					}
					for _, next := range seq {
						switch next {
						case "redeliver":
							out, _ := h.handle(e)
							st := h.healthy(out, id, "redelivery")
							if st.Current.Source.ClientSecretVersion != "3" {
								t.Error("the redelivered rotation did not complete")
							}
							if adds += h.fake.CallCount("AddUserPoolClientSecret"); adds != 1 {
								t.Errorf("%d Adds for one rotation delivered twice", adds)
							}
						case "rollback":
							out, _ := h.update("rq-back", id, v(h, "2"), v(h, "3"))
							if st := h.healthy(out, id, "rollback"); st.Current.Value != before.Value {
								t.Error("the rollback did not bring back the secret apps had")
							}
						case "rotate":
							_, was := h.store(id)
							out, _ := h.update("rq-onward", id, v(h, "4"), v(h, "3"))
							st := h.healthy(out, id, "further rotation")
							if st.Current.Value == was.Current.Value || st.Previous == nil || st.Previous.Value != was.Current.Value {
								t.Error("the further rotation did not demote the secret apps had")
							}
						}
					}
				})
			}
		}
	}
	t.Logf("%d calls in a rotation; %d fault runs", calls, runs)
}

// client_credentials keeps working after two rotations, when Describe shows
// no secret any more (ledger row 28), in owned mode and for an existing
// client whose template declares the flow.
func TestSecretClientCredentialsAfterTwoRotations(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	v := func(n string) map[string]any {
		return h.secretProps("GenerateSecret", "true", "ClientSecretVersion", n)
	}
	out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", v("1"), nil))
	id := out.PhysicalResourceID
	out, _ = h.update("rq-2", id, v("2"), v("1"))
	h.healthy(out, id, "first rotation")
	out, _ = h.update("rq-3", id, v("3"), v("2"))
	h.healthy(out, id, "second rotation")
	if h.stored(id).ClientSecret != nil {
		t.Fatal("Describe still shows a secret: the test no longer covers ledger row 28")
	}
	out, _ = h.update("rq-4", id, with(v("3"), "AccessTokenValidity", "2h"), v("3"))
	h.healthy(out, id, "an update with client_credentials")

	existing := map[string]any{"UserPoolId": h.pool, "ClientId": id, "AllowedOAuthFlows": []any{"client_credentials"}, "AllowedOAuthScopes": []any{"api/read"}, "AccessTokenValidity": "3h"}
	out, ops := h.handle(at(cfn.RequestCreate, "rq-5", "", existing, nil))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "UpdateUserPoolClient")
	if _, ok := out.Data["ClientSecret"]; ok || out.NoEcho {
		t.Error("existing-client mode returned a secret")
	}
	// Without a rule that needs it, existing-client mode lists nothing.
	plain := map[string]any{"UserPoolId": h.pool, "ClientId": id, "AccessTokenValidity": "4h"}
	_, ops = h.handle(at(cfn.RequestCreate, "rq-6", "", plain, nil))
	wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient")
	if len(h.sm.Calls()) != 0 {
		t.Error("existing-client mode called Secrets Manager")
	}
}

// An existing client without a secret can't take client_credentials: its
// empty list of secrets says so, and nothing is written.
func TestSecretClientCredentialsWithoutASecret(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("shared")})
	existing := map[string]any{"UserPoolId": h.pool, "ClientId": id, "AllowedOAuthFlows": []any{"client_credentials"}, "AllowedOAuthScopes": []any{"api/read"}}
	out, ops := h.handle(at(cfn.RequestCreate, "rq-1", "", existing, nil))
	wantStatus(t, out, cfn.StatusFailed, "failed")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
	if !strings.Contains(out.Reason, "AllowedOAuthFlows: has client_credentials, which only an app client with a secret can use") {
		t.Errorf("reason = %s", out.Reason)
	}
}

// Repairs, on every event of an owned client with a secret.
func TestSecretRepairs(t *testing.T) {
	t.Parallel()
	gen := func(h *harness) map[string]any { return h.secretProps("GenerateSecret", "true") }
	created := func(t *testing.T) (*harness, string, clientsecret.State) {
		h := newHarness(t)
		out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", gen(h), nil))
		return h, out.PhysicalResourceID, h.healthy(out, out.PhysicalResourceID, "Create")
	}
	t.Run("current secret deleted by hand, a stranger beside it", func(t *testing.T) {
		t.Parallel()
		h, id, st := created(t)
		foreign, err := h.fake.AddSecret(h.pool, id, literalA) // so the current one can be deleted
		if err != nil {
			t.Fatal(err)
		}
		if err := h.fake.RemoveSecret(h.pool, id, st.Current.Id); err != nil {
			t.Fatal(err)
		}
		out, ops := h.update("rq-2", id, gen(h), gen(h))
		wantStatus(t, out, cfn.StatusSuccess, "updated")
		wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "AddUserPoolClientSecret", "ListUserPoolClientSecrets")
		_, repaired := h.store(id)
		if out.Data["ClientSecret"] != st.Current.Value || repaired.Current.Value != st.Current.Value || !h.fake.Authenticates(h.pool, id, st.Current.Value) {
			t.Error("the current secret was not added again")
		}
		if !h.fake.Authenticates(h.pool, id, literalA) || repaired.Current.Id == foreign {
			t.Error("the secret added by hand was touched")
		}
		h.noValueShown(out)
	})
	t.Run("current secret deleted by hand, no slot", func(t *testing.T) {
		t.Parallel()
		h, id, _ := created(t)
		lit := h.secretProps("ClientSecret", literalB)
		out, _ := h.update("rq-2", id, lit, gen(h))
		st := h.healthy(out, id, "rotation")
		if err := h.fake.RemoveSecret(h.pool, id, st.Current.Id); err != nil {
			t.Fatal(err)
		}
		// Cognito names a secret by the time it was made (ledger row 37):
		// one added by hand in the instant another was deleted would take
		// its id, and nobody could tell them apart.
		time.Sleep(2 * time.Millisecond)
		foreign, err := h.fake.AddSecret(h.pool, id, literalA)
		if err != nil {
			t.Fatal(err)
		}
		out, ops := h.update("rq-3", id, lit, lit)
		if out.Status != cfn.StatusFailed || !strings.Contains(out.Reason, "current secret "+st.Current.Id+" is no longer listed") ||
			!strings.Contains(out.Reason, st.Previous.Id) || !strings.Contains(out.Reason, foreign) {
			t.Fatalf("%s %s", out.Status, out.Reason)
		}
		wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
		h.noValueShown(out)
	})
	t.Run("current secret deleted by hand after a rotation", func(t *testing.T) {
		t.Parallel()
		h, id, _ := created(t)
		lit := h.secretProps("ClientSecret", literalA)
		out, _ := h.update("rq-2", id, lit, gen(h))
		st := h.healthy(out, id, "rotation")
		if err := h.fake.RemoveSecret(h.pool, id, st.Current.Id); err != nil {
			t.Fatal(err)
		}
		out, ops := h.update("rq-3", id, lit, lit)
		repaired := h.healthy(out, id, "repair")
		wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "AddUserPoolClientSecret", "ListUserPoolClientSecrets")
		if repaired.Current.Value != literalA || repaired.Current.Id == st.Current.Id || repaired.Previous.Id != st.Previous.Id {
			t.Error("the current secret was not added again under a new id, the previous one kept")
		}
	})
	t.Run("store scheduled for deletion", func(t *testing.T) {
		t.Parallel()
		h, id, _ := created(t)
		if _, err := h.secrets.DeleteSecret(context.Background(), &sm.DeleteSecretInput{SecretId: aws.String(secretstore.Name(h.pool, id))}); err != nil {
			t.Fatal(err)
		}
		out, ops := h.update("rq-2", id, gen(h), gen(h))
		if out.Status != cfn.StatusFailed || !strings.Contains(out.Reason, "scheduled for deletion: restore it") {
			t.Fatalf("%s %s", out.Status, out.Reason)
		}
		wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
	})
	t.Run("store missing: rebuilt from Describe", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		made := unstored(t, h)
		id := aws.ToString(made.ClientId)
		out, ops := h.update("rq-2", id, gen(h), gen(h))
		st := h.healthy(out, id, "rebuild")
		wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
		if st.Current.Value != aws.ToString(made.ClientSecret) || st.Current.Source.Kind != clientsecret.KindRebuilt {
			t.Error("the store was not rebuilt from the described secret")
		}
		if got := h.smOps(); !slices.Equal(got, []string{"GetSecretValue", "CreateSecret"}) {
			t.Errorf("Secrets Manager calls of a rebuild: %v", got)
		}
	})
	t.Run("store missing: rebuilt from the oldest listed secret, whatever the order", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		id := aws.ToString(unstored(t, h).ClientId)
		original := h.fake.Secrets(h.pool, id)[0].ID
		time.Sleep(2 * time.Millisecond) // a later creation date, and so another id (ledger row 37)
		if _, err := h.fake.AddSecret(h.pool, id, literalA); err != nil {
			t.Fatal(err)
		}
		h.r.cognito = newestFirst{h.client}
		out, _ := h.update("rq-2", id, gen(h), gen(h))
		if _, st := h.store(id); out.Status != cfn.StatusSuccess || st.Current.Id != original {
			t.Errorf("%s %s: the store names secret %s as current, want the original %s", out.Status, out.Reason, st.Current.Id, original)
		}
	})
	t.Run("store missing, nothing to rebuild from", func(t *testing.T) {
		t.Parallel()
		h, id, st := created(t)
		added, err := h.fake.AddSecret(h.pool, id, literalA)
		if err != nil {
			t.Fatal(err)
		}
		if err := h.fake.RemoveSecret(h.pool, id, st.Current.Id); err != nil {
			t.Fatal(err)
		}
		if _, err := h.secrets.DeleteSecret(context.Background(), &sm.DeleteSecretInput{SecretId: aws.String(secretstore.Name(h.pool, id)), ForceDeleteWithoutRecovery: aws.Bool(true)}); err != nil {
			t.Fatal(err)
		}
		out, _ := h.update("rq-2", id, gen(h), gen(h))
		if out.Status != cfn.StatusFailed || !strings.Contains(out.Reason, "describes no secret") || !strings.Contains(out.Reason, added) {
			t.Fatalf("%s %s", out.Status, out.Reason)
		}
		h.noValueShown(out)
	})
	t.Run("store written by hand", func(t *testing.T) {
		t.Parallel()
		h, id, _ := created(t)
		if _, err := h.secrets.PutSecretValue(context.Background(), &sm.PutSecretValueInput{SecretId: aws.String(secretstore.Name(h.pool, id)),
			SecretString: aws.String(`{"ClientSecret":"` + literalB + `"}`)}); err != nil {
			t.Fatal(err)
		}
		out, _ := h.update("rq-2", id, gen(h), gen(h))
		if out.Status != cfn.StatusFailed || !strings.Contains(out.Reason, "can't be used") {
			t.Fatalf("%s %s", out.Status, out.Reason)
		}
		h.noValueShown(out)
	})
}

// A secret added by hand blocks a rotation that needs its slot: the event
// fails before any change, naming it, and it is never deleted.
func TestSecretForeignSecretBlocksRotation(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b := h.secretProps("ClientSecret", literalA), h.secretProps("ClientSecret", literalB)
	out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", a, nil))
	id := out.PhysicalResourceID
	before := h.healthy(out, id, "Create")
	foreign, err := h.fake.AddSecret(h.pool, id, "")
	if err != nil {
		t.Fatal(err)
	}
	out, ops := h.update("rq-2", id, b, a)
	if out.Status != cfn.StatusFailed || !strings.Contains(out.Reason, foreign) || !strings.Contains(out.Reason, "never deletes a secret it does not know") {
		t.Fatalf("%s %s", out.Status, out.Reason)
	}
	h.noValueShown(out)
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
	if got := h.smOps(); !slices.Equal(got, []string{"GetSecretValue"}) {
		t.Errorf("Secrets Manager calls %v", got)
	}
	if _, st := h.store(id); st.Current != before.Current || len(h.fake.Secrets(h.pool, id)) != 2 {
		t.Error("something changed")
	}
}

// PreviousSecret: Delete revokes the previous secret on every event but the
// one that demotes it.
func TestSecretPreviousDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.secretProps("ClientSecret", literalA)
	b := h.secretProps("ClientSecret", literalB, "PreviousSecret", "Delete")
	out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", a, nil))
	id := out.PhysicalResourceID
	out, _ = h.update("rq-2", id, b, a)
	h.healthy(out, id, "rotation under Delete")
	if !h.fake.Authenticates(h.pool, id, literalA) {
		t.Fatal("the rotation under Delete revoked the secret it demoted")
	}
	next := with(b, "AccessTokenValidity", "2h")
	out, ops := h.update("rq-3", id, next, b)
	h.healthy(out, id, "the next event")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets", "UpdateUserPoolClient", "DeleteUserPoolClientSecret")
	if h.fake.Authenticates(h.pool, id, literalA) || len(h.fake.Secrets(h.pool, id)) != 1 {
		t.Error("the previous secret is still valid")
	}
	out, ops = h.update("rq-4", id, next, next)
	h.healthy(out, id, "an event with nothing to delete")
	wantOps(t, ops, "DescribeUserPoolClient", "ListUserPoolClientSecrets")
}

// A Create that fails after CreateUserPoolClient deletes the client and the
// store it made, without a recovery window; so does its undo.
func TestSecretFailedCreateCleansUp(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		inject func(h *harness)
		reason string
	}{
		{"store not created", func(h *harness) { h.sm.Fail("CreateSecret", 1, secretsfake.LimitExceeded) }, "creating the store"},
		{"list fails", func(h *harness) { h.fake.Fail("ListUserPoolClientSecrets", 1, cognitofake.NotFound) }, "ListUserPoolClientSecrets"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			c.inject(h)
			out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", h.secretProps("ClientSecret", literalA), nil))
			if out.Status != cfn.StatusFailed || !strings.Contains(out.Reason, c.reason) || !strings.Contains(out.Reason, "was deleted again") {
				t.Fatalf("%s %s", out.Status, out.Reason)
			}
			h.noValueShown(out)
			if n := len(h.fake.Clients(h.pool)); n != 0 {
				t.Errorf("%d clients left", n)
			}
			if n := len(h.sm.Secrets()); n != 0 {
				t.Errorf("%d stores left", n)
			}
		})
	}
	// Cognito lists a second secret right after the Create (someone was
	// quicker, or Cognito misbehaves): which one is the client's is
	// unknown, so the client goes, and no store is made.
	t.Run("not exactly one secret listed", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		quick := &Resource{cognito: secondSecretAtList{h.client, h.fake}, notFoundPauses: h.r.notFoundPauses, urls: h.r.urls, secrets: h.r.secrets}
		h.fake.ResetCalls()
		out := quick.Handle(eventContext(), at(cfn.RequestCreate, "rq-1", "", h.secretProps("ClientSecret", literalA), nil))
		if out.Status != cfn.StatusFailed || !strings.Contains(out.Reason, "Cognito lists 2 secrets for the client just created, not one") || !strings.Contains(out.Reason, "was deleted again") {
			t.Fatalf("%s %s", out.Status, out.Reason)
		}
		h.noValueShown(out)
		if n := len(h.fake.Clients(h.pool)); n != 0 {
			t.Errorf("%d clients left", n)
		}
		if len(h.sm.Calls()) != 0 || len(h.sm.Secrets()) != 0 {
			t.Errorf("Secrets Manager calls %v", h.smOps())
		}
	})
	t.Run("undo", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", h.secretProps("GenerateSecret", "true"), nil))
		h.healthy(out, out.PhysicalResourceID, "Create")
		if err := out.Undo(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(h.fake.Clients(h.pool)) != 0 || len(h.sm.Secrets()) != 0 {
			t.Error("the undo left the client or its store")
		}
	})
}

// secondSecretAtList is a Cognito where a second secret appears on a
// client just before its secrets are listed.
type secondSecretAtList struct {
	Cognito
	fake *cognitofake.Server
}

func (c secondSecretAtList) ListUserPoolClientSecrets(ctx context.Context, in *cip.ListUserPoolClientSecretsInput, opts ...func(*cip.Options)) (*cip.ListUserPoolClientSecretsOutput, error) {
	if _, err := c.fake.AddSecret(aws.ToString(in.UserPoolId), aws.ToString(in.ClientId), ""); err != nil {
		return nil, err
	}
	return c.Cognito.ListUserPoolClientSecrets(ctx, in, opts...)
}

// A store that exists with another resource's tags is never taken over.
func TestSecretStoreOfSomeoneElse(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	made, err := h.client.CreateUserPoolClient(context.Background(), &cip.CreateUserPoolClientInput{UserPoolId: &h.pool, ClientName: aws.String("x"), GenerateSecret: true})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(made.UserPoolClient.ClientId)
	name := secretstore.Name(h.pool, id)
	if _, err := h.secrets.CreateSecret(context.Background(), &sm.CreateSecretInput{Name: &name, SecretString: aws.String("{}"),
		Tags: []smtypes.Tag{{Key: aws.String(secretstore.TagStackID), Value: aws.String("arn:aws:cloudformation:us-east-1:123456789012:stack/other/1")}, {Key: aws.String(secretstore.TagLogicalID), Value: aws.String("Other")}}}); err != nil {
		t.Fatal(err)
	}
	// Its bookkeeping is missing: the event fails on it.
	out, _ := h.update("rq-2", id, h.secretProps("GenerateSecret", "true"), h.secretProps("GenerateSecret", "true"))
	if out.Status != cfn.StatusFailed {
		t.Fatalf("%s", out.Status)
	}
	// Delete leaves it, with a warning naming who manages it.
	out, _ = h.handle(at(cfn.RequestDelete, "rq-3", id, h.secretProps("GenerateSecret", "true"), nil))
	if out.Status != cfn.StatusSuccess || len(out.Warnings) != 1 || !strings.Contains(out.Warnings[0], "Other of stack arn:aws:cloudformation:us-east-1:123456789012:stack/other/1") {
		t.Fatalf("%s %v", out.Status, out.Warnings)
	}
	if sec, ok := h.sm.Secret(name); !ok || sec.DeletedDate != nil {
		t.Error("the store of someone else was deleted")
	}
}

// Delete: the client, then the store scheduled with a 7-day recovery
// window; a store already gone or scheduled is success; a public client's
// Delete makes no Secrets Manager call.
func TestSecretDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	p := h.secretProps("GenerateSecret", "true")
	out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", p, nil))
	id := out.PhysicalResourceID
	out, ops := h.handle(at(cfn.RequestDelete, "rq-2", id, p, nil))
	wantStatus(t, out, cfn.StatusSuccess, "deleted")
	wantOps(t, ops, "DeleteUserPoolClient")
	sec, ok := h.sm.Secret(secretstore.Name(h.pool, id))
	if !ok || sec.DeletedDate == nil || !slices.Equal(h.smOps(), []string{"DescribeSecret", "DeleteSecret"}) {
		t.Fatalf("store scheduled %v, calls %v", ok && sec.DeletedDate != nil, h.smOps())
	}
	if !strings.Contains(string(h.sm.Calls()[1].Input), `"RecoveryWindowInDays":7`) {
		t.Errorf("DeleteSecret %s", h.sm.Calls()[1].Input)
	}
	// Again: the client and the store are gone or going.
	out, _ = h.handle(at(cfn.RequestDelete, "rq-3", id, p, nil))
	wantStatus(t, out, cfn.StatusSuccess, "deleted")
	if !slices.Equal(h.smOps(), []string{"DescribeSecret"}) {
		t.Errorf("a scheduled store: %v", h.smOps())
	}
	// A store that does not exist.
	out, _ = h.handle(at(cfn.RequestDelete, "rq-4", "nosuchclient", p, nil))
	wantStatus(t, out, cfn.StatusSuccess, "deleted")
	// A public client.
	pub := h.ownedProps()
	out, _ = h.handle(at(cfn.RequestCreate, "rq-5", "", pub, nil))
	out, _ = h.handle(at(cfn.RequestDelete, "rq-6", out.PhysicalResourceID, pub, nil))
	wantStatus(t, out, cfn.StatusSuccess, "deleted")
	if len(h.sm.Calls()) != 0 {
		t.Errorf("a public client's Delete called Secrets Manager: %v", h.smOps())
	}
}

// Whether the client has a secret decides replacement, not how it is
// declared.
func TestSecretReplacement(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	pub := h.secretProps("AllowedOAuthFlows", []any{"code"}, "AllowedOAuthScopes", []any{"openid"}, "CallbackURLs", []any{"https://app.example.com/cb"})
	out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", pub, nil))
	public := out.PhysicalResourceID
	withSecret := with(pub, "GenerateSecret", "true")
	out, _ = h.update("rq-2", public, withSecret, pub)
	wantStatus(t, out, cfn.StatusSuccess, "replaced")
	replaced := out.PhysicalResourceID
	if replaced == public {
		t.Fatal("no new client")
	}
	h.healthy(out, replaced, "replacement")
	custom := with(pub, "ClientSecret", literalA)
	out, _ = h.update("rq-3", replaced, custom, withSecret)
	wantStatus(t, out, cfn.StatusSuccess, "updated")
	if out.PhysicalResourceID != replaced {
		t.Fatal("a generated secret replaced by a custom one replaced the client")
	}
	if st := h.healthy(out, replaced, "to a custom secret"); st.Current.Value != literalA {
		t.Error("not rotated to the custom secret")
	}
	out, _ = h.update("rq-4", replaced, pub, custom)
	wantStatus(t, out, cfn.StatusSuccess, "replaced")
	if _, ok := out.Data["ClientSecret"]; ok || out.NoEcho {
		t.Error("a public client's Data holds a secret")
	}
}

// Every invalid input is refused before any call, naming the property, and
// no message shows a value.
func TestSecretInvalidInputs(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.source()
	for _, c := range []struct {
		name     string
		props    map[string]any
		property string
		message  string
	}{
		{"short value", h.secretProps("ClientSecret", "short_"+literalA[:10]), "ClientSecret", "is 16 characters long"},
		{"bad characters", h.secretProps("ClientSecret", literalA+"-!"), "ClientSecret", "use only letters, digits, _ and +"},
		{"unpinned reference", h.secretProps("ClientSecret", "{{resolve:secretsmanager:"+sourceName+":SecretString:secret}}"), "ClientSecret", "pin the version"},
		{"reference outside the sources", h.secretProps("ClientSecret", "{{resolve:secretsmanager:other/secret:SecretString:secret::"+sourceV1+"}}"), "ClientSecret", "not among the function's CLIENT_SECRET_SOURCES"},
		{"ARN outside the sources", h.secretProps("ClientSecret", "{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:210987654321:secret:app/x-AbCdEf:SecretString:secret::"+sourceV1+"}}"), "ClientSecret", "not among"},
		{"with GenerateSecret", h.secretProps("ClientSecret", literalA, "GenerateSecret", "true"), "ClientSecret", "can't be used with GenerateSecret: true"},
		{"version without a generated secret", h.secretProps("ClientSecret", literalA, "ClientSecretVersion", "2"), "ClientSecretVersion", "needs GenerateSecret: true"},
		{"PreviousSecret without a secret", h.ownedProps(), "PreviousSecret", "needs a client with a secret"},
		{"existing-client mode", map[string]any{"UserPoolId": h.pool, "ClientId": "abc", "ClientSecret": literalA}, "ClientSecret", "can't be used with ClientId"},
		{"a value that is no string", h.secretProps("ClientSecret", []any{literalA}), "ClientSecret", "must be a string"},
		{"reference to another service", h.secretProps("ClientSecret", "{{resolve:ssm-secure:/app/secret:1}}"), "ClientSecret", "another service"},
		{"staged reference", h.secretProps("ClientSecret", "{{resolve:secretsmanager:"+sourceName+":SecretString:secret:AWSCURRENT}}"), "ClientSecret", "pin the version with its version id"},
		{"version with a slash", h.secretProps("GenerateSecret", "true", "ClientSecretVersion", "2025/06"), "ClientSecretVersion", "use only letters, digits and the characters _ . -"},
		{"version too long", h.secretProps("GenerateSecret", "true", "ClientSecretVersion", strings.Repeat("v", 65)), "ClientSecretVersion", "at most 64"},
		{"version in existing-client mode", map[string]any{"UserPoolId": h.pool, "ClientId": "abc", "ClientSecretVersion": "2"}, "ClientSecretVersion", "can't be used with ClientId"},
		{"PreviousSecret not Keep or Delete", h.secretProps("GenerateSecret", "true", "PreviousSecret", "Later"), "PreviousSecret", `"Later" is not one of Keep, Delete`},
		{"PreviousSecret in existing-client mode", map[string]any{"UserPoolId": h.pool, "ClientId": "abc", "PreviousSecret": "Keep"}, "PreviousSecret", "can't be used with ClientId"},
	} {
		t.Run(c.name, func(t *testing.T) {
			props := c.props
			if c.name == "PreviousSecret without a secret" {
				props = with(props, "PreviousSecret", "Delete")
			}
			for _, rt := range []cfn.RequestType{cfn.RequestCreate, cfn.RequestUpdate} {
				out, ops := h.handle(at(rt, "rq-bad", "someclient", props, props))
				if out.Status != cfn.StatusFailed || !strings.Contains(out.Reason, c.property+": ") || !strings.Contains(out.Reason, c.message) {
					t.Errorf("%s: %s %s", rt, out.Status, out.Reason)
				}
				if len(ops) != 0 || len(h.sm.Calls()) != 0 {
					t.Errorf("%s: calls %v %v", rt, ops, h.smOps())
				}
				h.noValueShown(out)
			}
		})
	}
	// A resolved value that is not a client secret: named, not shown.
	if _, err := h.secrets.PutSecretValue(context.Background(), &sm.PutSecretValueInput{SecretId: aws.String(sourceName),
		ClientRequestToken: aws.String("aaaaaaaa-2222-3333-4444-555555555555"), SecretString: aws.String(`{"secret":"not a secret value!"}`)}); err != nil {
		t.Fatal(err)
	}
	out, ops := h.handle(at(cfn.RequestCreate, "rq-bad", "", h.secretProps("ClientSecret", reference("aaaaaaaa-2222-3333-4444-555555555555")), nil))
	if out.Status != cfn.StatusFailed || !strings.Contains(out.Reason, "ClientSecret: the value read from "+sourceName) || strings.Contains(out.Reason, "not a secret value!") || len(ops) != 0 {
		t.Errorf("%s %s %v", out.Status, out.Reason, ops)
	}
}

// quoting is a Cognito whose CreateUserPoolClient fails with a message that
// quotes the secret it was sent, as a service's error may.
type quoting struct{ Cognito }

func (q quoting) CreateUserPoolClient(_ context.Context, in *cip.CreateUserPoolClientInput, _ ...func(*cip.Options)) (*cip.CreateUserPoolClientOutput, error) {
	return nil, fmt.Errorf("InvalidParameterException: secret %q is not allowed", aws.ToString(in.ClientSecret))
}

// A service's error that quotes a custom secret reaches the Reason with the
// secret hidden, and the rest of the message intact.
func TestSecretHiddenInErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.r.cognito = quoting{h.client}
	out, _ := h.handle(at(cfn.RequestCreate, "rq-1", "", h.secretProps("ClientSecret", literalA), nil))
	wantStatus(t, out, cfn.StatusFailed, "failed")
	if want := `CreateUserPoolClient: InvalidParameterException: secret "(secret)" is not allowed`; out.Reason != want || strings.Contains(out.Reason, literalA) {
		t.Errorf("reason = %q, want %q", out.Reason, want)
	}
}

// unstored makes a client with a generated secret and no store, as one made
// before stores existed.
func unstored(t *testing.T, h *harness) *types.UserPoolClientType {
	t.Helper()
	made, err := h.client.CreateUserPoolClient(context.Background(), &cip.CreateUserPoolClientInput{
		UserPoolId: &h.pool, ClientName: aws.String("WebClient"), GenerateSecret: true,
		AllowedOAuthFlows: []types.OAuthFlowType{"client_credentials"}, AllowedOAuthScopes: []string{"api/read"}, AllowedOAuthFlowsUserPoolClient: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return made.UserPoolClient
}

// newestFirst is a Cognito that lists a client's secrets newest first: the
// order of the list is Cognito's to choose.
type newestFirst struct{ Cognito }

func (n newestFirst) ListUserPoolClientSecrets(ctx context.Context, in *cip.ListUserPoolClientSecretsInput, opts ...func(*cip.Options)) (*cip.ListUserPoolClientSecretsOutput, error) {
	out, err := n.Cognito.ListUserPoolClientSecrets(ctx, in, opts...)
	if err == nil {
		slices.SortFunc(out.ClientSecrets, func(a, b types.ClientSecretDescriptorType) int {
			return b.ClientSecretCreateDate.Compare(*a.ClientSecretCreateDate)
		})
	}
	return out, err
}

// endlessPages is a Cognito whose ListUserPoolClientSecrets always has a
// next page, up to a hundred; it counts the pages asked for.
type endlessPages struct {
	Cognito
	pages *int
}

func (e endlessPages) ListUserPoolClientSecrets(context.Context, *cip.ListUserPoolClientSecretsInput, ...func(*cip.Options)) (*cip.ListUserPoolClientSecretsOutput, error) {
	if *e.pages++; *e.pages > 100 {
		return nil, errors.New("no end to the pages")
	}
	return &cip.ListUserPoolClientSecretsOutput{NextToken: aws.String("more")}, nil
}

// A list of secrets that never ends is read for 4 pages, then the event
// fails saying so.
func TestSecretListBounded(t *testing.T) {
	t.Parallel()
	pages := 0
	listed, err := clientSecrets{c: endlessPages{pages: &pages}, pool: "p", client: "c"}.ListSecrets(context.Background())
	if listed != nil || err == nil || err.Error() != "Cognito answered more than 4 pages of secrets" || pages != 4 {
		t.Errorf("ListSecrets = %v, %v after %d pages; want the bound's error after 4", listed, err, pages)
	}
}
