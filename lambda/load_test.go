package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-lambda-go/lambda"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
	"github.com/cognito-client-resource/cognitoclient/internal/secretsfake"
	"github.com/cognito-client-resource/cognitoclient/internal/wire"
)

// The load: every figure of issue 5, in one place.
const (
	loadPools     = 20
	loadWorkers   = 50 // events in flight at once: each worker runs one stack's events in order
	loadPerWorker = 6  // events per worker: 300 in all
	loadRate      = 5  // Cognito requests per second per operation per pool, as the service throttles
	loadDeadline  = 60 * time.Second
)

// TestLoad runs 300 events (Create, Update, Delete, in both modes, with
// replacements, failures and rollbacks among them) over 20 user pools, 50
// in flight at once, through the assembled function with the production
// retry policy, against a fake that throttles like Cognito. It asserts that
// every event got exactly one response, that every SUCCESS left its client
// exactly in the declared state, that every FAILED changed nothing and left
// no client behind, and that no goroutine outlives the run.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("runs in real time under the fake's rate limit")
	}
	goroutines := runtime.NumGoroutine()
	start := time.Now()

	l := &load{t: t, fake: cognitofake.New(cognitofake.WithRateLimit(loadRate)), sm: secretsfake.New(), receiver: lambdalocal.NewReceiver()}
	t.Cleanup(l.fake.Close)
	t.Cleanup(l.sm.Close)
	t.Cleanup(func() { _ = l.receiver.Close() })
	for range loadPools {
		l.pools = append(l.pools, l.fake.CreatePool())
	}
	awsEnv(t, l.fake.URL(), l.sm.URL(), true)
	t.Cleanup(func() {
		for _, pool := range l.pools {
			for _, secret := range secretsOf(l.fake, pool, l.sm) {
				suiteSecrets.Store(secret, true)
			}
		}
	})
	l.f = entry(io.MultiWriter(&suiteLogs, &l.logs), nil, l.countOperations)

	sampling := make(chan struct{})
	sampled := make(chan uint64)
	go sampleHeap(sampling, sampled)

	var wg sync.WaitGroup
	for w := range loadWorkers {
		wg.Go(func() { l.stack(w) })
	}
	wg.Wait()
	wall := time.Since(start)
	close(sampling)
	peakHeap := <-sampled

	l.checkResponses()
	l.checkNothingLeft()
	calls := l.fake.Calls()
	throttled := 0
	for _, c := range calls {
		if c.Err == cognitofake.Throttle.String() {
			throttled++
		}
	}
	durations := l.durations(len(calls))

	// Nothing may outlive the events: once the servers are closed (which
	// closes their connections; a response keeps none), the goroutine
	// count must come back to where it started.
	l.fake.Close()
	l.sm.Close()
	_ = l.receiver.Close()
	if err := settle(goroutines, 10*time.Second); err != nil {
		t.Error(err)
	}

	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	t.Logf("load: %d events over %d pools, %d in flight (peak %d), rate limit %d/s per operation per pool, deadline %v",
		l.sent.Load(), loadPools, loadWorkers, l.peak.Load(), loadRate, loadDeadline)
	t.Logf("load: wall time %v; per event p50 %v, p95 %v, max %v",
		wall.Round(10*time.Millisecond), durations[len(durations)/2], durations[len(durations)*95/100], durations[len(durations)-1])
	t.Logf("load: %d Cognito requests for %d operations: %d throttled (TooManyRequestsException) and absorbed, %d retries",
		len(calls), l.operations.Load(), throttled, int64(len(calls))-l.operations.Load())
	t.Logf("load: %d SUCCESS, %d FAILED (the invalid ones, by design); peak heap in use %.1f MiB, peak RSS of the test process %.1f MiB",
		l.succeeded.Load(), l.failed.Load(), float64(peakHeap)/(1<<20), float64(ru.Maxrss)/1024)
}

// load is one run of TestLoad: the fake, the receiver standing in for
// CloudFormation's pre-signed URLs, the function, and what was seen.
type load struct {
	t        *testing.T
	fake     *cognitofake.Server
	sm       *secretsfake.Server
	receiver *lambdalocal.Receiver
	pools    []string
	f        lambda.Handler
	logs     lockedBuffer

	sent, inFlight, peak atomic.Int32
	succeeded, failed    atomic.Int32
	operations           atomic.Int64 // Cognito operations called, each counted once however often retried

	mu       sync.Mutex
	results  map[string]cfn.Response // by ResponseURL path: what the function returned
	existing map[string]string       // client id → pool of the clients made out of band
}

// countOperations counts each Cognito operation once, before the retry
// loop, so that requests minus operations is the number of retries.
func (l *load) countOperations(o *cip.Options) {
	o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
		return s.Initialize.Add(middleware.InitializeMiddlewareFunc("CountOperation",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				l.operations.Add(1)
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
	})
}

// stack is worker w: the events CloudFormation would send for one stack's
// resources, in order, each one's PhysicalResourceId taken from the answer
// to the one before. Every script is six events.
func (l *load) stack(w int) {
	pool := l.pools[w%loadPools]
	owned := map[string]any{
		"UserPoolId": pool, "ClientName": fmt.Sprintf("load-%02d", w),
		"AccessTokenValidity": "10h", "RefreshTokenValidity": "30d",
		"ExplicitAuthFlows": []any{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
	}
	ownedUpdated := with(owned, map[string]any{"AccessTokenValidity": "2h", "AllowedOAuthFlows": []any{"code"},
		"AllowedOAuthScopes": []any{"openid", "email"}, "CallbackURLs": []any{"https://app.example.com/cb"}})
	ownedReplaced := with(owned, map[string]any{"GenerateSecret": "true"})
	invalid := with(owned, map[string]any{"AccessTokenValidity": "2d"}) // over 1 day

	existing := func() map[string]any {
		id := l.fake.PutClient(pool, types.UserPoolClientType{
			ClientName:        new(fmt.Sprintf("made-elsewhere-%02d", w)),
			ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		})
		l.mu.Lock()
		if l.existing == nil {
			l.existing = map[string]string{}
		}
		l.existing[id] = pool
		l.mu.Unlock()
		return map[string]any{"UserPoolId": pool, "ClientId": id, "AllowedOAuthFlows": []any{"code"},
			"AllowedOAuthScopes": []any{"openid"}, "CallbackURLs": []any{"https://d111111abcdef8.cloudfront.net/cb"}}
	}
	existingUpdated := func(p map[string]any) map[string]any {
		return with(p, map[string]any{"AccessTokenValidity": "3h",
			"CallbackURLs": []any{"https://d111111abcdef8.cloudfront.net/cb", "https://app.example.com/cb"}})
	}

	ok, bad := cfn.StatusSuccess, cfn.StatusFailed
	switch w % 5 {
	case 0, 1: // create, update, delete in both modes
		id := l.send(w, cfn.RequestCreate, "", owned, nil, ok)
		id = l.send(w, cfn.RequestUpdate, id, ownedUpdated, owned, ok)
		l.send(w, cfn.RequestDelete, id, ownedUpdated, nil, ok)
		e := existing()
		id = l.send(w, cfn.RequestCreate, "", e, nil, ok)
		id = l.send(w, cfn.RequestUpdate, id, existingUpdated(e), e, ok)
		l.send(w, cfn.RequestDelete, id, existingUpdated(e), nil, ok)
	case 2: // a replacement and its two Deletes; a failed Create and its Delete
		old := l.send(w, cfn.RequestCreate, "", owned, nil, ok)
		id := l.send(w, cfn.RequestUpdate, old, ownedReplaced, owned, ok)
		if id == old && id != "" {
			l.t.Errorf("worker %d: a replacement kept the id %s", w, id)
		}
		l.send(w, cfn.RequestDelete, old, owned, nil, ok)
		l.send(w, cfn.RequestDelete, id, ownedReplaced, nil, ok)
		id = l.send(w, cfn.RequestCreate, "", invalid, nil, bad)
		l.send(w, cfn.RequestDelete, id, invalid, nil, ok)
	case 3: // a failed Update and its rollback, owned; existing create and delete
		id := l.send(w, cfn.RequestCreate, "", owned, nil, ok)
		l.send(w, cfn.RequestUpdate, id, invalid, owned, bad)
		l.send(w, cfn.RequestUpdate, id, owned, invalid, ok)
		l.send(w, cfn.RequestDelete, id, owned, nil, ok)
		e := existing()
		id = l.send(w, cfn.RequestCreate, "", e, nil, ok)
		l.send(w, cfn.RequestDelete, id, e, nil, ok)
	case 4: // an Update rolled back in existing mode; owned create and delete
		e := existing()
		id := l.send(w, cfn.RequestCreate, "", e, nil, ok)
		l.send(w, cfn.RequestUpdate, id, existingUpdated(e), e, ok)
		l.send(w, cfn.RequestUpdate, id, e, existingUpdated(e), ok)
		l.send(w, cfn.RequestDelete, id, e, nil, ok)
		id = l.send(w, cfn.RequestCreate, "", owned, nil, ok)
		l.send(w, cfn.RequestDelete, id, owned, nil, ok)
	}
}

// with returns a copy of p with the values of over.
func with(p, over map[string]any) map[string]any {
	out := maps.Clone(p)
	maps.Copy(out, over)
	return out
}

// send delivers one event with its own ResponseURL and a 60 s deadline,
// checks what it answered and what it left in Cognito, and returns the
// PhysicalResourceId it answered.
func (l *load) send(w int, rt cfn.RequestType, physicalID string, properties, old map[string]any, want cfn.StatusType) string {
	n := l.sent.Add(1)
	path := fmt.Sprintf("/load/%03d", n)
	e := cfn.Event{
		RequestType: rt, RequestID: fmt.Sprintf("load-%03d", n), ResponseURL: l.receiver.URL(path + "?" + presignedQuery),
		StackID:           fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/load-%02d/1", lambdalocal.Region, lambdalocal.Account, w),
		LogicalResourceID: "Client", ResourceType: "Custom::CognitoUserPoolClient",
		PhysicalResourceID: physicalID, ResourceProperties: properties, OldResourceProperties: old,
	}
	s, _ := props.Decode(properties)
	target := physicalID
	if s.Existing() {
		target = s.ClientId
	}
	before, existed := l.config(s.UserPoolId, target)

	raise(&l.peak, l.inFlight.Add(1))
	ctx, cancel := context.WithTimeout(invocation(), loadDeadline)
	out, err := l.f.Invoke(ctx, mustJSON(l.t, e))
	cancel()
	l.inFlight.Add(-1)

	var resp cfn.Response
	if err != nil || json.Unmarshal(out, &resp) != nil {
		l.t.Errorf("event %d: the function returned %s, %v", n, out, err)
		return ""
	}
	if secret, ok := resp.Data["ClientSecret"].(string); ok {
		suiteSecrets.Store(secret, true)
	}
	l.mu.Lock()
	if l.results == nil {
		l.results = map[string]cfn.Response{}
	}
	l.results[path] = resp
	l.mu.Unlock()
	if resp.Status != want {
		l.t.Errorf("event %d (%s, worker %d): %s, want %s: %s", n, rt, w, resp.Status, want, resp.Reason)
		return resp.PhysicalResourceID
	}
	if want == cfn.StatusFailed {
		l.failed.Add(1)
		after, exists := l.config(s.UserPoolId, target)
		if exists != existed || props.Changed(before, after) != nil {
			l.t.Errorf("event %d: a FAILED %s changed client %s", n, rt, target)
		}
		return resp.PhysicalResourceID
	}
	l.succeeded.Add(1)

	id := resp.PhysicalResourceID
	after, exists := l.config(s.UserPoolId, id)
	switch {
	case rt == cfn.RequestDelete && !s.Existing():
		if exists {
			l.t.Errorf("event %d: client %s still there after its Delete", n, id)
		}
		return id
	case rt == cfn.RequestDelete:
		if !exists || props.Changed(before, after) != nil {
			l.t.Errorf("event %d: the Delete of an existing client touched it", n)
		}
		return id
	case !exists:
		l.t.Errorf("event %d: SUCCESS but no client %s", n, id)
		return id
	}
	// The declared state: what the lifecycle must have made of the client,
	// rebuilt from the event alone. A new owned client starts from
	// Cognito's defaults, every other from the client before the event.
	var prev props.Fields
	base := before
	if s.Existing() || (rt == cfn.RequestUpdate && id == physicalID) {
		if !existed && !s.Existing() {
			l.t.Errorf("event %d: no client %s before the Update", n, physicalID)
		}
		if rt == cfn.RequestUpdate {
			o, _ := props.Decode(old)
			prev = o.Declared
		}
	} else {
		base = props.Defaults()
	}
	if diff := props.Changed(props.Overlay(base, s, prev), after); diff != nil {
		l.t.Errorf("event %d (%s, worker %d): client %s differs from the declared state in %v", n, rt, w, id, diff)
	}
	return id
}

// raise sets peak to v if v is larger.
func raise(peak *atomic.Int32, v int32) {
	for {
		p := peak.Load()
		if v <= p || peak.CompareAndSwap(p, v) {
			return
		}
	}
}

// config is the stored configuration of a client, as Describe shows it.
func (l *load) config(pool, id string) (props.Config, bool) {
	c, ok := l.fake.Client(pool, id)
	if !ok {
		return props.Config{}, false
	}
	return wire.FromClient(&c), true
}

// checkResponses asserts that each event's ResponseURL received exactly one
// PUT, whose body is the function's result.
func (l *load) checkResponses() {
	got := map[string][]lambdalocal.Received{}
	for _, r := range l.receiver.Responses() {
		got[r.Path] = append(got[r.Path], r)
	}
	if len(l.results) != loadWorkers*loadPerWorker || len(got) != len(l.results) {
		l.t.Errorf("%d events answered, %d ResponseURLs received something; want %d", len(l.results), len(got), loadWorkers*loadPerWorker)
	}
	for path, resp := range l.results {
		rs := got[path]
		if len(rs) != 1 || rs[0].Method != http.MethodPut {
			l.t.Errorf("%s: %d requests, want exactly one PUT", path, len(rs))
			continue
		}
		var sent cfn.Response
		if err := json.Unmarshal(rs[0].Body, &sent); err != nil || sent.Status != resp.Status ||
			sent.PhysicalResourceID != resp.PhysicalResourceID || sent.RequestID != resp.RequestID {
			l.t.Errorf("%s: sent %+v, the function returned %+v", path, sent, resp)
		}
		if len(rs[0].Body) > response.MaxBody {
			l.t.Errorf("%s: a body of %d bytes", path, len(rs[0].Body))
		}
	}
}

// checkNothingLeft asserts that the pools hold exactly the clients made out
// of band: every owned client was deleted and no FAILED left one behind.
func (l *load) checkNothingLeft() {
	for _, pool := range l.pools {
		for _, c := range l.fake.Clients(pool) {
			if l.existing[*c.ClientId] != pool {
				l.t.Errorf("pool %s: client %s (%s) was left behind", pool, *c.ClientId, *c.ClientName)
			}
		}
	}
	left := 0
	for _, pool := range l.pools {
		left += len(l.fake.Clients(pool))
	}
	if left != len(l.existing) {
		l.t.Errorf("%d clients in the pools, want the %d made out of band", left, len(l.existing))
	}
}

// durations returns the sorted durations of the event lines, after checking
// that there is one line per event and that the lines count every request
// Cognito received.
func (l *load) durations(requests int) []time.Duration {
	var ds []time.Duration
	calls := 0
	for _, line := range strings.Split(l.logs.String(), "\n") {
		if !strings.Contains(line, `"msg":"event handled"`) {
			continue
		}
		var v struct {
			DurationMS   int64 `json:"duration_ms"`
			CognitoCalls int   `json:"cognito_calls"`
		}
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			l.t.Fatal(err)
		}
		ds = append(ds, time.Duration(v.DurationMS)*time.Millisecond)
		calls += v.CognitoCalls
	}
	if len(ds) != loadWorkers*loadPerWorker {
		l.t.Fatalf("%d event lines, want %d", len(ds), loadWorkers*loadPerWorker)
	}
	if calls != requests {
		l.t.Errorf("the event lines count %d Cognito requests, the fake received %d", calls, requests)
	}
	slices.Sort(ds)
	return ds
}

// sampleHeap reads the heap in use every 10 ms until stop is closed, then
// sends the largest value seen.
func sampleHeap(stop <-chan struct{}, peak chan<- uint64) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var seen uint64
	var m runtime.MemStats
	for {
		runtime.ReadMemStats(&m)
		seen = max(seen, m.HeapInuse)
		select {
		case <-stop:
			peak <- seen
			return
		case <-tick.C:
		}
	}
}

// settle waits, up to limit, for the number of goroutines to come back to
// want, and otherwise reports the ones still running.
func settle(want int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for runtime.NumGoroutine() > want {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			return fmt.Errorf("%d goroutines left running, %d before the run:\n%s", runtime.NumGoroutine(), want, buf)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}
