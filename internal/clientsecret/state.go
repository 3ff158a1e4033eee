// Package clientsecret keeps the client secrets of an owned app client
// (docs/reference.md §8): what the store records about them, what an event
// must do to reach the declared secret ([Decide], pure), and the small
// executor that does it against two narrow interfaces ([Execute]: the
// Cognito secret calls and the store).
//
// The decision never reads OldResourceProperties: the declared target is
// compared with the store's bookkeeping and with the ids Cognito lists, so
// that a crash at any step, a redelivered event and a rollback all end with
// the store's current secret listed by Cognito, and no secret left that the
// store does not know.
//
// No value handled here (declared, resolved or generated) is ever written
// into an error: errors name secret ids only.
package clientsecret

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// Schema is the number of the bookkeeping's layout. A store written with a
// higher number is refused rather than misread.
const Schema = 1

// The kinds of [Source].
const (
	// KindGenerated: a random value (Cognito's at Create, the function's
	// afterwards), labelled with ClientSecretVersion when one was declared.
	KindGenerated = "generated"
	// KindRebuilt: the value Cognito describes, recorded when the store
	// had to be rebuilt (a client made before stores existed, or a store
	// deleted by hand). It counts as generated without a version.
	KindRebuilt = "rebuilt"
	// KindLiteral: a ClientSecret written as a value in the template.
	KindLiteral = "literal"
	// KindReference: a ClientSecret resolved from a pinned Secrets Manager
	// reference; Reference holds the reference as written.
	KindReference = "reference"
)

// Source is where a secret's value came from.
type Source struct {
	Kind                string `json:"Kind"`
	ClientSecretVersion string `json:"ClientSecretVersion,omitempty"`
	Reference           string `json:"Reference,omitempty"`
}

// Secret is one secret the store knows: its id in Cognito, its value, where
// it came from, and the RequestId of the event that made it.
type Secret struct {
	Id        string
	Value     string
	Source    Source
	RequestId string
}

// Pending is a value written to the store before it is added to Cognito, so
// that a crash or a lost answer can never leave a secret nobody knows. Its
// id is unknown until Cognito lists it (see [Land]).
type Pending struct {
	Value     string
	Source    Source
	RequestId string
}

// State is the bookkeeping of one client's secrets, as the store's
// AWSCURRENT version holds it.
type State struct {
	// Current is the secret apps are given (the app-facing ClientSecret).
	Current Secret
	// Previous is the secret the last rotation demoted, kept with its
	// value so that a rollback can swap back to it, or add it again.
	Previous *Secret
	// Pending is a value about to be added, or added but not yet
	// recorded as current.
	Pending *Pending
}

// Initial is the state of a client just created with the secret id whose
// value is value, the target t (a generated one is Cognito's), by the event
// requestId.
func Initial(id, value string, t Target, requestId string) State {
	return State{Current: Secret{Id: id, Value: value, Source: t.Source, RequestId: requestId}}
}

// Land returns s after its pending secret was listed by Cognito as id:
//   - a pending value that is the current one (a repair: the current secret
//     was deleted by hand and added again) only gives the current its new id;
//   - otherwise the pending secret becomes current, and the old current
//     becomes previous, unless Cognito no longer lists it while it still
//     lists the previous secret: then that previous one stays, so that no
//     listed secret is ever left out of the bookkeeping.
func Land(s State, id string, listed []string) State {
	p := *s.Pending
	s.Pending = nil
	if same(p.Value, s.Current.Value) {
		s.Current.Id = id
		return s
	}
	keepPrevious := !slices.Contains(listed, s.Current.Id) && s.Previous != nil && slices.Contains(listed, s.Previous.Id)
	if !keepPrevious {
		demoted := s.Current
		s.Previous = &demoted
	}
	s.Current = Secret{Id: id, Value: p.Value, Source: p.Source, RequestId: p.RequestId}
	return s
}

// same compares two secret values in time that does not depend on where
// they differ.
func same(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Client names the app client a store belongs to: the app-facing part of
// each version.
type Client struct {
	UserPoolId string
	ClientId   string
}

// document is one version of the store: what apps read, and the reserved
// bookkeeping object, which decisions read and apps ignore.
type document struct {
	UserPoolId   string       `json:"UserPoolId"`
	ClientId     string       `json:"ClientId"`
	ClientSecret string       `json:"ClientSecret"`
	Bookkeeping  *bookkeeping `json:"CognitoUserPoolClient"`
}

type bookkeeping struct {
	Schema   int              `json:"Schema"`
	Current  *recordedSecret  `json:"Current"`
	Previous *recordedSecret  `json:"Previous,omitempty"`
	Pending  *recordedPending `json:"Pending,omitempty"`
}

type recordedSecret struct {
	ClientSecretId string `json:"ClientSecretId"`
	// ClientSecret is the previous secret's value; the current one's is
	// the app-facing ClientSecret.
	ClientSecret string `json:"ClientSecret,omitempty"`
	Source       Source `json:"Source"`
	RequestId    string `json:"RequestId"`
}

type recordedPending struct {
	ClientSecret string `json:"ClientSecret"`
	Source       Source `json:"Source"`
	RequestId    string `json:"RequestId"`
}

// Encode writes s as a version of the store of client c.
func Encode(c Client, s State) string {
	d := document{
		UserPoolId: c.UserPoolId, ClientId: c.ClientId, ClientSecret: s.Current.Value,
		Bookkeeping: &bookkeeping{
			Schema:  Schema,
			Current: &recordedSecret{ClientSecretId: s.Current.Id, Source: s.Current.Source, RequestId: s.Current.RequestId},
		},
	}
	if p := s.Previous; p != nil {
		d.Bookkeeping.Previous = &recordedSecret{ClientSecretId: p.Id, ClientSecret: p.Value, Source: p.Source, RequestId: p.RequestId}
	}
	if p := s.Pending; p != nil {
		d.Bookkeeping.Pending = &recordedPending{ClientSecret: p.Value, Source: p.Source, RequestId: p.RequestId}
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic(err) // strings and ints only: it cannot fail
	}
	return string(b)
}

// ErrNotBookkeeping is the error of [Decode] for a version that does not
// hold this resource's bookkeeping (written by hand, or by someone else).
var ErrNotBookkeeping = errors.New("it does not hold this resource's bookkeeping")

// Decode reads a version of the store of client c. Its error never quotes
// the document, which holds secrets.
func Decode(c Client, doc string) (State, error) {
	var d document
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return State{}, fmt.Errorf("%w: it is not a JSON object of the expected shape", ErrNotBookkeeping)
	}
	b := d.Bookkeeping
	switch {
	case b == nil:
		return State{}, fmt.Errorf("%w: it has no CognitoUserPoolClient object", ErrNotBookkeeping)
	case b.Schema > Schema:
		return State{}, fmt.Errorf("its bookkeeping has schema %d, written by a newer version of this function (this one reads schema %d)", b.Schema, Schema)
	case b.Schema != Schema || b.Current == nil || b.Current.ClientSecretId == "" || d.ClientSecret == "" ||
		b.Previous != nil && (b.Previous.ClientSecretId == "" || b.Previous.ClientSecret == "") ||
		b.Pending != nil && b.Pending.ClientSecret == "":
		return State{}, fmt.Errorf("%w: its CognitoUserPoolClient object is incomplete", ErrNotBookkeeping)
	case d.UserPoolId != c.UserPoolId || d.ClientId != c.ClientId:
		return State{}, fmt.Errorf("%w: it names the client %s of user pool %s", ErrNotBookkeeping, d.ClientId, d.UserPoolId)
	}
	s := State{Current: Secret{Id: b.Current.ClientSecretId, Value: d.ClientSecret, Source: b.Current.Source, RequestId: b.Current.RequestId}}
	if p := b.Previous; p != nil {
		s.Previous = &Secret{Id: p.ClientSecretId, Value: p.ClientSecret, Source: p.Source, RequestId: p.RequestId}
	}
	if p := b.Pending; p != nil {
		s.Pending = &Pending{Value: p.ClientSecret, Source: p.Source, RequestId: p.RequestId}
	}
	return s, nil
}
