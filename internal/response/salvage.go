package response

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/cfn"
)

// salvage finds the top-level string fields of an event that a response
// needs (ResponseURL, RequestId, StackId, LogicalResourceId,
// PhysicalResourceId, and RequestType, which decides the PhysicalResourceId
// of a failed Create) in bytes that are not valid JSON: truncated, nested
// deeper than encoding/json allows, with a stray byte. It reads the bytes
// once, keeping only a depth counter, so any input costs time in its length
// and no memory beyond the strings it keeps. A field repeated at the top
// level keeps its last value, and keys match in any letter case, as with
// encoding/json. Fields it cannot read
// stay empty.
func salvage(b []byte) cfn.Event {
	var e cfn.Event
	var requestType string
	fields := []struct {
		name string
		dst  *string
	}{
		{"ResponseURL", &e.ResponseURL},
		{"RequestId", &e.RequestID},
		{"StackId", &e.StackID},
		{"LogicalResourceId", &e.LogicalResourceID},
		{"PhysicalResourceId", &e.PhysicalResourceID},
		{"RequestType", &requestType},
	}
	// encoding/json matches keys without regard to letter case.
	field := func(key string) *string {
		for _, f := range fields {
			if strings.EqualFold(f.name, key) {
				return f.dst
			}
		}
		return nil
	}

	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return e // not an object: it has no fields
	}
	depth := 0
	for i < len(b) {
		switch c := b[i]; c {
		case '{', '[':
			depth++
			i++
		case '}', ']':
			depth--
			i++
			if depth == 0 {
				e.RequestType = cfn.RequestType(requestType)
				return e // the end of the top-level object
			}
		case '"':
			end := stringEnd(b, i)
			if depth != 1 {
				i = end
				continue
			}
			// A string at the top level: a key when a colon follows.
			j := skipSpace(b, end)
			if j >= len(b) || b[j] != ':' {
				i = end
				continue
			}
			var key string
			if json.Unmarshal(b[i:end], &key) != nil {
				i = j + 1
				continue
			}
			j = skipSpace(b, j+1)
			if dst := field(key); dst != nil && j < len(b) && b[j] == '"' {
				vend := stringEnd(b, j)
				var v string
				if json.Unmarshal(b[j:vend], &v) == nil {
					*dst = v
				}
				i = vend
				continue
			}
			i = j
		default:
			i++
		}
	}
	e.RequestType = cfn.RequestType(requestType)
	return e
}

// stringEnd returns the index just past the JSON string that starts at
// b[start] (a quote), or len(b) when it is not closed.
func stringEnd(b []byte, start int) int {
	for i := start + 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++ // the escaped byte cannot end the string
		case '"':
			return i + 1
		}
	}
	return len(b)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// MaxDepth is the deepest nesting of objects and lists an event may have,
// and MaxContainers the most objects and lists it may hold. A valid event
// needs 3 levels (the event, ResourceProperties, a list or object property)
// and a few dozen containers; anything beyond these limits is answered as
// malformed before it is decoded, because decoding builds a Go value of a
// few hundred bytes for every object, and a megabyte of small or nested
// objects, within encoding/json's own limit of 10,000 levels, would cost
// more memory than the function has.
const (
	MaxDepth      = 32
	MaxContainers = 1000
)

// checkShape returns why the JSON in b nests deeper than MaxDepth or holds
// more than MaxContainers objects and lists, or nil. Like salvage, it reads
// b once and allocates nothing; strings are skipped, so brackets inside them
// do not count.
func checkShape(b []byte) error {
	depth, containers := 0, 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{', '[':
			depth++
			containers++
			switch {
			case depth > MaxDepth:
				return errTooDeep
			case containers > MaxContainers:
				return errTooMany
			}
		case '}', ']':
			depth--
		case '"':
			i = stringEnd(b, i) - 1
		}
	}
	return nil
}

// The reasons checkShape refuses an event for.
var (
	errTooDeep = fmt.Errorf("it nests objects and lists more than %d levels deep", MaxDepth)
	errTooMany = fmt.Errorf("it holds more than %d objects and lists", MaxContainers)
)
