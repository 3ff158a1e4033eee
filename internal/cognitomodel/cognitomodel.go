// Package cognitomodel reads the API model of Amazon Cognito's app-client
// operations and checks values against it the way the service's own request
// validation does: lengths, patterns, ranges, enums, list sizes and required
// members.
//
// The model is botocore's, cut down to those operations and embedded from
// testdata/cognito-idp-model.json (testdata/README.md names its source and
// licence). It is test support: the fake (internal/cognitofake) validates
// every request with it, and the properties' model test compares each limit
// of package props with it, so that neither can drift from AWS's own
// limits. The function itself never reads it.
//
// Patterns are written for Java's regular expressions, which the service
// uses. They are compiled as RE2 after one translation: Java's \s also
// matches the vertical tab, RE2's does not.
package cognitomodel

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed testdata/cognito-idp-model.json
var modelJSON []byte

// Model is the parsed API model. It is never modified after [Load], so it
// may be shared.
type Model struct {
	shapes map[string]*Shape
	inputs map[string]string // operation → its input shape
}

// A Shape is one shape of the model.
type Shape struct {
	Name string
	// Type is the model's: string, integer, boolean, list, structure or
	// timestamp.
	Type string
	// Min and Max bound a string's length (in characters), a list's size,
	// or an integer's value; nil when the model sets no bound.
	Min, Max *int64
	// Pattern is the model's pattern, as written (Java syntax); "" when
	// there is none. A value matches when the whole of it does.
	Pattern string
	// Enum lists the values a string may take; nil when any.
	Enum []string
	// Members maps each member of a structure to its shape's name.
	Members map[string]string
	// Required names the members a structure must have.
	Required []string
	// Member is the shape of a list's items.
	Member string
	// Sensitive values are never shown in a [Violation].
	Sensitive bool

	re *regexp.Regexp
}

// rawShape is a shape as the file writes it.
type rawShape struct {
	Type      string            `json:"type"`
	Min       *int64            `json:"min"`
	Max       *int64            `json:"max"`
	Pattern   string            `json:"pattern"`
	Enum      []string          `json:"enum"`
	Members   map[string]string `json:"members"`
	Required  []string          `json:"required"`
	Member    *struct{ Shape string }
	Sensitive bool `json:"sensitive"`
}

// Load parses the embedded model. Each call returns a new Model; it fails
// only if the embedded file is broken, which the package's tests rule out.
func Load() (*Model, error) {
	var raw struct {
		Operations map[string]struct {
			Input string `json:"input"`
		} `json:"operations"`
		Shapes map[string]rawShape `json:"shapes"`
	}
	if err := json.Unmarshal(modelJSON, &raw); err != nil {
		return nil, fmt.Errorf("cognitomodel: %w", err)
	}
	m := &Model{shapes: make(map[string]*Shape, len(raw.Shapes)), inputs: map[string]string{}}
	for name, r := range raw.Shapes {
		s := &Shape{
			Name: name, Type: r.Type, Min: r.Min, Max: r.Max, Pattern: r.Pattern, Enum: r.Enum,
			Members: r.Members, Required: r.Required, Sensitive: r.Sensitive,
		}
		if r.Member != nil {
			s.Member = r.Member.Shape
		}
		if r.Pattern != "" {
			re, err := compile(r.Pattern)
			if err != nil {
				return nil, fmt.Errorf("cognitomodel: shape %s: %w", name, err)
			}
			s.re = re
		}
		m.shapes[name] = s
	}
	for op, o := range raw.Operations {
		m.inputs[op] = o.Input
	}
	for _, s := range m.shapes {
		for _, ref := range append(slices.Collect(maps.Values(s.Members)), s.Member) {
			if _, ok := m.shapes[ref]; ref != "" && !ok {
				return nil, fmt.Errorf("cognitomodel: shape %s refers to %s, which the model does not have", s.Name, ref)
			}
		}
	}
	return m, nil
}

// Shape returns the shape called name, or nil when the model has none.
func (m *Model) Shape(name string) *Shape { return m.shapes[name] }

// Input returns the name of the input shape of operation op, or "" when the
// model does not have the operation.
func (m *Model) Input(op string) string { return m.inputs[op] }

// Operations returns the names of the model's operations, sorted.
func (m *Model) Operations() []string {
	ops := make([]string, 0, len(m.inputs))
	for op := range m.inputs {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	return ops
}

// Matches reports whether the whole of v matches the shape's pattern; true
// when the shape has none.
func (s *Shape) Matches(v string) bool { return s.re == nil || s.re.MatchString(v) }

// A Violation is one constraint of the model that a value breaks.
type Violation struct {
	// Path is where the value is, in the service's spelling: the member
	// names with their first letter in lower case, joined by dots
	// ("tokenValidityUnits.accessToken"). An item of a list has the list's
	// path.
	Path string
	// Value is the value as the service shows it; "***" for a sensitive
	// member, "null" for a missing one.
	Value string
	// Constraint is what the value breaks, in the service's words
	// ("Member must have length less than or equal to 128").
	Constraint string
}

// String writes the violation as the service does.
func (v Violation) String() string {
	if v.Value == "null" {
		return fmt.Sprintf("Value null at '%s' failed to satisfy constraint: %s", v.Path, v.Constraint)
	}
	return fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: %s", v.Value, v.Path, v.Constraint)
}

// Validate checks the JSON body of a request of operation op against the
// operation's input shape. It returns every violation, in the order of the
// members' names; an error when op is not in the model or body is not a JSON
// object.
func (m *Model) Validate(op string, body []byte) ([]Violation, error) {
	input := m.Input(op)
	if input == "" {
		return nil, fmt.Errorf("cognitomodel: no operation %s", op)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("cognitomodel: the body of %s is not a JSON object: %w", op, err)
	}
	if v == nil {
		v = map[string]any{}
	}
	return m.Check(input, "", v), nil
}

// Check returns the violations of value v of shape name, found at path
// (for the top-level structure of a request, ""). v is a value as
// encoding/json decodes it (numbers as float64 or json.Number); Go strings,
// ints and slices of strings are read too. A nil v is a member left out,
// which only a structure's Required can refuse.
func (m *Model) Check(name, path string, v any) []Violation {
	s := m.Shape(name)
	if s == nil || v == nil {
		return nil
	}
	var out []Violation
	add := func(value, constraint string) {
		if s.Sensitive {
			value = "***"
		}
		out = append(out, Violation{Path: path, Value: value, Constraint: constraint})
	}
	switch s.Type {
	case "string":
		str, ok := v.(string)
		if !ok {
			add(fmt.Sprint(v), "Member must be a string")
			break
		}
		n := int64(utf8.RuneCountInString(str))
		s.bounds(n, "length", func(c string) { add(str, c) })
		if !s.Matches(str) {
			add(str, "Member must satisfy regular expression pattern: "+s.Pattern)
		}
		if s.Enum != nil && !slices.Contains(s.Enum, str) {
			add(str, "Member must satisfy enum value set: ["+strings.Join(s.Enum, ", ")+"]")
		}
	case "integer":
		n, ok := integer(v)
		if !ok {
			add(fmt.Sprint(v), "Member must be an integer")
			break
		}
		s.bounds(n, "value", func(c string) { add(strconv.FormatInt(n, 10), c) })
	case "boolean":
		if _, ok := v.(bool); !ok {
			add(fmt.Sprint(v), "Member must be a boolean")
		}
	case "list":
		items, ok := listOf(v)
		if !ok {
			add(fmt.Sprint(v), "Member must be a list")
			break
		}
		s.bounds(int64(len(items)), "length", func(c string) { add(fmt.Sprintf("%d items", len(items)), c) })
		for _, item := range items {
			out = append(out, m.Check(s.Member, path, item)...)
		}
	case "structure":
		fields, ok := v.(map[string]any)
		if !ok {
			add(fmt.Sprint(v), "Member must be a structure")
			break
		}
		names := make([]string, 0, len(s.Members))
		for member := range s.Members {
			names = append(names, member)
		}
		slices.Sort(names)
		for _, member := range names {
			at := join(path, member)
			if fields[member] == nil && slices.Contains(s.Required, member) {
				out = append(out, Violation{Path: at, Value: "null", Constraint: "Member must not be null"})
				continue
			}
			out = append(out, m.Check(s.Members[member], at, fields[member])...)
		}
	}
	return out
}

// bounds reports a value n (a length or an integer) outside [Min, Max].
func (s *Shape) bounds(n int64, what string, add func(constraint string)) {
	if s.Min != nil && n < *s.Min {
		add(fmt.Sprintf("Member must have %s greater than or equal to %d", what, *s.Min))
	}
	if s.Max != nil && n > *s.Max {
		add(fmt.Sprintf("Member must have %s less than or equal to %d", what, *s.Max))
	}
}

// join appends a member to a path in the service's spelling.
func join(path, member string) string {
	r, size := utf8.DecodeRuneInString(member)
	member = string(unicode.ToLower(r)) + member[size:]
	if path == "" {
		return member
	}
	return path + "." + member
}

func integer(v any) (int64, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := x.Int64()
		return n, err == nil
	case float64:
		n := int64(x)
		return n, float64(n) == x
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	}
	return 0, false
}

func listOf(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

// compile compiles a pattern of the model as the service applies it: to the
// whole value, with Java's meaning of \s and \S.
func compile(pattern string) (*regexp.Regexp, error) {
	translated, err := javaToRE2(pattern)
	if err != nil {
		return nil, err
	}
	return regexp.Compile(`^(?:` + translated + `)$`)
}

// javaToRE2 rewrites \s and \S, the only escapes of the model's patterns
// that Java and RE2 read differently (Java's whitespace includes the
// vertical tab, \x0B). A \S inside a longer character class has no RE2
// spelling and is refused; the model has none.
func javaToRE2(p string) (string, error) {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			next := p[i+1]
			i++
			switch {
			case next == 's' && inClass:
				b.WriteString(`\s\x0B`)
			case next == 's':
				b.WriteString(`[\s\x0B]`)
			case next == 'S' && !inClass:
				b.WriteString(`[^\s\x0B]`)
			case next == 'S':
				if !strings.HasSuffix(b.String(), "[") || i+1 >= len(p) || p[i+1] != ']' {
					return "", errors.New(`pattern ` + p + `: \S inside a character class with other members has no RE2 form`)
				}
				b.WriteString(`^\s\x0B`)
			default:
				b.WriteByte(c)
				b.WriteByte(next)
			}
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}
