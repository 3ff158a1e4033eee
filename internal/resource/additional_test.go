package resource

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

const (
	mainCallback = "https://app.example.com/callback"
	mainLogout   = "https://app.example.com/"
)

// sharedClient stores a client made by another stack: OAuth with the code
// flow, one callback and one logout URL of its own.
func (h *harness) sharedClient() string {
	h.t.Helper()
	return h.fake.PutClient(h.pool, types.UserPoolClientType{
		ClientName:                      aws.String("shared"),
		AllowedOAuthFlowsUserPoolClient: aws.Bool(true),
		AllowedOAuthFlows:               []types.OAuthFlowType{"code"},
		AllowedOAuthScopes:              []string{"openid", "email"},
		CallbackURLs:                    []string{mainCallback},
		LogoutURLs:                      []string{mainLogout},
		DefaultRedirectURI:              aws.String(mainCallback),
		SupportedIdentityProviders:      []string{"COGNITO"},
	})
}

// preview returns the properties of a stack that adds its own URLs to the
// shared client id.
func (h *harness) preview(id, name string) map[string]any {
	return map[string]any{
		"ServiceToken":           "arn:aws:lambda:us-east-1:123456789012:function:cognito-client",
		"UserPoolId":             h.pool,
		"ClientId":               id,
		"AdditionalCallbackURLs": []any{"https://" + name + ".example.com/callback"},
		"AdditionalLogoutURLs":   []any{"https://" + name + ".example.com/"},
	}
}

func urlsOf(name string) (callback, logout string) {
	return "https://" + name + ".example.com/callback", "https://" + name + ".example.com/"
}

func count(ops []string, op string) int {
	n := 0
	for _, o := range ops {
		if o == op {
			n++
		}
	}
	return n
}

// wantURLs checks the stored lists of client id exactly, order included.
func (h *harness) wantURLs(id string, callbacks, logouts []string) {
	h.t.Helper()
	c := h.stored(id)
	if !slices.Equal(c.CallbackURLs, callbacks) || !slices.Equal(c.LogoutURLs, logouts) {
		h.t.Errorf("URLs = %v, %v\nwant   %v, %v", c.CallbackURLs, c.LogoutURLs, callbacks, logouts)
	}
}

// sameButURLs reports what differs between two stored clients other than
// their URL lists and modification date.
func sameButURLs(before, after types.UserPoolClientType) string {
	before.CallbackURLs, after.CallbackURLs = nil, nil
	before.LogoutURLs, after.LogoutURLs = nil, nil
	before.LastModifiedDate, after.LastModifiedDate = nil, nil
	return compareClients(before, after)
}

// The additive lifecycle on one shared client: Create adds, Update swaps in
// one write, a rollback swaps back, an Update re-adds what someone removed,
// Delete removes only this resource's URLs, and nothing but the URL lists
// ever changes.
func TestAdditionalURLsLifecycle(t *testing.T) {
	h := newHarness(t)
	id := h.sharedClient()
	pr1cb, pr1out := urlsOf("pr-1")
	v1 := h.preview(id, "pr-1")

	out, ops := h.handle(event(cfn.RequestCreate, "", v1, nil))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
	wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient", "DescribeUserPoolClient")
	if out.PhysicalResourceID != id || !slices.Equal(out.Changed, []string{"CallbackURLs", "LogoutURLs"}) || out.URLRetries != 0 {
		t.Errorf("PhysicalResourceId %s, Changed %v, URLRetries %d", out.PhysicalResourceID, out.Changed, out.URLRetries)
	}
	h.wantURLs(id, []string{mainCallback, pr1cb}, []string{mainLogout, pr1out})
	// The first full request writes what the client had never set (which
	// Cognito describes as its defaults); from here on only URLs change.
	seed := h.stored(id)

	t.Run("same properties again", func(t *testing.T) {
		out, ops := h.handle(event(cfn.RequestUpdate, id, v1, v1))
		wantStatus(t, out, cfn.StatusSuccess, "unchanged")
		wantOps(t, ops, "DescribeUserPoolClient")
	})

	pr1new := "https://pr-1.example.com/auth/callback"
	v2 := with(v1, "AdditionalCallbackURLs", []any{pr1new})
	t.Run("update swaps in one write", func(t *testing.T) {
		out, ops := h.handle(event(cfn.RequestUpdate, id, v2, v1))
		wantStatus(t, out, cfn.StatusSuccess, "updated")
		wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient", "DescribeUserPoolClient")
		h.wantURLs(id, []string{mainCallback, pr1new}, []string{mainLogout, pr1out})
	})
	t.Run("rollback swaps back", func(t *testing.T) {
		out, ops := h.handle(event(cfn.RequestUpdate, id, v1, v2))
		wantStatus(t, out, cfn.StatusSuccess, "updated")
		if n := count(ops, "UpdateUserPoolClient"); n != 1 {
			t.Errorf("%d writes, want 1", n)
		}
		h.wantURLs(id, []string{mainCallback, pr1cb}, []string{mainLogout, pr1out})
	})
	t.Run("update re-adds what someone else removed", func(t *testing.T) {
		c := h.stored(id)
		c.CallbackURLs = []string{mainCallback}
		h.fake.PutClient(h.pool, c)
		out, _ := h.handle(event(cfn.RequestUpdate, id, v1, v1))
		wantStatus(t, out, cfn.StatusSuccess, "updated")
		h.wantURLs(id, []string{mainCallback, pr1cb}, []string{mainLogout, pr1out})
	})
	t.Run("delete removes only this resource's URLs", func(t *testing.T) {
		other, _ := urlsOf("someone-else")
		c := h.stored(id)
		c.CallbackURLs = append(c.CallbackURLs, other)
		h.fake.PutClient(h.pool, c)
		out, ops := h.handle(event(cfn.RequestDelete, id, v1, nil))
		wantStatus(t, out, cfn.StatusSuccess, "deleted")
		wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient", "DescribeUserPoolClient")
		if out.PhysicalResourceID != id || len(out.Warnings) != 0 {
			t.Errorf("PhysicalResourceId %s, warnings %v", out.PhysicalResourceID, out.Warnings)
		}
		h.wantURLs(id, []string{mainCallback, other}, []string{mainLogout})
		if diff := sameButURLs(seed, h.stored(id)); diff != "" {
			t.Errorf("more than the URL lists changed over the lifecycle:\n%s", diff)
		}
	})
	t.Run("delete again has nothing to remove", func(t *testing.T) {
		out, ops := h.handle(event(cfn.RequestDelete, id, v1, nil))
		wantStatus(t, out, cfn.StatusSuccess, "skipped")
		wantOps(t, ops, "DescribeUserPoolClient")
	})
}

// The other declared properties of existing-client mode go in the same
// single write as the URLs.
func TestAdditionalURLsWithOtherProperties(t *testing.T) {
	h := newHarness(t)
	id := h.sharedClient()
	old := h.preview(id, "pr-2")
	h.handle(event(cfn.RequestCreate, "", old, nil))
	next := with(old, "AccessTokenValidity", "2h", "AdditionalLogoutURLs", nil)
	out, ops := h.handle(event(cfn.RequestUpdate, id, next, old))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
	wantOps(t, ops, "DescribeUserPoolClient", "UpdateUserPoolClient", "DescribeUserPoolClient")
	if !slices.Equal(out.Changed, []string{"AccessTokenValidity", "LogoutURLs"}) {
		t.Errorf("Changed = %v", out.Changed)
	}
	cb, _ := urlsOf("pr-2")
	h.wantURLs(id, []string{mainCallback, cb}, []string{mainLogout})
	if c := h.stored(id); *c.AccessTokenValidity != 2 || c.TokenValidityUnits.AccessToken != types.TimeUnitsTypeHours {
		t.Errorf("AccessTokenValidity = %d %s", *c.AccessTokenValidity, c.TokenValidityUnits.AccessToken)
	}
}

// A template that goes from declaring a whole list to adding to it keeps the
// list as it is, other writers' URLs included, for either list; going back
// declares the list whole again.
func TestAdditionalURLsSwitchFromWholeList(t *testing.T) {
	cb8, bye8 := urlsOf("pr-8")
	cbElse, byeElse := urlsOf("someone-else")
	tests := []struct {
		list, notAdding   string
		main, pr8, others string
		// lists are the client's lists, l being the one under test.
		lists func(l ...string) (callbacks, logouts []string)
	}{
		{"CallbackURLs", "AdditionalLogoutURLs", mainCallback, cb8, cbElse,
			func(l ...string) ([]string, []string) { return l, []string{mainLogout} }},
		{"LogoutURLs", "AdditionalCallbackURLs", mainLogout, bye8, byeElse,
			func(l ...string) ([]string, []string) { return []string{mainCallback}, l }},
	}
	for _, tt := range tests {
		t.Run(tt.list, func(t *testing.T) {
			h := newHarness(t)
			id := h.sharedClient()
			whole := map[string]any{"UserPoolId": h.pool, "ClientId": id, tt.list: []any{tt.main, tt.pr8}}
			h.handle(event(cfn.RequestCreate, "", whole, nil))
			c := h.stored(id)
			c.CallbackURLs, c.LogoutURLs = tt.lists(tt.main, tt.pr8, tt.others)
			h.fake.PutClient(h.pool, c)

			adding := with(h.preview(id, "pr-8"), tt.notAdding, nil)
			out, _ := h.handle(event(cfn.RequestUpdate, id, adding, whole))
			wantStatus(t, out, cfn.StatusSuccess, "unchanged")
			callbacks, logouts := tt.lists(tt.main, tt.pr8, tt.others)
			h.wantURLs(id, callbacks, logouts)

			out, _ = h.handle(event(cfn.RequestUpdate, id, whole, adding))
			wantStatus(t, out, cfn.StatusSuccess, "updated")
			callbacks, logouts = tt.lists(tt.main, tt.pr8)
			h.wantURLs(id, callbacks, logouts)
		})
	}
}

// A template that stops declaring its URL lists, adding nothing in their
// place, returns them to Cognito's default, none, as any property no longer
// declared.
func TestAdditionalURLsListsNoLongerDeclared(t *testing.T) {
	h := newHarness(t)
	id := h.fake.PutClient(h.pool, types.UserPoolClientType{ClientName: aws.String("shared")})
	both := map[string]any{"UserPoolId": h.pool, "ClientId": id, "CallbackURLs": []any{mainCallback}, "LogoutURLs": []any{mainLogout}}
	h.handle(event(cfn.RequestCreate, "", both, nil))
	h.wantURLs(id, []string{mainCallback}, []string{mainLogout})
	none := map[string]any{"UserPoolId": h.pool, "ClientId": id}
	out, _ := h.handle(event(cfn.RequestUpdate, id, none, both))
	wantStatus(t, out, cfn.StatusSuccess, "updated")
	h.wantURLs(id, nil, nil)
}

// Delete never leaves a client Cognito would refuse: the DefaultRedirectURI,
// and the last callback URL of a client with the code flow, stay, each with
// a warning that names it.
func TestAdditionalURLsDeleteKeeps(t *testing.T) {
	h := newHarness(t)
	only := h.fake.PutClient(h.pool, types.UserPoolClientType{
		ClientName: aws.String("code-flow"), AllowedOAuthFlowsUserPoolClient: aws.Bool(true),
		AllowedOAuthFlows: []types.OAuthFlowType{"code"}, AllowedOAuthScopes: []string{"openid"},
	})
	redirect := h.sharedClient()
	tests := []struct {
		name     string
		id       string
		setup    func(p map[string]any)
		kept     string
		why      string
		removed  string
		callback []string
	}{
		{name: "last callback URL under code", id: only, kept: "https://pr-3.example.com/callback", why: "last callback URL",
			callback: []string{"https://pr-3.example.com/callback"}},
		{name: "DefaultRedirectURI", id: redirect, kept: "https://pr-3.example.com/callback", why: "DefaultRedirectURI",
			setup:    func(p map[string]any) { p["DefaultRedirectURI"] = "https://pr-3.example.com/callback" },
			callback: []string{mainCallback, "https://pr-3.example.com/callback"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := h.preview(tc.id, "pr-3")
			if tc.setup != nil {
				tc.setup(p)
			}
			out, _ := h.handle(event(cfn.RequestCreate, "", p, nil))
			wantStatus(t, out, cfn.StatusSuccess, "updated")
			before := h.stored(tc.id)
			out, _ = h.handle(event(cfn.RequestDelete, tc.id, p, nil))
			wantStatus(t, out, cfn.StatusSuccess, "deleted")
			h.wantURLs(tc.id, tc.callback, before.LogoutURLs[:len(before.LogoutURLs)-1])
			want := "AdditionalCallbackURLs: 1 callback URL kept on app client " + tc.id + ": "
			if len(out.Warnings) != 1 || !strings.HasPrefix(out.Warnings[0], want) || !strings.Contains(out.Warnings[0], tc.why) ||
				strings.Contains(out.Warnings[0], tc.kept) {
				t.Errorf("warnings = %q, want one naming the property, the count and why (%s), not the URL %s", out.Warnings, tc.why, tc.kept)
			}
			if diff := sameButURLs(before, h.stored(tc.id)); diff != "" {
				t.Errorf("a Delete changed more than URLs:\n%s", diff)
			}
		})
	}
}

// Delete succeeds when there is nothing left to remove the URLs from.
func TestAdditionalURLsDeleteWhenGone(t *testing.T) {
	tests := []struct {
		name string
		gone func(h *harness, id string)
	}{
		{"client gone", func(h *harness, id string) { h.deleteOutOfBand(id) }},
		{"pool gone", func(h *harness, _ string) { h.fake.DeletePool(h.pool) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			id := h.sharedClient()
			p := h.preview(id, "pr-4")
			h.handle(event(cfn.RequestCreate, "", p, nil))
			tc.gone(h, id)
			out, ops := h.handle(event(cfn.RequestDelete, id, p, nil))
			wantStatus(t, out, cfn.StatusSuccess, "skipped")
			if count(ops, "UpdateUserPoolClient") != 0 {
				t.Errorf("calls = %v", ops)
			}
		})
	}
}

// The Delete after a failed Create reports an id that is no client id, yet
// removes the URLs: a write may have landed before the Create failed.
func TestAdditionalURLsDeleteAfterFailedCreate(t *testing.T) {
	h := newHarness(t)
	id := h.sharedClient()
	p := h.preview(id, "pr-5")
	h.handle(event(cfn.RequestCreate, "", p, nil))
	out, _ := h.handle(event(cfn.RequestDelete, response.FailedCreateID("5c7e9a1b-3d4f-4c8e-a0b2-4f6c8e0a2b07"), p, nil))
	wantStatus(t, out, cfn.StatusSuccess, "deleted")
	if out.PhysicalResourceID != response.FailedCreateID("5c7e9a1b-3d4f-4c8e-a0b2-4f6c8e0a2b07") {
		t.Errorf("PhysicalResourceId = %s, want the event's own", out.PhysicalResourceID)
	}
	h.wantURLs(id, []string{mainCallback}, []string{mainLogout})
}

// Cognito's limit of 100 URLs, on a client with 99 callback URLs: adding
// up to exactly 100 is no problem; over 100 after the merge is FAILED after
// the read, before any write, with the count.
func TestAdditionalURLsLimit(t *testing.T) {
	tests := []struct {
		name string
		add  []any
		// reason is empty when the event succeeds.
		reason string
	}{
		{"up to exactly 100", []any{"https://a.example.com/cb"}, ""},
		{"over 100", []any{"https://a.example.com/cb", "https://b.example.com/cb", "https://pr-0.example.com/callback"},
			"AdditionalCallbackURLs: would make 101 URLs on the client (it has 99), over Cognito's limit of 100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			c := h.stored(h.sharedClient())
			for i := range 98 {
				c.CallbackURLs = append(c.CallbackURLs, fmt.Sprintf("https://pr-%d.example.com/callback", i))
			}
			h.fake.PutClient(h.pool, c)
			p := with(h.preview(*c.ClientId, "x"), "AdditionalCallbackURLs", tc.add)
			out, ops := h.handle(event(cfn.RequestCreate, "", p, nil))
			if tc.reason == "" {
				wantStatus(t, out, cfn.StatusSuccess, "updated")
				if n := len(h.stored(*c.ClientId).CallbackURLs); n != 100 {
					t.Errorf("%d callback URLs, want 100", n)
				}
				return
			}
			wantStatus(t, out, cfn.StatusFailed, "failed")
			wantOps(t, ops, "DescribeUserPoolClient")
			if !strings.HasPrefix(out.Reason, "1 problem in the properties, nothing was changed:") || !strings.Contains(out.Reason, tc.reason) {
				t.Errorf("reason = %s", out.Reason)
			}
		})
	}
}

// When another writer fills the client between a write and its repeat, so
// that the URLs no longer fit, the reason says that a write landed.
func TestAdditionalURLsOvertaken(t *testing.T) {
	h := newHarness(t)
	id := h.sharedClient()
	full := h.stored(id)
	full.CallbackURLs = nil
	for i := range 100 {
		full.CallbackURLs = append(full.CallbackURLs, fmt.Sprintf("https://other-%d.example.com/callback", i))
	}
	h.r.cognito = &undoer{Cognito: h.client, h: h, id: id, times: 1, back: full}
	out, _ := h.handle(event(cfn.RequestCreate, "", h.preview(id, "pr-6"), nil))
	wantStatus(t, out, cfn.StatusFailed, "failed")
	if want := "1 write landed, then another writer changed the client so that it can't take this one: AdditionalCallbackURLs: would make 101 URLs"; !strings.HasPrefix(out.Reason, want) {
		t.Errorf("reason = %s\nwant it to start with %s", out.Reason, want)
	}
}

// Refused before any call: beside the list they add to, and in owned mode.
func TestAdditionalURLsRefused(t *testing.T) {
	h := newHarness(t)
	id := h.sharedClient()
	tests := []struct {
		name   string
		props  map[string]any
		reason string
	}{
		{"with CallbackURLs", with(h.preview(id, "a"), "CallbackURLs", []any{mainCallback}), "AdditionalCallbackURLs: can't be used with CallbackURLs"},
		{"with LogoutURLs", with(h.preview(id, "a"), "LogoutURLs", []any{mainLogout}), "AdditionalLogoutURLs: can't be used with LogoutURLs"},
		{"owned mode", with(h.preview(id, "a"), "ClientId", nil), "AdditionalCallbackURLs: can be used only with ClientId"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, rt := range []cfn.RequestType{cfn.RequestCreate, cfn.RequestUpdate} {
				out, ops := h.handle(event(rt, id, tc.props, h.preview(id, "a")))
				wantStatus(t, out, cfn.StatusFailed, "failed")
				wantOps(t, ops)
				if !strings.Contains(out.Reason, tc.reason) {
					t.Errorf("%s: reason = %s", rt, out.Reason)
				}
			}
		})
	}
}

// undoer is a Cognito whose every UpdateUserPoolClient is followed by
// another writer's, as a stack racing this one would write: it puts back
// the lists the client had before, as many times as told.
type undoer struct {
	Cognito
	h     *harness
	id    string
	times int
	back  types.UserPoolClientType
}

func (u *undoer) UpdateUserPoolClient(ctx context.Context, in *cip.UpdateUserPoolClientInput, opts ...func(*cip.Options)) (*cip.UpdateUserPoolClientOutput, error) {
	out, err := u.Cognito.UpdateUserPoolClient(ctx, in, opts...)
	if u.times > 0 {
		u.times--
		c := u.h.stored(u.id)
		c.CallbackURLs, c.LogoutURLs = u.back.CallbackURLs, u.back.LogoutURLs
		u.h.fake.PutClient(u.h.pool, c)
	}
	return out, err
}

// A write that another writer undoes is repeated until it sticks, and the
// repeats are counted; a write undone every time fails, naming the URLs.
func TestAdditionalURLsRepeatUndoneWrites(t *testing.T) {
	tests := []struct {
		name    string
		undone  int
		status  cfn.StatusType
		retries int
		writes  int
	}{
		{"undone once", 1, cfn.StatusSuccess, 1, 2},
		{"undone four times", 4, cfn.StatusSuccess, 4, 5},
		{"undone every time", 100, cfn.StatusFailed, 4, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			id := h.sharedClient()
			u := &undoer{Cognito: h.client, h: h, id: id, times: tc.undone, back: h.stored(id)}
			h.r.cognito = u
			out, ops := h.handle(event(cfn.RequestCreate, "", h.preview(id, "pr-6"), nil))
			if out.Status != tc.status || out.URLRetries != tc.retries || count(ops, "UpdateUserPoolClient") != tc.writes {
				t.Fatalf("%s with %d retries and %d writes (%s); want %s, %d, %d", out.Status, out.URLRetries, count(ops, "UpdateUserPoolClient"), out.Reason, tc.status, tc.retries, tc.writes)
			}
			cb, bye := urlsOf("pr-6")
			if tc.status == cfn.StatusSuccess {
				h.wantURLs(id, []string{mainCallback, cb}, []string{mainLogout, bye})
				return
			}
			if want := "after 5 writes, other writers of the client keep undoing this resource's URLs (missing: " + cb + ", " + bye + ")"; !strings.Contains(out.Reason, want) {
				t.Errorf("reason = %s\nwant it to contain %s", out.Reason, want)
			}
		})
	}
}

// A Delete whose removal another writer undoes every time fails naming the
// URLs still present, and nothing missing.
func TestAdditionalURLsRemovalUndone(t *testing.T) {
	h := newHarness(t)
	id := h.sharedClient()
	p := h.preview(id, "pr-6")
	h.handle(event(cfn.RequestCreate, "", p, nil))
	h.r.cognito = &undoer{Cognito: h.client, h: h, id: id, times: 100, back: h.stored(id)}
	out, _ := h.handle(event(cfn.RequestDelete, id, p, nil))
	wantStatus(t, out, cfn.StatusFailed, "failed")
	cb, bye := urlsOf("pr-6")
	if want := "after 5 writes, other writers of the client keep undoing this resource's URLs (still present: " + cb + ", " + bye + ")"; !strings.Contains(out.Reason, want) {
		t.Errorf("reason = %s\nwant it to contain %s", out.Reason, want)
	}
}

// Stacks that add their URLs to one client at the same time all end with
// their URLs there and none of another's removed, although each update's
// latency makes every stack read the client before any write lands. Then
// one stack's Delete removes its URLs and only those.
func TestAdditionalURLsConcurrentStacks(t *testing.T) {
	for _, stacks := range []int{2, 5} {
		t.Run(fmt.Sprintf("%d stacks", stacks), func(t *testing.T) {
			h := newHarness(t)
			// The check must wait longer than another writer's read takes to
			// land as a write: the latency plus the time to send it.
			h.r = New(h.client, WithURLPauses(100*time.Millisecond, 20*time.Millisecond))
			h.fake.SetLatency("UpdateUserPoolClient", 20*time.Millisecond)
			id := h.sharedClient()

			outs := make([]response.Outcome, stacks)
			var wg sync.WaitGroup
			for i := range stacks {
				wg.Add(1)
				go func() {
					defer wg.Done()
					e := event(cfn.RequestCreate, "", h.preview(id, fmt.Sprintf("pr-%d", i)), nil)
					e.LogicalResourceID = fmt.Sprintf("Preview%d", i)
					outs[i] = h.r.Handle(context.Background(), e)
				}()
			}
			wg.Wait()

			retries, most := 0, 0
			for i, out := range outs {
				if out.Status != cfn.StatusSuccess {
					t.Fatalf("stack %d: %s", i, out.Reason)
				}
				retries, most = retries+out.URLRetries, max(most, out.URLRetries)
			}
			t.Logf("%d stacks: %d repeated writes in all, at most %d by one stack", stacks, retries, most)
			callbacks, logouts := []string{mainCallback}, []string{mainLogout}
			for i := range stacks {
				cb, bye := urlsOf(fmt.Sprintf("pr-%d", i))
				callbacks, logouts = append(callbacks, cb), append(logouts, bye)
			}
			c := h.stored(id)
			if !sameSet(c.CallbackURLs, callbacks) || !sameSet(c.LogoutURLs, logouts) {
				t.Fatalf("URLs = %v, %v\nwant   %v, %v (any order)", c.CallbackURLs, c.LogoutURLs, callbacks, logouts)
			}

			out := h.r.Handle(context.Background(), event(cfn.RequestDelete, id, h.preview(id, "pr-0"), nil))
			wantStatus(t, out, cfn.StatusSuccess, "deleted")
			c = h.stored(id)
			if !sameSet(c.CallbackURLs, slices.Delete(callbacks, 1, 2)) || !sameSet(c.LogoutURLs, slices.Delete(logouts, 1, 2)) {
				t.Errorf("after pr-0's Delete, URLs = %v, %v", c.CallbackURLs, c.LogoutURLs)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// Repeats stop early when the deadline could not hold another one with its
// check: one write, then FAILED naming the URLs.
func TestAdditionalURLsRepeatsWithinDeadline(t *testing.T) {
	h := newHarness(t)
	id := h.sharedClient()
	h.r.cognito = &undoer{Cognito: h.client, h: h, id: id, times: 100, back: h.stored(id)}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	h.fake.ResetCalls()
	out := h.r.Handle(ctx, event(cfn.RequestCreate, "", h.preview(id, "pr-7"), nil))
	wantStatus(t, out, cfn.StatusFailed, "failed")
	writes := 0
	for _, c := range h.fake.Calls() {
		if c.Operation == "UpdateUserPoolClient" {
			writes++
		}
	}
	if writes != 1 || !strings.Contains(out.Reason, "after 1 write,") {
		t.Errorf("%d writes, reason %s; want 1", writes, out.Reason)
	}
}

// The pauses of the check of a write are drawn from the ranges
// WithURLPauses states, and a repeat is started only when its longest run
// ends before the deadline.
func TestURLChecks(t *testing.T) {
	t.Parallel()
	c := urlChecks{verify: time.Second, backoff: time.Second}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 8 * time.Second, 64: 8 * time.Second} {
		if got := c.ceiling(n); got != want {
			t.Errorf("the backoff before repeat %d is at most %v, want %v", n, got, want)
		}
		// The backoff, a check's pause of at most 3 s, and 5 s of calls.
		if got := c.longest(n); got != want+3*time.Second+5*time.Second {
			t.Errorf("repeat %d takes at most %v, want %v", n, got, want+8*time.Second)
		}
	}
	// Small units, so that a few hundred draws reach both ends of a range.
	tiny := urlChecks{verify: 2, backoff: 1}
	drawn := func(draw func() time.Duration, lo, hi time.Duration) {
		t.Helper()
		seen := map[time.Duration]bool{}
		for range 500 {
			d := draw()
			if d < lo || d > hi {
				t.Fatalf("drew %d, outside [%d, %d]", d, lo, hi)
			}
			seen[d] = true
		}
		if !seen[lo] || !seen[hi] {
			t.Errorf("500 draws from [%d, %d] never reached an end: %v", lo, hi, seen)
		}
	}
	drawn(tiny.verifyPause, 2, 6)
	drawn(func() time.Duration { return tiny.backoffBefore(3) }, 0, 4)

	for _, tt := range []struct {
		left time.Duration
		want bool
	}{{c.longest(2) + time.Minute, true}, {c.longest(2) - 500*time.Millisecond, false}} {
		ctx, cancel := context.WithTimeout(context.Background(), tt.left)
		if got := c.timeFor(ctx, 2); got != tt.want {
			t.Errorf("with %v left, time for repeat 2 (at most %v) = %v", tt.left, c.longest(2), got)
		}
		cancel()
	}
	if !c.timeFor(context.Background(), 2) {
		t.Error("without a deadline there is always time")
	}
}

// TestDefaults: a Resource's pauses are those New documents.
func TestDefaults(t *testing.T) {
	t.Parallel()
	r := New(nil)
	if want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}; !slices.Equal(r.notFoundPauses, want) {
		t.Errorf("not-found pauses %v, want %v", r.notFoundPauses, want)
	}
	if want := (urlChecks{verify: time.Second, backoff: time.Second, writes: 5}); r.urls != want {
		t.Errorf("URL checks %+v, want %+v", r.urls, want)
	}
}
