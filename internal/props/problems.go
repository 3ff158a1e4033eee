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

// Error reads "<Property>: <Message>". A property path longer than
// maxPathLen (an unknown name can be as long as the event) is cut, so one
// problem cannot crowd the others out of a FAILED reason.
func (p Problem) Error() string { return cut(p.Property, maxPathLen) + ": " + p.Message }

// maxPathLen bounds the property path shown in a problem, in bytes: the
// longest valid path is far shorter.
const maxPathLen = 128

// MaxListed is how many problems [Problems.Error] lists; the summary line
// counts them all, and a last line says how many were left out.
const MaxListed = 100

// Problems is every problem found, in the order found. A nil Problems is no
// problem; use [Problems.Err] to return it as an error.
type Problems []Problem

// Error reads as a one-line summary followed by one problem per line, so that
// a FAILED reason can be cut at any point and still start with the summary.
// It lists the first [MaxListed] problems, then "and N more", so its length
// is bounded whatever the count.
func (ps Problems) Error() string {
	var b strings.Builder
	if len(ps) == 1 {
		b.WriteString("1 problem in the properties, nothing was changed:")
	} else {
		fmt.Fprintf(&b, "%d problems in the properties, nothing was changed:", len(ps))
	}
	for _, p := range ps[:min(len(ps), MaxListed)] {
		b.WriteString("\n")
		b.WriteString(p.Error())
	}
	if len(ps) > MaxListed {
		fmt.Fprintf(&b, "\nand %d more", len(ps)-MaxListed)
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
	msg, ok := "", false
	if format == "%s" && len(args) == 1 {
		// A message made elsewhere is kept as it is, not copied: an event
		// can hold a hundred thousand unknown names.
		msg, ok = args[0].(string)
	}
	if !ok {
		msg = fmt.Sprintf(format, args...)
	}
	*ps = append(*ps, Problem{Property: property, Message: msg})
}

// maxItemProblems bounds the problems one list or object reports item by
// item. Past it, the remaining items are not checked (checking builds a
// message) but counted in one more problem, so that a list of any length
// costs a bounded number of problems and a bounded amount of work.
const maxItemProblems = MaxListed

// itemProblems records the problems of one list's items, or of one
// object's keys.
type itemProblems struct {
	ps       *Problems
	path     string
	key      func(path string, i int) string // the path of item i
	reported int
}

// add records a problem of item i.
func (ip *itemProblems) add(i int, format string, args ...any) {
	ip.reported++
	ip.ps.Add(ip.key(ip.path, i), format, args...)
}

// full reports whether no more item may be checked.
func (ip *itemProblems) full() bool { return ip.reported >= maxItemProblems }

// skip records that the last n items, n > 0, were not checked.
func (ip *itemProblems) skip(n int, what string) {
	ip.ps.Add(ip.path, "and %d more %s, not checked: correct the ones above first", n, what)
}

// add records a problem of the whole property name.
func (ps *Problems) add(name Name, format string, args ...any) {
	ps.Add(string(name), format, args...)
}

// Sort orders ps by property, then as found: the order of [Decode] and
// [Check], for problems merged from several checks.
func (ps Problems) Sort() { sortProblems(ps) }

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
