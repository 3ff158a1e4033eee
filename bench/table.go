package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"
)

// The budgets of issue 6. Sizes are in MB of 10⁶ bytes, the stricter reading.
const (
	zipBudget          = 3_600_000 // bytes
	coldStartBudget    = 1.25      // × the floor's median time to the first poll
	updateTimeBudget   = 100 * time.Microsecond
	updateAllocsBudget = 300
	rssBudget          = 30_000_000 // bytes
)

// row is one line of the table. An empty budget means there is none.
type row struct {
	figure, project, floor, ratio, budget string
	met                                   bool
}

// spread is the median, min and max of some durations.
type spread struct {
	median, min, max time.Duration
}

// spreadOf returns the spread of d, which must not be empty. The median of
// an even count is the mean of the two middle values.
func spreadOf(d []time.Duration) spread {
	s := slices.Clone(d)
	slices.Sort(s)
	n := len(s)
	median := s[n/2]
	if n%2 == 0 {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	return spread{median: median, min: s[0], max: s[n-1]}
}

func (s spread) String() string {
	return fmt.Sprintf("%s (%s–%s)", ms(s.median), ms(s.min), ms(s.max))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// mb writes a size in MB with three decimals, fine enough to show a size
// close to its budget on the right side of it.
func mb(bytes int64) string { return fmt.Sprintf("%.3f MB", float64(bytes)/1e6) }

func ratio(project, floor float64) string { return fmt.Sprintf("%.2f", project/floor) }

// rows turns the measurements into the table's rows.
func (m *measurements) rows() ([]row, error) {
	p, f := &m.project, &m.floor
	var rs []row

	rs = append(rs, row{
		figure:  "`bootstrap`, linux/arm64, stripped",
		project: mb(p.sizes.binary), floor: mb(f.sizes.binary),
		ratio: ratio(float64(p.sizes.binary), float64(f.sizes.binary)),
	})
	rs = append(rs, row{
		figure:  "its zip (deflate -9)",
		project: mb(p.sizes.zip), floor: mb(f.sizes.zip),
		ratio:  ratio(float64(p.sizes.zip), float64(f.sizes.zip)),
		budget: "≤ " + mb(zipBudget), met: p.sizes.zip <= zipBudget,
	})

	next := func(c coldStart) time.Duration { return c.toNext }
	resp := func(c coldStart) time.Duration { return c.toResponse }
	for _, c := range []struct {
		figure string
		of     func(coldStart) time.Duration
		budget bool
	}{
		{"cold start → first `next`", next, true},
		{"cold start → Create response", resp, false},
	} {
		ps, fs := spreadOf(mapDurations(p.starts, c.of)), spreadOf(mapDurations(f.starts, c.of))
		r := row{
			figure:  fmt.Sprintf("%s, median (min–max) of %d", c.figure, len(p.starts)),
			project: ps.String(), floor: fs.String(),
			ratio: ratio(float64(ps.median), float64(fs.median)),
		}
		if c.budget {
			r.budget = fmt.Sprintf("≤ %.2f × floor", coldStartBudget)
			r.met = float64(ps.median) <= coldStartBudget*float64(fs.median)
		}
		rs = append(rs, r)
	}

	rs = append(rs, row{
		figure:  fmt.Sprintf("peak RSS, one process, one Create (max of %d)", rssRuns),
		project: mb(p.rss), floor: mb(f.rss),
		ratio:  ratio(float64(p.rss), float64(f.rss)),
		budget: "≤ " + mb(rssBudget), met: p.rss <= rssBudget,
	})

	rs = append(rs, hostileRows(m.hostile)...)

	for _, c := range []struct{ bench, label string }{
		{"BenchmarkEvent/Create", "Create, owned"},
		{"BenchmarkEvent/Update", "Update, full request"},
		{"BenchmarkEvent/Delete", "Delete, owned"},
		{"BenchmarkEvent/CreateInvalid100", "Create failing validation, 100 problems"},
	} {
		i := slices.IndexFunc(m.perEvent, func(b benchResult) bool { return b.name == c.bench })
		if i < 0 {
			return nil, fmt.Errorf("go test -bench printed no result for %s", c.bench)
		}
		res := m.perEvent[i].metrics
		ns, allocs := time.Duration(res["ns/op"]), res["allocs/op"]
		r := row{
			figure:  "per event: " + c.label,
			project: fmt.Sprintf("%.1f µs, %.0f allocs, %.1f kB", float64(ns)/float64(time.Microsecond), allocs, res["B/op"]/1e3),
			floor:   "—", ratio: "—",
		}
		rs = append(rs, r)
		if c.bench == "BenchmarkEvent/Update" {
			// The function decodes the event's JSON itself, which the runtime
			// does for any typed Go handler (the floor's too): the budget is
			// for the project's own work, net of that decoding.
			j := slices.IndexFunc(m.perEvent, func(b benchResult) bool { return b.name == "BenchmarkDecodeEvent" })
			if j < 0 {
				return nil, fmt.Errorf("go test -bench printed no result for BenchmarkDecodeEvent")
			}
			dec := m.perEvent[j].metrics
			netNs, netAllocs := ns-time.Duration(dec["ns/op"]), allocs-dec["allocs/op"]
			rs = append(rs, row{
				figure: "per event: Update, net of decoding the event JSON",
				project: fmt.Sprintf("%.1f µs, %.0f allocs (decoding: %.1f µs, %.0f allocs)", float64(netNs)/float64(time.Microsecond), netAllocs,
					dec["ns/op"]/float64(time.Microsecond), dec["allocs/op"]),
				floor: "—", ratio: "—",
				budget: fmt.Sprintf("≤ %.0f µs, ≤ %d allocs", float64(updateTimeBudget)/float64(time.Microsecond), updateAllocsBudget),
				met:    netNs <= updateTimeBudget && netAllocs <= updateAllocsBudget,
			})
		}
	}

	for _, c := range m.calls {
		rs = append(rs, row{
			figure:  "Cognito calls: " + c.event,
			project: fmt.Sprint(c.calls), floor: "—", ratio: "—",
			budget: fmt.Sprintf("≤ %d (reference §3)", c.max), met: c.calls <= c.max,
		})
	}
	return rs, nil
}

func mapDurations(cs []coldStart, of func(coldStart) time.Duration) []time.Duration {
	d := make([]time.Duration, len(cs))
	for i, c := range cs {
		d[i] = of(c)
	}
	return d
}

// print writes the heading, the table in Markdown and its notes.
func (m *measurements) print(w io.Writer) error {
	rs, err := m.rows()
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Measured %s on %s.\n", m.when.Format("2006-01-02 15:04 MST"), m.machine)
	fmt.Fprintf(&b, "Built with `CGO_ENABLED=0 go build %s`.\n\n", shellJoin(m.buildFlags))
	b.WriteString("| Figure | Project | Floor | Project / floor | Budget | Met |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	missed := 0
	for _, r := range rs {
		verdict := ""
		if r.budget != "" {
			verdict = "yes"
			if !r.met {
				verdict, missed = "**no**", missed+1
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", r.figure, r.project, r.floor, r.ratio, r.budget, verdict)
	}
	fmt.Fprintf(&b, "\nSizes are of the linux/arm64 builds; times and memory of the %s/%s builds, on this machine.\n",
		runtime.GOOS, runtime.GOARCH)
	b.WriteString("Cold start: from just before the process is started to its first `GET /runtime/invocation/next` " +
		"on a local Runtime API, and to its result for an owned Create sent as soon as it started, " +
		"against a Cognito fake and a response receiver on loopback; fresh processes, the two binaries interleaved.\n")
	b.WriteString("Per event: `BenchmarkEvent` in internal/resource, the function as lambda/main.go assembles it " +
		"(response.Wrap around the lifecycle, log line included) against an in-memory Cognito: no network.\n")
	b.WriteString("Hostile events: each of about 1 MiB, the most CloudFormation sends, but for two of 6 MiB, the most " +
		"a direct synchronous invocation may send (refused unread), through a fresh process of the " +
		"real binary; its peak RSS and CPU time (user and system) from start to end, start-up included.\n")
	b.WriteString("MB are 10⁶ bytes, MiB 2²⁰ bytes.\n")
	if missed == 0 {
		b.WriteString("\nEvery budget is met.\n")
	} else {
		fmt.Fprintf(&b, "\n%d budget(s) missed.\n", missed)
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// shellJoin writes args as a shell would need them, quoting those with
// spaces, so that the line can be copied.
func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = a
		if a == "" || strings.ContainsAny(a, " \t\"'$\\") {
			q[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`).Replace(a) + `"`
		}
	}
	return strings.Join(q, " ")
}
