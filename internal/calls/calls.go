// Package calls counts the requests sent to Cognito for one event.
//
// The counter travels in the event's context rather than in a package
// variable, so concurrent events (and parallel tests) never share a count.
package calls

import (
	"context"
	"sync/atomic"
)

// Counter counts requests. It is safe for concurrent use.
type Counter struct {
	n atomic.Int64
}

type counterKey struct{}

// WithCounter returns a child of ctx that carries a new Counter, and that
// Counter. Every [Add] on the returned context, or on a context derived from
// it, is counted once.
func WithCounter(ctx context.Context) (context.Context, *Counter) {
	c := &Counter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

// Add counts one request on the Counter that ctx carries. It does nothing when
// ctx carries no Counter, so code that sends requests never needs to know
// whether anyone is counting.
func Add(ctx context.Context) {
	if c, ok := ctx.Value(counterKey{}).(*Counter); ok {
		c.n.Add(1)
	}
}

// Load returns the number of requests counted so far.
func (c *Counter) Load() int64 {
	return c.n.Load()
}
