package props

import (
	"fmt"
	"slices"
	"strings"
)

// A Problem is one thing wrong with the properties, tied to the property it
// concerns, with a path into lists and objects ("CallbackURLs[2]",
// "RefreshTokenRotation.Feature").
type Problem struct {
	Property string
	Message  string
}

func (p Problem) Error() string { return p.Property + ": " + p.Message }

// Problems is every problem found, in the order found. A nil Problems is no
// problem; use [Problems.Err] to return it as an error.
type Problems []Problem

// Error reads as a one-line summary followed by one problem per line, so that
// a FAILED reason can be cut at any point and still start with the summary.
func (ps Problems) Error() string {
	var b strings.Builder
	if len(ps) == 1 {
		b.WriteString("1 problem in the properties, nothing was changed:")
	} else {
		fmt.Fprintf(&b, "%d problems in the properties, nothing was changed:", len(ps))
	}
	for _, p := range ps {
		b.WriteString("\n")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Err returns ps as an error, or nil when there is no problem.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Add records a problem with a formatted message.
func (ps *Problems) Add(property, format string, args ...any) {
	*ps = append(*ps, Problem{Property: property, Message: fmt.Sprintf(format, args...)})
}

// add records a problem of the whole property name.
func (ps *Problems) add(name Name, format string, args ...any) {
	ps.Add(string(name), format, args...)
}

// Merge returns ps followed by the problems of more that ps does not already
// hold, so that a rule found both on the properties alone and on the
// effective configuration is reported once.
func (ps Problems) Merge(more Problems) Problems {
	for _, p := range more {
		if !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	return ps
}
