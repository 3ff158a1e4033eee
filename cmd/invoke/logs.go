package main

import (
	"bytes"
	"encoding/json"
	"io"
)

// elided stands for the reason of the function's "event handled" line in
// what invoke prints: the line holds the response's Reason, which the
// response printed on stdout shows already. A FAILED of five problems would
// otherwise fill the terminal twice. The function's own log, in CloudWatch,
// keeps it.
const elided = `"(the response's Reason)"`

// logFilter copies the function's output (its JSON log lines) to out, line
// by line, with the reason of each "event handled" line elided. Any other
// line passes as it is. It is written by one goroutine at a time, as
// localrun.Start writes one writer given twice.
type logFilter struct {
	out     io.Writer
	pending []byte // the start of a line not yet ended
}

// Write copies the complete lines of p, and keeps the last one if it is
// not ended yet.
func (f *logFilter) Write(p []byte) (int, error) {
	f.pending = append(f.pending, p...)
	for {
		i := bytes.IndexByte(f.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := f.pending[:i+1]
		if _, err := f.out.Write(elideReason(line)); err != nil {
			return len(p), err
		}
		f.pending = f.pending[i+1:]
	}
}

// Flush writes what is left of a line that the function never ended.
func (f *logFilter) Flush() {
	if len(f.pending) > 0 {
		_, _ = f.out.Write(append(elideReason(f.pending), '\n'))
		f.pending = nil
	}
}

// elideReason returns line with the reason of an "event handled" line
// replaced by [elided]. The line is otherwise kept byte for byte: the raw
// value decoded is the one the line holds.
func elideReason(line []byte) []byte {
	var attrs map[string]json.RawMessage
	if json.Unmarshal(line, &attrs) != nil || string(attrs["msg"]) != `"event handled"` || attrs["reason"] == nil {
		return line
	}
	key := []byte(`"reason":`)
	return bytes.Replace(line, append(key, attrs["reason"]...), append(key, elided...), 1)
}
