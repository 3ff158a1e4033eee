// Package secretstore keeps an owned client's secret in a Secrets Manager
// secret of its own, the store (docs/reference.md §8), and resolves the
// Secrets Manager references a ClientSecret may hold. It is the only
// package that calls Secrets Manager; it moves documents, and knows nothing
// of what they mean (package clientsecret does).
//
// A store is named cognito-user-pool-client/<UserPoolId>/<ClientId>, tagged
// with the pool, client, stack and logical id of the resource that made it,
// and uses the account's default key (aws/secretsmanager).
package secretstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/smithy-go"
)

// API is the part of the Secrets Manager API the stores use. The SDK's
// *secretsmanager.Client satisfies it.
type API interface {
	GetSecretValue(context.Context, *sm.GetSecretValueInput, ...func(*sm.Options)) (*sm.GetSecretValueOutput, error)
	CreateSecret(context.Context, *sm.CreateSecretInput, ...func(*sm.Options)) (*sm.CreateSecretOutput, error)
	PutSecretValue(context.Context, *sm.PutSecretValueInput, ...func(*sm.Options)) (*sm.PutSecretValueOutput, error)
	UpdateSecretVersionStage(context.Context, *sm.UpdateSecretVersionStageInput, ...func(*sm.Options)) (*sm.UpdateSecretVersionStageOutput, error)
	DescribeSecret(context.Context, *sm.DescribeSecretInput, ...func(*sm.Options)) (*sm.DescribeSecretOutput, error)
	DeleteSecret(context.Context, *sm.DeleteSecretInput, ...func(*sm.Options)) (*sm.DeleteSecretOutput, error)
}

// MaxAttempts bounds the attempts of one call; the event's deadline is the
// real bound.
const MaxAttempts = 12

// NewClient returns the Secrets Manager client for cfg, with [Configure]
// applied. Its endpoint comes from the SDK's standard configuration, so
// AWS_ENDPOINT_URL_SECRETS_MANAGER points it at a local fake.
func NewClient(cfg aws.Config, optFns ...func(*sm.Options)) *sm.Client {
	return sm.NewFromConfig(cfg, append([]func(*sm.Options){Configure}, optFns...)...)
}

// Configure sets the retry policy on o: throttling, InternalServiceError
// (and any 5xx) and connection errors are retried with capped exponential
// backoff and jitter; LimitExceededException (a quota, such as too many
// versions) never is. Every call is safe to repeat: the writes carry a
// ClientRequestToken, and deletes and reads change nothing twice. As for
// Cognito, the client-side retry quota is off: the deadline bounds retries.
func Configure(o *sm.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = MaxAttempts
		so.MaxBackoff = 8 * time.Second
		so.RateLimiter = ratelimit.None
		so.Retryables = append([]retry.IsErrorRetryable{retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if code(err) == "LimitExceededException" {
				return aws.FalseTernary
			}
			return aws.UnknownTernary
		})}, so.Retryables...)
		so.Retryables = append(so.Retryables, retry.RetryableErrorCode{Codes: map[string]struct{}{
			"InternalServiceError": {},
		}})
	})
}

// code is the error code of an API error, or "".
func code(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// Name returns the name of the store of a client.
func Name(userPoolID, clientID string) string {
	return "cognito-user-pool-client/" + userPoolID + "/" + clientID
}

// The tags of a store: they say which resource made it, and only a store
// whose tags name this resource is ever written or deleted by it.
const (
	TagUserPoolID = "cognito-user-pool-client:user-pool-id"
	TagClientID   = "cognito-user-pool-client:client-id"
	TagStackID    = "cognito-user-pool-client:stack-id"
	TagLogicalID  = "cognito-user-pool-client:logical-id"
)

// Owner is the resource a store belongs to.
type Owner struct {
	UserPoolId, ClientId, StackId, LogicalId string
}

func (o Owner) tags() map[string]string {
	return map[string]string{TagUserPoolID: o.UserPoolId, TagClientID: o.ClientId, TagStackID: o.StackId, TagLogicalID: o.LogicalId}
}

// Errors of a store, wrapped with their details.
var (
	// ErrMissing: the store does not exist.
	ErrMissing = errors.New("the store does not exist")
	// ErrScheduled: the store is scheduled for deletion.
	ErrScheduled = errors.New("the store is scheduled for deletion")
	// ErrForeign: a secret with the store's name exists, and its tags do
	// not name this resource.
	ErrForeign = errors.New("the secret is not this resource's")
	// ErrMoved: AWSCURRENT is no longer where this event left it: someone
	// (a copy of this event, say) wrote the store meanwhile.
	ErrMoved = errors.New("the store changed while this event ran")
)

// Store is the store of one client, as one event sees it. It remembers the
// version it last read or wrote, so that it moves AWSCURRENT only from
// there. Not safe for concurrent use.
type Store struct {
	api   API
	owner Owner
	name  string
	arn   string
	seen  string // the version id this Store last read or wrote
	prior string // the version that was AWSCURRENT before its last write
}

// New returns the store of the client owner names.
func New(api API, owner Owner) *Store {
	return &Store{api: api, owner: owner, name: Name(owner.UserPoolId, owner.ClientId)}
}

// Name is the store's name.
func (s *Store) Name() string { return s.name }

// ARN is the store's ARN, known once it was read or written ("" before).
func (s *Store) ARN() string { return s.arn }

const current = "AWSCURRENT"

// Read returns the document of the store's AWSCURRENT version. Its error
// wraps ErrMissing or ErrScheduled when the store does not exist or is
// scheduled for deletion.
func (s *Store) Read(ctx context.Context) (string, error) {
	out, err := s.api.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: &s.name, VersionStage: aws.String(current)})
	var notFound *types.ResourceNotFoundException
	var invalid *types.InvalidRequestException
	switch {
	case errors.As(err, &notFound):
		return "", fmt.Errorf("%s: %w", s.name, ErrMissing)
	case errors.As(err, &invalid):
		// Secrets Manager refuses to read a secret scheduled for deletion
		// with this error; Describe tells that case from the others.
		d, derr := s.api.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: &s.name})
		if derr == nil && d.DeletedDate != nil {
			s.arn = aws.ToString(d.ARN)
			return "", fmt.Errorf("%s: %w", s.name, ErrScheduled)
		}
		return "", fmt.Errorf("GetSecretValue %s: %w", s.name, err)
	case err != nil:
		return "", fmt.Errorf("GetSecretValue %s: %w", s.name, err)
	case out.SecretString == nil:
		return "", fmt.Errorf("the store %s holds no SecretString", s.name)
	}
	s.arn, s.seen = aws.ToString(out.ARN), aws.ToString(out.VersionId)
	return *out.SecretString, nil
}

// Write makes doc the store's AWSCURRENT version, with version id token
// (the ClientRequestToken), creating the store first when create.
//
// The same token with the same doc is a no-op in Secrets Manager, and with
// another doc an error, so an event that is delivered twice writes each of
// its steps once, and a copy of an event running beside it can't write over
// it. When the version exists already but is no longer AWSCURRENT (a step
// written again after it was undone), AWSCURRENT is moved back onto it, but
// only from the version this Store last saw: if someone else moved it
// meanwhile, the error wraps ErrMoved.
//
// A store that exists where create expected none is written only when its
// tags name this resource; otherwise the error wraps ErrForeign and names the
// stack and logical id its tags give.
func (s *Store) Write(ctx context.Context, doc, token string, create bool) error {
	if create {
		out, err := s.api.CreateSecret(ctx, &sm.CreateSecretInput{
			Name:               &s.name,
			ClientRequestToken: &token,
			SecretString:       &doc,
			Description:        aws.String(fmt.Sprintf("The client secret of Amazon Cognito app client %s of user pool %s, kept by Custom::CognitoUserPoolClient %s. Apps read ClientSecret from AWSCURRENT.", s.owner.ClientId, s.owner.UserPoolId, s.owner.LogicalId)),
			Tags:               tagList(s.owner.tags()),
		})
		var exists *types.ResourceExistsException
		switch {
		case err == nil:
			s.arn, s.prior, s.seen = aws.ToString(out.ARN), "", token
			return nil
		case !errors.As(err, &exists):
			return fmt.Errorf("CreateSecret %s: %w", s.name, err)
		}
		// It exists: it is this resource's only if its tags say so.
		d, err := s.api.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: &s.name})
		if err != nil {
			return fmt.Errorf("DescribeSecret %s: %w", s.name, err)
		}
		if err := s.owned(d); err != nil {
			return err
		}
		s.arn = aws.ToString(d.ARN)
		for id, stages := range d.VersionIdsToStages {
			if slices.Contains(stages, current) {
				s.seen = id
			}
		}
	}
	out, err := s.api.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: &s.name, ClientRequestToken: &token, SecretString: &doc})
	if err != nil {
		if code(err) == "ResourceExistsException" {
			return fmt.Errorf("PutSecretValue %s: %w: the version this step of the event writes exists with another content (a copy of the event ran beside this one?): %w", s.name, ErrMoved, err)
		}
		return fmt.Errorf("PutSecretValue %s: %w", s.name, err)
	}
	s.arn = aws.ToString(out.ARN)
	if s.seen == token {
		return nil // a repeat of this Store's last write: nothing moved
	}
	if !slices.Contains(out.VersionStages, current) {
		if err := s.move(ctx, token, s.seen); err != nil {
			return err
		}
	}
	s.prior, s.seen = s.seen, token
	return nil
}

// Restore makes the version that was AWSCURRENT before the last Write
// current again, provided the version that Write made still is.
func (s *Store) Restore(ctx context.Context) error {
	if s.prior == "" {
		return fmt.Errorf("restoring %s: no earlier version to go back to", s.name)
	}
	if err := s.move(ctx, s.prior, s.seen); err != nil {
		return err
	}
	s.prior, s.seen = "", s.prior
	return nil
}

// move moves AWSCURRENT to the version to from the version from; Secrets
// Manager refuses when AWSCURRENT is not on from, which the error then
// wraps as ErrMoved.
func (s *Store) move(ctx context.Context, to, from string) error {
	_, err := s.api.UpdateSecretVersionStage(ctx, &sm.UpdateSecretVersionStageInput{
		SecretId: &s.name, VersionStage: aws.String(current), MoveToVersionId: &to, RemoveFromVersionId: &from,
	})
	if err != nil {
		return fmt.Errorf("UpdateSecretVersionStage %s: %w: AWSCURRENT was not where this event left it: %w", s.name, ErrMoved, err)
	}
	return nil
}

// RecoveryWindowDays is how long a deleted store can be restored.
const RecoveryWindowDays = 7

// Delete deletes the store: scheduled with a recovery window of
// [RecoveryWindowDays] days, or at once when now (a store that was never
// handed out). A store that is missing or already scheduled is success. A
// secret whose tags do not name this resource is left alone: the error wraps
// ErrForeign.
func (s *Store) Delete(ctx context.Context, now bool) error {
	d, err := s.api.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: &s.name})
	var notFound *types.ResourceNotFoundException
	switch {
	case errors.As(err, &notFound):
		return nil
	case err != nil:
		return fmt.Errorf("DescribeSecret %s: %w", s.name, err)
	case d.DeletedDate != nil:
		return nil
	}
	if err := s.owned(d); err != nil {
		return err
	}
	in := &sm.DeleteSecretInput{SecretId: &s.name, RecoveryWindowInDays: aws.Int64(RecoveryWindowDays)}
	if now {
		in.RecoveryWindowInDays, in.ForceDeleteWithoutRecovery = nil, aws.Bool(true)
	}
	if _, err := s.api.DeleteSecret(ctx, in); err != nil && !errors.As(err, &notFound) {
		return fmt.Errorf("DeleteSecret %s: %w", s.name, err)
	}
	return nil
}

// owned checks that the tags of d name this resource.
func (s *Store) owned(d *sm.DescribeSecretOutput) error {
	got := map[string]string{}
	for _, t := range d.Tags {
		got[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	for k, v := range s.owner.tags() {
		if got[k] != v {
			if got[TagStackID] == "" {
				return fmt.Errorf("%s: %w: it does not carry this resource's tags; someone else made it", s.name, ErrForeign)
			}
			return fmt.Errorf("%s: %w: it belongs to %s of stack %s", s.name, ErrForeign, got[TagLogicalID], got[TagStackID])
		}
	}
	return nil
}

func tagList(m map[string]string) []types.Tag {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]types.Tag, len(keys))
	for i, k := range keys {
		out[i] = types.Tag{Key: aws.String(k), Value: aws.String(m[k])}
	}
	return out
}
