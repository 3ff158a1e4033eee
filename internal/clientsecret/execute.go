package clientsecret

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
)

// Cognito is the Cognito secret calls of one app client.
type Cognito interface {
	// ListSecrets lists the client's secrets.
	ListSecrets(ctx context.Context) ([]Listed, error)
	// AddSecret adds value as a secret of the client and returns its id.
	// It is never retried blindly; an error that wraps a [*Refused]
	// certainly added nothing, any other may have.
	AddSecret(ctx context.Context, value string) (id string, err error)
	// DeleteSecret deletes the secret id; one already gone is success.
	DeleteSecret(ctx context.Context, id string) error
}

// Refused wraps the error of an AddSecret that Cognito refused outright
// (a client error answered before anything was done, such as the refusal
// of a third secret): nothing was added.
type Refused struct{ Err error }

func (r *Refused) Error() string { return r.Err.Error() }
func (r *Refused) Unwrap() error { return r.Err }

// Store is the store of one app client: a Secrets Manager secret whose
// AWSCURRENT version holds the document of [Encode].
type Store interface {
	// Write makes doc the store's AWSCURRENT version, with version id
	// token, creating the store first when create. Writing the same doc
	// with the same token again changes nothing, and leaves that version
	// current.
	Write(ctx context.Context, doc, token string, create bool) error
	// Restore makes the version that was AWSCURRENT before the last Write
	// current again, provided that write's version still is: it undoes
	// that write, and nothing done since.
	Restore(ctx context.Context) error
}

// The steps of an event that write the store; each has its own version id
// ([Token]).
const (
	stepPending = "pending" // the pending secret, before the Add
	stepState   = "state"   // the state an event reaches
	stepRefused = "refused" // the pending secret taken back after a refused Add
)

// Token is the ClientRequestToken (the version id) of the store version
// that step of the event requestId writes: a UUID-shaped digest of the two.
// A redelivered event writing the same step with the same document is a
// no-op in Secrets Manager, and one whose document differs is refused there,
// so a copy of an event running beside it can never write over it.
func Token(requestId, step string) string {
	h := sha256.Sum256([]byte("cognito-user-pool-client\x00" + requestId + "\x00" + step))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// Execute carries out p (a plan that is not of Kind Fail or Resolve) for the
// event requestId, and returns the state reached: its Current is what apps
// are given. The order is docs/reference.md §8's: the pending secret is in
// the store before the Add; the Add is followed by a List, and the store's
// current moves only once that List shows the new secret. After an error,
// what was done is consistent: the next event carries on from it.
func Execute(ctx context.Context, p Plan, requestId string, c Client, cognito Cognito, store Store) (State, error) {
	for _, id := range p.DeleteBefore {
		if err := cognito.DeleteSecret(ctx, id); err != nil {
			return State{}, fmt.Errorf("DeleteUserPoolClientSecret %s: %w", id, err)
		}
	}
	if p.Write {
		step := stepState
		if p.Add {
			step = stepPending
		}
		if err := store.Write(ctx, Encode(c, p.State), Token(requestId, step), p.Create); err != nil {
			return State{}, fmt.Errorf("writing the store: %w", err)
		}
	}
	st := p.State
	if p.Add {
		var err error
		if st, err = land(ctx, p, requestId, c, cognito, store); err != nil {
			return State{}, err
		}
	}
	for _, id := range p.DeleteAfter {
		if err := cognito.DeleteSecret(ctx, id); err != nil {
			return State{}, fmt.Errorf("DeleteUserPoolClientSecret %s: %w", id, err)
		}
	}
	return st, nil
}

// land adds the pending secret of p.State, finds its id, and records it.
func land(ctx context.Context, p Plan, requestId string, c Client, cognito Cognito, store Store) (State, error) {
	id, addErr := cognito.AddSecret(ctx, p.State.Pending.Value)
	if refused := (*Refused)(nil); errors.As(addErr, &refused) {
		// Nothing was added: the pending record goes, so that no secret
		// listed later can be taken for it.
		if err := unpend(ctx, p, requestId, c, store); err != nil {
			return State{}, fmt.Errorf("AddUserPoolClientSecret: %w; nothing was added, and taking the pending secret back out of the store failed: %w", addErr, err)
		}
		return State{}, fmt.Errorf("AddUserPoolClientSecret: %w; nothing was changed", addErr)
	}
	found, err := cognito.ListSecrets(ctx)
	if err != nil {
		return State{}, fmt.Errorf("ListUserPoolClientSecrets after the new secret was added: %w; the store records it as pending, and the next event adopts it", errors.Join(addErr, err))
	}
	listed := make([]string, len(found))
	for i, l := range found {
		listed[i] = l.Id
	}
	if addErr != nil {
		// The answer was lost, not the Add: a new id it did not know is
		// the pending secret.
		switch fresh := unknownIds(listed, p.State); len(fresh) {
		case 0:
			return State{}, fmt.Errorf("AddUserPoolClientSecret: %w; Cognito lists no new secret, so nothing was added", addErr)
		case 1:
			id = fresh[0]
		default:
			return State{}, fmt.Errorf("AddUserPoolClientSecret: %w; Cognito lists %s, which the store does not know: which one is the new secret can't be told", addErr, idList(fresh))
		}
	}
	if !slices.Contains(listed, id) {
		return State{}, fmt.Errorf("Cognito does not list the new secret %s yet; the store records it as pending, and the next event adopts it", id)
	}
	st := Land(p.State, id, listed)
	if err := store.Write(ctx, Encode(c, st), Token(requestId, stepState), false); err != nil {
		return State{}, fmt.Errorf("writing the store after the new secret %s was added: %w; the store records it as pending, and the next event adopts it", id, err)
	}
	return st, nil
}

// unpend takes the pending secret of p back out of the store: by restoring
// the version this event replaced when it wrote it, else (the pending secret
// came from an earlier event, or its write created the store) by writing the
// state without it.
func unpend(ctx context.Context, p Plan, requestId string, c Client, store Store) error {
	if p.Write && !p.Create {
		return store.Restore(ctx)
	}
	st := p.State
	st.Pending = nil
	return store.Write(ctx, Encode(c, st), Token(requestId, stepRefused), false)
}
