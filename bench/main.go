// Command bench measures the Lambda against the floor, a bare Go Lambda that
// links only aws-lambda-go and the Cognito client of aws-sdk-go-v2
// (testdata/floor), and prints one Markdown table with each figure next to
// its budget: binary and zip size, cold start, peak RSS, per-event work and
// Cognito calls per event type.
//
// Run it from the module, as `make bench` does:
//
//	go run ./bench
//
// Both programs are built with the function's build flags
// (internal/lambdabuild). Sizes are those of linux/arm64 builds, the architecture the function is
// deployed on; times and memory are measured on builds for the machine
// running the bench. Every process runs behind internal/lambdalocal's Runtime
// API, against internal/cognitofake on loopback. Budgets are reported, not
// enforced: the exit status is non-zero only when a measurement fails.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	runs := flag.Int("runs", 15, "fresh processes per binary, each for one Update")
	doc := flag.String("o", "", "also write the table to this Markdown file, as a page of its own (make bench writes docs/performance.md)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./bench [-runs n]\n")
		flag.PrintDefaults()
	}
	flag.Parse()

	if err := run(os.Stdout, os.Stderr, *runs, *doc, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run measures everything and prints the table to out, and its progress to
// progress; with a doc path, it writes the table there too, as a page.
func run(out, progress io.Writer, runs int, doc string, args []string) error {
	if runs < 1 {
		return fmt.Errorf("-runs must be at least 1, not %d", runs)
	}
	if len(args) > 0 {
		return fmt.Errorf("unexpected arguments %q: the build flags are internal/lambdabuild's", args)
	}
	m, err := measure(progress, runs)
	if err != nil {
		return err
	}
	var table strings.Builder
	missed, err := m.print(&table)
	if err != nil {
		return err
	}
	if doc != "" {
		page := "# Performance\n\nWritten by `make bench` (`go run ./bench -o docs/performance.md`); run it again rather than edit " +
			"this page. What each figure measures is said under the table; the budgets are the project's.\n\n" + table.String()
		if err := os.WriteFile(doc, []byte(page), 0o644); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(out, table.String()); err != nil {
		return err
	}
	if missed > 0 {
		return fmt.Errorf("%d goal(s) or budget(s) missed", missed)
	}
	return nil
}
