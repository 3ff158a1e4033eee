package calls_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/calls"
)

func TestAdd(t *testing.T) {
	type ctxKey struct{}
	tests := []struct {
		name string
		// derive turns the counting context into the one Add is called with.
		derive func(context.Context) context.Context
		adds   int
		want   int64
	}{
		{name: "no request", derive: func(c context.Context) context.Context { return c }, adds: 0, want: 0},
		{name: "on the counting context", derive: func(c context.Context) context.Context { return c }, adds: 3, want: 3},
		{name: "on a derived context", derive: func(c context.Context) context.Context {
			return context.WithValue(c, ctxKey{}, "x")
		}, adds: 2, want: 2},
		{name: "on a cancelled derived context", derive: func(c context.Context) context.Context {
			d, cancel := context.WithCancel(c)
			cancel()
			return d
		}, adds: 1, want: 1},
		{name: "on a context without the counter", derive: func(context.Context) context.Context {
			return context.Background()
		}, adds: 4, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, c := calls.WithCounter(context.Background())
			target := tt.derive(ctx)
			for range tt.adds {
				calls.Add(target)
			}
			if got := c.Load(); got != tt.want {
				t.Errorf("Load() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestCountersAreIndependent(t *testing.T) {
	ctxA, a := calls.WithCounter(context.Background())
	ctxB, b := calls.WithCounter(ctxA) // a nested counter shadows the outer one
	calls.Add(ctxA)
	calls.Add(ctxB)
	calls.Add(ctxB)
	if a.Load() != 1 || b.Load() != 2 {
		t.Errorf("a = %d, b = %d, want 1 and 2", a.Load(), b.Load())
	}
}

func TestAddConcurrently(t *testing.T) {
	ctx, c := calls.WithCounter(context.Background())
	const workers, each = 8, 100
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				calls.Add(ctx)
			}
		})
	}
	wg.Wait()
	if got := c.Load(); got != workers*each {
		t.Errorf("Load() = %d, want %d", got, workers*each)
	}
}

func ExampleWithCounter() {
	ctx, counter := calls.WithCounter(context.Background())
	// A Cognito client's middleware calls Add once per HTTP attempt.
	calls.Add(ctx)
	calls.Add(ctx)
	fmt.Println(counter.Load())
	// Output: 2
}
