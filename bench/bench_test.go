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

func TestMedians(t *testing.T) {
	r := func(name string, ns, allocs float64) benchResult {
		return benchResult{name: name, metrics: map[string]float64{"ns/op": ns, "allocs/op": allocs}}
	}
	got := medians([]benchResult{r("B", 30, 5), r("A", 10, 1), r("B", 10, 5), r("B", 20, 6), r("A", 30, 1)})
	want := []benchResult{r("B", 20, 5), r("A", 20, 1)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("medians = %v, want %v", got, want)
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

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []float64
		want float64
	}{
		{"one", []float64{3}, 3},
		{"odd count: the middle value", []float64{9, 1, 4}, 4},
		{"even count: the mean of the middle two", []float64{8, 2, 4, 1}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.in)
			if got := median(in); got != tc.want {
				t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
			}
			if !slices.Equal(in, tc.in) {
				t.Errorf("median reordered its argument: %v", in)
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

// sample returns measurements within every goal and budget, for the table
// tests to push one figure at a time over its own.
func sample() *measurements {
	runs := func(r coldRun) []coldRun { return []coldRun{r, r} }
	bench := func(name string, ns, allocs float64) benchResult {
		return benchResult{name: name, metrics: map[string]float64{"ns/op": ns, "allocs/op": allocs, "B/op": 1000}}
	}
	ms := time.Millisecond
	return &measurements{
		project: program{sizes: sizes{binary: 9_000_000, zip: 3_000_000},
			runs: runs(coldRun{init: 10 * ms, cognito: 4 * ms, put: 2 * ms, total: 17 * ms, rss: 14 << 20, cpu: 20 * ms, calls: 2})},
		floor: program{sizes: sizes{binary: 8_000_000, zip: 3_000_000},
			runs: runs(coldRun{init: 10 * ms, cognito: 2 * ms, put: 8 * ms, total: 20 * ms, rss: 14 << 20, cpu: 20 * ms, calls: 1})},
		perEvent: []benchResult{
			bench("BenchmarkEvent/Create", 30_000, 100),
			bench("BenchmarkEvent/Update", 65_000, 430), // 130 allocs net of decoding
			bench("BenchmarkEvent/Delete", 6_000, 25),
			bench("BenchmarkEvent/CreateInvalid100", 400_000, 1000),
			// 40 µs net of decoding, the budget of a 32 µs round trip
			{name: "BenchmarkUpdateBudget", metrics: map[string]float64{
				"update-ns/op": 65_000, "decode-ns/op": 25_000, "roundtrip-ns/op": 32_000, "decode-allocs/op": 300}},
		},
		calls: []callCount{{event: "owned Create", calls: 1, max: 1}, {event: "owned Update", calls: 2, max: 2}},
	}
}

// missed returns the heads of the side-by-side columns and the figures of
// the rows whose goal or budget m misses.
func missed(t *testing.T, m *measurements) []string {
	t.Helper()
	var out []string
	for _, c := range m.columns() {
		if !c.met() {
			out = append(out, c.head)
		}
	}
	rs, err := m.rows()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.budget != "" && !r.met {
			out = append(out, r.figure)
		}
	}
	return out
}

func TestGoalsAndBudgets(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		name   string
		change func(*measurements)
		missed string // the start of the one figure missed, "" for none
	}{
		{name: "all met", change: func(*measurements) {}},
		{name: "end to end at 0.9 × the floor's", change: func(m *measurements) { m.project.runs[0].total, m.project.runs[1].total = 18*ms, 18*ms }},
		{name: "end to end over", change: func(m *measurements) { m.project.runs[0].total, m.project.runs[1].total = 18*ms+1, 18*ms+1 }, missed: "end to end"},
		{name: "init over", change: func(m *measurements) { m.project.runs[0].init, m.project.runs[1].init = 10*ms+1, 10*ms+1 }, missed: "init"},
		{name: "CPU over", change: func(m *measurements) { m.project.runs[0].cpu, m.project.runs[1].cpu = 20*ms+1, 20*ms+1 }, missed: "CPU"},
		{name: "RSS at 1.05 × the floor's", change: func(m *measurements) {
			m.floor.runs[0].rss, m.floor.runs[1].rss = 20<<20, 20<<20
			m.project.runs[0].rss, m.project.runs[1].rss = 21<<20, 21<<20
		}},
		{name: "RSS over", change: func(m *measurements) { m.project.runs[0].rss, m.project.runs[1].rss = 15<<20, 15<<20 }, missed: "peak RSS"},
		{name: "zip at 1.05 × the floor's", change: func(m *measurements) { m.project.sizes.zip = 3_150_000 }},
		{name: "zip over", change: func(m *measurements) { m.project.sizes.zip = 3_150_001 }, missed: "zip"},
		{name: "Cognito and PUT times have no goal", change: func(m *measurements) { m.project.runs[0].cognito, m.project.runs[1].put = time.Second, time.Second }},
		{name: "Update at its budget net of decoding", change: func(m *measurements) { m.perEvent[1].metrics["allocs/op"] = 600 }},
		{name: "Update too slow for the machine", change: func(m *measurements) { m.perEvent[4].metrics["roundtrip-ns/op"] = 31_999 }, missed: "per event: Update"},
		{name: "the Update's own time is what the budget holds", change: func(m *measurements) { m.perEvent[1].metrics["ns/op"] = 1e9 }},
		{name: "Update allocates too much", change: func(m *measurements) { m.perEvent[1].metrics["allocs/op"] = 601 }, missed: "per event: Update"},
		{name: "a slow Create has no budget", change: func(m *measurements) { m.perEvent[0].metrics["ns/op"] = 1e9 }},
		{name: "too many Cognito calls", change: func(m *measurements) { m.calls[1].calls = 3 }, missed: "Cognito calls: owned Update"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sample()
			tc.change(m)
			got := missed(t, m)
			switch {
			case tc.missed == "" && len(got) > 0:
				t.Errorf("missed %q, want none", got)
			case tc.missed != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.missed)):
				t.Errorf("missed %q, want only %q", got, tc.missed)
			}
		})
	}
}

func TestRowsNeedEveryBenchmark(t *testing.T) {
	m := sample()
	m.perEvent = slices.Delete(m.perEvent, 3, 4) // CreateInvalid100
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
		{"none", func(*measurements) {}, "Every goal and budget is met."},
		{"two", func(m *measurements) { m.project.sizes.zip *= 2; m.calls[0].calls = 2 }, "2 goal(s) or budget(s) missed."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sample()
			tc.change(m)
			var out strings.Builder
			if _, err := m.print(&out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "| Figure | Project | Floor | Project / floor | Budget | Met |") ||
				!strings.Contains(out.String(), "| project / floor |") ||
				!strings.HasSuffix(out.String(), tc.want+"\n") {
				t.Errorf("table:\n%s\nwant the header row and the last line %q", out.String(), tc.want)
			}
		})
	}
}
