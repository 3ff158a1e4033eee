package cognitofake

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// latencies holds the latency of each operation that has one.
type latencies struct {
	mu sync.Mutex
	d  map[string]time.Duration
}

// SetLatency makes every request of operation op wait d before the server
// looks at it (records it, applies faults and the rate limit, reads or
// changes state); d <= 0 removes the latency. Requests wait concurrently,
// so a latency on UpdateUserPoolClient lets two writers both read a client
// before either write lands, the interleaving that loses updates on
// Cognito (an update has no condition on what the writer read):
//
//	s.SetLatency("UpdateUserPoolClient", 50*time.Millisecond)
func (s *Server) SetLatency(op string, d time.Duration) {
	l := &s.latency
	l.mu.Lock()
	defer l.mu.Unlock()
	if d <= 0 {
		delete(l.d, op)
		return
	}
	if l.d == nil {
		l.d = map[string]time.Duration{}
	}
	l.d[op] = d
}

// wait delays a request of op by its latency. When the client gives up or
// the server closes first, it aborts the request unseen (as a request lost
// on its way would be) by panicking with http.ErrAbortHandler, which the
// HTTP server takes as "drop the connection"; it must be called from the
// handler's goroutine.
func (s *Server) wait(ctx context.Context, op string) {
	l := &s.latency
	l.mu.Lock()
	d := l.d[op]
	l.mu.Unlock()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		panic(http.ErrAbortHandler)
	case <-s.done:
		panic(http.ErrAbortHandler)
	}
}
