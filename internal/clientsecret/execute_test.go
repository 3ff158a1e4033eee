package clientsecret

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The fault tests run the executor against doubles of its two interfaces
// that keep a small model of Cognito's secrets (at most two, the last one
// never deleted, values never listed: ledger rows 23 and 28) and of the
// store's versions, and inject a crash or a lost answer at any step.

var (
	errCrash = errors.New("the process stopped")
	errLost  = errors.New("the answer was lost")
)

type faultMode int

const (
	noFault     faultMode = iota
	crashBefore           // the process stops before the call: it has no effect, nor has anything after it
	lostAnswer            // the call takes effect; its answer is an error
)

// world is Cognito's secrets of one client, its store, and the faults to
// inject, counted over every call of an event (reads included).
type world struct {
	client  Client
	secrets []cognitoSecret
	next    int
	store   memStore
	// fault: inject mode at the call number at (from 1).
	mode   faultMode
	at     int
	steps  int
	dead   bool
	adds   int            // Adds that took effect
	calls  map[string]int // every call, by operation
	before func()         // runs before each call (a hand-made change, say)
	// reuse: a new secret takes the id of the last one deleted, as
	// Cognito's ids, made of the time a secret was made (ledger row 37),
	// can when a Delete and an Add fall in the same instant.
	reuse   bool
	deleted string
}

type cognitoSecret struct {
	id, value string
	created   time.Time
}

func newWorld() *world {
	return &world{client: Client{UserPoolId: "us-east-1_Pool", ClientId: "client1"}, calls: map[string]int{}, store: memStore{versions: map[string]string{}}}
}

// step counts one call and says whether it takes effect and what it
// answers.
func (w *world) step(op string) (effect bool, err error) {
	w.calls[op]++
	if w.dead {
		return false, errCrash
	}
	if w.before != nil {
		w.before()
	}
	w.steps++
	if w.steps != w.at {
		return true, nil
	}
	switch w.mode {
	case crashBefore:
		w.dead = true
		return false, errCrash
	case lostAnswer:
		return true, errLost
	}
	return true, nil
}

func (w *world) listed() []string {
	ids := make([]string, len(w.secrets))
	for i, s := range w.secrets {
		ids[i] = s.id
	}
	return ids
}

// authenticates reports whether Cognito accepts value as a secret of the
// client.
func (w *world) authenticates(value string) bool {
	return slices.ContainsFunc(w.secrets, func(s cognitoSecret) bool { return s.value == value })
}

func (w *world) ListSecrets(context.Context) ([]Listed, error) {
	if _, err := w.step("List"); err != nil {
		return nil, err
	}
	out := make([]Listed, len(w.secrets))
	for i, s := range w.secrets {
		out[i] = Listed{Id: s.id, Created: s.created}
	}
	return out, nil
}

func (w *world) AddSecret(_ context.Context, value string) (string, error) {
	if len(w.secrets) >= 2 && !w.dead {
		w.calls["Add"]++
		return "", &Refused{Err: errors.New("LimitExceededException: a client has at most two secrets")}
	}
	effect, err := w.step("Add")
	if !effect {
		return "", err
	}
	w.adds++
	return w.add(value), err
}

func (w *world) add(value string) string {
	w.next++
	id := fmt.Sprintf("s%d", w.next)
	if w.reuse && w.deleted != "" {
		id, w.deleted = w.deleted, ""
	}
	w.secrets = append(w.secrets, cognitoSecret{id: id, value: value, created: time.Unix(int64(w.next), 0)})
	return id
}

func (w *world) DeleteSecret(_ context.Context, id string) error {
	i := slices.IndexFunc(w.secrets, func(s cognitoSecret) bool { return s.id == id })
	if i >= 0 && len(w.secrets) == 1 && !w.dead {
		w.calls["Delete"]++
		return errors.New("InvalidParameterException: the last secret can't be deleted")
	}
	effect, err := w.step("Delete")
	if effect && i >= 0 {
		w.secrets = slices.Delete(w.secrets, i, i+1)
		w.deleted = id
	}
	return err
}

// memStore is the store's versions as Secrets Manager keeps them, with the
// adapter's rules: a write whose version exists with the same document makes
// it current again only if AWSCURRENT is still where this store last saw it.
type memStore struct {
	w        *world
	versions map[string]string
	current  string
	seen     string // the version this store last read or wrote
	prior    string // what was current before its last write
	writes   int
}

func (s *memStore) read() (string, bool, error) {
	if _, err := s.w.step("Read"); err != nil {
		return "", false, err
	}
	s.seen = s.current
	doc, ok := s.versions[s.current]
	return doc, ok, nil
}

func (s *memStore) Write(_ context.Context, doc, token string, create bool) error {
	effect, err := s.w.step("Write")
	if !effect {
		return err
	}
	if create != (s.current == "") {
		return fmt.Errorf("create %v with current %q", create, s.current)
	}
	switch old, ok := s.versions[token]; {
	case ok && old != doc:
		return errors.New("ResourceExistsException: the version exists with another value")
	case ok && s.current != token && s.current != s.seen:
		return errors.New("AWSCURRENT moved since it was read")
	case !ok:
		s.versions[token] = doc
	}
	if s.current != token {
		s.prior, s.current = s.current, token
		s.writes++
	}
	s.seen = token
	return err
}

func (s *memStore) Restore(context.Context) error {
	effect, err := s.w.step("Restore")
	if !effect {
		return err
	}
	if s.current != s.seen {
		return errors.New("AWSCURRENT moved since the last write")
	}
	s.current, s.seen = s.prior, s.prior
	s.writes++
	return err
}

// state reads the store's AWSCURRENT bookkeeping.
func (w *world) state(t *testing.T) State {
	t.Helper()
	doc, ok := w.store.versions[w.store.current]
	if !ok {
		t.Fatal("the store has no current version")
	}
	s, err := Decode(w.client, doc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// event runs one event the way the resource does: read, list, decide,
// execute. It returns the state reached, which is what Data holds.
func (w *world) event(target Target, requestId string, deletePrevious bool) (State, error) {
	doc, ok, err := w.store.read()
	if err != nil {
		return State{}, err
	}
	in := Input{Store: "store", Target: target, RequestId: requestId, DeletePrevious: deletePrevious, Fresh: Generate()}
	if ok {
		s, err := Decode(w.client, doc)
		if err != nil {
			return State{}, err
		}
		in.Stored = &s
	}
	if in.Listed, err = w.ListSecrets(context.Background()); err != nil {
		return State{}, err
	}
	p := Decide(in)
	if p.Kind == Fail {
		return State{}, p.Err
	}
	return Execute(context.Background(), p, requestId, w.client, w, &w.store)
}

// healthy asserts what must hold after an event that succeeded with st:
// Data is the store's current secret, Cognito lists it and accepts its
// value, every listed secret is the store's current or previous one, and
// nothing is pending.
func (w *world) healthy(t *testing.T, when string, st State) {
	t.Helper()
	s := w.state(t)
	if s.Current != st.Current {
		t.Errorf("%s: Data's secret %s is not the store's current one %s", when, st.Current.Id, s.Current.Id)
	}
	if s.Pending != nil {
		t.Errorf("%s: the store still records a pending secret", when)
	}
	w.serving(t, when)
	for _, id := range w.listed() {
		if id != s.Current.Id && (s.Previous == nil || id != s.Previous.Id) {
			t.Errorf("%s: Cognito lists %s, which the store does not know", when, id)
		}
	}
	if s.Previous != nil && slices.Contains(w.listed(), s.Previous.Id) {
		i := slices.Index(w.listed(), s.Previous.Id)
		if w.secrets[i].value != s.Previous.Value {
			t.Errorf("%s: the previous secret's stored value is not Cognito's", when)
		}
	}
}

// serving asserts what must hold at every moment, a failure included: the
// secret the store hands to apps is listed under the id the store records
// (or, mid-repair, under any id) and authenticates.
func (w *world) serving(t *testing.T, when string) {
	t.Helper()
	s := w.state(t)
	if !w.authenticates(s.Current.Value) {
		t.Errorf("%s: the secret the store hands to apps does not authenticate", when)
	}
}

// start makes the world of a client that rotated once: two secrets, the
// store knowing both.
func start(twoSecrets bool) *world {
	w := newWorld()
	w.store.w = w
	cur := w.add("StartCurrentValue000000000000000000")
	st := State{Current: Secret{Id: cur, Value: "StartCurrentValue000000000000000000", Source: gen("1"), RequestId: "req-0"}}
	if twoSecrets {
		prev := w.add("StartPreviousValue00000000000000000")
		w.secrets[0], w.secrets[1] = w.secrets[1], w.secrets[0]
		st.Previous = &Secret{Id: prev, Value: "StartPreviousValue00000000000000000", Source: gen(""), RequestId: "req-00"}
	}
	w.store.versions["v0"] = Encode(w.client, st)
	w.store.current = "v0"
	w.adds, w.calls = 0, map[string]int{}
	return w
}

// A crash before each step of a rotation (and after the last one, before
// the response), or a lost answer at each step, then the redelivered event,
// a rollback and a further rotation, in every order that can follow: after
// each, the store's current secret is listed and authenticates, no secret is
// left that the store does not know, and nothing stays pending. The same
// rotation makes exactly one Add, however often it is delivered.
func TestFaultsDuringARotation(t *testing.T) {
	t.Parallel()
	type followUp struct {
		name  string
		steps []string // redeliver, rollback, rotate
	}
	followUps := []followUp{
		{"redelivered, rolled back, rotated", []string{"redeliver", "rollback", "rotate"}},
		{"rolled back, rotated", []string{"rollback", "rotate"}},
		{"rotated further", []string{"rotate"}},
	}
	targets := []struct {
		name   string
		two    bool
		to     Target
		back   Target
		onward Target
	}{
		{"generated, two secrets", true, Generated("2"), Generated("1"), Generated("3")},
		{"literal, one secret", false, Literal(vLit), Generated("1"), Literal(vRef)},
	}
	runs := 0
	for _, tg := range targets {
		steps := rotationSteps(t, tg.two, tg.to)
		for _, combo := range []struct {
			mode  faultMode
			reuse bool
		}{{crashBefore, false}, {lostAnswer, false}, {crashBefore, true}, {lostAnswer, true}} {
			mode := combo.mode
			last := steps
			if mode == crashBefore {
				last = steps + 1 // a crash after the last step: the response is lost
			}
			for at := 1; at <= last; at++ {
				for _, fu := range followUps {
					runs++
					name := fmt.Sprintf("%s/%s at step %d/%s", tg.name, []string{"", "crash before", "lost answer"}[mode], at, fu.name)
					if combo.reuse {
						name += "/ids reused"
					}
					t.Run(name, func(t *testing.T) {
						w := start(tg.two)
						w.reuse = combo.reuse
						old := w.state(t).Current
						w.mode, w.at = mode, at
						st, err := w.event(tg.to, "req-rotate", false)
						w.serving(t, "after the fault")
						if err == nil {
							w.healthy(t, "the faulty event", st)
						}
						w.mode, w.dead = noFault, false
						for _, next := range fu.steps {
							switch next {
							case "redeliver":
								st, err := w.event(tg.to, "req-rotate", false)
								if err != nil {
									t.Fatalf("redelivery: %v", err)
								}
								w.healthy(t, "redelivery", st)
								if st.Current.Value == old.Value || st.Current.Source != tg.to.Source {
									t.Error("the redelivered rotation did not complete")
								}
								if w.adds != 1 {
									t.Errorf("%d Adds for one rotation delivered twice", w.adds)
								}
							case "rollback":
								st, err := w.event(tg.back, "req-rollback", false)
								if err != nil {
									t.Fatalf("rollback: %v", err)
								}
								w.healthy(t, "rollback", st)
								if st.Current.Value != old.Value {
									t.Error("the rollback did not bring back the secret apps had")
								}
							case "rotate":
								before := w.state(t).Current
								st, err := w.event(tg.onward, "req-onward", false)
								if err != nil {
									t.Fatalf("further rotation: %v", err)
								}
								w.healthy(t, "further rotation", st)
								if st.Current.Value == before.Value || st.Previous == nil || st.Previous.Value != before.Value {
									t.Error("the further rotation did not demote the secret apps had")
								}
							}
						}
					})
				}
			}
		}
	}
	t.Logf("%d fault runs", runs)
}

// rotationSteps counts the calls of a rotation without faults.
func rotationSteps(t *testing.T, two bool, to Target) int {
	w := start(two)
	if _, err := w.event(to, "req-count", false); err != nil {
		t.Fatal(err)
	}
	return w.steps
}

// The call counts of each kind of event, against the budget of
// docs/reference.md §8: at most two Lists, two Deletes and one Add; the
// store: one read and at most two writes.
func TestCallCounts(t *testing.T) {
	t.Parallel()
	rotated := func(w *world) {
		if _, err := w.event(Generated("2"), "req-before", false); err != nil {
			panic(err)
		}
	}
	for _, c := range []struct {
		name                            string
		two                             bool
		setup                           func(*world)
		to                              Target
		deletePrevious                  bool
		lists, deletes, adds, reads, wr int
	}{
		{"no change", true, nil, Generated("1"), false, 1, 0, 0, 1, 0},
		{"rotation, two secrets", true, nil, Generated("2"), false, 2, 1, 1, 1, 2},
		{"rotation, one secret", false, nil, Literal(vLit), false, 2, 0, 1, 1, 2},
		{"rollback to the listed previous secret", true, rotated, Generated("1"), false, 1, 0, 0, 1, 1},
		{"PreviousSecret: Delete", true, nil, Generated("1"), true, 1, 1, 0, 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := start(c.two)
			if c.setup != nil {
				c.setup(w)
			}
			w.calls, w.store.writes = map[string]int{}, 0
			if _, err := w.event(c.to, "req-x", c.deletePrevious); err != nil {
				t.Fatal(err)
			}
			got := [5]int{w.calls["List"], w.calls["Delete"], w.calls["Add"], w.calls["Read"], w.store.writes}
			if want := [5]int{c.lists, c.deletes, c.adds, c.reads, c.wr}; got != want {
				t.Errorf("List, Delete, Add, read, writes = %v, want %v", got, want)
			}
		})
	}
}

// A rollback swaps without any Cognito call; rolling forward again swaps
// back.
func TestRollbackSwaps(t *testing.T) {
	t.Parallel()
	w := start(true)
	rotated, err := w.event(Generated("2"), "req-rotate", false)
	if err != nil {
		t.Fatal(err)
	}
	w.calls = map[string]int{}
	st, err := w.event(Generated("1"), "req-rollback", false)
	if err != nil || st.Current.Value != rotated.Previous.Value || st.Previous.Value != rotated.Current.Value || w.calls["Add"]+w.calls["Delete"] != 0 {
		t.Fatalf("rollback: %v, current %s, calls %v", err, st.Current.Id, w.calls)
	}
	w.healthy(t, "rollback", st)
	st, err = w.event(Generated("2"), "req-forward", false)
	if err != nil || st.Current != rotated.Current || w.calls["Add"]+w.calls["Delete"] != 0 {
		t.Fatalf("forward again: %v, calls %v", err, w.calls)
	}
	w.healthy(t, "forward", st)
}

// The same rotation delivered to a second instance after the first
// finished makes one Add; a copy running beside the first one, planned from
// the same read, can't write over it and never adds.
func TestSameEventTwice(t *testing.T) {
	t.Parallel()
	t.Run("one after the other", func(t *testing.T) {
		w := start(true)
		first, err := w.event(Generated("2"), "req-r", false)
		if err != nil {
			t.Fatal(err)
		}
		second, err := w.event(Generated("2"), "req-r", false)
		if err != nil || second.Current != first.Current || w.adds != 1 {
			t.Fatalf("second delivery: %v, %d Adds", err, w.adds)
		}
		w.healthy(t, "second delivery", second)
	})
	for _, to := range []Target{Generated("2"), Literal(vLit)} {
		t.Run("side by side, "+to.Source.Kind, func(t *testing.T) {
			w := start(true)
			// Both copies read and decide before either changes anything.
			plan := func() Plan {
				doc, _, _ := w.store.read()
				s, _ := Decode(w.client, doc)
				listed, _ := w.ListSecrets(context.Background())
				return Decide(Input{Stored: &s, Listed: listed, Target: to, RequestId: "req-r", Fresh: Generate()})
			}
			a, b := plan(), plan()
			seenByB := w.store.seen
			st, err := Execute(context.Background(), a, "req-r", w.client, w, &w.store)
			if err != nil {
				t.Fatal(err)
			}
			w.store.seen = seenByB // the second copy's store has its own view
			if _, err := Execute(context.Background(), b, "req-r", w.client, w, &w.store); err == nil {
				t.Fatal("the second copy succeeded too")
			}
			if w.adds != 1 {
				t.Errorf("%d Adds", w.adds)
			}
			w.healthy(t, "after both copies", st)
		})
	}
}

// An Add refused outright (a secret added by hand after the List, just
// before the pending write, took the free slot) adds nothing and takes the pending secret back out of the
// store: no secret listed later can be mistaken for it.
func TestRefusedAddTakesThePendingBack(t *testing.T) {
	t.Parallel()
	w := start(false)
	old := w.state(t)
	w.before = func() {
		if w.calls["Write"] == 1 && len(w.secrets) == 1 {
			w.add("AddedByHandValue0000000000000000000")
		}
	}
	_, err := w.event(Literal(vLit), "req-r", false)
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") || strings.Contains(err.Error(), vLit) {
		t.Fatalf("error %v", err)
	}
	w.before = nil
	if s := w.state(t); s.Pending != nil || s.Current != old.Current {
		t.Fatalf("the store after a refused Add: %+v", s)
	}
	// The next event fails before any change, naming the stranger.
	_, err = w.event(Literal(vLit), "req-r2", false)
	if err == nil || !strings.Contains(err.Error(), w.secrets[1].id) {
		t.Fatalf("next event: %v", err)
	}
	w.serving(t, "after")
}

// A lost answer to the Add: the new id is found by listing again, in the
// same event, with one Add.
func TestLostAddAnswer(t *testing.T) {
	t.Parallel()
	w := start(true)
	w.mode, w.at = lostAnswer, 5 // read, List, Delete, pending write, Add
	st, err := w.event(Generated("2"), "req-r", false)
	if err != nil {
		t.Fatal(err)
	}
	if w.adds != 1 || w.calls["List"] != 2 {
		t.Errorf("%d Adds, %d Lists", w.adds, w.calls["List"])
	}
	w.healthy(t, "after a lost Add answer", st)
}
