package clientsecret

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Listed is one secret ListUserPoolClientSecrets shows: its id and when it
// was made (never its value: ledger row 28).
type Listed struct {
	Id      string
	Created time.Time
}

// Input is everything one event's decision depends on.
type Input struct {
	// Store names the store, for messages.
	Store string
	// Stored is the bookkeeping of the store's AWSCURRENT version; nil
	// when the store does not exist.
	Stored *State
	// Scheduled: the store exists but is scheduled for deletion.
	Scheduled bool
	// Listed are the client's secrets as Cognito lists them now.
	Listed []Listed
	// Described is the ClientSecret DescribeUserPoolClient shows (the
	// client's original secret, until it is deleted: ledger row 28). It
	// is read only to rebuild a missing store.
	Described string
	// Target is the declared secret.
	Target Target
	// DeletePrevious is PreviousSecret: Delete.
	DeletePrevious bool
	// RequestId is the event's.
	RequestId string
	// Fresh is a value from [Generate], added if the plan rotates to a new
	// generated secret.
	Fresh string
}

// Kind names what a plan does, for logs and tests.
type Kind string

// The kinds of plan, one per line of docs/reference.md §8's "what a change
// means" and "repairs".
const (
	// Nothing: the store and Cognito already hold the declared secret (a
	// redelivery, or no change).
	Nothing Kind = "nothing"
	// Record: only the bookkeeping changes (a rebuilt store, a new
	// ClientSecretVersion label on the current secret, a source written
	// another way); no Cognito call.
	Record Kind = "record"
	// Discard: a pending secret of an interrupted event that is not the
	// target is deleted (it was never handed out).
	Discard Kind = "discard"
	// Adopt: a pending secret that Cognito lists and that is the target
	// becomes current.
	Adopt Kind = "adopt"
	// Swap: the target is the previous secret, still listed: current and
	// previous trade places; no Cognito call (a rollback).
	Swap Kind = "swap"
	// ReAdd: the target is the previous secret, no longer listed: its
	// stored value is added again and becomes current.
	ReAdd Kind = "re-add"
	// Rotate: a new secret is added and becomes current; the current one
	// becomes previous, and the old previous is deleted first.
	Rotate Kind = "rotate"
	// Repair: the current secret is no longer listed (deleted by hand):
	// its stored value is added again.
	Repair Kind = "repair"
	// Resolve: the target is a reference whose value is needed: resolve it
	// and decide again.
	Resolve Kind = "resolve"
	// Fail: nothing may be done; Err says why, naming the secret ids.
	Fail Kind = "fail"
)

// Plan is what one event does, in this order: delete DeleteBefore; write
// State when Write (it then holds the pending secret when Add); add
// State.Pending.Value when Add, list, and write the state with that secret
// landed ([Land]); delete DeleteAfter. At most two deletes, one add and two
// writes.
type Plan struct {
	Kind Kind
	Err  error
	// Create: the store does not exist; the first write creates it.
	Create       bool
	DeleteBefore []string
	// State is the state the plan reaches, or with Add, the state that
	// holds the pending secret.
	State State
	// Write says whether State must be written (it differs from what the
	// store holds).
	Write       bool
	Add         bool
	DeleteAfter []string
}

// Decide returns the plan that brings the client's secrets to in.Target
// (docs/reference.md §8). It is pure: every check runs here, before anything
// is changed, and a plan of Kind Fail changes nothing.
//
// The rules, in order:
//   - a store scheduled for deletion fails; a missing store is rebuilt from
//     the value Cognito describes, as the oldest listed secret;
//   - a pending secret is adopted when Cognito lists it and it is the target
//     (or it is the only secret left), and deleted otherwise; one that never
//     landed is added again when it is still the target;
//   - (1) a RequestId already recorded is a redelivery: nothing to do;
//     (2) the target is the current secret: nothing (a repair when Cognito no
//     longer lists it); (3) it is the previous secret, listed: swap; (4) the
//     previous one, no longer listed: add its value again; (5) otherwise
//     rotate;
//   - a listed secret the store does not know is never deleted: when the
//     new secret needs its slot, the plan fails naming it;
//   - PreviousSecret: Delete deletes the listed previous secret on every
//     event that demotes none.
func Decide(in Input) Plan {
	listed := make([]string, len(in.Listed))
	for i, l := range in.Listed {
		listed[i] = l.Id
	}
	if in.Scheduled {
		return failed("the store %s is scheduled for deletion: restore it (aws secretsmanager restore-secret --secret-id %s), then run the update again; nothing was changed", in.Store, in.Store)
	}

	var st State
	create := in.Stored == nil
	if create {
		switch {
		case in.Described == "":
			return failed("the store %s does not exist, and Cognito describes no secret to rebuild it from (it shows none once the client's original secret is deleted); Cognito lists %s. Nothing was changed", in.Store, idList(listed))
		case len(in.Listed) == 0:
			return failed("the store %s does not exist, and Cognito lists no secret for the client; nothing was changed", in.Store)
		}
		// The value Describe shows is the client's original secret, the
		// oldest one (ledger row 28). Any other listed secret is foreign.
		oldest := slices.MinFunc(in.Listed, func(a, b Listed) int { return a.Created.Compare(b.Created) })
		st = State{Current: Secret{Id: oldest.Id, Value: in.Described, Source: Source{Kind: KindRebuilt}}}
	} else {
		st = *in.Stored
	}

	t := in.Target
	d := decision{kind: Nothing, changed: create}
	if p := st.Pending; p != nil {
		strangers := unknownIds(listed, st)
		switch {
		case len(strangers) > 1:
			return failed("Cognito lists the secrets %s, which are neither the store's current nor its previous secret, while the store records a pending secret of an interrupted event: which one it is can't be told. Delete the one that was added by hand; nothing was changed", idList(strangers))
		case len(strangers) == 1:
			id := strangers[0]
			// A pending secret that is the only one left is the best there
			// is: its value is known.
			if same(p.Value, st.Current.Value) || t.isPending(*p) || len(listed) == 1 {
				st = Land(st, id, listed)
				d.kind, d.adopted = Adopt, true
			} else {
				d.before = append(d.before, id)
				listed = slices.DeleteFunc(listed, func(l string) bool { return l == id })
				st.Pending = nil
				d.kind = Discard
			}
			d.changed = true
		case t.isPending(*p) && !same(p.Value, st.Current.Value):
			d.carry = p // never landed, still the target: add it again
		default:
			st.Pending = nil
			d.kind, d.changed = Discard, true
		}
	}

	cur := st.Current
	curListed := slices.Contains(listed, cur.Id)
	prev := st.Previous
	prevListed := prev != nil && slices.Contains(listed, prev.Id)
	recorded := in.RequestId != "" && (cur.RequestId == in.RequestId || prev != nil && prev.RequestId == in.RequestId)

	switch {
	case recorded || t.isCurrent(cur):
		if !recorded {
			if src := t.sourceFor(cur.Source); src != cur.Source {
				st.Current.Source = src
				d.changed = true
			}
		}
		if !curListed {
			if len(listed) >= 2 {
				return failed("the store's current secret %s is no longer listed by Cognito (deleted by hand?), and it can't be added again: Cognito keeps two secrets at most and lists %s. Delete one of them, or roll the client forward with a new secret; nothing was changed", cur.Id, idList(listed))
			}
			st.Pending = &Pending{Value: cur.Value, Source: st.Current.Source, RequestId: in.RequestId}
			d.kind, d.changed = Repair, true
		}
	case prev != nil && t.isPrevious(*prev):
		back := *prev
		back.Source = t.sourceFor(back.Source)
		if prevListed {
			demoted := st.Current
			st.Current, st.Previous = back, &demoted
			d.kind, d.changed = Swap, true
			break
		}
		if len(listed) >= 2 {
			return failed("the previous secret %s must be added again, but Cognito keeps two secrets at most and lists %s; it never deletes %s, which the store does not know: delete it by hand. Nothing was changed", prev.Id, idList(listed), idList(unknownIds(listed, st)))
		}
		st.Pending = &Pending{Value: back.Value, Source: back.Source, RequestId: in.RequestId}
		d.kind, d.changed = ReAdd, true
	case t.Source.Kind == KindReference && t.Value == "":
		return Plan{Kind: Resolve}
	default:
		if prevListed && curListed {
			// The demoted current takes the previous one's place in the
			// bookkeeping, so the old previous secret goes first: it makes
			// the slot, and it would otherwise be left unknown. Its record
			// goes with it: Cognito names a secret by the time it was made
			// (ledger row 37), so the new one may get its id.
			d.before = append(d.before, prev.Id)
			listed = slices.DeleteFunc(listed, func(l string) bool { return l == prev.Id })
			st.Previous = nil
		}
		if len(listed) >= 2 {
			return failed("a rotation needs a free slot (Cognito keeps two secrets at most), and Cognito lists %s, which the store does not know (not its current, previous or pending secret). It never deletes a secret it does not know: delete it by hand; nothing was changed", idList(unknownIds(listed, st)))
		}
		if d.carry == nil {
			value := t.Value
			if t.Source.Kind == KindGenerated {
				value = in.Fresh
			}
			if value == "" {
				return failed("internal error: no value to rotate to")
			}
			st.Pending = &Pending{Value: value, Source: t.Source, RequestId: in.RequestId}
			d.changed = true
		}
		d.kind = Rotate
	}

	if d.carry != nil && d.kind != Rotate {
		// The pending secret was the target, and no longer needs adding.
		if st.Pending == d.carry {
			st.Pending = nil
		}
		d.changed = true
	}
	demotes := d.adopted || d.kind == Swap || d.kind == ReAdd || d.kind == Rotate
	if in.DeletePrevious && !recorded && !demotes && st.Previous != nil && slices.Contains(listed, st.Previous.Id) {
		// A repair adds the current secret back first: Cognito never
		// deletes a client's last secret.
		if d.kind == Repair {
			d.after = append(d.after, st.Previous.Id)
		} else {
			d.before = append(d.before, st.Previous.Id)
		}
	}
	if d.kind == Nothing && d.changed {
		d.kind = Record
	}
	add := d.kind == Repair || d.kind == ReAdd || d.kind == Rotate
	return Plan{Kind: d.kind, Create: create, DeleteBefore: d.before, State: st, Write: d.changed, Add: add, DeleteAfter: d.after}
}

// decision is what Decide has found so far.
type decision struct {
	kind          Kind
	changed       bool // the state differs from the store's
	adopted       bool // a pending secret became current in this event
	carry         *Pending
	before, after []string
}

// unknownIds are the listed ids that are neither s's current nor its
// previous secret.
func unknownIds(listed []string, s State) []string {
	var out []string
	for _, id := range listed {
		if id != s.Current.Id && (s.Previous == nil || id != s.Previous.Id) {
			out = append(out, id)
		}
	}
	return out
}

func idList(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, " and ")
}

func failed(format string, args ...any) Plan {
	return Plan{Kind: Fail, Err: fmt.Errorf(format, args...)}
}
