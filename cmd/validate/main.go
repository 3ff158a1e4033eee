// Command validate checks the Custom::CognitoUserPoolClient resources of
// CloudFormation and SAM templates, in YAML or JSON, before they are
// deployed, with the function's own rules and messages:
//
//	make validate TEMPLATE=template.yaml
//	go run github.com/cognito-client-resource/cognitoclient/cmd/validate@latest [-format json] TEMPLATE...
//
// It prints one line per problem, FILE:LINE:COLUMN: LogicalId.Property:
// message, where the message is the one the function would answer when the
// stack is deployed and the position is that of the property, or of the list
// item or nested key the problem is about. With -format json it prints one
// JSON object instead: {"problems": [{"file", "line", "column", "resource",
// "property", "message"}...], "unreadable": [{"file", "line", "column",
// "message"}...]}, an unreadable template having a line and a column when
// the problem is at a place in its text.
//
// A template that cannot be read is reported on standard error: in the same
// FILE:LINE:COLUMN: form when the problem is at a place in its text (invalid
// YAML or JSON, an unknown tag, a repeated key), else as
// "validate: FILE: message".
//
// A property whose value is or holds an intrinsic function (Ref, Fn::Sub,
// Fn::If, Condition...) or a dynamic reference ({{resolve:...}}) is known
// only at deploy time: it is not judged, nor are the rules that read it, and
// an object with such a value anywhere in it counts as unknown as a whole.
// The exception is a ClientSecret that is a secretsmanager (or ssm-secure)
// reference: CloudFormation hands it to the function unresolved, and the
// function judges its text (pinned to a version id, reading SecretString),
// as this command does. A ClientSecret written as a value is reported too,
// although the function accepts it: it is stored in the template in plain
// text.
// In a list that mixes literal items with such values, each literal item is
// judged on its own; the list's size and the rules between its items (a
// value listed twice, client_credentials alone) wait for deploy time, since
// they depend on every item. Everything else written literally is judged. A resource in owned mode
// (no ClientId) is also checked as a whole, as the function checks the
// client it is about to create; in existing-client mode, and for an adopted
// client (ClientId with Adopt: true), only the rules between declared
// properties apply, since the rest depends on the client.
//
// Only the resource type Custom::CognitoUserPoolClient is checked: an
// AWS::CloudFormation::CustomResource does not say which function serves it.
//
// The exit status is 0 when no problem was found, 1 when one was, and 2 when
// a template could not be read (or on a usage error).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/samtemplate"
)

// resourceType is the only type checked.
const resourceType = "Custom::CognitoUserPoolClient"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// finding is one problem of one resource, where the template states it.
type finding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Resource string `json:"resource"`
	Property string `json:"property"`
	Message  string `json:"message"`
}

// unreadable is a template that could not be checked; Line and Column
// are 0 when the problem is not at a place in the text.
type unreadable struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// report is the -format json output.
type report struct {
	Problems   []finding    `json:"problems"`
	Unreadable []unreadable `json:"unreadable"`
}

// run checks the templates named in args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("validate", flag.ContinueOnError)
	fl.SetOutput(stderr)
	format := fl.String("format", "text", "output format: text (FILE:LINE:COLUMN: LogicalId.Property: message) or json")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: validate [-format text|json] TEMPLATE...   (make validate TEMPLATE=template.yaml)")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() == 0 || (*format != "text" && *format != "json") {
		fl.Usage()
		return 2
	}
	out := report{Problems: []finding{}, Unreadable: []unreadable{}}
	for _, path := range fl.Args() {
		found, _, err := checkFile(path)
		var se *samtemplate.SyntaxError
		switch {
		case errors.As(err, &se):
			out.Unreadable = append(out.Unreadable, unreadable{File: path, Line: se.Line, Column: se.Column, Message: se.Msg})
			continue
		case err != nil:
			out.Unreadable = append(out.Unreadable, unreadable{File: path, Message: err.Error()})
			continue
		}
		out.Problems = append(out.Problems, found...)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintln(stderr, "validate:", err)
			return 2
		}
	} else {
		for _, f := range out.Problems {
			fmt.Fprintf(stdout, "%s:%d:%d: %s.%s: %s\n", f.File, f.Line, f.Column, f.Resource, f.Property, f.Message)
		}
		for _, u := range out.Unreadable {
			if u.Line > 0 {
				fmt.Fprintf(stderr, "%s:%d:%d: %s\n", u.File, u.Line, u.Column, u.Message)
			} else {
				fmt.Fprintf(stderr, "validate: %s: %s\n", u.File, u.Message)
			}
		}
	}
	switch {
	case len(out.Unreadable) > 0:
		return 2
	case len(out.Problems) > 0:
		return 1
	}
	return 0
}

// checkFile returns the problems of every resource of resourceType in the
// template at path, in the order of the text, and how many it checked.
func checkFile(path string) (found []finding, checked int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, 0, fmt.Errorf("can't read it: %w", err)
	}
	t, err := samtemplate.Parse(data)
	if err != nil {
		return nil, 0, err
	}
	for id, r := range t.Resources {
		// Properties that are themselves an intrinsic (a Fn::If between two
		// sets, say) are known only at deploy time.
		if r.Type != resourceType || intrinsic(r.Properties) {
			continue
		}
		checked++
		for _, p := range check(id, r.Properties) {
			at := append([]string{"Resources", id, "Properties"}, propertyPath(r.Properties, p.Property)...)
			line, col := t.Locate(at...)
			found = append(found, finding{File: path, Line: line, Column: col, Resource: id, Property: p.Property, Message: p.Message})
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Resource+"."+a.Property < b.Resource+"."+b.Property
	})
	return found, checked, nil
}

// check returns the problems the function would answer to a Create of the
// resource id with these properties, leaving out what depends on values
// known only at deploy time.
func check(id string, properties map[string]any) props.Problems {
	unknown := props.Fields{}
	var items props.Problems
	if v, ok := properties[string(props.ClientSecret)].(string); ok && !deployTime(v) {
		items.Add(string(props.ClientSecret), "%s ({{resolve:secretsmanager:<name-or-arn>:SecretString:<json-key>::<version-id>}})", props.PlainTextSecret)
	}
	for _, name := range sortedNames(properties) {
		v := properties[name]
		if !deployTime(v) || sentAsText(name, v) {
			continue
		}
		unknown[props.Name(name)] = true
		// A list that mixes literal items with deploy-time ones: each
		// literal item is still judged on its own.
		if list, ok := v.([]any); ok {
			items = append(items, props.CheckItems(name, list, func(i int) bool { return !deployTime(list[i]) })...)
		}
	}
	s, err := props.DecodeWithUnknown(properties, unknown)
	ps, _ := err.(props.Problems) // its only error; nil when there is none
	ps = append(ps, items...)
	// An unknown ClientId is still one: existing-client mode.
	if s.Existing() || unknown[props.ClientId] {
		return ps
	}
	// As the function does before its Create: the rules judge the client
	// Cognito would make. An unknown GenerateSecret may give it a secret,
	// so the rules that need one are left out.
	s.GenerateSecret = s.GenerateSecret || unknown[props.GenerateSecret]
	return ps.Merge(s.CheckNew())
}

func sortedNames(m map[string]any) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// deployTime reports whether v is or holds an intrinsic function or a
// dynamic reference, whose value CloudFormation knows only at deploy time.
func deployTime(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.Contains(x, "{{resolve:")
	case []any:
		for _, e := range x {
			if deployTime(e) {
				return true
			}
		}
	case map[string]any:
		if intrinsic(x) {
			return true
		}
		for _, e := range x {
			if deployTime(e) {
				return true
			}
		}
	}
	return false
}

// sentAsText reports whether v, the value of the property name, is a
// dynamic reference that CloudFormation hands the function as it is written:
// it does not resolve secretsmanager and ssm-secure references in the
// properties of a custom resource (ledger row 31), so the function judges a
// ClientSecret reference's text itself, and so does this command.
func sentAsText(name string, v any) bool {
	s, ok := v.(string)
	return ok && name == string(props.ClientSecret) &&
		(strings.HasPrefix(s, "{{resolve:secretsmanager:") || strings.HasPrefix(s, "{{resolve:ssm-secure:"))
}

// intrinsic reports whether m is an intrinsic function: a mapping of one
// key, Ref, Condition or Fn::something.
func intrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

// pathStep is one key or index of a problem's path ("CallbackURLs[2]",
// "RefreshTokenRotation.Feature").
var pathStep = regexp.MustCompile(`[^.\[\]]+`)

// propertyPath turns a problem's path into the keys and indices under
// Properties that lead to it. A property given with a dot or a bracket in
// its name (which no valid one has) is its own path.
func propertyPath(properties map[string]any, property string) []string {
	if _, ok := properties[property]; ok {
		return []string{property}
	}
	return pathStep.FindAllString(property, -1)
}
