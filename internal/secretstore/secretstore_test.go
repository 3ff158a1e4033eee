package secretstore

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
	"github.com/cognito-client-resource/cognitoclient/internal/secretsfake"
)

// The store and the references, through the SDK client configured as in
// production (retries shortened), against the Secrets Manager fake.

var owner = Owner{UserPoolId: "us-east-1_Pool", ClientId: "client1", StackId: "arn:aws:cloudformation:us-east-1:123456789012:stack/app/1", LogicalId: "WebClient"}

const (
	tokenA = "aaaaaaaa-0000-0000-0000-000000000000"
	tokenB = "bbbbbbbb-0000-0000-0000-000000000000"
	tokenC = "cccccccc-0000-0000-0000-000000000000"
)

func newFake(t *testing.T) (*secretsfake.Server, *sm.Client) {
	t.Helper()
	f := secretsfake.New()
	t.Cleanup(f.Close)
	c := NewClient(aws.Config{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(f.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", ""),
	}, func(o *sm.Options) { o.Retryer = retry.AddWithMaxBackoffDelay(o.Retryer, time.Millisecond) })
	return f, c
}

func currentVersion(t *testing.T, f *secretsfake.Server) secretsfake.Version {
	t.Helper()
	sec, ok := f.Secret(Name(owner.UserPoolId, owner.ClientId))
	if !ok {
		t.Fatal("no store")
	}
	v, ok := sec.Stage("AWSCURRENT")
	if !ok {
		t.Fatal("no AWSCURRENT")
	}
	return v
}

func TestStoreLifecycle(t *testing.T) {
	t.Parallel()
	f, c := newFake(t)
	ctx := context.Background()
	s := New(c, owner)
	if _, err := s.Read(ctx); !errors.Is(err, ErrMissing) {
		t.Fatalf("Read of no store: %v", err)
	}
	if err := s.Write(ctx, "doc-a", tokenA, true); err != nil {
		t.Fatal(err)
	}
	sec, _ := f.Secret(s.Name())
	if s.ARN() != sec.ARN || sec.KmsKeyID != "" || s.Name() != "cognito-user-pool-client/us-east-1_Pool/client1" {
		t.Errorf("ARN %s, key %q, name %s", s.ARN(), sec.KmsKeyID, s.Name())
	}
	tags := map[string]string{}
	for _, tg := range sec.Tags {
		tags[*tg.Key] = *tg.Value
	}
	if len(tags) != 4 || tags[TagStackID] != owner.StackId || tags[TagLogicalID] != owner.LogicalId || tags[TagUserPoolID] != owner.UserPoolId || tags[TagClientID] != owner.ClientId {
		t.Errorf("tags %v", tags)
	}
	if v := currentVersion(t, f); v.ID != tokenA || v.Value != "doc-a" {
		t.Errorf("AWSCURRENT %s %q", v.ID, v.Value)
	}

	// Another event reads, writes, writes the same step again.
	s = New(c, owner)
	if doc, err := s.Read(ctx); err != nil || doc != "doc-a" {
		t.Fatalf("Read = %q, %v", doc, err)
	}
	if err := s.Write(ctx, "doc-b", tokenB, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Write(ctx, "doc-b", tokenB, false); err != nil {
		t.Fatalf("the same step again: %v", err)
	}
	if err := s.Write(ctx, "doc-x", tokenB, false); !errors.Is(err, ErrMoved) {
		t.Errorf("the same step with another document: %v", err)
	}
	sec, _ = f.Secret(s.Name())
	if len(sec.Versions) != 2 || currentVersion(t, f).ID != tokenB {
		t.Errorf("%d versions, AWSCURRENT %s", len(sec.Versions), currentVersion(t, f).ID)
	}

	// Restore takes the last write back; writing it again puts it back.
	if err := s.Restore(ctx); err != nil || currentVersion(t, f).ID != tokenA {
		t.Fatalf("Restore: %v, AWSCURRENT %s", err, currentVersion(t, f).ID)
	}
	if err := s.Write(ctx, "doc-b", tokenB, false); err != nil || currentVersion(t, f).ID != tokenB {
		t.Fatalf("a step written again after it was taken back: %v, AWSCURRENT %s", err, currentVersion(t, f).ID)
	}

	// Someone else moves AWSCURRENT: this store's stage moves fail.
	other := New(c, owner)
	if _, err := other.Read(ctx); err != nil {
		t.Fatal(err)
	}
	if err := other.Write(ctx, "doc-c", tokenC, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Restore(ctx); !errors.Is(err, ErrMoved) || currentVersion(t, f).ID != tokenC {
		t.Errorf("Restore after someone else wrote: %v", err)
	}
}

// ResourceExistsException from CreateSecret: the store is this resource's
// only when its tags say so.
func TestStoreExistsAtCreate(t *testing.T) {
	t.Parallel()
	f, c := newFake(t)
	ctx := context.Background()
	if err := New(c, owner).Write(ctx, "doc-a", tokenA, true); err != nil {
		t.Fatal(err)
	}
	if err := New(c, owner).Write(ctx, "doc-b", tokenB, true); err != nil || currentVersion(t, f).Value != "doc-b" {
		t.Fatalf("its own store: %v", err)
	}
	stranger := owner
	stranger.StackId, stranger.LogicalId = "arn:aws:cloudformation:us-east-1:123456789012:stack/other/2", "OtherClient"
	err := New(c, stranger).Write(ctx, "doc-c", tokenC, true)
	if !errors.Is(err, ErrForeign) || !strings.Contains(err.Error(), "WebClient of stack arn:aws:cloudformation:us-east-1:123456789012:stack/app/1") {
		t.Fatalf("another resource's store: %v", err)
	}
	if currentVersion(t, f).Value != "doc-b" {
		t.Error("another resource's store was written")
	}
	name := Name("us-east-1_Pool", "client2")
	if _, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: &name, SecretString: aws.String("{}")}); err != nil {
		t.Fatal(err)
	}
	o := owner
	o.ClientId = "client2"
	if err := New(c, o).Write(ctx, "doc", tokenA, true); !errors.Is(err, ErrForeign) || !strings.Contains(err.Error(), "someone else made it") {
		t.Errorf("an untagged secret: %v", err)
	}
}

func TestStoreDelete(t *testing.T) {
	t.Parallel()
	f, c := newFake(t)
	ctx := context.Background()
	s := New(c, owner)
	if err := s.Delete(ctx, false); err != nil {
		t.Fatalf("a missing store: %v", err)
	}
	if err := s.Write(ctx, "doc-a", tokenA, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, false); err != nil {
		t.Fatal(err)
	}
	sec, ok := f.Secret(s.Name())
	if !ok || sec.DeletedDate == nil {
		t.Fatal("not scheduled for deletion")
	}
	if _, err := New(c, owner).Read(ctx); !errors.Is(err, ErrScheduled) {
		t.Errorf("Read of a scheduled store: %v", err)
	}
	f.ResetCalls()
	if err := s.Delete(ctx, false); err != nil || f.CallCount("DeleteSecret") != 0 {
		t.Errorf("an already scheduled store: %v, %d DeleteSecret", err, f.CallCount("DeleteSecret"))
	}
	// At once: gone.
	o := owner
	o.ClientId = "client3"
	now := New(c, o)
	if err := now.Write(ctx, "doc", tokenA, true); err != nil {
		t.Fatal(err)
	}
	if err := now.Delete(ctx, true); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Secret(now.Name()); ok {
		t.Error("a store deleted at once is still there")
	}
	// Someone else's: left alone.
	o.ClientId = "client4"
	if err := New(c, o).Write(ctx, "doc", tokenA, true); err != nil {
		t.Fatal(err)
	}
	o.LogicalId = "Other"
	if err := New(c, o).Delete(ctx, false); !errors.Is(err, ErrForeign) {
		t.Errorf("another resource's store: %v", err)
	}
	if sec, _ := f.Secret(Name(o.UserPoolId, o.ClientId)); sec.DeletedDate != nil {
		t.Error("another resource's store was deleted")
	}
}

// Throttling and InternalServiceError are retried; LimitExceededException
// (a quota) is not.
func TestRetryPolicy(t *testing.T) {
	t.Parallel()
	f, c := newFake(t)
	ctx := context.Background()
	s := New(c, owner)
	f.Fail("CreateSecret", 1, secretsfake.Throttle)
	f.Fail("CreateSecret", 1, secretsfake.Internal)
	if err := s.Write(ctx, "doc", tokenA, true); err != nil || f.CallCount("CreateSecret") != 3 {
		t.Errorf("throttling and an internal error: %v, %d calls", err, f.CallCount("CreateSecret"))
	}
	f.Fail("PutSecretValue", 1, secretsfake.LimitExceeded)
	var le *types.LimitExceededException
	if err := s.Write(ctx, "doc-2", tokenB, false); !errors.As(err, &le) || f.CallCount("PutSecretValue") != 1 {
		t.Errorf("a quota: %v, %d calls", err, f.CallCount("PutSecretValue"))
	}
	// A lost answer: the SDK sends the write again, with the same token,
	// which Secrets Manager ignores.
	f.Fail("PutSecretValue", 1, secretsfake.LostAnswer)
	if err := s.Write(ctx, "doc-3", tokenC, false); err != nil || currentVersion(t, f).ID != tokenC {
		t.Errorf("a lost answer: %v", err)
	}
	if sec, _ := f.Secret(s.Name()); len(sec.Versions) != 2 {
		t.Errorf("%d versions after a repeated write, want 2", len(sec.Versions))
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	ctx := context.Background()
	const value = "ResolvedSecretValue_0123456789abcd"
	out, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("app/source"), ClientRequestToken: aws.String(tokenA),
		SecretString: aws.String(`{"secret":"` + value + `","number":12,"other":"x"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("app/plain"), ClientRequestToken: aws.String(tokenA), SecretString: aws.String(value)}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ref  secretref.Reference
		want string // the value, or a part of the error
		ok   bool
	}{
		{"by name", secretref.Reference{SecretId: "app/source", JSONKey: "secret", VersionId: tokenA}, value, true},
		{"by ARN", secretref.Reference{SecretId: *out.ARN, JSONKey: "secret", VersionId: tokenA}, value, true},
		{"the whole string", secretref.Reference{SecretId: "app/plain", VersionId: tokenA}, value, true},
		{"no such key", secretref.Reference{SecretId: "app/source", JSONKey: "missing", VersionId: tokenA}, `has no key "missing"`, false},
		{"not a string", secretref.Reference{SecretId: "app/source", JSONKey: "number", VersionId: tokenA}, "does not hold a string", false},
		{"not JSON", secretref.Reference{SecretId: "app/plain", JSONKey: "secret", VersionId: tokenA}, "is not a JSON object", false},
		{"no such version", secretref.Reference{SecretId: "app/source", JSONKey: "secret", VersionId: tokenB}, "has no version " + tokenB, false},
	} {
		got, err := Resolve(ctx, c, tc.ref)
		switch {
		case tc.ok && (err != nil || got != tc.want):
			t.Errorf("%s: %q, %v", tc.name, got, err)
		case !tc.ok && (err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), value)):
			t.Errorf("%s: error %v", tc.name, err)
		}
	}
}

// Every write carries its token, so that a repeat of it is a no-op.
func TestWritesCarryTheirToken(t *testing.T) {
	t.Parallel()
	f, c := newFake(t)
	s := New(c, owner)
	if err := s.Write(context.Background(), "doc", tokenA, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Write(context.Background(), "doc-2", tokenB, false); err != nil {
		t.Fatal(err)
	}
	for _, call := range f.Calls() {
		if slices.Contains([]string{"CreateSecret", "PutSecretValue"}, call.Operation) && !strings.Contains(string(call.Input), `"ClientRequestToken":"`) {
			t.Errorf("%s without a ClientRequestToken", call.Operation)
		}
	}
}
