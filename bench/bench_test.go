package main

import (
	"archive/zip"
	"bytes"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseGoBench(t *testing.T) {
	for _, tc := range []struct {
		name    string
		output  string
		want    []benchResult
		wantErr bool
	}{
		{
			name: "go test output with -benchmem and a custom metric",
			output: `goos: linux
goarch: amd64
pkg: github.com/cognito-client-resource/cognitoclient/internal/resource
cpu: AMD EPYC
BenchmarkEvent/Create-2         	   38654	     30816 ns/op	         1.000 calls/op	    9821 B/op	      96 allocs/op
BenchmarkEvent/CreateInvalid100-2         	    3733	    330558 ns/op	         0 calls/op	  389153 B/op	    1050 allocs/op
PASS
ok  	github.com/cognito-client-resource/cognitoclient/internal/resource	4.940s
`,
			want: []benchResult{
				{name: "BenchmarkEvent/Create", metrics: map[string]float64{"ns/op": 30816, "calls/op": 1, "B/op": 9821, "allocs/op": 96}},
				{name: "BenchmarkEvent/CreateInvalid100", metrics: map[string]float64{"ns/op": 330558, "calls/op": 0, "B/op": 389153, "allocs/op": 1050}},
			},
		},
		{
			name:   "GOMAXPROCS=1 adds no suffix",
			output: "BenchmarkEvent/Update 	 100	 37029 ns/op\n",
			want:   []benchResult{{name: "BenchmarkEvent/Update", metrics: map[string]float64{"ns/op": 37029}}},
		},
		{
			name:   "a name printed alone, as -v does before the result, is skipped",
			output: "BenchmarkEvent\nBenchmarkEvent/Delete\nBenchmarkEvent/Delete-2 	 236101	 5515 ns/op\n",
			want:   []benchResult{{name: "BenchmarkEvent/Delete", metrics: map[string]float64{"ns/op": 5515}}},
		},
		{
			name:   "a failure line is not a result",
			output: "--- FAIL: BenchmarkEvent/Update\nBenchmarkEvent/Update-2 fails here with words\n",
		},
		{
			name:    "a value that is not a number",
			output:  "BenchmarkEvent/Update-2 	 100	 fast ns/op\n",
			wantErr: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseGoBench(strings.NewReader(tc.output))
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, want an error: %v", err, tc.wantErr)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestTrimProcs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"BenchmarkEvent/Create-2", "BenchmarkEvent/Create"},
		{"BenchmarkEvent/Create-16", "BenchmarkEvent/Create"},
		{"BenchmarkEvent/Create", "BenchmarkEvent/Create"},
		{"BenchmarkEvent/with-dash", "BenchmarkEvent/with-dash"},
		{"BenchmarkEvent/with-dash-4", "BenchmarkEvent/with-dash"},
	} {
		if got := trimProcs(tc.in); got != tc.want {
			t.Errorf("trimProcs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSpreadOf(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		name string
		in   []time.Duration
		want spread
	}{
		{"one", []time.Duration{3 * ms}, spread{3 * ms, 3 * ms, 3 * ms}},
		{"odd count: the middle value", []time.Duration{9 * ms, 1 * ms, 4 * ms}, spread{4 * ms, 1 * ms, 9 * ms}},
		{"even count: the mean of the middle two", []time.Duration{8 * ms, 2 * ms, 4 * ms, 1 * ms}, spread{3 * ms, 1 * ms, 8 * ms}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]time.Duration(nil), tc.in...)
			if got := spreadOf(in); got != tc.want {
				t.Errorf("spreadOf(%v) = %v, want %v", tc.in, got, tc.want)
			}
			if !reflect.DeepEqual(in, tc.in) {
				t.Errorf("spreadOf reordered its argument: %v", in)
			}
		})
	}
}

func TestShellJoin(t *testing.T) {
	got := shellJoin([]string{"-trimpath", "-ldflags", "-s -w", "-tags", "lambda.norpc", `a"b`, ""})
	want := `-trimpath -ldflags "-s -w" -tags lambda.norpc "a\"b" ""`
	if got != want {
		t.Errorf("shellJoin = %s, want %s", got, want)
	}
}

func TestZipBootstrap(t *testing.T) {
	bin := bytes.Repeat([]byte("an executable that compresses well "), 1000)
	var buf bytes.Buffer
	if err := zipBootstrap(&buf, bin); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(z.File) != 1 {
		t.Fatalf("%d files in the zip, want bootstrap alone", len(z.File))
	}
	f := z.File[0]
	if f.Name != "bootstrap" || f.Method != zip.Deflate || f.Mode().Perm() != 0o755 {
		t.Errorf("entry %s, method %d, mode %v; want bootstrap, deflated, 0755", f.Name, f.Method, f.Mode())
	}
	r, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, bin) {
		t.Errorf("the entry does not hold the binary (error %v)", err)
	}
	if buf.Len() >= len(bin)/10 {
		t.Errorf("zip of %d bytes for %d repetitive bytes: not deflated", buf.Len(), len(bin))
	}
}

// sample returns measurements within every budget, for the table tests to
// push one figure at a time over its budget.
func sample() *measurements {
	starts := func(next, resp time.Duration) []coldStart {
		return []coldStart{{next, resp}, {next + time.Millisecond, resp + time.Millisecond}}
	}
	bench := func(name string, ns, allocs float64) benchResult {
		return benchResult{name: name, metrics: map[string]float64{"ns/op": ns, "allocs/op": allocs, "B/op": 1000}}
	}
	return &measurements{
		project: program{sizes: sizes{binary: 9_000_000, zip: 3_500_000}, starts: starts(4*time.Millisecond, 6*time.Millisecond), rss: 11_000_000},
		floor:   program{sizes: sizes{binary: 8_000_000, zip: 3_000_000}, starts: starts(4*time.Millisecond, 4*time.Millisecond), rss: 9_000_000},
		perEvent: []benchResult{
			bench("BenchmarkEvent/Create", 30_000, 100),
			bench("BenchmarkEvent/Update", 65_000, 430), // 40 µs and 130 allocs net of decoding
			bench("BenchmarkEvent/Delete", 6_000, 25),
			bench("BenchmarkEvent/CreateInvalid100", 400_000, 1000),
			bench("BenchmarkDecodeEvent", 25_000, 300),
		},
		calls: []callCount{{event: "owned Create", calls: 1, max: 1}, {event: "owned Update", calls: 2, max: 2}},
	}
}

func TestRowsBudgets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*measurements)
		missed string // the figure of the one budget missed, "" for none
	}{
		{name: "all within budget", change: func(*measurements) {}},
		{name: "zip at its budget", change: func(m *measurements) { m.project.sizes.zip = zipBudget }},
		{name: "zip over", change: func(m *measurements) { m.project.sizes.zip = zipBudget + 1 }, missed: "its zip"},
		{name: "cold start at 1.25 × the floor's", change: func(m *measurements) {
			m.project.starts = []coldStart{{toNext: 5 * time.Millisecond}, {toNext: 5 * time.Millisecond}}
			m.floor.starts = []coldStart{{toNext: 4 * time.Millisecond}, {toNext: 4 * time.Millisecond}}
		}},
		{name: "cold start over", change: func(m *measurements) {
			m.project.starts = []coldStart{{toNext: 5*time.Millisecond + 1}, {toNext: 5*time.Millisecond + 1}}
			m.floor.starts = []coldStart{{toNext: 4 * time.Millisecond}, {toNext: 4 * time.Millisecond}}
		}, missed: "cold start → first `next`"},
		{name: "RSS over", change: func(m *measurements) { m.project.rss = rssBudget + 1 }, missed: "peak RSS"},
		{name: "Update at its budget net of decoding", change: func(m *measurements) {
			m.perEvent[1].metrics["ns/op"], m.perEvent[1].metrics["allocs/op"] = 125_000, 600
		}},
		{name: "Update too slow", change: func(m *measurements) { m.perEvent[1].metrics["ns/op"] = 125_001 }, missed: "per event: Update"},
		{name: "Update allocates too much", change: func(m *measurements) { m.perEvent[1].metrics["allocs/op"] = 601 }, missed: "per event: Update"},
		{name: "a slow Create has no budget", change: func(m *measurements) { m.perEvent[0].metrics["ns/op"] = 1e9 }},
		{name: "too many Cognito calls", change: func(m *measurements) { m.calls[1].calls = 3 }, missed: "Cognito calls: owned Update"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sample()
			tc.change(m)
			rs, err := m.rows()
			if err != nil {
				t.Fatal(err)
			}
			var missed []string
			for _, r := range rs {
				if r.budget != "" && !r.met {
					missed = append(missed, r.figure)
				}
			}
			switch {
			case tc.missed == "" && len(missed) > 0:
				t.Errorf("budgets missed: %q, want none", missed)
			case tc.missed != "" && (len(missed) != 1 || !strings.HasPrefix(missed[0], tc.missed)):
				t.Errorf("budgets missed: %q, want only %q", missed, tc.missed)
			}
		})
	}
}

func TestRowsNeedEveryBenchmark(t *testing.T) {
	m := sample()
	m.perEvent = slices.Delete(m.perEvent, 3, 4)
	if _, err := m.rows(); err == nil || !strings.Contains(err.Error(), "BenchmarkEvent/CreateInvalid100") {
		t.Errorf("error = %v, want one naming the missing benchmark", err)
	}
}

func TestPrintSaysWhatWasMissed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*measurements)
		want   string
	}{
		{"none", func(*measurements) {}, "Every budget is met."},
		{"two", func(m *measurements) { m.project.rss = rssBudget + 1; m.calls[0].calls = 2 }, "2 budget(s) missed."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sample()
			tc.change(m)
			var out strings.Builder
			if err := m.print(&out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "| Figure | Project | Floor | Project / floor | Budget | Met |") ||
				!strings.HasSuffix(out.String(), tc.want+"\n") {
				t.Errorf("table:\n%s\nwant the header row and the last line %q", out.String(), tc.want)
			}
		})
	}
}
