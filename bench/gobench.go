package main

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// benchPkg holds the per-event benchmarks (BenchmarkEvent).
const benchPkg = "./internal/resource/"

// benchResult is one line of `go test -bench` output: a benchmark's name,
// without the -GOMAXPROCS suffix, and its metrics by unit ("ns/op",
// "allocs/op", …).
type benchResult struct {
	name    string
	metrics map[string]float64
}

// benchCount is how many times each per-event benchmark runs; its figures
// are the medians, so that a burst of load on this shared machine during one
// run does not set the ratio of two benchmarks.
const benchCount = 5

// runGoBench runs the per-event benchmarks with -benchmem, benchCount
// times, and returns the median of each metric of each.
func runGoBench(root string) ([]benchResult, error) {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-count", fmt.Sprint(benchCount), benchPkg)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go test -bench %s: %w\n%s", benchPkg, err, out)
	}
	results, err := parseGoBench(strings.NewReader(string(out)))
	if err != nil {
		return nil, err
	}
	return medians(results), nil
}

// medians merges the results of the same benchmark into one, each metric
// the median of its values, in the order the benchmarks first appear.
func medians(results []benchResult) []benchResult {
	var out []benchResult
	values := map[string]map[string][]float64{}
	for _, r := range results {
		if values[r.name] == nil {
			values[r.name] = map[string][]float64{}
			out = append(out, benchResult{name: r.name, metrics: map[string]float64{}})
		}
		for unit, v := range r.metrics {
			values[r.name][unit] = append(values[r.name][unit], v)
		}
	}
	for _, r := range out {
		for unit, vs := range values[r.name] {
			r.metrics[unit] = median(vs)
		}
	}
	return out
}

// parseGoBench reads the result lines of `go test -bench` output, in the
// format of golang.org/design/14313-benchmark-format: a name starting with
// "Benchmark", an iteration count, then value-unit pairs. Other lines are
// skipped.
func parseGoBench(r io.Reader) ([]benchResult, error) {
	var results []benchResult
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
			continue // a name followed by something else: not a result
		}
		res := benchResult{name: trimProcs(f[0]), metrics: make(map[string]float64)}
		for i := 2; i < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("benchmark line %q: value %q: %w", sc.Text(), f[i], err)
			}
			res.metrics[f[i+1]] = v
		}
		results = append(results, res)
	}
	return results, sc.Err()
}

// trimProcs removes the -GOMAXPROCS suffix that go test adds to a
// benchmark's name when GOMAXPROCS is not 1.
func trimProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}
