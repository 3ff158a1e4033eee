package clientsecret

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Secret values of the table, each 24 to 64 characters of [\w+].
const (
	vCur   = "CurrentSecretValue0000000000000000"
	vPrev  = "PreviousSecretValue000000000000000"
	vPend  = "PendingSecretValue00000000000000000"
	vLit   = "LiteralSecretValue00000000000000000"
	vRef   = "ReferencedSecretValue0000000000000"
	vFresh = "FreshGeneratedValue000000000000000000000000000000000000000000000"
	vDesc  = "DescribedOriginalSecret00000000000"
	ref1   = "{{resolve:secretsmanager:app/client:SecretString:secret::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE}}"
	ref2   = "{{resolve:secretsmanager:app/client:SecretString:secret::EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE}}"
	thisRq = "req-this"
)

var (
	gen      = func(v string) Source { return Source{Kind: KindGenerated, ClientSecretVersion: v} }
	rebuilt  = Source{Kind: KindRebuilt}
	literal  = Source{Kind: KindLiteral}
	refSrc   = func(r string) Source { return Source{Kind: KindReference, Reference: r} }
	t0       = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	listedAt = func(ids ...string) []Listed {
		out := make([]Listed, len(ids))
		for i, id := range ids {
			out[i] = Listed{Id: id, Created: t0.Add(time.Duration(i) * time.Hour)}
		}
		return out
	}
)

// state builds a stored state: current c1 (vCur, src), and optionally
// previous p1 (vPrev, prevSrc) and a pending secret.
func state(src Source, prev *Source, pending *Pending) *State {
	s := &State{Current: Secret{Id: "c1", Value: vCur, Source: src, RequestId: "req-made-c1"}, Pending: pending}
	if prev != nil {
		s.Previous = &Secret{Id: "p1", Value: vPrev, Source: *prev, RequestId: "req-made-p1"}
	}
	return s
}

func ptr[T any](v T) *T { return &v }

// expect is what a plan must be.
type expect struct {
	kind   Kind
	before []string
	write  bool
	add    string // the value added, "" for none
	after  []string
	create bool
	// the state reached (for plans with an Add, once landed as "n9")
	current  string // id
	value    string // its value
	source   Source
	previous string // id, "" for none
	err      []string
}

// One row per line of docs/reference.md §8's "what a change means" and
// "repairs", and per rule of pending secrets, foreign secrets, PreviousSecret
// and generated targets.
func TestDecide(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		in   Input
		want expect
	}{
		// (1) the event's RequestId is already recorded.
		{"(1) redelivery of the event that made the current secret", Input{
			Stored: &State{Current: Secret{Id: "c1", Value: vCur, Source: gen("2"), RequestId: thisRq}, Previous: &Secret{Id: "p1", Value: vPrev, Source: gen("1")}},
			Listed: listedAt("p1", "c1"), Target: Generated("2"), RequestId: thisRq, DeletePrevious: true,
		}, expect{kind: Nothing, current: "c1", value: vCur, source: gen("2"), previous: "p1"}},
		{"(1) a late redelivery of the event that made the previous secret changes nothing", Input{
			Stored: &State{Current: Secret{Id: "c1", Value: vCur, Source: gen("3"), RequestId: "req-later"}, Previous: &Secret{Id: "p1", Value: vPrev, Source: gen("2"), RequestId: thisRq}},
			Listed: listedAt("p1", "c1"), Target: Generated("2"), RequestId: thisRq,
		}, expect{kind: Nothing, current: "c1", value: vCur, source: gen("3"), previous: "p1"}},
		// (2) the target is the current secret, listed.
		{"(2) no change", Input{
			Stored: state(gen("1"), ptr(gen("")), nil), Listed: listedAt("p1", "c1"), Target: Generated("1"), RequestId: thisRq,
		}, expect{kind: Nothing, current: "c1", value: vCur, source: gen("1"), previous: "p1"}},
		// (3) the previous secret, listed: swap, no Cognito call.
		{"(3) rollback to the previous generated secret", Input{
			Stored: state(gen("2"), ptr(gen("1")), nil), Listed: listedAt("p1", "c1"), Target: Generated("1"), RequestId: thisRq,
		}, expect{kind: Swap, write: true, current: "p1", value: vPrev, source: gen("1"), previous: "c1"}},
		{"(3) rollback to a literal", Input{
			Stored: state(gen(""), &literal, nil), Listed: listedAt("p1", "c1"), Target: Literal(vPrev), RequestId: thisRq,
		}, expect{kind: Swap, write: true, current: "p1", value: vPrev, source: literal, previous: "c1"}},
		{"(3) rollback from a literal to generated without a version", Input{
			Stored: state(literal, ptr(gen("1")), nil), Listed: listedAt("p1", "c1"), Target: Generated(""), RequestId: thisRq,
		}, expect{kind: Swap, write: true, current: "p1", value: vPrev, source: gen("1"), previous: "c1"}},
		{"(3) swap while the current one is gone", Input{
			Stored: state(gen("2"), ptr(gen("1")), nil), Listed: listedAt("p1"), Target: Generated("1"), RequestId: thisRq,
		}, expect{kind: Swap, write: true, current: "p1", value: vPrev, source: gen("1"), previous: "c1"}},
		// (4) the previous secret, no longer listed: add its value again.
		{"(4) rollback to a previous secret no longer listed", Input{
			Stored: state(gen("2"), ptr(gen("1")), nil), Listed: listedAt("c1"), Target: Generated("1"), RequestId: thisRq,
		}, expect{kind: ReAdd, write: true, add: vPrev, current: "n9", value: vPrev, source: gen("1"), previous: "c1"}},
		{"(4) no slot: a secret it does not know is never deleted", Input{
			Stored: state(gen("2"), ptr(gen("1")), nil), Listed: listedAt("c1", "x1"), Target: Generated("1"), RequestId: thisRq,
		}, expect{kind: Fail, err: []string{"previous secret p1", "x1", "delete it by hand"}}},
		// (5) rotate.
		{"(5) rotate with two secrets: the previous one goes first", Input{
			Stored: state(gen("1"), ptr(gen("")), nil), Listed: listedAt("p1", "c1"), Target: Generated("2"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Rotate, before: []string{"p1"}, write: true, add: vFresh, current: "n9", value: vFresh, source: gen("2"), previous: "c1"}},
		{"(5) rotate with one secret", Input{
			Stored: state(gen(""), nil, nil), Listed: listedAt("c1"), Target: Literal(vLit), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Rotate, write: true, add: vLit, current: "n9", value: vLit, source: literal, previous: "c1"}},
		{"(5) rotate from a literal to generated", Input{
			Stored: state(literal, nil, nil), Listed: listedAt("c1"), Target: Generated(""), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Rotate, write: true, add: vFresh, current: "n9", value: vFresh, source: gen(""), previous: "c1"}},
		{"(5) a foreign secret blocks the rotation: nothing changes", Input{
			Stored: state(gen("1"), ptr(gen("")), nil), Listed: listedAt("c1", "x1"), Target: Generated("2"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Fail, err: []string{"x1", "never deletes a secret it does not know", "nothing was changed"}}},
		{"(5) rotate while the current one is gone keeps the listed previous", Input{
			Stored: state(gen("1"), ptr(gen("")), nil), Listed: listedAt("p1"), Target: Generated("2"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Rotate, write: true, add: vFresh, current: "n9", value: vFresh, source: gen("2"), previous: "p1"}},
		// Generated targets.
		{"a generated target equals a rebuilt current", Input{
			Stored: state(rebuilt, nil, nil), Listed: listedAt("c1"), Target: Generated(""), RequestId: thisRq,
		}, expect{kind: Nothing, current: "c1", value: vCur, source: rebuilt}},
		{"declaring ClientSecretVersion the first time never rotates", Input{
			Stored: state(gen(""), nil, nil), Listed: listedAt("c1"), Target: Generated("1"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Record, write: true, current: "c1", value: vCur, source: gen("1")}},
		{"declaring ClientSecretVersion the first time on a rebuilt store", Input{
			Stored: state(rebuilt, nil, nil), Listed: listedAt("c1"), Target: Generated("7"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Record, write: true, current: "c1", value: vCur, source: gen("7")}},
		{"removing ClientSecretVersion never rotates", Input{
			Stored: state(gen("3"), ptr(gen("2")), nil), Listed: listedAt("p1", "c1"), Target: Generated(""), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Nothing, current: "c1", value: vCur, source: gen("3"), previous: "p1"}},
		{"a generated target does not equal a literal current", Input{
			Stored: state(literal, nil, nil), Listed: listedAt("c1"), Target: Generated("1"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Rotate, write: true, add: vFresh, current: "n9", value: vFresh, source: gen("1"), previous: "c1"}},
		{"a new version is not the previous one that had none", Input{
			Stored: state(literal, ptr(gen("")), nil), Listed: listedAt("p1", "c1"), Target: Generated("1"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Rotate, before: []string{"p1"}, write: true, add: vFresh, current: "n9", value: vFresh, source: gen("1"), previous: "c1"}},
		// Literals and references.
		{"a literal equal to the current value is recorded as declared", Input{
			Stored: state(gen(""), nil, nil), Listed: listedAt("c1"), Target: Literal(vCur), RequestId: thisRq,
		}, expect{kind: Record, write: true, current: "c1", value: vCur, source: literal}},
		{"the same reference as the current one", Input{
			Stored: state(refSrc(ref1), nil, nil), Listed: listedAt("c1"), Target: Referenced(ref1, ""), RequestId: thisRq,
		}, expect{kind: Nothing, current: "c1", value: vCur, source: refSrc(ref1)}},
		{"a rollback to the previous reference needs no resolving", Input{
			Stored: state(refSrc(ref2), ptr(refSrc(ref1)), nil), Listed: listedAt("p1", "c1"), Target: Referenced(ref1, ""), RequestId: thisRq,
		}, expect{kind: Swap, write: true, current: "p1", value: vPrev, source: refSrc(ref1), previous: "c1"}},
		{"a new reference must be resolved", Input{
			Stored: state(refSrc(ref1), nil, nil), Listed: listedAt("c1"), Target: Referenced(ref2, ""), RequestId: thisRq,
		}, expect{kind: Resolve}},
		{"a resolved reference to the current value is recorded", Input{
			Stored: state(refSrc(ref1), nil, nil), Listed: listedAt("c1"), Target: Referenced(ref2, vCur), RequestId: thisRq,
		}, expect{kind: Record, write: true, current: "c1", value: vCur, source: refSrc(ref2)}},
		{"a resolved new reference rotates", Input{
			Stored: state(refSrc(ref1), nil, nil), Listed: listedAt("c1"), Target: Referenced(ref2, vRef), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Rotate, write: true, add: vRef, current: "n9", value: vRef, source: refSrc(ref2), previous: "c1"}},
		// Repairs.
		{"repair: the current secret deleted by hand is added again", Input{
			Stored: state(gen("1"), ptr(gen("")), nil), Listed: listedAt("p1"), Target: Generated("1"), RequestId: thisRq,
		}, expect{kind: Repair, write: true, add: vCur, current: "n9", value: vCur, source: gen("1"), previous: "p1"}},
		{"repair on a redelivery", Input{
			Stored: &State{Current: Secret{Id: "c1", Value: vCur, Source: gen("1"), RequestId: thisRq}}, Listed: nil, Target: Generated("1"), RequestId: thisRq,
		}, expect{kind: Repair, write: true, add: vCur, current: "n9", value: vCur, source: gen("1")}},
		{"repair without a slot fails naming the ids", Input{
			Stored: state(gen("1"), ptr(gen("")), nil), Listed: listedAt("p1", "x1"), Target: Generated("1"), RequestId: thisRq,
		}, expect{kind: Fail, err: []string{"current secret c1 is no longer listed", "p1 and x1"}}},
		{"repair: the store scheduled for deletion", Input{
			Store: "cognito-user-pool-client/pool/client", Scheduled: true, Listed: listedAt("c1"), Target: Generated(""), RequestId: thisRq,
		}, expect{kind: Fail, err: []string{"scheduled for deletion: restore it", "restore-secret --secret-id cognito-user-pool-client/pool/client"}}},
		{"repair: a missing store is rebuilt from Describe", Input{
			Listed: listedAt("o1"), Described: vDesc, Target: Generated(""), RequestId: thisRq,
		}, expect{kind: Record, create: true, write: true, current: "o1", value: vDesc, source: rebuilt}},
		{"repair: the oldest listed secret is the one Describe shows", Input{
			Listed: []Listed{{Id: "x1", Created: t0.Add(time.Hour)}, {Id: "o1", Created: t0}}, Described: vDesc, Target: Generated("1"), RequestId: thisRq,
		}, expect{kind: Record, create: true, write: true, current: "o1", value: vDesc, source: gen("1")}},
		{"repair: a rebuilt store with another secret listed counts it as foreign", Input{
			Listed: []Listed{{Id: "x1", Created: t0.Add(time.Hour)}, {Id: "o1", Created: t0}}, Described: vDesc, Target: Literal(vLit), RequestId: thisRq,
		}, expect{kind: Fail, err: []string{"x1", "never deletes a secret it does not know"}}},
		{"repair: a rebuilt store then rotated creates it with the pending secret", Input{
			Listed: listedAt("o1"), Described: vDesc, Target: Literal(vLit), RequestId: thisRq,
		}, expect{kind: Rotate, create: true, write: true, add: vLit, current: "n9", value: vLit, source: literal, previous: "o1"}},
		{"repair: nothing to rebuild from", Input{
			Store: "cognito-user-pool-client/pool/client", Listed: listedAt("a1", "b1"), Target: Generated(""), RequestId: thisRq,
		}, expect{kind: Fail, err: []string{"does not exist", "describes no secret", "a1 and b1"}}},
		// Pending secrets.
		{"pending: listed and the target: adopted", Input{
			Stored: state(gen("1"), ptr(gen("")), &Pending{Value: vPend, Source: gen("2"), RequestId: "req-crashed"}),
			Listed: listedAt("c1", "n1"), Target: Generated("2"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Adopt, write: true, current: "n1", value: vPend, source: gen("2"), previous: "c1"}},
		{"pending: adopted by its own redelivery", Input{
			Stored: state(gen("1"), ptr(gen("")), &Pending{Value: vPend, Source: gen("2"), RequestId: thisRq}),
			Listed: listedAt("c1", "n1"), Target: Generated("2"), RequestId: thisRq, Fresh: vFresh, DeletePrevious: true,
		}, expect{kind: Adopt, write: true, current: "n1", value: vPend, source: gen("2"), previous: "c1"}},
		{"pending: listed, not the target (a rollback): deleted, never handed out", Input{
			Stored: state(gen("1"), ptr(gen("")), &Pending{Value: vPend, Source: gen("2"), RequestId: "req-crashed"}),
			Listed: listedAt("c1", "n1"), Target: Generated("1"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Discard, before: []string{"n1"}, write: true, current: "c1", value: vCur, source: gen("1"), previous: "p1"}},
		{"pending: deleted, then a rotation to another target", Input{
			Stored: state(gen("1"), ptr(gen("")), &Pending{Value: vPend, Source: gen("2"), RequestId: "req-crashed"}),
			Listed: listedAt("c1", "n1"), Target: Generated("3"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Rotate, before: []string{"n1"}, write: true, add: vFresh, current: "n9", value: vFresh, source: gen("3"), previous: "c1"}},
		{"pending: never landed, still the target: its value is added again", Input{
			Stored: state(gen("1"), ptr(gen("")), &Pending{Value: vPend, Source: gen("2"), RequestId: "req-crashed"}),
			Listed: listedAt("c1"), Target: Generated("2"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Rotate, add: vPend, current: "n9", value: vPend, source: gen("2"), previous: "c1"}},
		{"pending: never landed, not the target: dropped", Input{
			Stored: state(gen("1"), ptr(gen("")), &Pending{Value: vPend, Source: gen("2"), RequestId: "req-crashed"}),
			Listed: listedAt("c1"), Target: Generated("1"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Discard, write: true, current: "c1", value: vCur, source: gen("1"), previous: "p1"}},
		{"pending: the only secret left is adopted even when not the target, then the target added again", Input{
			Stored: state(gen("1"), ptr(gen("")), &Pending{Value: vPend, Source: gen("2"), RequestId: "req-crashed"}),
			Listed: listedAt("n1"), Target: Generated("1"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: ReAdd, write: true, add: vCur, current: "n9", value: vCur, source: gen("1"), previous: "n1"}},
		{"pending: the only secret left, and the target", Input{
			Stored: state(gen("1"), ptr(gen("")), &Pending{Value: vPend, Source: gen("2"), RequestId: "req-crashed"}),
			Listed: listedAt("n1"), Target: Generated("2"), RequestId: thisRq, Fresh: vFresh,
		}, expect{kind: Adopt, write: true, current: "n1", value: vPend, source: gen("2"), previous: "c1"}},
		{"pending: a repair that landed gives the current its new id", Input{
			Stored: state(gen("1"), ptr(gen("")), &Pending{Value: vCur, Source: gen("1"), RequestId: "req-crashed"}),
			Listed: listedAt("p1", "n1"), Target: Generated("1"), RequestId: thisRq,
		}, expect{kind: Adopt, write: true, current: "n1", value: vCur, source: gen("1"), previous: "p1"}},
		{"pending: two secrets it does not know can't be told apart", Input{
			Stored: state(gen("1"), nil, &Pending{Value: vPend, Source: gen("2"), RequestId: "req-crashed"}),
			Listed: listedAt("n1", "x1"), Target: Generated("2"), RequestId: thisRq,
		}, expect{kind: Fail, err: []string{"n1 and x1", "can't be told"}}},
		// PreviousSecret: Delete.
		{"PreviousSecret: Delete deletes the listed previous secret", Input{
			Stored: state(gen("1"), ptr(gen("")), nil), Listed: listedAt("p1", "c1"), Target: Generated("1"), RequestId: thisRq, DeletePrevious: true,
		}, expect{kind: Nothing, before: []string{"p1"}, current: "c1", value: vCur, source: gen("1"), previous: "p1"}},
		{"PreviousSecret: Delete with the previous one already gone", Input{
			Stored: state(gen("1"), ptr(gen("")), nil), Listed: listedAt("c1"), Target: Generated("1"), RequestId: thisRq, DeletePrevious: true,
		}, expect{kind: Nothing, current: "c1", value: vCur, source: gen("1"), previous: "p1"}},
		{"PreviousSecret: Delete keeps the secret a rotation demotes", Input{
			Stored: state(gen("1"), ptr(gen("")), nil), Listed: listedAt("p1", "c1"), Target: Generated("2"), RequestId: thisRq, DeletePrevious: true, Fresh: vFresh,
		}, expect{kind: Rotate, before: []string{"p1"}, write: true, add: vFresh, current: "n9", value: vFresh, source: gen("2"), previous: "c1"}},
		{"PreviousSecret: Delete keeps the secret a swap demotes", Input{
			Stored: state(gen("2"), ptr(gen("1")), nil), Listed: listedAt("p1", "c1"), Target: Generated("1"), RequestId: thisRq, DeletePrevious: true,
		}, expect{kind: Swap, write: true, current: "p1", value: vPrev, source: gen("1"), previous: "c1"}},
		{"PreviousSecret: Delete after a repair", Input{
			Stored: state(gen("1"), ptr(gen("")), nil), Listed: listedAt("p1"), Target: Generated("1"), RequestId: thisRq, DeletePrevious: true,
		}, expect{kind: Repair, write: true, add: vCur, after: []string{"p1"}, current: "n9", value: vCur, source: gen("1"), previous: "p1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := Decide(c.in)
			checkPlan(t, p, c.in, c.want)
		})
	}
}

func checkPlan(t *testing.T, p Plan, in Input, w expect) {
	t.Helper()
	if p.Kind != w.kind {
		t.Fatalf("Kind = %s (%v), want %s", p.Kind, p.Err, w.kind)
	}
	if w.kind == Fail {
		for _, part := range w.err {
			if !strings.Contains(p.Err.Error(), part) {
				t.Errorf("error %q lacks %q", p.Err, part)
			}
		}
		for _, v := range []string{vCur, vPrev, vPend, vLit, vRef, vFresh, vDesc} {
			if strings.Contains(p.Err.Error(), v) {
				t.Errorf("error %q holds a secret value", p.Err)
			}
		}
		return
	}
	if w.kind == Resolve {
		return
	}
	if !slices.Equal(p.DeleteBefore, w.before) || !slices.Equal(p.DeleteAfter, w.after) {
		t.Errorf("deletes before %v, after %v; want %v, %v", p.DeleteBefore, p.DeleteAfter, w.before, w.after)
	}
	if p.Write != w.write || p.Create != w.create {
		t.Errorf("Write %v, Create %v; want %v, %v", p.Write, p.Create, w.write, w.create)
	}
	added := ""
	if p.Add {
		added = p.State.Pending.Value
	}
	if added != w.add {
		t.Errorf("adds %q, want %q", added, w.add)
	}
	st := p.State
	if p.Add {
		listed := []string{"n9", st.Current.Id}
		if st.Previous != nil && slices.ContainsFunc(in.Listed, func(l Listed) bool { return l.Id == st.Previous.Id }) && !slices.Contains(p.DeleteBefore, st.Previous.Id) {
			listed = append(listed, st.Previous.Id)
		}
		if !slices.ContainsFunc(in.Listed, func(l Listed) bool { return l.Id == st.Current.Id }) {
			listed = slices.DeleteFunc(listed, func(id string) bool { return id == st.Current.Id })
		}
		st = Land(st, "n9", listed)
	} else if st.Pending != nil {
		t.Errorf("a plan without an Add leaves a pending secret: %+v", st.Pending)
	}
	if st.Current.Id != w.current || st.Current.Value != w.value || st.Current.Source != w.source {
		t.Errorf("current = %s %q %+v; want %s %q %+v", st.Current.Id, st.Current.Value, st.Current.Source, w.current, w.value, w.source)
	}
	prev := ""
	if st.Previous != nil {
		prev = st.Previous.Id
	}
	if prev != w.previous {
		t.Errorf("previous = %q, want %q", prev, w.previous)
	}
	if p.Add && p.State.Pending.RequestId != thisRq && p.Write {
		t.Errorf("a pending secret written now records RequestId %q", p.State.Pending.RequestId)
	}
	if n := len(p.DeleteBefore) + len(p.DeleteAfter); n > 2 {
		t.Errorf("%d deletes, at most 2", n)
	}
}

// Every plan's state survives the store's encoding, values included.
func TestEncodeDecode(t *testing.T) {
	t.Parallel()
	c := Client{UserPoolId: "us-east-1_Pool", ClientId: "client1"}
	s := *state(refSrc(ref1), ptr(gen("1")), &Pending{Value: vPend, Source: literal, RequestId: "r"})
	doc := Encode(c, s)
	for _, key := range []string{`"UserPoolId":"us-east-1_Pool"`, `"ClientId":"client1"`, `"ClientSecret":"` + vCur + `"`, `"CognitoUserPoolClient":{"Schema":1`} {
		if !strings.Contains(doc, key) {
			t.Errorf("document lacks %s: %s", key, doc)
		}
	}
	got, err := Decode(c, doc)
	if err != nil || got.Current != s.Current || *got.Previous != *s.Previous || *got.Pending != *s.Pending {
		t.Fatalf("Decode = %+v, %v", got, err)
	}
	for _, bad := range []struct{ name, doc, err string }{
		{"not JSON", "x" + vCur, "not a JSON object"},
		{"no bookkeeping", `{"UserPoolId":"us-east-1_Pool","ClientId":"client1","ClientSecret":"` + vCur + `"}`, "no CognitoUserPoolClient"},
		{"newer schema", `{"CognitoUserPoolClient":{"Schema":2}}`, "schema 2"},
		{"incomplete", `{"ClientSecret":"` + vCur + `","CognitoUserPoolClient":{"Schema":1}}`, "incomplete"},
		{"another client", strings.Replace(doc, "client1", "client2", 1), "names the client client2"},
	} {
		_, err := Decode(c, bad.doc)
		if err == nil || !strings.Contains(err.Error(), bad.err) || strings.Contains(err.Error(), vCur) {
			t.Errorf("%s: error %v", bad.name, err)
		}
	}
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	counts := map[rune]int{}
	for range 200 {
		v := Generate()
		if len(v) != GeneratedLength || strings.Trim(v, generatedAlphabet) != "" || seen[v] {
			t.Fatalf("Generate() = %q", v)
		}
		seen[v] = true
		for _, r := range v {
			counts[r]++
		}
	}
	if len(counts) != len(generatedAlphabet) {
		t.Errorf("%d distinct characters in 12800, want all %d", len(counts), len(generatedAlphabet))
	}
}

func TestToken(t *testing.T) {
	t.Parallel()
	a, b := Token("r1", stepPending), Token("r1", stepState)
	if a == b || a != Token("r1", stepPending) || len(a) != 36 || Token("r2", stepPending) == a {
		t.Errorf("tokens %s %s", a, b)
	}
}
