// Package samtemplate reads CloudFormation and SAM templates written in YAML,
// short-form intrinsic functions included, or in JSON, into plain Go values,
// with the position of each in the text (see [Template.Locate]), and computes
// the dependency graph between their resources. It lets the project's tests
// check template.yaml and the examples without deploying them.
//
// It is built on gopkg.in/yaml.v3 with its own small tag decoder rather than on
// github.com/awslabs/goformation: goformation v7.14.9 rejects any SAM function
// with LoggingConfig ("unknown field"), resolves !GetAtt and !ImportValue to
// null unless intrinsic processing is turned off, and registers its YAML tag
// handlers in a package-level map on every parse, a data race when templates
// are parsed in parallel. Checking a template needs its intrinsics intact.
package samtemplate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Template is a parsed template. Every value is a plain Go value: map[string]any,
// []any, string, int, float64, bool or nil. Intrinsic functions appear in their
// long form, whichever form the file used: !Ref X is map[string]any{"Ref": "X"},
// !GetAtt A.B is {"Fn::GetAtt": []any{"A", "B"}}, !Sub s is {"Fn::Sub": s},
// !Condition C is {"Condition": "C"}.
type Template struct {
	FormatVersion string
	// Transform is a string or a list of strings; nil when absent.
	Transform   any
	Description string
	Parameters  map[string]map[string]any
	Conditions  map[string]any
	Resources   map[string]Resource
	Outputs     map[string]map[string]any

	// text is where each node is, for Locate.
	text positions
}

// Resource is one entry of a template's Resources section.
type Resource struct {
	Type      string
	Condition string
	// DeletionPolicy and UpdateReplacePolicy are empty when not given.
	DeletionPolicy      string
	UpdateReplacePolicy string
	// DependsOn is always a list, whether the template wrote a name or a list.
	DependsOn  []string
	Metadata   map[string]any
	Properties map[string]any
}

// A SyntaxError is a template whose text cannot be read as a template, and
// where: its YAML or JSON is invalid, or it holds a tag, a key or a value
// that a template must not.
type SyntaxError struct {
	// Line and Column are 1-based; Column counts characters.
	Line, Column int
	// Msg says what is wrong: "invalid YAML: found a tab character that
	// violates indentation".
	Msg string
}

// Error reads "line 6, column 1: invalid YAML: ...".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// at is a SyntaxError at node n.
func at(n *yaml.Node, format string, args ...any) *SyntaxError {
	return &SyntaxError{Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)}
}

// ParseFile reads and parses the template at path.
func ParseFile(path string) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// Parse parses one YAML or JSON template. It fails on a tag that is not a
// CloudFormation intrinsic function, on a key repeated in a mapping (YAML
// parsers disagree on which one wins), and on sections of the wrong shape.
// An error in the text is a [*SyntaxError], which says where.
func Parse(data []byte) (*Template, error) {
	data, removed, err := asYAML(data)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		msg := yamlMessage(err)
		line, col := yamlProblem(data, msg)
		return nil, &SyntaxError{Line: line, Column: col, Msg: "invalid YAML: " + msg}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("a template is one YAML document, found more")
	}
	root, err := decode(&doc)
	var se *SyntaxError
	if errors.As(err, &se) {
		// A JSON template's columns count in the file's text.
		se.Column = positions{removed: removed}.column(se.Line, se.Column)
	}
	if err != nil {
		return nil, err
	}
	top, ok := root.(map[string]any)
	if !ok {
		return nil, errors.New("a template is a mapping at its top level")
	}
	t, err := fromTree(top)
	if err != nil {
		return nil, err
	}
	t.text = positions{root: doc.Content[0], removed: removed}
	return t, nil
}

func fromTree(top map[string]any) (*Template, error) {
	t := &Template{Transform: top["Transform"]}
	var err error
	if t.FormatVersion, err = optString(top, "AWSTemplateFormatVersion"); err != nil {
		return nil, err
	}
	if t.Description, err = optString(top, "Description"); err != nil {
		return nil, err
	}
	if t.Conditions, err = optMap(top, "Conditions"); err != nil {
		return nil, err
	}
	if t.Parameters, err = mapOfMaps(top, "Parameters"); err != nil {
		return nil, err
	}
	if t.Outputs, err = mapOfMaps(top, "Outputs"); err != nil {
		return nil, err
	}
	resources, err := mapOfMaps(top, "Resources")
	if err != nil {
		return nil, err
	}
	if len(resources) == 0 {
		return nil, errors.New("a template declares at least one resource in its Resources section")
	}
	t.Resources = make(map[string]Resource, len(resources))
	for id, raw := range resources {
		r, err := resourceFrom(raw)
		if err != nil {
			return nil, fmt.Errorf("resource %s: %w", id, err)
		}
		t.Resources[id] = r
	}
	return t, nil
}

func resourceFrom(raw map[string]any) (Resource, error) {
	var r Resource
	var err error
	if r.Type, err = optString(raw, "Type"); err != nil {
		return r, err
	}
	if r.Type == "" {
		return r, errors.New("its Type is missing")
	}
	if r.Condition, err = optString(raw, "Condition"); err != nil {
		return r, err
	}
	if r.DeletionPolicy, err = optString(raw, "DeletionPolicy"); err != nil {
		return r, err
	}
	if r.UpdateReplacePolicy, err = optString(raw, "UpdateReplacePolicy"); err != nil {
		return r, err
	}
	if r.Metadata, err = optMap(raw, "Metadata"); err != nil {
		return r, err
	}
	if r.Properties, err = optMap(raw, "Properties"); err != nil {
		return r, err
	}
	switch d := raw["DependsOn"].(type) {
	case nil:
	case string:
		r.DependsOn = []string{d}
	case []any:
		for _, v := range d {
			s, ok := v.(string)
			if !ok {
				return r, errors.New("DependsOn lists logical ids (strings)")
			}
			r.DependsOn = append(r.DependsOn, s)
		}
	default:
		return r, errors.New("DependsOn is a logical id or a list of them")
	}
	return r, nil
}

func optString(m map[string]any, key string) (string, error) {
	switch v := m[key].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	default:
		return "", fmt.Errorf("%s is a string, not %T", key, v)
	}
}

func optMap(m map[string]any, key string) (map[string]any, error) {
	switch v := m[key].(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return v, nil
	default:
		return nil, fmt.Errorf("%s is a mapping, not %T", key, v)
	}
}

func mapOfMaps(m map[string]any, key string) (map[string]map[string]any, error) {
	section, err := optMap(m, key)
	if err != nil || section == nil {
		return nil, err
	}
	out := make(map[string]map[string]any, len(section))
	for name, v := range section {
		entry, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s.%s is a mapping, not %T", key, name, v)
		}
		out[name] = entry
	}
	return out, nil
}

// shortForms maps each short-form tag to the key of its long form. !GetAtt is
// handled apart because its scalar form also needs splitting.
var shortForms = map[string]string{
	"!Ref":          "Ref",
	"!Condition":    "Condition",
	"!Base64":       "Fn::Base64",
	"!Cidr":         "Fn::Cidr",
	"!FindInMap":    "Fn::FindInMap",
	"!GetAZs":       "Fn::GetAZs",
	"!ImportValue":  "Fn::ImportValue",
	"!Join":         "Fn::Join",
	"!Length":       "Fn::Length",
	"!Select":       "Fn::Select",
	"!Split":        "Fn::Split",
	"!Sub":          "Fn::Sub",
	"!ToJsonString": "Fn::ToJsonString",
	"!Transform":    "Fn::Transform",
	"!And":          "Fn::And",
	"!Equals":       "Fn::Equals",
	"!If":           "Fn::If",
	"!Not":          "Fn::Not",
	"!Or":           "Fn::Or",
}

func decode(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) != 1 {
			return nil, errors.New("empty YAML document")
		}
		return decode(n.Content[0])
	case yaml.AliasNode:
		return decode(n.Alias)
	}
	if n.Tag == "!GetAtt" {
		return decodeGetAtt(n)
	}
	if key, ok := shortForms[n.Tag]; ok {
		if n.Kind == yaml.ScalarNode {
			// CloudFormation reads the operand of a scalar short form as a
			// string whatever it looks like (!Ref 10 names "10").
			return map[string]any{key: n.Value}, nil
		}
		untagged := *n
		untagged.Tag = ""
		v, err := decode(&untagged)
		if err != nil {
			return nil, err
		}
		return map[string]any{key: v}, nil
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return nil, at(n, "%s is not a CloudFormation intrinsic function", n.Tag)
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, vn := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, at(k, "a mapping key is a plain scalar")
			}
			if _, dup := m[k.Value]; dup {
				return nil, at(k, "key %q repeated", k.Value)
			}
			v, err := decode(vn)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := decode(c)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	default:
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, at(n, "%v", err)
		}
		return v, nil
	}
}

func decodeGetAtt(n *yaml.Node) (any, error) {
	if n.Kind == yaml.ScalarNode {
		res, attr, ok := strings.Cut(n.Value, ".")
		if !ok || res == "" || attr == "" {
			return nil, at(n, "!GetAtt %q is not Resource.Attribute", n.Value)
		}
		return map[string]any{"Fn::GetAtt": []any{res, attr}}, nil
	}
	untagged := *n
	untagged.Tag = ""
	v, err := decode(&untagged)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Fn::GetAtt": v}, nil
}

// subVar matches a ${...} placeholder of Fn::Sub; ${!...} is a literal and does
// not match.
var subVar = regexp.MustCompile(`\$\{([^!}][^}]*)\}`)

// References returns the logical ids and parameter names that v refers to
// through Ref, Fn::GetAtt and Fn::Sub placeholders, sorted and without
// repeats. Pseudo parameters (AWS::Region...) and the local variables of a
// Fn::Sub with a variable map are left out; Fn::If's condition name is not a
// reference.
func References(v any) []string {
	seen := map[string]bool{}
	collect(v, seen)
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func collect(v any, seen map[string]bool) {
	add := func(name string) {
		if name != "" && !strings.HasPrefix(name, "AWS::") {
			seen[name] = true
		}
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collect(e, seen)
		}
	case map[string]any:
		if len(x) == 1 {
			if ref, ok := x["Ref"].(string); ok {
				add(ref)
				return
			}
			if ga, ok := x["Fn::GetAtt"]; ok {
				switch g := ga.(type) {
				case string:
					res, _, _ := strings.Cut(g, ".")
					add(res)
				case []any:
					if len(g) > 0 {
						if res, ok := g[0].(string); ok {
							add(res)
						}
						collect(g[1:], seen)
					}
				}
				return
			}
			if sub, ok := x["Fn::Sub"]; ok {
				collectSub(sub, seen, add)
				return
			}
		}
		for _, e := range x {
			collect(e, seen)
		}
	}
}

func collectSub(sub any, seen map[string]bool, add func(string)) {
	var text string
	var locals map[string]any
	switch s := sub.(type) {
	case string:
		text = s
	case []any:
		if len(s) > 0 {
			text, _ = s[0].(string)
		}
		if len(s) > 1 {
			locals, _ = s[1].(map[string]any)
			collect(s[1], seen)
		}
	}
	for _, m := range subVar.FindAllStringSubmatch(text, -1) {
		name, _, _ := strings.Cut(strings.TrimSpace(m[1]), ".")
		if _, local := locals[name]; !local {
			add(name)
		}
	}
}

// Dependencies returns, for every resource, the other resources it must wait
// for: those named by its DependsOn and by the Ref, Fn::GetAtt and Fn::Sub in
// its Properties. Every resource is a key, with an empty list when it depends
// on nothing; lists are sorted. It fails, naming them all, when a resource
// refers to something that is neither a resource, a parameter nor a pseudo
// parameter.
func (t *Template) Dependencies() (map[string][]string, error) {
	graph := make(map[string][]string, len(t.Resources))
	var unknown []string
	for id, r := range t.Resources {
		deps := []string{}
		for _, name := range References(r.Properties) {
			switch {
			case t.Resources[name].Type != "":
				deps = append(deps, name)
			case t.Parameters[name] != nil:
			default:
				unknown = append(unknown, id+" → "+name)
			}
		}
		for _, name := range r.DependsOn {
			if t.Resources[name].Type == "" {
				unknown = append(unknown, id+" → "+name+" (DependsOn)")
				continue
			}
			deps = append(deps, name)
		}
		sort.Strings(deps)
		graph[id] = slices.Compact(deps)
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return graph, fmt.Errorf("references to nothing in the template: %s", strings.Join(unknown, ", "))
	}
	return graph, nil
}

// Cycle returns a dependency cycle of graph as the path that closes it
// ([A B A] when A and B depend on each other, [A A] when A depends on itself),
// or nil when graph is acyclic. The search visits nodes in sorted order, so
// the answer is the same on every run.
func Cycle(graph map[string][]string) []string {
	const (
		unvisited = iota
		onPath
		done
	)
	state := make(map[string]int, len(graph))
	var path []string
	var visit func(string) []string
	visit = func(n string) []string {
		state[n] = onPath
		path = append(path, n)
		next := slices.Clone(graph[n])
		sort.Strings(next)
		for _, m := range next {
			switch state[m] {
			case onPath:
				start := slices.Index(path, m)
				return append(slices.Clone(path[start:]), m)
			case unvisited:
				if c := visit(m); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		state[n] = done
		return nil
	}
	nodes := make([]string, 0, len(graph))
	for n := range graph {
		nodes = append(nodes, n)
	}
	sort.Strings(nodes)
	for _, n := range nodes {
		if state[n] == unvisited {
			if c := visit(n); c != nil {
				return c
			}
		}
	}
	return nil
}
