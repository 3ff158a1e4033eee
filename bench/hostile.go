package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
)

// The budget of any event up to maxEvent bytes, the most CloudFormation
// sends, and of a direct synchronous invocation's up to maxInvoke bytes:
// the function has 128 MB, and must answer well within its timeout.
const (
	maxEvent         = 1 << 20 // bytes
	maxInvoke        = 6 << 20 // bytes: Lambda's limit for a synchronous invocation's payload
	hostileRSSBudget = 64 << 20
	hostileCPUBudget = time.Second
)

// hostileShape is one of the worst events found: each fills about size
// bytes (maxEvent, unless it says otherwise) with one shape of input.
type hostileShape struct {
	name  string
	size  int // 0: maxEvent
	event func(s *stage) []byte
}

// limit is the most bytes the shape's event may have.
func (h hostileShape) limit() int {
	if h.size == 0 {
		return maxEvent
	}
	return h.size
}

// fill returns n as JSON values made by item(i), as many as fit in budget
// bytes of a JSON list or object (item includes its trailing comma).
func fill(budget int, item func(i int) string) []string {
	var out []string
	used := 0
	for i := 0; ; i++ {
		it := item(i)
		if used+len(it)+1 > budget {
			return out
		}
		out = append(out, it)
		used += len(it) + 1
	}
}

// hostileShapes are the shapes of the bench; each event is at most its
// limit, checked when it is built: maxEvent, but for the one a direct
// invocation may send, which the function refuses unread.
var hostileShapes = []hostileShape{
	{"200,000 one-letter callback URLs", 0, func(s *stage) []byte {
		return s.rawCreate(`"CallbackURLs":[` + strings.TrimSuffix(strings.Repeat(`"a",`, 200_000), ",") + `]`)
	}},
	{"the longest list of non-strings (LogoutURLs: [0,0,…])", 0, func(s *stage) []byte {
		n := (maxEvent - 1024) / 2
		return s.rawCreate(`"LogoutURLs":[` + strings.TrimSuffix(strings.Repeat(`0,`, n), ",") + `]`)
	}},
	{"the longest list without a maximum, every item bad", 0, func(s *stage) []byte {
		n := (maxEvent - 1024) / 6
		return s.rawCreate(`"SupportedIdentityProviders":[` + strings.TrimSuffix(strings.Repeat(`"a b",`, n), ",") + `]`)
	}},
	{"15,000 unknown 60-character property names", 0, func(s *stage) []byte {
		keys := make([]string, 15_000)
		for i := range keys {
			keys[i] = fmt.Sprintf(`"%060d":""`, i)
		}
		return s.rawCreate(strings.Join(keys, ","))
	}},
	{"the most unknown property names (3 bytes each)", 0, func(s *stage) []byte {
		keys := fill(maxEvent-1024, func(i int) string { return fmt.Sprintf(`"%x":0`, i) })
		return s.rawCreate(strings.Join(keys, ","))
	}},
	{"one 1 MiB string (ClientName)", 0, func(s *stage) []byte {
		return s.rawCreate(`"ClientName":"` + strings.Repeat("n", maxEvent-1024) + `"`)
	}},
	{"one 1 MiB property name", 0, func(s *stage) []byte {
		return s.rawCreate(`"` + strings.Repeat("CallbackURLs", (maxEvent-1024)/12) + `":"x"`)
	}},
	{"1 MiB of nested objects, wide (AnalyticsConfiguration)", 0, func(s *stage) []byte {
		keys := fill(maxEvent-1024, func(i int) string { return fmt.Sprintf(`"%x":{"a":{"b":{}}}`, i) })
		return s.rawCreate(`"AnalyticsConfiguration":{` + strings.Join(keys, ",") + `}`)
	}},
	{"1 MiB of empty objects in a list", 0, func(s *stage) []byte {
		n := (maxEvent - 1024) / 3
		return s.rawCreate(`"X":[` + strings.TrimSuffix(strings.Repeat(`{},`, n), ",") + `]`)
	}},
	{"1 MiB of nested objects, 9,000 deep", 0, func(s *stage) []byte {
		chain := strings.Repeat(`{"a":`, 9_000) + "{}" + strings.Repeat("}", 9_000)
		chains := fill(maxEvent-1024, func(i int) string { return fmt.Sprintf(`"%x":%s`, i, chain) })
		return s.rawCreate(strings.Join(chains, ","))
	}},
	{"1 MiB of nesting, deeper than JSON decoders allow", 0, func(s *stage) []byte {
		n := (maxEvent - 1024) / 2
		return s.rawCreate(`"X":` + strings.Repeat("[", n) + strings.Repeat("]", n))
	}},
	{"6 MiB in one string, a direct invocation's most", maxInvoke, func(s *stage) []byte {
		return s.rawCreate(`"ClientName":"` + strings.Repeat("n", maxInvoke-1024) + `"`)
	}},
	{"6 MiB of one-letter callback URLs, a direct invocation's most", maxInvoke, func(s *stage) []byte {
		n := (maxInvoke - 1024) / 4
		return s.rawCreate(`"CallbackURLs":[` + strings.TrimSuffix(strings.Repeat(`"a",`, n), ",") + `]`)
	}},
}

// rawCreate returns an owned Create whose ResourceProperties are the
// stage's pool followed by the JSON members in members, written as raw
// JSON so that no encoder reorders or re-escapes them.
func (s *stage) rawCreate(members string) []byte {
	head := s.event(cfn.RequestCreate, "", map[string]any{}, nil)
	var e map[string]json.RawMessage
	if err := json.Unmarshal(head, &e); err != nil {
		panic(err) // the stage's own event
	}
	pool, _ := json.Marshal(s.pool)
	e["ResourceProperties"] = json.RawMessage(`{"UserPoolId":` + string(pool) + `,` + members + `}`)
	delete(e, "OldResourceProperties")
	var b bytes.Buffer
	b.WriteString("{")
	first := true
	for k, v := range e {
		if !first {
			b.WriteString(",")
		}
		first = false
		key, _ := json.Marshal(k)
		b.Write(key)
		b.WriteString(":")
		b.Write(v)
	}
	b.WriteString("}")
	return b.Bytes()
}

// hostileResult is what one hostile event cost the process that answered
// it, from its start to its end.
type hostileResult struct {
	shape  string
	size   int // bytes of the event
	rss    int64
	cpu    time.Duration
	status cfn.StatusType
	reason string // the first line of a FAILED reason
}

// hostileOnce runs sh through a fresh process of bin and returns what its
// process cost, from its start to its end.
func (s *stage) hostileOnce(bin string, sh hostileShape) (hostileResult, error) {
	payload := sh.event(s)
	if len(payload) > sh.limit() {
		return hostileResult{}, fmt.Errorf("the event is %d bytes, more than %d", len(payload), sh.limit())
	}
	f, err := s.launch(bin)
	if err != nil {
		return hostileResult{}, err
	}
	resp, err := f.invoke(payload)
	var rss int64
	if err == nil {
		rss, err = f.fn.Process().PeakRSS()
	}
	if stopErr := f.stop(); err == nil {
		err = stopErr
	}
	if err != nil {
		return hostileResult{}, err
	}
	usage, ok := f.fn.Process().State().SysUsage().(*syscall.Rusage)
	if !ok {
		return hostileResult{}, fmt.Errorf("no resource usage for the process of %s", bin)
	}
	reason, _, _ := strings.Cut(resp.Reason, "\n")
	return hostileResult{
		shape: sh.name, size: len(payload), status: resp.Status, reason: reason,
		rss: rss, cpu: time.Duration(usage.Utime.Nano() + usage.Stime.Nano()),
	}, nil
}

// measureHostile runs every hostile shape through a fresh process of bin.
func (s *stage) measureHostile(progress io.Writer, bin string) ([]hostileResult, error) {
	var results []hostileResult
	for _, sh := range hostileShapes {
		fmt.Fprintf(progress, "hostile event: %s\n", sh.name)
		r, err := s.hostileOnce(bin, sh)
		if err != nil {
			return nil, fmt.Errorf("hostile event %q: %w", sh.name, err)
		}
		results = append(results, r)
	}
	return results, nil
}

// hostileRows are the table's rows for the hostile events: the peak RSS and
// CPU time of the process that answered each, beside the budget.
func hostileRows(results []hostileResult) []row {
	var rs []row
	for _, r := range results {
		rs = append(rs, row{
			figure:  fmt.Sprintf("hostile event, %s (%s, answered %s): peak RSS", r.shape, mib(int64(r.size)), r.status),
			project: mib(r.rss), floor: "—", ratio: "—",
			budget: "≤ " + mib(hostileRSSBudget), met: r.rss <= hostileRSSBudget,
		}, row{
			figure:  fmt.Sprintf("hostile event, %s: CPU, start-up included", r.shape),
			project: ms(r.cpu), floor: "—", ratio: "—",
			budget: "≤ " + ms(hostileCPUBudget), met: r.cpu <= hostileCPUBudget,
		})
	}
	return rs
}
