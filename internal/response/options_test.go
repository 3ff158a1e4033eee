package response

import (
	"testing"
	"time"
)

// TestOptionsDefaults: zero Options get the production settings their
// documentation states.
func TestOptionsDefaults(t *testing.T) {
	t.Parallel()
	got := newWrapper(nil, Options{}).o
	want := Options{
		Margin: 3 * time.Second, DeliveryMargin: time.Second, FinishMargin: 200 * time.Millisecond,
		AttemptTimeout: 5 * time.Second, BaseBackoff: 250 * time.Millisecond, MaxBackoff: 4 * time.Second, MaxAttempts: 6,
	}
	if got.Margin != want.Margin || got.DeliveryMargin != want.DeliveryMargin || got.FinishMargin != want.FinishMargin ||
		got.AttemptTimeout != want.AttemptTimeout || got.BaseBackoff != want.BaseBackoff || got.MaxBackoff != want.MaxBackoff ||
		got.MaxAttempts != want.MaxAttempts {
		t.Errorf("defaults %+v, want %+v", got, want)
	}
}

// TestBackoff: the wait after the failed attempt n is drawn below
// BaseBackoff·2^(n-1), capped at MaxBackoff, also when the doubling
// overflows.
func TestBackoff(t *testing.T) {
	t.Parallel()
	defaults := Options{BaseBackoff: 250 * time.Millisecond, MaxBackoff: 4 * time.Second}
	huge := Options{BaseBackoff: 1 << 62, MaxBackoff: time.Millisecond} // doubled: negative; doubled again: 0
	tests := []struct {
		o       Options
		attempt int
		want    time.Duration
	}{
		{defaults, 1, 250 * time.Millisecond},
		{defaults, 2, 500 * time.Millisecond},
		{defaults, 4, 2 * time.Second},
		{defaults, 5, 4 * time.Second},
		{defaults, 6, 4 * time.Second},
		{defaults, 100, 4 * time.Second},
		{huge, 1, time.Millisecond},
		{huge, 2, time.Millisecond},
		{huge, 3, time.Millisecond},
	}
	for _, tt := range tests {
		if got := tt.o.backoff(tt.attempt); got != tt.want {
			t.Errorf("%+v, after attempt %d: %v, want %v", tt.o, tt.attempt, got, tt.want)
		}
	}
}
