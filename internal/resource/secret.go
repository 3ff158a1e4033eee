package resource

// The client secrets of owned clients (docs/reference.md §8): the store made
// at Create, the plan run on every Update, the Delete of the store, the
// sources a ClientSecret reference may read, and whether an existing client
// has a secret.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/cfn"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/clientsecret"
	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
	"github.com/cognito-client-resource/cognitoclient/internal/secretstore"
)

// Secrets is what the resource needs to keep owned clients' secrets.
type Secrets struct {
	// Store is the Secrets Manager API: the stores, and the secrets a
	// ClientSecret reference reads.
	Store secretstore.API
	// Sources are CLIENT_SECRET_SOURCES: the only secrets a reference may
	// read.
	Sources secretref.Sources
}

// WithSecrets gives the resource Secrets Manager, for owned clients with a
// secret. Without it, such a client's events fail before any change.
func WithSecrets(s Secrets) Option {
	return func(r *Resource) { r.secrets = s }
}

// secretProblems are the problems of a ClientSecret reference that depend
// on the function's configuration rather than on the properties alone: a
// reference outside CLIENT_SECRET_SOURCES. They are found before any call.
func (r *Resource) secretProblems(ctx context.Context, s props.Settings) props.Problems {
	ref := s.Secret.Reference
	if s.Existing() || ref == nil {
		return nil
	}
	var ps props.Problems
	// A reference by name reads a secret of the function's own partition,
	// Region and account, which the invoked function's ARN gives (Wrap
	// refuses an event without one before any handler runs).
	fn, _ := response.InvokedFunction(ctx)
	at := secretref.Place{Partition: fn.Partition, Region: fn.Region, Account: fn.Account}
	switch {
	case !ref.IsARN() && at.Account == "":
		ps.Add(string(props.ClientSecret), "names the secret %s by name, and the function's own account is unknown here (no invoked function ARN): write the secret's ARN", ref.SecretId)
	case !r.secrets.Sources.Allow(*ref, at):
		ps.Add(string(props.ClientSecret), "reads the secret %s, which is not among the function's CLIENT_SECRET_SOURCES (the ClientSecretSources parameter): add its ARN, or a pattern that covers it, there", ref.ARN(at))
	}
	return ps
}

// errNoStore is the failure of an owned client with a secret in a function
// assembled without Secrets Manager (lambda/main.go always gives it one).
var errNoStore = errors.New("this function has no Secrets Manager client, which a client with a secret needs; nothing was changed")

// target is the secret the settings declare. A reference is not resolved
// here: the plan asks for its value when it needs it.
func target(s props.Settings) clientsecret.Target {
	switch {
	case s.Secret.Literal != "":
		return clientsecret.Literal(s.Secret.Literal)
	case s.Secret.Reference != nil:
		return clientsecret.Referenced(s.Secret.Reference.String(), "")
	}
	return clientsecret.Generated(s.Secret.Version)
}

// resolve reads the value of the settings' reference, and checks it as a
// client secret.
func (r *Resource) resolve(ctx context.Context, s props.Settings) (string, error) {
	v, err := secretstore.Resolve(ctx, r.secrets.Store, *s.Secret.Reference)
	if err != nil {
		return "", fmt.Errorf("%s: %w", props.ClientSecret, err)
	}
	if msg := props.CheckSecretValue(v); msg != "" {
		return "", fmt.Errorf("%s: the value read from %s %s", props.ClientSecret, s.Secret.Reference.SecretId, msg)
	}
	return v, nil
}

// owner is the resource a client's store belongs to.
func owner(e cfn.Event, pool, clientID string) secretstore.Owner {
	return secretstore.Owner{UserPoolId: pool, ClientId: clientID, StackId: e.StackID, LogicalId: e.LogicalResourceID}
}

// createSecret keeps the secret of a client just created: it checks that
// Cognito lists exactly one secret, and creates the store with it. value is
// the secret (the custom one, or the one Cognito generated and returned).
// tried reports whether the store's creation was attempted: after an error,
// it may exist.
func (r *Resource) createSecret(ctx context.Context, e cfn.Event, s props.Settings, clientID, value string, t clientsecret.Target) (store *secretstore.Store, tried bool, err error) {
	store = secretstore.New(r.secrets.Store, owner(e, s.UserPoolId, clientID))
	listed, err := clientSecrets{r.cognito, s.UserPoolId, clientID}.ListSecrets(ctx)
	if err != nil {
		return store, false, fmt.Errorf("ListUserPoolClientSecrets: %w", err)
	}
	if len(listed) != 1 {
		return store, false, fmt.Errorf("Cognito lists %d secrets for the client just created, not one", len(listed))
	}
	st := clientsecret.Initial(listed[0].Id, value, t, e.RequestID)
	doc := clientsecret.Encode(clientsecret.Client{UserPoolId: s.UserPoolId, ClientId: clientID}, st)
	if err := store.Write(ctx, doc, clientsecret.Token(e.RequestID, "state"), true); err != nil {
		return store, true, fmt.Errorf("creating the store: %w", err)
	}
	return store, true, nil
}

// secretJob is the secret part of an owned client's Update: planned after
// the client is read and checked, before anything is changed; run after its
// configuration is written.
type secretJob struct {
	r      *Resource
	e      cfn.Event
	s      props.Settings
	store  *secretstore.Store
	client clientsecret.Client
	calls  clientSecrets
	plan   clientsecret.Plan
	values []string // every secret value the job handled, to keep out of errors
	// storedOnly: a missing store is not rebuilt from Describe. The client
	// was adopted until this event, so the secret Describe shows is not one
	// this resource created (docs/reference.md §3.10).
	storedOnly bool
}

func (r *Resource) newSecretJob(e cfn.Event, s props.Settings) *secretJob {
	return &secretJob{
		r: r, e: e, s: s,
		store:  secretstore.New(r.secrets.Store, owner(e, s.UserPoolId, s.ClientId)),
		client: clientsecret.Client{UserPoolId: s.UserPoolId, ClientId: s.ClientId},
		calls:  clientSecrets{r.cognito, s.UserPoolId, s.ClientId},
	}
}

// prepare reads the store and Cognito's list, and decides; cur is the
// client as described. Its error is the event's failure: nothing has been
// changed yet.
func (j *secretJob) prepare(ctx context.Context, cur *types.UserPoolClientType) error {
	in := clientsecret.Input{
		Store: j.store.Name(), Target: target(j.s), DeletePrevious: j.s.Secret.DeletePrevious,
		RequestId: j.e.RequestID, Fresh: clientsecret.Generate(), Described: deref(cur.ClientSecret),
	}
	j.values = append(j.values, in.Fresh, in.Described, in.Target.Value)
	doc, err := j.store.Read(ctx)
	switch {
	case errors.Is(err, secretstore.ErrMissing) && j.storedOnly:
		name := props.ClientSecret
		if j.s.GenerateSecret {
			name = props.GenerateSecret
		}
		return fmt.Errorf("%s: app client %s was adopted, and its secret is not one this resource created (it keeps no store %s): without ClientId and Adopt it stays this resource's, but never with a secret it did not create; remove %s, or keep ClientId and Adopt. A client whose secret this resource keeps is a new client: a new resource (logical id)",
			name, j.s.ClientId, j.store.Name(), name)
	case errors.Is(err, secretstore.ErrMissing):
	case errors.Is(err, secretstore.ErrScheduled):
		in.Scheduled = true
	case err != nil:
		return fmt.Errorf("reading the store: %w", err)
	default:
		st, err := clientsecret.Decode(j.client, doc)
		if err != nil {
			return fmt.Errorf("the store %s can't be used: %w; restore a version this resource wrote (aws secretsmanager update-secret-version-stage), or delete the store so that it is rebuilt", j.store.Name(), err)
		}
		j.values = append(j.values, st.Current.Value)
		if st.Previous != nil {
			j.values = append(j.values, st.Previous.Value)
		}
		if st.Pending != nil {
			j.values = append(j.values, st.Pending.Value)
		}
		in.Stored = &st
	}
	if in.Listed, err = j.calls.ListSecrets(ctx); err != nil {
		return fmt.Errorf("ListUserPoolClientSecrets: %w", err)
	}
	j.plan = clientsecret.Decide(in)
	if j.plan.Kind == clientsecret.Resolve {
		v, err := j.r.resolve(ctx, j.s)
		if err != nil {
			return err
		}
		j.values = append(j.values, v)
		in.Target = in.Target.Resolved(v)
		j.plan = clientsecret.Decide(in)
	}
	if j.plan.Kind == clientsecret.Fail {
		return fmt.Errorf("%s: %w", props.ClientSecret, j.plan.Err)
	}
	return nil
}

// run carries the plan out, and adds the secret to o's Data.
func (j *secretJob) run(ctx context.Context, o response.Outcome) response.Outcome {
	st, err := clientsecret.Execute(ctx, j.plan, j.e.RequestID, j.client, j.calls, j.store)
	if err != nil {
		return failed(errors.New(hide(err.Error(), j.values...)))
	}
	// The log line names ClientSecret when the client's secrets changed.
	if touched := j.plan.Kind != clientsecret.Nothing && j.plan.Kind != clientsecret.Record; touched || len(j.plan.DeleteBefore) > 0 {
		o.Changed = append(o.Changed, string(props.ClientSecret))
		if o.Action == actionUnchanged {
			o.Action = actionUpdated
		}
	}
	return withSecret(o, st.Current.Value, j.store.ARN())
}

// withSecret adds the secret and its store to o's Data.
func withSecret(o response.Outcome, value, arn string) response.Outcome {
	o.Data["ClientSecret"] = value
	o.Data["SecretArn"] = arn
	o.NoEcho = true
	return o
}

// hide replaces every secret value in msg: an error from a service may
// quote what it was sent.
func hide(msg string, values ...string) string {
	for _, v := range values {
		if v != "" {
			msg = strings.ReplaceAll(msg, v, "(secret)")
		}
	}
	return msg
}

// deleteStore deletes the store of a deleted owned client: with the
// recovery window, or at once (now) when it was never handed out. A store
// whose tags name someone else is left alone, with a warning.
func (r *Resource) deleteStore(ctx context.Context, e cfn.Event, pool, clientID string, now bool) (warnings []string, err error) {
	if r.secrets.Store == nil {
		return nil, errNoStore
	}
	store := secretstore.New(r.secrets.Store, owner(e, pool, clientID))
	err = store.Delete(ctx, now)
	if errors.Is(err, secretstore.ErrForeign) {
		return []string{"the store was not deleted: " + err.Error()}, nil
	}
	return nil, err
}

// hasSecretProperties reports whether the properties of a Delete event give
// the client a secret. Only these two are read, loosely, so that a property
// that has since become invalid never blocks a Delete; when in doubt, the
// store is looked for (a missing one is success).
func hasSecretProperties(p map[string]any) bool {
	if _, ok := p[string(props.ClientSecret)]; ok {
		return true
	}
	switch v := p[string(props.GenerateSecret)].(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return !strings.EqualFold(v, "false")
	}
	return true
}

// clientSecrets are the Cognito secret calls of one client, as the
// clientsecret executor needs them.
type clientSecrets struct {
	c            Cognito
	pool, client string
}

// maxSecretPages bounds the pages of one ListUserPoolClientSecrets: a client
// has two secrets at most (ledger row 23), which Cognito answers at once.
const maxSecretPages = 4

func (c clientSecrets) ListSecrets(ctx context.Context) ([]clientsecret.Listed, error) {
	in := &cip.ListUserPoolClientSecretsInput{UserPoolId: &c.pool, ClientId: &c.client}
	var listed []clientsecret.Listed
	for page := 0; ; page++ {
		out, err := c.c.ListUserPoolClientSecrets(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, s := range out.ClientSecrets {
			l := clientsecret.Listed{Id: deref(s.ClientSecretId)}
			if s.ClientSecretCreateDate != nil {
				l.Created = *s.ClientSecretCreateDate
			}
			listed = append(listed, l)
		}
		if out.NextToken == nil {
			return listed, nil
		}
		if page+1 == maxSecretPages {
			return nil, fmt.Errorf("Cognito answered more than %d pages of secrets", maxSecretPages)
		}
		in.NextToken = out.NextToken
	}
}

func (c clientSecrets) AddSecret(ctx context.Context, value string) (string, error) {
	out, err := c.c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: &c.pool, ClientId: &c.client, ClientSecret: &value}, cognito.AddSecretOnce)
	var re *awshttp.ResponseError
	switch {
	case err == nil && (out.ClientSecretDescriptor == nil || out.ClientSecretDescriptor.ClientSecretId == nil):
		return "", errors.New("AddUserPoolClientSecret answered without the new secret's id")
	case err == nil:
		return *out.ClientSecretDescriptor.ClientSecretId, nil
	case errors.As(err, &re) && re.HTTPStatusCode() >= 400 && re.HTTPStatusCode() < 500:
		// A client error is answered before anything is done.
		return "", &clientsecret.Refused{Err: err}
	}
	return "", err
}

func (c clientSecrets) DeleteSecret(ctx context.Context, id string) error {
	_, err := c.c.DeleteUserPoolClientSecret(ctx, &cip.DeleteUserPoolClientSecretInput{UserPoolId: &c.pool, ClientId: &c.client, ClientSecretId: &id})
	var notFound *types.ResourceNotFoundException
	if errors.As(err, &notFound) {
		return nil // gone already: a retry whose first attempt landed
	}
	return err
}

// hasSecret reports whether an existing client has a secret, from the
// secrets Cognito lists: Describe shows none once the original secret is
// deleted (ledger row 28).
func (r *Resource) hasSecret(ctx context.Context, pool, clientID string) (bool, error) {
	listed, err := clientSecrets{r.cognito, pool, clientID}.ListSecrets(ctx)
	if err != nil {
		return false, fmt.Errorf("ListUserPoolClientSecrets: %w", err)
	}
	return len(listed) > 0, nil
}
