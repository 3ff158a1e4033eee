package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdabuild"
)

// program is one of the two programs compared, and what was measured of it.
type program struct {
	name  string
	pkg   string
	bins  binaries
	sizes sizes
	runs  []coldRun
}

// measurements are the figures of one run of the bench.
type measurements struct {
	when           time.Time
	machine        string
	buildFlags     []string
	project, floor program
	perEvent       []benchResult
	calls          []callCount
	hostile        []hostileResult
}

func measure(progress io.Writer, runs int) (*measurements, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	m := &measurements{
		when:       time.Now().UTC(),
		machine:    machine(),
		buildFlags: lambdabuild.Flags(),
		project:    program{name: "project", pkg: projectPkg},
		floor:      program{name: "floor", pkg: floorPkg},
	}
	programs := []*program{&m.project, &m.floor}

	for _, p := range programs {
		fmt.Fprintf(progress, "building %s (%s) for linux/arm64 and %s/%s\n", p.name, p.pkg, runtime.GOOS, runtime.GOARCH)
		if p.bins, err = buildBoth(root, dir, p.pkg); err != nil {
			return nil, err
		}
		if p.sizes, err = measureSizes(p.bins.arm64); err != nil {
			return nil, err
		}
	}

	s := newStage()
	defer s.close()
	secure, err := s.secure(dir)
	if err != nil {
		return nil, err
	}
	defer secure.close()
	// One run each that is not counted, so that neither binary is timed
	// while it is being read from disk for the first time.
	for _, p := range programs {
		if _, err := secure.coldUpdate(p.bins.host); err != nil {
			return nil, err
		}
	}
	// Interleaved, each pair in turn in either order, so that the load of
	// this shared machine weighs on both binaries alike.
	fmt.Fprintf(progress, "cold Update: %d fresh processes of each\n", runs)
	for i := range runs {
		pair := programs
		if i%2 == 1 {
			pair = []*program{&m.floor, &m.project}
		}
		for _, p := range pair {
			r, err := secure.coldUpdate(p.bins.host)
			if err != nil {
				return nil, err
			}
			p.runs = append(p.runs, r)
		}
	}

	if m.hostile, err = s.measureHostile(progress, m.project.bins.host); err != nil {
		return nil, err
	}

	fmt.Fprintln(progress, "Cognito calls per event type")
	if m.calls, err = s.countCalls(m.project.bins.host); err != nil {
		return nil, err
	}

	fmt.Fprintf(progress, "go test -bench %s\n", benchPkg)
	if m.perEvent, err = runGoBench(root); err != nil {
		return nil, err
	}
	return m, nil
}

// machine describes the machine the bench runs on, for the table's heading.
func machine() string {
	desc := fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	if model := cpuModel(); model != "" {
		desc += " (" + model + ")"
	}
	return desc + ", " + runtime.Version()
}

// cpuModel returns the first "model name" of /proc/cpuinfo, or "" where
// there is none.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
