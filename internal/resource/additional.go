package resource

// The additive URLs of shared clients (docs/reference.md §7): the Delete that
// takes them out, and the bounds of the check that a write of them stuck.

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

// removeAdditions is the Delete of an existing-client resource: it removes
// the URLs its properties add, and changes nothing else. That holds for the
// Delete after a failed Create too (its PhysicalResourceId is no client id,
// but its ClientId property is), because the failure may have come after a
// write landed; removing is idempotent. A client or pool that is gone has
// nothing left to remove: success.
func (r *Resource) removeAdditions(ctx context.Context, e cfn.Event, done response.Outcome) response.Outcome {
	// What of the properties still decodes is what this resource added: a
	// Delete must not fail on a property that does not matter here.
	s, _ := decode(e.ResourceProperties, e.LogicalResourceID)
	if s.Additional.Empty() || s.ClientId == "" || s.UserPoolId == "" {
		return done
	}
	// Nothing declared: the client keeps its configuration, flows, scopes
	// and OAuth flag included, but for the URLs taken out.
	client := props.Settings{UserPoolId: s.UserPoolId, ClientId: s.ClientId}
	out := r.apply(ctx, client, nil, s.Additional, actionDeleted, applying{})
	switch {
	case errors.Is(out.err, errClientGone):
		return done
	case out.Status != cfn.StatusSuccess:
		return out.Outcome
	}
	done.Changed, done.URLRetries, done.Warnings = out.Changed, out.URLRetries, out.Warnings
	if out.wrote {
		done.Action = actionDeleted
	}
	return done
}

// keptLists returns prev without the URL lists that add now adds to: a
// template that goes from declaring a whole list to adding to it keeps the
// list as it is, rather than resetting it as a property no longer declared
// would be, since the other writers' URLs are in it.
func keptLists(prev props.Fields, add props.Additional) props.Fields {
	out := maps.Clone(prev)
	if len(add.CallbackURLs) > 0 {
		delete(out, props.CallbackURLs)
	}
	if len(add.LogoutURLs) > 0 {
		delete(out, props.LogoutURLs)
	}
	return out
}

// urlChecks bounds the check that a write of additive URLs stuck.
type urlChecks struct {
	verify, backoff time.Duration
	writes          int // at most, per event
}

// tooManyURLs reports a list that adding URLs would take over Cognito's 100.
func tooManyURLs(current, full props.Config, add props.Additional) props.Problems {
	var ps props.Problems
	for _, l := range []struct {
		name      props.Name
		add       []string
		cur, full []string
	}{
		{props.AdditionalCallbackURLs, add.CallbackURLs, current.CallbackURLs, full.CallbackURLs},
		{props.AdditionalLogoutURLs, add.LogoutURLs, current.LogoutURLs, full.LogoutURLs},
	} {
		if len(l.add) > 0 && len(l.full) > 100 {
			ps.Add(string(l.name), "would make %d URLs on the client (it has %d), over Cognito's limit of 100: remove URLs that are no longer used first", len(l.full), len(l.cur))
		}
	}
	return ps
}

// notStuck is the failure of URLs that other writers kept undoing.
func notStuck(pending props.URLEdit, writes int) error {
	var parts []string
	if len(pending.Added) > 0 {
		parts = append(parts, "missing: "+strings.Join(pending.Added, ", "))
	}
	if len(pending.Removed) > 0 {
		parts = append(parts, "still present: "+strings.Join(pending.Removed, ", "))
	}
	return fmt.Errorf("%s/%s: after %s, other writers of the client keep undoing this resource's URLs (%s); deploy again once they are done",
		props.AdditionalCallbackURLs, props.AdditionalLogoutURLs, countOf(writes, "write"), strings.Join(parts, "; "))
}

// countOf writes "1 write", "2 writes".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// kept writes a warning for the URLs the edit kept instead of removing, one
// per reason: the property and how many, never the URLs themselves, since a
// log line quotes no value whole.
func kept(e props.URLEdit, clientID string) []string {
	var out []string
	counts := map[string]int{}
	var reasons []string
	for _, k := range e.Kept {
		if counts[k.Why] == 0 {
			reasons = append(reasons, k.Why)
		}
		counts[k.Why]++
	}
	for _, why := range reasons {
		out = append(out, fmt.Sprintf("%s: %s kept on app client %s: %s",
			props.AdditionalCallbackURLs, countOf(counts[why], "callback URL"), clientID, why))
	}
	return out
}

// verifyPause is the pause before the read that checks a write, drawn from
// [verify, 3·verify].
func (c urlChecks) verifyPause() time.Duration {
	return c.verify + rand.N(2*c.verify+1)
}

// backoffBefore is the pause before the n-th repeat of a write (n >= 1),
// drawn from [0, ceiling(n)].
func (c urlChecks) backoffBefore(n int) time.Duration {
	return rand.N(c.ceiling(n) + 1)
}

// ceiling is the longest backoff before the n-th repeat of a write:
// backoff·2^(n-1), at most 8·backoff.
func (c urlChecks) ceiling(n int) time.Duration {
	return min(8*c.backoff, c.backoff<<min(n-1, 10))
}

// longest is the longest the n-th repeat of the read-modify-write can take,
// its check included: the backoff, the check's pause and the calls.
func (c urlChecks) longest(n int) time.Duration {
	const calls = 5 * time.Second // a Describe, an Update and a Describe, with a retry or two
	return c.ceiling(n) + 3*c.verify + calls
}

// timeFor reports whether a repeat of the read-modify-write after n writes,
// with its check, can still end within ctx's deadline at its longest.
func (c urlChecks) timeFor(ctx context.Context, n int) bool {
	dl, ok := ctx.Deadline()
	return !ok || time.Until(dl) > c.longest(n)
}
