package main

import (
	"strings"
	"testing"
)

func TestLogFilter(t *testing.T) {
	const handled = `{"time":"t","level":"ERROR","msg":"event handled","request_id":"r","action":"failed","response":"none","reason":"2 problems:\nA: \"x\" is wrong\nB: reason"}`
	tests := []struct {
		name   string
		writes []string // what the function writes, in pieces
		want   string
	}{
		{"a failed event's reason is elided",
			[]string{handled + "\n"},
			`{"time":"t","level":"ERROR","msg":"event handled","request_id":"r","action":"failed","response":"none","reason":"(the response's Reason)"}` + "\n"},
		{"a line in pieces",
			[]string{handled[:20], handled[20:70], handled[70:] + "\n"},
			`{"time":"t","level":"ERROR","msg":"event handled","request_id":"r","action":"failed","response":"none","reason":"(the response's Reason)"}` + "\n"},
		{"a success has no reason",
			[]string{`{"level":"INFO","msg":"event handled","action":"created"}` + "\n"},
			`{"level":"INFO","msg":"event handled","action":"created"}` + "\n"},
		{"another line's reason is kept",
			[]string{`{"level":"WARN","msg":"undo done","reason":"kept"}` + "\n"},
			`{"level":"WARN","msg":"undo done","reason":"kept"}` + "\n"},
		{"a line that is not JSON passes",
			[]string{"panic: boom\n", "goroutine 1\n"},
			"panic: boom\ngoroutine 1\n"},
		{"an unended last line is flushed",
			[]string{"first\nlast"},
			"first\nlast\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			f := &logFilter{out: &out}
			for _, w := range tt.writes {
				if n, err := f.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			f.Flush()
			if out.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", out.String(), tt.want)
			}
		})
	}
}
