// Package resource is the lifecycle of a Custom::CognitoUserPoolClient: which
// Cognito calls an event makes, in which mode, and what it answers.
//
// It never parses a string (package props does) and never writes a request
// field by hand (package wire does); it decides and calls.
package resource

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/echo"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/wire"
)

// Cognito is the part of the Cognito API the resource uses. The SDK's
// *cognitoidentityprovider.Client satisfies it.
type Cognito interface {
	CreateUserPoolClient(context.Context, *cip.CreateUserPoolClientInput, ...func(*cip.Options)) (*cip.CreateUserPoolClientOutput, error)
	DescribeUserPoolClient(context.Context, *cip.DescribeUserPoolClientInput, ...func(*cip.Options)) (*cip.DescribeUserPoolClientOutput, error)
	UpdateUserPoolClient(context.Context, *cip.UpdateUserPoolClientInput, ...func(*cip.Options)) (*cip.UpdateUserPoolClientOutput, error)
	DeleteUserPoolClient(context.Context, *cip.DeleteUserPoolClientInput, ...func(*cip.Options)) (*cip.DeleteUserPoolClientOutput, error)
	// The client secret calls (docs/reference.md §8).
	AddUserPoolClientSecret(context.Context, *cip.AddUserPoolClientSecretInput, ...func(*cip.Options)) (*cip.AddUserPoolClientSecretOutput, error)
	DeleteUserPoolClientSecret(context.Context, *cip.DeleteUserPoolClientSecretInput, ...func(*cip.Options)) (*cip.DeleteUserPoolClientSecretOutput, error)
	ListUserPoolClientSecrets(context.Context, *cip.ListUserPoolClientSecretsInput, ...func(*cip.Options)) (*cip.ListUserPoolClientSecretsOutput, error)
}

// Resource handles the events of one function instance.
type Resource struct {
	cognito Cognito
	// notFoundPauses are the pauses between Describes that answer "not
	// found" before the client is believed gone.
	notFoundPauses []time.Duration
	// urls bounds the checks of writes that add or remove URLs.
	urls urlChecks
	// secrets keeps the secrets of owned clients.
	secrets Secrets
}

// An Option adjusts a Resource.
type Option func(*Resource)

// WithNotFoundPauses sets the pauses between the DescribeUserPoolClient calls
// that must all answer ResourceNotFoundException before a client is taken as
// gone. By default there are three, of 0.5, 1 and 2 s: a read can miss a
// client created moments ago (ledger row 21), and an owned client wrongly
// taken as gone would be replaced. Tests shorten them.
func WithNotFoundPauses(pauses ...time.Duration) Option {
	return func(r *Resource) { r.notFoundPauses = pauses }
}

// WithURLPauses sets the pauses of the check that follows a write adding or
// removing AdditionalCallbackURLs and AdditionalLogoutURLs: the client is
// read again after a pause drawn from [verify, 3·verify], and a write that
// did not stick is repeated after a backoff drawn from
// [0, min(8·backoff, backoff·2^(n-1))] before the n-th repeat. By default
// verify and backoff are 1 s: long enough for another writer's read, write
// and a quick retry of it to land. Tests shorten them.
func WithURLPauses(verify, backoff time.Duration) Option {
	return func(r *Resource) { r.urls.verify, r.urls.backoff = verify, backoff }
}

// New returns a Resource that calls c.
func New(c Cognito, opts ...Option) *Resource {
	r := &Resource{
		cognito:        c,
		notFoundPauses: []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second},
		urls:           urlChecks{verify: time.Second, backoff: time.Second, writes: 5},
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Actions reported in the event's log line.
const (
	actionCreated   = "created"
	actionUpdated   = "updated"
	actionUnchanged = "unchanged"
	actionReplaced  = "replaced"
	actionDeleted   = "deleted"
	actionSkipped   = "skipped"
	actionFailed    = "failed"
)

// Handle decides and carries out one event. It is a response.Handler.
func (r *Resource) Handle(ctx context.Context, e cfn.Event) response.Outcome {
	switch e.RequestType {
	case cfn.RequestCreate:
		return r.create(ctx, e)
	case cfn.RequestUpdate:
		return r.update(ctx, e)
	case cfn.RequestDelete:
		return r.delete(ctx, e)
	default:
		return failed(fmt.Errorf("RequestType: %s is not Create, Update or Delete", echo.Quote(string(e.RequestType))))
	}
}

func (r *Resource) create(ctx context.Context, e cfn.Event) response.Outcome {
	s, ps := decode(e.ResourceProperties, e.LogicalResourceID)
	if s.Existing() {
		if len(ps) > 0 {
			return failed(ps)
		}
		return r.apply(ctx, s, nil, props.Additional{}, actionUpdated, applying{}).Outcome
	}
	// A new client's effective configuration is known without any call, so
	// the rules that span properties join the problems of the properties
	// alone in one report.
	return r.createOwned(ctx, e, s, ps, actionCreated)
}

func (r *Resource) update(ctx context.Context, e cfn.Event) response.Outcome {
	s, ps := decode(e.ResourceProperties, e.LogicalResourceID)
	if ps = ps.Merge(r.secretProblems(ctx, s)); len(ps) > 0 {
		return failed(ps)
	}
	// The old properties were accepted once; what of them still decodes is
	// what the template declared before.
	old, _ := decode(e.OldResourceProperties, e.LogicalResourceID)

	if s.Existing() {
		if s.UserPoolId != old.UserPoolId || s.ClientId != old.ClientId {
			// Another client: a replacement. The URLs the old properties
			// added to another client are removed by the Delete that
			// CloudFormation sends for it. When the client named is the
			// physical id (an owned client adopted, or released, by its own
			// id), the id does not change and CloudFormation sees no
			// replacement. That event is also the rollback of a failed move
			// from adopted to owned mode (docs/reference.md §3.5), whose
			// properties never took effect: it is never refused, and no
			// property the old ones declared is reset.
			action := actionReplaced
			if s.ClientId == e.PhysicalResourceID {
				action = actionUpdated
			}
			return r.apply(ctx, s, nil, props.Additional{}, action, applying{}).Outcome
		}
		// A rollback is such an update too, with the properties swapped. So
		// is a change of Adopt alone (docs/reference.md §3.10), which changes
		// who owns the client, not which client it is; the URLs an existing
		// client's resource added and an adopted one no longer adds are
		// taken out, unless it declares the list they were in.
		return r.apply(ctx, s, keptLists(old.Declared, s.Additional), old.Additional.Minus(s.Additional), actionUpdated, applying{}).Outcome
	}
	if needsNewClient(s, old, e.PhysicalResourceID) {
		return r.createOwned(ctx, e, s, nil, actionReplaced)
	}
	prev := old.Declared
	if old.Existing() && old.ClientId != e.PhysicalResourceID {
		// The old properties named a client they never reached (see
		// needsNewClient): nothing they declared was ever written here.
		prev = nil
	}
	s.ClientId = e.PhysicalResourceID
	var job *secretJob
	how := applying{owned: true}
	if s.HasSecret() {
		if r.secrets.Store == nil {
			return failed(errNoStore)
		}
		// The secret is planned after the client is read and checked, and
		// before anything is written, so that its problems (a secret it
		// does not know in the way, a store to restore) stop the event
		// before any change too.
		job = r.newSecretJob(e, s)
		// A client adopted until now has a secret this resource did not
		// create: only a store of its own may say which secret it keeps.
		job.storedOnly = old.Adopt
		how.prepare = job.prepare
	}
	out := r.apply(ctx, s, prev, props.Additional{}, actionUpdated, how)
	switch {
	case errors.Is(out.err, errClientGone):
		// Deleted out of band: a new client is the only way back to the
		// declared state. Its new id makes CloudFormation treat it as a
		// replacement; the Delete of the old id then finds nothing, which is success.
		s.ClientId = ""
		return r.createOwned(ctx, e, s, nil, actionReplaced)
	case out.Status != cfn.StatusSuccess || job == nil:
		return out.Outcome
	}
	return job.run(ctx, out.Outcome)
}

func (r *Resource) delete(ctx context.Context, e cfn.Event) response.Outcome {
	done := response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: e.PhysicalResourceID, Action: actionSkipped}
	// The Delete decision rests on the two identifiers alone: a Delete must not
	// fail because a property that does not matter here became invalid.
	if id, ok := e.ResourceProperties[string(props.ClientId)].(string); ok && id != "" {
		if props.Adopts(e.ResourceProperties) {
			return r.deleteAdopted(ctx, e, id, done)
		}
		// Existing-client mode never deletes what it did not create; it
		// only takes back the URLs it added.
		return r.removeAdditions(ctx, e, done)
	}
	if !props.IsClientID(e.PhysicalResourceID) {
		return done // the id a failed Create reported: there is no client
	}
	pool, _ := e.ResourceProperties[string(props.UserPoolId)].(string)
	if pool == "" {
		return failed(errors.New("UserPoolId: required to delete the client"))
	}
	if err := r.deleteClient(ctx, pool, e.PhysicalResourceID); err != nil {
		return failed(err)
	}
	done.Action = actionDeleted
	// The client goes first: its store is kept for the recovery window,
	// whatever the properties say, so that a secret deleted by mistake can
	// be read back. A client without a secret has no store to look for.
	if hasSecretProperties(e.ResourceProperties) {
		warnings, err := r.deleteStore(ctx, e, pool, e.PhysicalResourceID, false)
		if err != nil {
			return failed(fmt.Errorf("the client was deleted, its store was not: %w", err))
		}
		done.Warnings = warnings
	}
	return done
}

// deleteClient deletes a client; one already gone (or whose pool is) is
// success.
func (r *Resource) deleteClient(ctx context.Context, pool, id string) error {
	_, err := r.cognito.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: &pool, ClientId: &id})
	var notFound *types.ResourceNotFoundException
	if err != nil && !errors.As(err, &notFound) {
		return fmt.Errorf("DeleteUserPoolClient: %w", err)
	}
	return nil
}

// needsNewClient reports whether owned-mode settings s, which follow old,
// need a client of their own rather than the event's physical id: another
// pool, or an owned client that gains or loses its secret (only whether it
// has one matters, not how it is declared), or a move from existing-client
// mode, whose client is someone else's. A client that old adopted is this
// resource's already: it stays, as an owned client. And when the client old
// names is not the physical id, old never took effect: this is the rollback
// of an Update that failed (it reported the physical id it was given, and
// CloudFormation rolls it back with the properties swapped, ledger row 43),
// and the physical id is the owned client s describes. Creating a client
// then would leave the stack on a new client id (docs/reference.md §3.5).
func needsNewClient(s, old props.Settings, physical string) bool {
	switch {
	case !old.Existing():
		return s.UserPoolId != old.UserPoolId || s.HasSecret() != old.HasSecret()
	case old.ClientId != physical:
		return false
	case s.UserPoolId != old.UserPoolId:
		return true
	}
	return !old.Adopt
}

// deleteAdopted is the Delete of an adopted client: the client is deleted,
// as an owned one is, but only when it is both the resource's physical id
// and its ClientId. The Delete that follows a failed Create carries an id
// that is no client's (docs/reference.md §3.8), and any other id names a
// resource that never came to own that client: neither deletes it. An
// adopted client has no store to look for: its secret was never this
// resource's.
func (r *Resource) deleteAdopted(ctx context.Context, e cfn.Event, id string, done response.Outcome) response.Outcome {
	if e.PhysicalResourceID != id {
		if props.IsClientID(e.PhysicalResourceID) {
			done.Warnings = []string{fmt.Sprintf("%s: app client %s was not deleted: this resource's physical id is %s, another client's", props.ClientId, id, e.PhysicalResourceID)}
		}
		return done
	}
	pool, _ := e.ResourceProperties[string(props.UserPoolId)].(string)
	if pool == "" {
		return failed(errors.New("UserPoolId: required to delete the client"))
	}
	if err := r.deleteClient(ctx, pool, id); err != nil {
		return failed(err)
	}
	done.Action = actionDeleted
	return done
}

// createOwned creates the client that the settings declare, unless the
// properties had problems (ps) or the new configuration breaks a rule, and
// for a client with a secret, its store (docs/reference.md §8).
func (r *Resource) createOwned(ctx context.Context, e cfn.Event, s props.Settings, ps props.Problems, action string) response.Outcome {
	// The rules judge the client Cognito will make; the request carries only
	// the declared settings.
	if ps = ps.Merge(s.CheckNew()).Merge(r.secretProblems(ctx, s)); len(ps) > 0 {
		return failed(ps)
	}
	if s.HasSecret() && r.secrets.Store == nil {
		return failed(errNoStore)
	}
	t, custom := target(s), s.Secret.Literal
	if s.Secret.Reference != nil {
		v, err := r.resolve(ctx, s) // before anything is made
		if err != nil {
			return failed(err)
		}
		t, custom = t.Resolved(v), v
	}
	out, err := r.cognito.CreateUserPoolClient(ctx, wire.Create(s.UserPoolId, s.Config, s.Declared, s.GenerateSecret, custom))
	if err != nil {
		return failed(errors.New(hide(fmt.Sprintf("CreateUserPoolClient: %v", err), custom)))
	}
	c := out.UserPoolClient
	pool, id := s.UserPoolId, deref(c.ClientId)
	o := succeeded(c, action, declaredNames(s.Declared))
	if !s.HasSecret() {
		o.Undo = func(ctx context.Context) error { return r.deleteClient(ctx, pool, id) }
		return o
	}
	// A generated secret is Cognito's: Create returns it this once.
	value := custom
	if value == "" {
		value = deref(c.ClientSecret)
	}
	// Nothing was handed out yet: whatever fails now, the client and its
	// store go, without a recovery window.
	undo := func(ctx context.Context) error {
		_, err := r.deleteStore(ctx, e, pool, id, true)
		return errors.Join(r.deleteClient(ctx, pool, id), err)
	}
	store, tried, err := r.createSecret(ctx, e, s, id, value, t)
	if err != nil {
		reason := hide(err.Error(), value)
		if err := r.deleteClient(ctx, pool, id); err != nil {
			return failed(fmt.Errorf("%s; deleting the client %s again failed too, delete it by hand: %s", reason, id, hide(err.Error(), value)))
		}
		if tried {
			if _, err := r.deleteStore(ctx, e, pool, id, true); err != nil {
				return failed(fmt.Errorf("%s; the client %s was deleted again, its store %s may be left: %s", reason, id, store.Name(), hide(err.Error(), value)))
			}
		}
		return failed(fmt.Errorf("%s; the client %s was deleted again", reason, id))
	}
	o = withSecret(o, value, store.ARN())
	o.Undo = undo
	return o
}

var errClientGone = errors.New("the client does not exist")

// applied is an Outcome with the error that caused it, so that the caller can
// tell a missing client from other failures, and whether it wrote.
type applied struct {
	response.Outcome
	err   error
	wrote bool
}

// apply brings the existing client s.ClientId to the declared settings: the
// declared properties over the client's current configuration, with the
// URLs of s.Additional added to its lists and those of stop taken out. prev
// names the properties declared before this event (nil when there is no
// before for this client).
//
// Without URLs to add or remove, that is at most one Describe and one
// Update. With them, UpdateUserPoolClient has no condition on what was read,
// so another writer's read-modify-write can undo this one (and this one
// another's). So after each write, apply reads the client again after a
// random pause; while its URLs are not there (or removed ones are back), it
// repeats the whole read-modify-write after a jittered backoff, at most
// r.urls.writes writes within the deadline, then fails naming the URLs.
func (r *Resource) apply(ctx context.Context, s props.Settings, prev props.Fields, stop props.Additional, action string, how applying) applied {
	checked := !s.Additional.Empty() || !stop.Empty()
	var res applied
	var listed *bool // whether an existing client has a secret, once listed
	for write := 0; ; write++ {
		if write > 0 {
			if err := sleep(ctx, r.urls.backoffBefore(write)); err != nil {
				return res.fail(fmt.Errorf("waiting to write the client's URLs again: %w", err))
			}
		}
		cur, err := r.read(ctx, s)
		if err != nil {
			return res.fail(err)
		}
		current := wire.FromClient(cur)
		edit := props.EditURLs(props.Overlay(current, s, prev), s.Additional, stop, s.Declared)
		full := edit.Config
		// Owned: the properties say whether the client has a secret. An
		// existing or adopted client's is listed, and only when a rule
		// needs it, or an adopted client's GenerateSecret states it:
		// Describe shows none once the original secret is deleted.
		hasSecret := s.HasSecret()
		if !how.owned && (s.GenerateSecretDeclared || props.NeedsSecret(full, s.Declared, s.Refused)) {
			if listed == nil {
				has, err := r.hasSecret(ctx, s.UserPoolId, s.ClientId)
				if err != nil {
					return res.fail(err)
				}
				listed = &has
			}
			hasSecret = *listed
		}
		ps := tooManyURLs(current, full, s.Additional).Merge(props.Check(full, hasSecret, s.Declared, s.Refused)).Merge(s.CheckAdopted(hasSecret))
		ps.Sort()
		if len(ps) > 0 {
			if write > 0 {
				return res.fail(fmt.Errorf("%s landed, then another writer changed the client so that it can't take this one: %s", countOf(write, "write"), strings.Join(problemLines(ps), "; ")))
			}
			return res.fail(ps)
		}
		if how.prepare != nil && write == 0 {
			if err := how.prepare(ctx, cur); err != nil {
				return res.fail(err)
			}
		}
		changed := names(props.Changed(current, full))
		if write == 0 {
			res.Outcome = succeeded(cur, action, changed)
		}
		if len(changed) == 0 {
			if write == 0 && action == actionUpdated {
				res.Action = actionUnchanged
			}
			res.Warnings = kept(edit, s.ClientId)
			return res
		}
		out, err := r.cognito.UpdateUserPoolClient(ctx, wire.Update(s.UserPoolId, s.ClientId, full))
		if err != nil {
			return res.fail(fmt.Errorf("UpdateUserPoolClient: %w", err))
		}
		res.Outcome = succeeded(out.UserPoolClient, res.Action, res.Changed)
		res.URLRetries, res.wrote = write, true
		if !checked {
			return res
		}

		if err := sleep(ctx, r.urls.verifyPause()); err != nil {
			return res.fail(fmt.Errorf("waiting to check the client's URLs: %w", err))
		}
		now, err := r.read(ctx, s)
		if err != nil {
			return res.fail(err)
		}
		pending := props.EditURLs(wire.FromClient(now), s.Additional, stop, s.Declared)
		if len(pending.Added) == 0 && len(pending.Removed) == 0 {
			res.Warnings = kept(pending, s.ClientId)
			return res
		}
		if write+1 >= r.urls.writes || !r.urls.timeFor(ctx, write+1) {
			return res.fail(notStuck(pending, write+1))
		}
	}
}

// applying says how apply treats an owned client.
type applying struct {
	// owned: the properties say whether the client has a secret.
	owned bool
	// prepare, when not nil, runs once, after the first read and the
	// checks and before any write; its error fails the event, nothing
	// changed.
	prepare func(context.Context, *types.UserPoolClientType) error
}

// read describes the client of s. Its error wraps errClientGone when the
// client or its pool does not exist.
func (r *Resource) read(ctx context.Context, s props.Settings) (*types.UserPoolClientType, error) {
	desc, err := r.describe(ctx, s.UserPoolId, s.ClientId)
	var notFound *types.ResourceNotFoundException
	switch {
	case errors.As(err, &notFound):
		return nil, fmt.Errorf("ClientId: no client %s in user pool %s: %w", s.ClientId, s.UserPoolId, errClientGone)
	case err != nil:
		return nil, fmt.Errorf("DescribeUserPoolClient: %w", err)
	}
	return desc.UserPoolClient, nil
}

// fail is the failure err, keeping what a says was written and retried.
func (a applied) fail(err error) applied {
	out := failed(err)
	out.URLRetries = a.URLRetries
	return applied{Outcome: out, err: err, wrote: a.wrote}
}

// problemLines writes each problem as "Property: message".
func problemLines(ps props.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Error()
	}
	return out
}

// sleep waits d, or returns the context's cause when it ends first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// describe reads a client, and believes a ResourceNotFoundException only
// when every Describe of the bounded series answers it: reads lag writes
// (ledger row 21). Its error is that of the last Describe, or the context's
// when the deadline comes first.
func (r *Resource) describe(ctx context.Context, pool, id string) (*cip.DescribeUserPoolClientOutput, error) {
	in := &cip.DescribeUserPoolClientInput{UserPoolId: &pool, ClientId: &id}
	for i := 0; ; i++ {
		out, err := r.cognito.DescribeUserPoolClient(ctx, in)
		var notFound *types.ResourceNotFoundException
		if !errors.As(err, &notFound) || i == len(r.notFoundPauses) {
			return out, err
		}
		if err := sleep(ctx, r.notFoundPauses[i]); err != nil {
			return nil, err
		}
	}
}

// decode validates properties and fills the owned-mode default of ClientName.
// The settings hold what decoded validly even when there are problems.
func decode(properties map[string]any, logicalID string) (props.Settings, props.Problems) {
	s, err := props.Decode(properties)
	var ps props.Problems
	if err != nil && !errors.As(err, &ps) {
		ps = props.Problems{{Property: "ResourceProperties", Message: err.Error()}}
	}
	if s.Declared == nil {
		s.Declared = props.Fields{}
	}
	if !s.Existing() && !s.Declared[props.ClientName] {
		s.Config.ClientName = logicalID[:min(len(logicalID), 128)]
		s.Declared[props.ClientName] = true
	}
	return s, ps
}

func succeeded(c *types.UserPoolClientType, action string, changed []string) response.Outcome {
	data := map[string]any{
		"ClientId":   deref(c.ClientId),
		"ClientName": deref(c.ClientName),
		"UserPoolId": deref(c.UserPoolId),
	}
	o := response.Outcome{
		Status:             cfn.StatusSuccess,
		PhysicalResourceID: deref(c.ClientId),
		Data:               data,
		Action:             action,
		Changed:            changed,
	}
	// The secret never comes from Describe. An existing client's is never
	// returned (docs/reference.md §4): the resource did not create that
	// client, and whoever may deploy a stack with the ServiceToken must not
	// be able to read the secret of every client in the pools the function
	// may touch through !GetAtt. An owned client's comes from its store
	// (withSecret).
	return o
}

func failed(err error) response.Outcome {
	return response.Outcome{Status: cfn.StatusFailed, Reason: err.Error(), Action: actionFailed}
}

// declaredNames lists the declared properties, sorted.
func declaredNames(f props.Fields) []string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, string(n))
	}
	slices.Sort(names)
	return slices.Clip(names)
}

// names writes property names for the log line.
func names(ns []props.Name) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = string(n)
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
