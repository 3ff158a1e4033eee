// Command bench measures the Lambda beside the floor, the least a Go Lambda
// behind Custom::CognitoUserPoolClient can be: aws-lambda-go's
// cfn.LambdaWrap around one UpdateUserPoolClient call of aws-sdk-go-v2
// (testdata/floor). It runs a fresh process of each per Update event,
// interleaved, with Cognito (internal/cognitofake behind a TLS front) and
// the response receiver over HTTPS on loopback, and prints the medians of
// init, the Cognito calls, the response, end to end, peak RSS and CPU, and
// the zip's size, each as a ratio to the floor's beside its goal; then the
// binary's size, the hostile events, the per-event work and the Cognito
// calls per event type beside their budgets.
//
// Run it from the module, as `make bench` does:
//
//	go run ./bench
//
// Both programs are built with the function's build flags
// (internal/lambdabuild). Sizes are those of linux/arm64 builds, the
// architecture the function is deployed on; times and memory are measured
// on builds for the machine running the bench. The exit status is non-zero
// when a measurement fails or a goal or budget is missed; the page is
// written either way.
package main

import (
	_ "embed"
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

// levers ends the page: what each lever bought when it went in, and what
// was ruled out, as measured then.
//
//go:embed levers.md
var levers string

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
			"this page. What each figure measures is said under the tables; the goals and budgets are the project's.\n\n" +
			table.String() + levers
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
