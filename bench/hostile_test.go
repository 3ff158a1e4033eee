package main

import (
	"strings"
	"testing"
	"time"
)

// Every hostile event is one CloudFormation could send, at most 1 MiB, but
// for one that only a direct synchronous invocation can, at most 6 MiB.
func TestHostileShapesFit(t *testing.T) {
	s := newStage()
	defer s.close()
	for _, sh := range hostileShapes {
		t.Run(sh.name, func(t *testing.T) {
			if sh.limit() != maxEvent && sh.limit() != maxInvoke {
				t.Fatalf("a limit of %d bytes", sh.limit())
			}
			if n := len(sh.event(s)); n > sh.limit() || n < sh.limit()*3/4 {
				t.Errorf("the event is %d bytes, want about %d and at most that", n, sh.limit())
			}
		})
	}
}

func TestHostileRowsBudgets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		r      hostileResult
		missed []string // figure prefixes of the budgets missed
	}{
		{"at the budgets", hostileResult{shape: "x", rss: hostileRSSBudget, cpu: hostileCPUBudget}, nil},
		{"RSS over", hostileResult{shape: "x", rss: hostileRSSBudget + 1, cpu: time.Millisecond}, []string{"hostile event, x ("}},
		{"CPU over", hostileResult{shape: "x", rss: 1, cpu: hostileCPUBudget + 1}, []string{"hostile event, x: CPU"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var missed []string
			for _, r := range hostileRows([]hostileResult{tc.r}) {
				if r.budget == "" {
					t.Errorf("%s has no budget", r.figure)
				}
				if !r.met {
					missed = append(missed, r.figure)
				}
			}
			if len(missed) != len(tc.missed) {
				t.Fatalf("missed %q, want %q", missed, tc.missed)
			}
			for i := range missed {
				if !strings.HasPrefix(missed[i], tc.missed[i]) {
					t.Errorf("missed %q, want %q", missed, tc.missed)
				}
			}
		})
	}
}
