package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestDemo plays the demo exactly as `make demo` does, so that it cannot
// rot: every step must go as expected, and the account must show each one.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cognito-local")
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var out strings.Builder
	if err := run(ctx, &out); err != nil {
		t.Fatalf("the demo failed: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"== 1/8 Create an owned client",
		"AccessTokenValidity         10h",
		"== 2/8 Update it after a change made out of band",
		"✓ the out-of-band changes survive",
		"== 3/8 Add callback URLs to a client made in the console",
		"== 4/8 An update with several mistakes",
		"| 4 problems in the properties, nothing was changed:",
		"== 5/8 A new user pool replaces the client",
		"== 6/8 Delete the stack",
		"== 7/8 Two preview stacks add their URLs to one shared client",
		"✓ both previews' URLs are on the client",
		"== 8/8 Client secrets",
		"cognito-local has no client secret operations",
		"✓ two valid secrets: the new one is current, the old one previous",
		"✓ no Cognito call that changes anything (a Describe and a List)",
		"✓ the custom value is current",
		"All 8 steps went as expected",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the account lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "✗") {
		t.Errorf("an expectation failed, yet run returned nil:\n%s", got)
	}
	if strings.Contains(got, "X-Amz-Signature") {
		t.Error("the account shows the ResponseURL's signature")
	}
	// Client secrets are 24 to 64 characters of [\w+]: generated ones, 51
	// (Cognito's, in the fake) or 64 (the function's) random letters and
	// digits, and the custom one. No other word of the account that long
	// has a digit.
	for _, long := range secretLike.FindAllString(got, -1) {
		if strings.ContainsAny(long, "0123456789") {
			t.Errorf("the account shows a secret value (%d characters)", len(long))
		}
	}
	if strings.Contains(got, sourceSecret) {
		t.Error("the account shows the custom secret")
	}
	noChildren(t)
}

// secretLike is a run of characters that could be a generated client secret.
var secretLike = regexp.MustCompile(`[A-Za-z0-9_+]{40,}`)

// TestDemoInterrupted stops the demo in the middle, as Ctrl-C does: run must
// fail with the cancellation and leave no process behind.
func TestDemoInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cognito-local")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOn{marker: "== 3/8", cancel: cancel}
	err := run(ctx, out)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("run = %v, want the cancellation\n%s", err, out.String())
	}
	if strings.Contains(out.String(), "== 4/8") {
		t.Errorf("the demo went on after the interruption:\n%s", out.String())
	}
	noChildren(t)
}

// TestChecks covers the verdict of a step.
func TestChecks(t *testing.T) {
	tests := []struct {
		name    string
		results []bool
		wantErr string
		marks   string
	}{
		{"none", nil, "", ""},
		{"all held", []bool{true, true}, "", "✓✓"},
		{"one failed", []bool{true, false, true}, "1 of 3 expectations did not hold", "✓✗✓"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			ck := checks{out: &out}
			for _, ok := range tt.results {
				ck.expect(ok, "something")
			}
			err := ck.err()
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
			var marks string
			for line := range strings.Lines(out.String()) {
				marks += strings.Fields(line)[0]
			}
			if marks != tt.marks {
				t.Errorf("marks printed %q, want %q", marks, tt.marks)
			}
		})
	}
}

// noChildren fails the test if a process this test started still runs.
func noChildren(t *testing.T) {
	t.Helper()
	// pgrep exits 1 when nothing matches; it never lists itself.
	out, err := exec.Command("pgrep", "-l", "-P", strconv.Itoa(os.Getpid())).Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("processes left behind (pgrep: %v):\n%s", err, out)
	}
}

// cancelOn cancels once marker has been written to it.
type cancelOn struct {
	marker string
	cancel context.CancelFunc

	mu sync.Mutex
	b  strings.Builder
}

func (c *cancelOn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.b.Write(p)
	if strings.Contains(c.b.String(), c.marker) {
		c.cancel()
	}
	return len(p), nil
}

func (c *cancelOn) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.String()
}
