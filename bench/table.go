package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"
)

// The goals of the side-by-side run: the most each figure of the project
// may be, as a multiple of the floor's in the same run.
const (
	initGoal     = 1.00 // start → first Cognito request
	endToEndGoal = 0.90 // start → the function's result
	cpuGoal      = 1.00
	rssGoal      = 1.05
	zipGoal      = 1.05
)

// The budget of the per-event work of an Update, net of decoding its JSON:
// a multiple of a standard-library JSON round trip of the same event
// (decoded into a cfn.Event, encoded back), measured in the same run, so
// that the budget holds on any machine; and a count of allocations.
const (
	updateRoundTrips   = 1.25
	updateAllocsBudget = 300
)

// column is one figure of the side-by-side table: the medians of both
// programs, and the goal of their ratio (0: none).
type column struct {
	head           string
	project, floor float64
	text           func(float64) string
	goal           float64
}

func (c column) ratio() float64 { return c.project / c.floor }
func (c column) met() bool      { return c.goal == 0 || c.ratio() <= c.goal }

// row is one line of the table of the other figures. An empty budget means
// there is none.
type row struct {
	figure, project, floor, ratio, budget string
	met                                   bool
}

// median returns the median of v, which must not be empty; that of an even
// count is the mean of the two middle values.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[n/2]
}

// medianOf returns the median of one figure of runs.
func medianOf(runs []coldRun, of func(coldRun) float64) float64 {
	v := make([]float64, len(runs))
	for i, r := range runs {
		v[i] = of(r)
	}
	return median(v)
}

func msf(ns float64) string { return fmt.Sprintf("%.1f ms", ns/float64(time.Millisecond)) }

func ms(d time.Duration) string { return msf(float64(d)) }

// mb writes a size in MB with three decimals.
func mb(bytes int64) string { return fmt.Sprintf("%.3f MB", float64(bytes)/1e6) }

func mibf(bytes float64) string { return fmt.Sprintf("%.1f MiB", bytes/(1<<20)) }

// mib writes a size in MiB, the unit of the hostile events' budget.
func mib(bytes int64) string { return mibf(float64(bytes)) }

func ratio(project, floor float64) string { return fmt.Sprintf("%.2f", project/floor) }

// columns are the side-by-side figures, in the order of the table.
func (m *measurements) columns() []column {
	p, f := m.project.runs, m.floor.runs
	timed := func(head string, of func(coldRun) time.Duration, goal float64) column {
		in := func(r coldRun) float64 { return float64(of(r)) }
		return column{head: head, project: medianOf(p, in), floor: medianOf(f, in), text: msf, goal: goal}
	}
	return []column{
		timed("init (start → first Cognito request)", func(r coldRun) time.Duration { return r.init }, initGoal),
		timed("Cognito calls + handler", func(r coldRun) time.Duration { return r.cognito }, 0),
		timed("→ PUT received", func(r coldRun) time.Duration { return r.put }, 0),
		timed("end to end (start → result)", func(r coldRun) time.Duration { return r.total }, endToEndGoal),
		{head: "peak RSS", project: medianOf(p, rssOf), floor: medianOf(f, rssOf), text: mibf, goal: rssGoal},
		timed("CPU", func(r coldRun) time.Duration { return r.cpu }, cpuGoal),
		{head: "zip", project: float64(m.project.sizes.zip), floor: float64(m.floor.sizes.zip),
			text: func(b float64) string { return mb(int64(b)) }, goal: zipGoal},
	}
}

func rssOf(r coldRun) float64 { return float64(r.rss) }

// rows turns the other measurements into the rows of the second table.
func (m *measurements) rows() ([]row, error) {
	p, f := &m.project, &m.floor
	rs := []row{{
		figure:  "`bootstrap`, linux/arm64, stripped",
		project: mb(p.sizes.binary), floor: mb(f.sizes.binary),
		ratio: ratio(float64(p.sizes.binary), float64(f.sizes.binary)),
	}}

	rs = append(rs, hostileRows(m.hostile)...)

	find := func(name string) (map[string]float64, error) {
		i := slices.IndexFunc(m.perEvent, func(b benchResult) bool { return b.name == name })
		if i < 0 {
			return nil, fmt.Errorf("go test -bench printed no result for %s", name)
		}
		return m.perEvent[i].metrics, nil
	}
	for _, c := range []struct{ bench, label string }{
		{"BenchmarkEvent/Create", "Create, owned"},
		{"BenchmarkEvent/Update", "Update, full request"},
		{"BenchmarkEvent/Delete", "Delete, owned"},
		{"BenchmarkEvent/CreateInvalid100", "Create failing validation, 100 problems"},
	} {
		res, err := find(c.bench)
		if err != nil {
			return nil, err
		}
		ns, allocs := res["ns/op"], res["allocs/op"]
		rs = append(rs, row{
			figure:  "per event: " + c.label,
			project: fmt.Sprintf("%s, %.0f allocs, %.1f kB", µs(ns), allocs, res["B/op"]/1e3),
			floor:   "—", ratio: "—",
		})
		if c.bench != "BenchmarkEvent/Update" {
			continue
		}
		// The function decodes the event's JSON itself, which the runtime
		// does for any typed Go handler (the floor's too): the budget is
		// for the project's own work, net of that decoding, against a JSON
		// round trip of the same event, timed in turn with it.
		budget, err := find("BenchmarkUpdateBudget")
		if err != nil {
			return nil, err
		}
		update, dec, trip := budget["update-ns/op"], budget["decode-ns/op"], budget["roundtrip-ns/op"]
		netNs, netAllocs := update-dec, allocs-budget["decode-allocs/op"]
		rs = append(rs, row{
			figure: "per event: Update, net of decoding the event JSON",
			project: fmt.Sprintf("%s, %.0f allocs (decoding: %s, %.0f allocs); %.2f × a JSON round trip of the event (%s)",
				µs(netNs), netAllocs, µs(dec), budget["decode-allocs/op"], netNs/trip, µs(trip)),
			floor: "—", ratio: "—",
			budget: fmt.Sprintf("≤ %.2f × a JSON round trip, ≤ %d allocs", updateRoundTrips, updateAllocsBudget),
			met:    netNs <= updateRoundTrips*trip && netAllocs <= updateAllocsBudget,
		})
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

func µs(ns float64) string { return fmt.Sprintf("%.1f µs", ns/float64(time.Microsecond)) }

// print writes the heading, both tables in Markdown and their notes, and
// returns how many goals and budgets were missed.
func (m *measurements) print(w io.Writer) (missed int, err error) {
	rs, err := m.rows()
	if err != nil {
		return 0, err
	}
	cols := m.columns()
	var b strings.Builder
	fmt.Fprintf(&b, "Measured %s on %s.\n", m.when.Format("2006-01-02 15:04 MST"), m.machine)
	fmt.Fprintf(&b, "Built with `CGO_ENABLED=0 go build %s`.\n\n", shellJoin(m.buildFlags))

	fmt.Fprintf(&b, "## One Update, cold, side by side with the floor\n\n")
	fmt.Fprintf(&b, "Medians of %d fresh processes of each binary, interleaved, each handling one owned Update "+
		"(project: %d Cognito calls, floor: %d).\n\n", len(m.project.runs),
		int(medianOf(m.project.runs, callsOf)), int(medianOf(m.floor.runs, callsOf)))
	line := func(cells ...string) { b.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	heads, seps := []string{""}, []string{"---"}
	for _, c := range cols {
		heads, seps = append(heads, c.head), append(seps, "---")
	}
	line(heads...)
	line(seps...)
	for _, r := range []struct {
		name string
		cell func(column) string
	}{
		{"floor", func(c column) string { return c.text(c.floor) }},
		{"project", func(c column) string { return c.text(c.project) }},
		{"project / floor", func(c column) string { return fmt.Sprintf("%.2f", c.ratio()) }},
		{"goal", func(c column) string { return goalText(c.goal) }},
		{"met", func(c column) string { return verdict(c.goal != 0, c.met(), &missed) }},
	} {
		cells := []string{r.name}
		for _, c := range cols {
			cells = append(cells, r.cell(c))
		}
		line(cells...)
	}

	b.WriteString("\n## Every other figure\n\n")
	b.WriteString("| Figure | Project | Floor | Project / floor | Budget | Met |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, r := range rs {
		line(r.figure, r.project, r.floor, r.ratio, r.budget, verdict(r.budget != "", r.met, &missed))
	}
	fmt.Fprintf(&b, "\nSizes are of the linux/arm64 builds; times and memory of the %s/%s builds, on this machine.\n",
		runtime.GOOS, runtime.GOARCH)
	b.WriteString("Side by side: each process is started behind a local Runtime API that hands it one owned Update " +
		"as soon as it polls; Cognito is `internal/cognitofake` behind a TLS front, and the ResponseURL an HTTPS receiver, " +
		"both on loopback with a certificate of a root the bench makes, added to the system's roots " +
		"(SSL_CERT_FILE), so that each process loads as many roots as on Lambda; both servers offer HTTP/2 and HTTP/1.1. " +
		"Init is from just before the process is started to the first Cognito request's headers at the front; " +
		"Cognito calls + handler from there to the last Cognito answer; " +
		"→ PUT received from there to the whole PUT read (the handler's work after its last call, and the response's, " +
		"the TLS handshake of its connection included unless it was open by then); " +
		"end to end from the start to the function's result at the Runtime API. " +
		"Peak RSS and CPU (user and system) are the process's own, from the kernel.\n")
	b.WriteString("Per event: `BenchmarkEvent` in internal/resource, the function as lambda/main.go assembles it " +
		"(response.Wrap around the lifecycle, log line included) against an in-memory Cognito: no network.\n")
	b.WriteString("Hostile events: each of about 1 MiB, the most CloudFormation sends, but for two of 6 MiB, the most " +
		"a direct synchronous invocation may send (refused unread), through a fresh process of the " +
		"real binary; its peak RSS and CPU time (user and system) from start to end, start-up included.\n")
	b.WriteString("MB are 10⁶ bytes, MiB 2²⁰ bytes.\n")
	if missed == 0 {
		b.WriteString("\nEvery goal and budget is met.\n")
	} else {
		fmt.Fprintf(&b, "\n%d goal(s) or budget(s) missed.\n", missed)
	}
	_, err = io.WriteString(w, b.String())
	return missed, err
}

func callsOf(r coldRun) float64 { return float64(r.calls) }

func goalText(goal float64) string {
	if goal == 0 {
		return ""
	}
	return fmt.Sprintf("≤ %.2f", goal)
}

// verdict is the Met cell of a figure: empty without a goal, else yes or a
// bold no, counted in missed.
func verdict(hasGoal, met bool, missed *int) string {
	switch {
	case !hasGoal:
		return ""
	case met:
		return "yes"
	}
	*missed++
	return "**no**"
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
