package secretsfake

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/smithy-go"
)

// region is the Region the test clients sign for, which the fake puts in
// the ARNs.
const region = "eu-west-1"

// newClient returns a real SDK client for s, without retries so that every
// call is exactly one request.
func newClient(t *testing.T, s *Server) *sm.Client {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return sm.New(sm.Options{
		Region:       region,
		BaseEndpoint: aws.String(s.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Transport: tr},
	})
}

func newServer(t *testing.T, opts ...Option) (*Server, *sm.Client) {
	t.Helper()
	s := New(opts...)
	t.Cleanup(s.Close)
	return s, newClient(t, s)
}

// token returns a ClientRequestToken of the length the API takes.
func token(n int) *string { return aws.String(fmt.Sprintf("token-%026d", n)) }

// is reports whether err is (or wraps) an error of the type want points to.
func is(err error, want any) bool {
	return err != nil && errors.As(err, reflect.New(reflect.TypeOf(want)).Interface())
}

func create(t *testing.T, c *sm.Client, name, value string, tags ...types.Tag) *sm.CreateSecretOutput {
	t.Helper()
	out, err := c.CreateSecret(context.Background(), &sm.CreateSecretInput{Name: aws.String(name), SecretString: aws.String(value), ClientRequestToken: token(0), Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func put(t *testing.T, c *sm.Client, id string, n int, value string, stages ...string) *sm.PutSecretValueOutput {
	t.Helper()
	out, err := c.PutSecretValue(context.Background(), &sm.PutSecretValueInput{SecretId: aws.String(id), SecretString: aws.String(value), ClientRequestToken: token(n), VersionStages: stages})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func describe(t *testing.T, c *sm.Client, id string) *sm.DescribeSecretOutput {
	t.Helper()
	out, err := c.DescribeSecret(context.Background(), &sm.DescribeSecretInput{SecretId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Ledger rows S1 and S2.
func TestCreateDescribeAndLookups(t *testing.T) {
	t.Parallel()
	s, c := newServer(t, WithAccount("210987654321"))
	ctx := context.Background()
	tags := []types.Tag{{Key: aws.String("owner"), Value: aws.String("a")}, {Key: aws.String("empty"), Value: aws.String("")}}
	out := create(t, c, "app/client", `{"k":"v"}`, tags...)
	if !regexp.MustCompile(`^arn:aws:secretsmanager:eu-west-1:210987654321:secret:app/client-[A-Za-z0-9]{6}$`).MatchString(*out.ARN) {
		t.Errorf("ARN %s", *out.ARN)
	}
	if *out.Name != "app/client" || *out.VersionId != *token(0) {
		t.Errorf("CreateSecret answered name %s, version %s", *out.Name, *out.VersionId)
	}
	d := describe(t, c, "app/client")
	if d.KmsKeyId != nil {
		t.Errorf("the default key is described as %s, want it left out", *d.KmsKeyId)
	}
	if !reflect.DeepEqual(d.Tags, tags) {
		t.Errorf("tags %v, want %v", d.Tags, tags)
	}
	if want := map[string][]string{*token(0): {StageCurrent}}; !reflect.DeepEqual(d.VersionIdsToStages, want) {
		t.Errorf("VersionIdsToStages %v, want %v", d.VersionIdsToStages, want)
	}
	if d.DeletedDate != nil || d.CreatedDate == nil || d.LastAccessedDate != nil {
		t.Errorf("dates: created %v, deleted %v, accessed %v", d.CreatedDate, d.DeletedDate, d.LastAccessedDate)
	}
	partial := strings.TrimSuffix(*out.ARN, (*out.ARN)[len(*out.ARN)-7:])
	for _, id := range []string{"app/client", *out.ARN, partial} {
		got, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String(id)})
		if err != nil {
			t.Errorf("GetSecretValue(%s): %v", id, err)
			continue
		}
		if *got.SecretString != `{"k":"v"}` || *got.ARN != *out.ARN || !slices.Equal(got.VersionStages, []string{StageCurrent}) {
			t.Errorf("GetSecretValue(%s) = %s %s %v", id, *got.SecretString, *got.ARN, got.VersionStages)
		}
	}
	if d := describe(t, c, *out.ARN); d.LastAccessedDate == nil || !d.LastAccessedDate.Equal(d.LastAccessedDate.Truncate(24*time.Hour)) {
		t.Errorf("LastAccessedDate %v, want the day of the read", d.LastAccessedDate)
	}
	for _, id := range []string{"app/other", *out.ARN + "x", "arn:aws:secretsmanager:eu-west-1:210987654321:secret:app/clien"} {
		if _, err := c.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String(id)}); !is(err, &types.ResourceNotFoundException{}) {
			t.Errorf("DescribeSecret(%s): want ResourceNotFoundException, got %v", id, err)
		}
	}
	withKey, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("keyed"), KmsKeyId: aws.String("alias/mine")})
	if err != nil {
		t.Fatal(err)
	}
	if withKey.VersionId != nil {
		t.Error("a secret created without a value has a version")
	}
	if d := describe(t, c, "keyed"); aws.ToString(d.KmsKeyId) != "alias/mine" || d.VersionIdsToStages != nil {
		t.Errorf("keyed: KmsKeyId %v, versions %v", d.KmsKeyId, d.VersionIdsToStages)
	}
	if _, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String("keyed")}); !is(err, &types.ResourceNotFoundException{}) {
		t.Errorf("reading a secret without a version: %v", err)
	}
	if snap, ok := s.Secret("app/client"); !ok || snap.ARN != *out.ARN || len(snap.Versions) != 1 || snap.KmsKeyID != "" {
		t.Errorf("Secret = %+v, %v", snap, ok)
	}
	if names := len(s.Secrets()); names != 2 {
		t.Errorf("Secrets lists %d, want 2", names)
	}
}

func TestCreateRefusals(t *testing.T) {
	t.Parallel()
	s, c := newServer(t)
	ctx := context.Background()
	create(t, c, "taken", "v1")
	tags := make([]types.Tag, 51)
	for i := range tags {
		tags[i] = types.Tag{Key: aws.String(fmt.Sprint("k", i)), Value: aws.String("v")}
	}
	tests := []struct {
		name string
		in   sm.CreateSecretInput
		want any
	}{
		{"an existing name", sm.CreateSecretInput{Name: aws.String("taken"), SecretString: aws.String("v1"), ClientRequestToken: token(1)}, &types.ResourceExistsException{}},
		{"an existing name, same token, another value", sm.CreateSecretInput{Name: aws.String("taken"), SecretString: aws.String("v2"), ClientRequestToken: token(0)}, &types.ResourceExistsException{}},
		{"a name with a space", sm.CreateSecretInput{Name: aws.String("a name")}, &types.InvalidParameterException{}},
		{"a name too long", sm.CreateSecretInput{Name: aws.String(strings.Repeat("n", 513))}, &types.InvalidParameterException{}},
		{"binary", sm.CreateSecretInput{Name: aws.String("b"), SecretBinary: []byte("x")}, &types.InvalidParameterException{}},
		{"a short token", sm.CreateSecretInput{Name: aws.String("t"), SecretString: aws.String("v"), ClientRequestToken: aws.String("short")}, &types.InvalidParameterException{}},
		{"too many tags", sm.CreateSecretInput{Name: aws.String("tags"), Tags: tags}, &types.InvalidParameterException{}},
		{"a value too long", sm.CreateSecretInput{Name: aws.String("big"), SecretString: aws.String(strings.Repeat("v", 65537))}, &types.InvalidParameterException{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := c.CreateSecret(ctx, &tt.in); !is(err, tt.want) {
				t.Errorf("want %T, got %v", tt.want, err)
			}
		})
	}
	// Ledger row S4: the same request again is ignored.
	again, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("taken"), SecretString: aws.String("v1"), ClientRequestToken: token(0)})
	if err != nil || *again.VersionId != *token(0) {
		t.Errorf("the same CreateSecret again: %v", err)
	}
	if n := len(s.Secrets()); n != 1 {
		t.Errorf("%d secrets, want 1", n)
	}
	if snap, _ := s.Secret("taken"); len(snap.Versions) != 1 {
		t.Errorf("%d versions, want 1", len(snap.Versions))
	}
}

// Ledger rows S3, S4 and S10: how AWSCURRENT and AWSPREVIOUS move, and
// which versions are read.
func TestVersionStages(t *testing.T) {
	t.Parallel()
	s, c := newServer(t)
	ctx := context.Background()
	create(t, c, "staged", "v0")
	stages := func() map[string][]string { return describe(t, c, "staged").VersionIdsToStages }
	get := func(id *string, stage *string) (string, error) {
		out, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String("staged"), VersionId: id, VersionStage: stage})
		if err != nil {
			return "", err
		}
		return *out.SecretString, nil
	}
	v0, v1, v2, v3 := *token(0), *token(1), *token(2), *token(3)

	if out := put(t, c, "staged", 1, "v1"); !slices.Equal(out.VersionStages, []string{StageCurrent}) {
		t.Errorf("the new version's stages %v", out.VersionStages)
	}
	if want := map[string][]string{v0: {StagePrevious}, v1: {StageCurrent}}; !reflect.DeepEqual(stages(), want) {
		t.Errorf("after one put: %v, want %v", stages(), want)
	}
	put(t, c, "staged", 2, "v2")
	if want := map[string][]string{v1: {StagePrevious}, v2: {StageCurrent}}; !reflect.DeepEqual(stages(), want) {
		t.Errorf("after two puts: %v, want %v", stages(), want)
	}
	// A repeated token with its value is ignored: v1 keeps AWSPREVIOUS.
	if out := put(t, c, "staged", 1, "v1"); *out.VersionId != v1 || !slices.Equal(out.VersionStages, []string{StagePrevious}) {
		t.Errorf("a repeated put answered %s %v", *out.VersionId, out.VersionStages)
	}
	if _, err := c.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("staged"), SecretString: aws.String("other"), ClientRequestToken: token(1)}); !is(err, &types.ResourceExistsException{}) {
		t.Errorf("a repeated token with another value: want ResourceExistsException, got %v", err)
	}
	// A version put with a label of its own leaves AWSCURRENT where it is.
	put(t, c, "staged", 3, "v3", "PENDING")
	if want := map[string][]string{v1: {StagePrevious}, v2: {StageCurrent}, v3: {"PENDING"}}; !reflect.DeepEqual(stages(), want) {
		t.Errorf("after a put with a label: %v, want %v", stages(), want)
	}

	tests := []struct {
		name        string
		id, stage   *string
		want        string
		wantMissing bool
	}{
		{"the current version by default", nil, nil, "v2", false},
		{"AWSPREVIOUS", nil, aws.String(StagePrevious), "v1", false},
		{"a deprecated version by its id", aws.String(v0), nil, "v0", false},
		{"an id with its own stage", aws.String(v2), aws.String(StageCurrent), "v2", false},
		{"an id with another version's stage", aws.String(v1), aws.String(StageCurrent), "", true},
		{"a stage nothing holds", nil, aws.String("AWSPENDING"), "", true},
		{"an unknown id", aws.String(*token(9)), nil, "", true},
	}
	for _, tt := range tests {
		got, err := get(tt.id, tt.stage)
		switch {
		case tt.wantMissing && !is(err, &types.ResourceNotFoundException{}):
			t.Errorf("%s: want ResourceNotFoundException, got %q, %v", tt.name, got, err)
		case !tt.wantMissing && (err != nil || got != tt.want):
			t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	if snap, _ := s.Secret("staged"); len(snap.Versions) != 4 {
		t.Errorf("%d versions kept, want 4", len(snap.Versions))
	}
}

// Ledger row S3: deprecated versions are dropped beyond 100 versions, once
// a day old.
func TestDeprecatedVersionsAreDropped(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	s, c := newServer(t, withClock(func() time.Time { return now }))
	create(t, c, "many", "v")
	for i := 1; i < keptVersions; i++ {
		put(t, c, "many", i, fmt.Sprint("v", i))
	}
	put(t, c, "many", keptVersions, "young")
	if snap, _ := s.Secret("many"); len(snap.Versions) != keptVersions+1 {
		t.Errorf("%d versions: younger than a day, none may go", len(snap.Versions))
	}
	now = now.Add(keptFor)
	put(t, c, "many", keptVersions+1, "later")
	snap, _ := s.Secret("many")
	if len(snap.Versions) != keptVersions {
		t.Fatalf("%d versions, want %d", len(snap.Versions), keptVersions)
	}
	if snap.Versions[0].ID != *token(2) {
		t.Errorf("the oldest kept is %s, want %s", snap.Versions[0].ID, *token(2))
	}
	for _, stage := range []string{StageCurrent, StagePrevious} {
		if _, ok := snap.Stage(stage); !ok {
			t.Errorf("no version holds %s", stage)
		}
	}
}

// Ledger row S5.
func TestUpdateSecretVersionStage(t *testing.T) {
	t.Parallel()
	_, c := newServer(t)
	ctx := context.Background()
	create(t, c, "moves", "v0")
	put(t, c, "moves", 1, "v1")
	put(t, c, "moves", 2, "v2", "LABEL")
	v0, v1, v2 := token(0), token(1), token(2)
	move := func(stage string, to, from *string) error {
		_, err := c.UpdateSecretVersionStage(ctx, &sm.UpdateSecretVersionStageInput{SecretId: aws.String("moves"), VersionStage: aws.String(stage), MoveToVersionId: to, RemoveFromVersionId: from})
		return err
	}
	steps := []struct {
		name   string
		do     func() error
		want   any // nil for success
		stages map[string][]string
	}{
		{"AWSCURRENT elsewhere, without naming its version", func() error { return move(StageCurrent, v0, nil) }, &types.InvalidParameterException{}, nil},
		{"naming another version", func() error { return move(StageCurrent, v0, v2) }, &types.InvalidParameterException{}, nil},
		{"an unknown version", func() error { return move("LABEL", token(7), v2) }, &types.InvalidParameterException{}, nil},
		{"AWSCURRENT cannot just go", func() error { return move(StageCurrent, nil, v1) }, &types.InvalidParameterException{}, nil},
		{"nothing to move", func() error { return move("NONE", nil, nil) }, &types.InvalidParameterException{}, nil},
		{"a rollback: AWSCURRENT back to v0, AWSPREVIOUS follows", func() error { return move(StageCurrent, v0, v1) }, nil,
			map[string][]string{*v0: {StageCurrent}, *v1: {StagePrevious}, *v2: {"LABEL"}}},
		{"a label removed", func() error { return move("LABEL", nil, v2) }, nil,
			map[string][]string{*v0: {StageCurrent}, *v1: {StagePrevious}}},
		{"a label added to the version that holds it", func() error { return move(StageCurrent, v0, nil) }, nil,
			map[string][]string{*v0: {StageCurrent}, *v1: {StagePrevious}}},
		{"a new label, nowhere before", func() error { return move("NEW", v2, nil) }, nil,
			map[string][]string{*v0: {StageCurrent}, *v1: {StagePrevious}, *v2: {"NEW"}}},
	}
	for _, st := range steps {
		err := st.do()
		switch {
		case st.want == nil && err != nil:
			t.Fatalf("%s: %v", st.name, err)
		case st.want != nil && !is(err, st.want):
			t.Fatalf("%s: want %T, got %v", st.name, st.want, err)
		case st.stages != nil:
			if got := describe(t, c, "moves").VersionIdsToStages; !reflect.DeepEqual(got, st.stages) {
				t.Errorf("%s: %v, want %v", st.name, got, st.stages)
			}
		}
	}
}

// Ledger row S2: TagResource adds tags and replaces the value of a key the
// secret has.
func TestTagResource(t *testing.T) {
	t.Parallel()
	_, c := newServer(t)
	ctx := context.Background()
	create(t, c, "tagged", "v", types.Tag{Key: aws.String("a"), Value: aws.String("1")})
	if _, err := c.TagResource(ctx, &sm.TagResourceInput{SecretId: aws.String("tagged"), Tags: []types.Tag{
		{Key: aws.String("b"), Value: aws.String("2")}, {Key: aws.String("a"), Value: aws.String("3")},
	}}); err != nil {
		t.Fatal(err)
	}
	want := []types.Tag{{Key: aws.String("a"), Value: aws.String("3")}, {Key: aws.String("b"), Value: aws.String("2")}}
	if got := describe(t, c, "tagged").Tags; !reflect.DeepEqual(got, want) {
		t.Errorf("tags %v, want %v", got, want)
	}
	many := make([]types.Tag, 49)
	for i := range many {
		many[i] = types.Tag{Key: aws.String(fmt.Sprint("k", i)), Value: aws.String("v")}
	}
	if _, err := c.TagResource(ctx, &sm.TagResourceInput{SecretId: aws.String("tagged"), Tags: many}); !is(err, &types.InvalidParameterException{}) {
		t.Errorf("51 tags: want InvalidParameterException, got %v", err)
	}
	if _, err := c.TagResource(ctx, &sm.TagResourceInput{SecretId: aws.String("none"), Tags: want}); !is(err, &types.ResourceNotFoundException{}) {
		t.Errorf("an unknown secret: %v", err)
	}
}

// Ledger rows S6, S7 and S8: deletion, what a secret scheduled for
// deletion refuses, and restoring it.
func TestDeleteAndRestore(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0).UTC()
	s, c := newServer(t, withClock(func() time.Time { return now }))
	ctx := context.Background()
	out := create(t, c, "store", "v0")
	del := func(in sm.DeleteSecretInput) (*sm.DeleteSecretOutput, error) {
		if in.SecretId == nil {
			in.SecretId = aws.String("store")
		}
		return c.DeleteSecret(ctx, &in)
	}
	for _, in := range []sm.DeleteSecretInput{
		{RecoveryWindowInDays: aws.Int64(6)},
		{RecoveryWindowInDays: aws.Int64(31)},
		{RecoveryWindowInDays: aws.Int64(7), ForceDeleteWithoutRecovery: aws.Bool(true)},
	} {
		if _, err := del(in); !is(err, &types.InvalidParameterException{}) {
			t.Errorf("DeleteSecret(%v, %v): want InvalidParameterException, got %v", aws.ToInt64(in.RecoveryWindowInDays), aws.ToBool(in.ForceDeleteWithoutRecovery), err)
		}
	}
	d, err := del(sm.DeleteSecretInput{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.DeletionDate.Equal(now.Add(30*24*time.Hour)) || *d.ARN != *out.ARN {
		t.Errorf("the default window: deletion on %v, want %v", d.DeletionDate, now.Add(30*24*time.Hour))
	}
	if desc := describe(t, c, "store"); desc.DeletedDate == nil || !desc.DeletedDate.Equal(now) {
		t.Errorf("DeletedDate %v, want %v", desc.DeletedDate, now)
	}
	refused := []struct {
		name string
		err  error
	}{
		{"GetSecretValue", func() error {
			_, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String("store")})
			return err
		}()},
		{"PutSecretValue", func() error {
			_, err := c.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("store"), SecretString: aws.String("v"), ClientRequestToken: token(1)})
			return err
		}()},
		{"UpdateSecretVersionStage", func() error {
			_, err := c.UpdateSecretVersionStage(ctx, &sm.UpdateSecretVersionStageInput{SecretId: aws.String("store"), VersionStage: aws.String("L"), MoveToVersionId: token(0)})
			return err
		}()},
		{"TagResource", func() error {
			_, err := c.TagResource(ctx, &sm.TagResourceInput{SecretId: aws.String("store"), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
			return err
		}()},
		{"CreateSecret of the name", func() error {
			_, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("store"), SecretString: aws.String("v0"), ClientRequestToken: token(0)})
			return err
		}()},
		{"DeleteSecret again", func() error { _, err := del(sm.DeleteSecretInput{}); return err }()},
	}
	for _, r := range refused {
		if !is(r.err, &types.InvalidRequestException{}) {
			t.Errorf("%s on a secret scheduled for deletion: want InvalidRequestException, got %v", r.name, r.err)
		}
	}
	if _, err := c.RestoreSecret(ctx, &sm.RestoreSecretInput{SecretId: aws.String("store")}); err != nil {
		t.Fatal(err)
	}
	if desc := describe(t, c, "store"); desc.DeletedDate != nil {
		t.Error("a restored secret still has a DeletedDate")
	}
	if _, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String("store")}); err != nil {
		t.Errorf("a restored secret is not read: %v", err)
	}
	if _, err := c.RestoreSecret(ctx, &sm.RestoreSecretInput{SecretId: aws.String("store")}); err != nil {
		t.Errorf("restoring a secret that is not scheduled: %v", err)
	}
	if _, err := c.RestoreSecret(ctx, &sm.RestoreSecretInput{SecretId: aws.String("none")}); !is(err, &types.ResourceNotFoundException{}) {
		t.Errorf("restoring an unknown secret: %v", err)
	}

	// A forced delete, of a scheduled secret and of a missing one.
	if _, err := del(sm.DeleteSecretInput{RecoveryWindowInDays: aws.Int64(7)}); err != nil {
		t.Fatal(err)
	}
	if _, err := del(sm.DeleteSecretInput{ForceDeleteWithoutRecovery: aws.Bool(true)}); err != nil {
		t.Fatalf("forcing the delete of a scheduled secret: %v", err)
	}
	if _, ok := s.Secret("store"); ok {
		t.Error("a forced delete left the secret")
	}
	if _, err := del(sm.DeleteSecretInput{ForceDeleteWithoutRecovery: aws.Bool(true)}); err != nil {
		t.Errorf("forcing the delete of a missing secret: %v", err)
	}
	if _, err := del(sm.DeleteSecretInput{}); !is(err, &types.ResourceNotFoundException{}) {
		t.Errorf("deleting a missing secret: want ResourceNotFoundException, got %v", err)
	}
	again := create(t, c, "store", "new")
	if *again.ARN == *out.ARN {
		t.Error("a new secret of the same name has the old ARN")
	}

	// The end of a recovery window deletes the secret for good.
	if _, err := del(sm.DeleteSecretInput{RecoveryWindowInDays: aws.Int64(7)}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(7*24*time.Hour - time.Millisecond)
	if _, ok := s.Secret("store"); !ok {
		t.Error("the secret is gone before its window ends")
	}
	now = now.Add(time.Millisecond)
	if _, err := c.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String("store")}); !is(err, &types.ResourceNotFoundException{}) {
		t.Errorf("after the window: want ResourceNotFoundException, got %v", err)
	}
}

func TestValidation(t *testing.T) {
	t.Parallel()
	_, c := newServer(t)
	ctx := context.Background()
	create(t, c, "v", "v")
	tests := []struct {
		name string
		err  error
	}{
		{"PutSecretValue without a value", func() error {
			_, err := c.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("v"), ClientRequestToken: token(1)})
			return err
		}()},
		{"PutSecretValue with 21 labels", func() error {
			_, err := c.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("v"), SecretString: aws.String("x"), ClientRequestToken: token(1), VersionStages: make([]string, 21)})
			return err
		}()},
		{"a label too long", func() error {
			_, err := c.UpdateSecretVersionStage(ctx, &sm.UpdateSecretVersionStageInput{SecretId: aws.String("v"), VersionStage: aws.String(strings.Repeat("L", 257)), MoveToVersionId: token(0)})
			return err
		}()},
		{"a SecretId too long", func() error {
			_, err := c.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String(strings.Repeat("i", 2049))})
			return err
		}()},
		{"a tag key too long", func() error {
			_, err := c.TagResource(ctx, &sm.TagResourceInput{SecretId: aws.String("v"), Tags: []types.Tag{{Key: aws.String(strings.Repeat("k", 129)), Value: aws.String("")}}})
			return err
		}()},
	}
	for _, tt := range tests {
		if !is(tt.err, &types.InvalidParameterException{}) {
			t.Errorf("%s: want InvalidParameterException, got %v", tt.name, tt.err)
		}
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault  Fault
		want   any
		status int
	}{
		{Throttle, nil, 400},
		{Internal, &types.InternalServiceError{}, 500},
		{LimitExceeded, &types.LimitExceededException{}, 400},
		{NotFound, &types.ResourceNotFoundException{}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			t.Parallel()
			s, c := newServer(t)
			create(t, c, "f", "v")
			s.Fail("GetSecretValue", 1, tt.fault)
			_, err := c.GetSecretValue(context.Background(), &sm.GetSecretValueInput{SecretId: aws.String("f")})
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != tt.fault.String() || (tt.want != nil && !is(err, tt.want)) {
				t.Fatalf("want %s, got %v", tt.fault, err)
			}
			var re *awshttp.ResponseError
			if !errors.As(err, &re) || re.HTTPStatusCode() != tt.status {
				t.Errorf("want HTTP %d, got %v", tt.status, err)
			}
			if _, err := c.GetSecretValue(context.Background(), &sm.GetSecretValueInput{SecretId: aws.String("f")}); err != nil {
				t.Errorf("the next call still fails: %v", err)
			}
			if got := s.Calls()[1].Err; got != tt.fault.String() {
				t.Errorf("recorded %q", got)
			}
		})
	}
}

// A lost answer: the call takes effect, the caller sees an error. A put the
// SDK retries with its token is still one version (ledger row S4).
func TestLostAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault   Fault
		retries bool
	}{
		{LostAnswer, false},
		{LostAnswerReset, false},
		{LostAnswer, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.fault, " retries ", tt.retries), func(t *testing.T) {
			t.Parallel()
			s, c := newServer(t)
			create(t, c, "lost", "v0")
			s.Fail("PutSecretValue", 1, tt.fault)
			in := &sm.PutSecretValueInput{SecretId: aws.String("lost"), SecretString: aws.String("v1")}
			var err error
			if tt.retries {
				_, err = c.PutSecretValue(context.Background(), in, func(o *sm.Options) {
					o.Retryer = retryImmediately{}
				})
			} else {
				_, err = c.PutSecretValue(context.Background(), in)
			}
			var ae smithy.APIError
			switch {
			case tt.retries && err != nil:
				t.Fatalf("the retried put: %v", err)
			case !tt.retries && tt.fault == LostAnswer && !is(err, &types.InternalServiceError{}):
				t.Fatalf("want InternalServiceError, got %v", err)
			case !tt.retries && tt.fault == LostAnswerReset && (err == nil || errors.As(err, &ae)):
				t.Fatalf("want a transport error, got %v", err)
			}
			snap, _ := s.Secret("lost")
			if cur, _ := snap.Stage(StageCurrent); len(snap.Versions) != 2 || cur.Value != "v1" {
				t.Errorf("versions %+v: want the lost put applied once", snap.Versions)
			}
			if got := s.CallCount("PutSecretValue"); got != map[bool]int{false: 1, true: 2}[tt.retries] {
				t.Errorf("CallCount = %d", got)
			}
		})
	}
}

// retryImmediately retries any error once, at once: the SDK's standard
// retryer does the same for a 500, after a delay a test need not wait.
type retryImmediately struct{ aws.NopRetryer }

func (retryImmediately) IsErrorRetryable(error) bool { return true }
func (retryImmediately) MaxAttempts() int            { return 2 }
func (retryImmediately) RetryDelay(int, error) (time.Duration, error) {
	return 0, nil
}

func TestHangAndClose(t *testing.T) {
	t.Parallel()
	s, c := newServer(t)
	s.Fail("DescribeSecret", 1, Hang)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String("x")})
		errc <- err
	}()
	for i := 0; s.CallCount("DescribeSecret") == 0; i++ {
		if i == 2000 {
			t.Fatal("the request never arrived")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("want context.Canceled, got %v", err)
	}
	s.Fail("", 5, Internal)
	s.ClearFaults()
	if _, err := c.DescribeSecret(context.Background(), &sm.DescribeSecretInput{SecretId: aws.String("x")}); !is(err, &types.ResourceNotFoundException{}) {
		t.Errorf("after ClearFaults: %v", err)
	}
	s.ResetCalls()
	if len(s.Calls()) != 0 || s.CallCount("DescribeSecret") != 0 {
		t.Error("calls left after ResetCalls")
	}
}

func TestConcurrentPuts(t *testing.T) {
	t.Parallel()
	s, c := newServer(t)
	create(t, c, "busy", "v0")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() { put(t, c, "busy", i+1, fmt.Sprint("v", i+1)) })
	}
	wg.Wait()
	snap, _ := s.Secret("busy")
	holders := map[string]int{}
	for _, v := range snap.Versions {
		for _, st := range v.Stages {
			holders[st]++
		}
	}
	if len(snap.Versions) != 21 || !maps.Equal(holders, map[string]int{StageCurrent: 1, StagePrevious: 1}) {
		t.Errorf("%d versions, label counts %v", len(snap.Versions), holders)
	}
}
