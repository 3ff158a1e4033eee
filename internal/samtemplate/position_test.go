package samtemplate

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// The same template in YAML and in JSON, tab-indented as JSON tools often
// write it.
const (
	locateYAML = `Resources:
  Client:
    Type: Custom::CognitoUserPoolClient
    Properties:
      UserPoolId: !Ref Pool
      CallbackURLs:
        - https://a.example.com/cb
        - https://b.example.com/cb
      RefreshTokenRotation:
        Feature: ENABLED
`
	locateJSON = "{\n\t\"Resources\": {\n\t\t\"Client\": {\n\t\t\t\"Type\": \"Custom::CognitoUserPoolClient\",\n" +
		"\t\t\t\"Properties\": {\n\t\t\t\t\"UserPoolId\": {\"Ref\": \"Pool\"},\n" +
		"\t\t\t\t\"CallbackURLs\": [\"https:\\/\\/a.example.com\\/cb\", \"https://b.example.com/cb\"],\n" +
		"\t\t\t\t\"RefreshTokenRotation\": {\"Feature\": \"ENABLED\"}\n\t\t\t}\n\t\t}\n\t}\n}\n"
)

func TestLocate(t *testing.T) {
	type pos struct{ line, column int }
	tests := []struct {
		name       string
		path       []string
		yaml, json pos
	}{
		{"a property is located at its key", []string{"Resources", "Client", "Properties", "UserPoolId"}, pos{5, 7}, pos{6, 5}},
		{"a list item, after \\/ escapes on its line", []string{"Resources", "Client", "Properties", "CallbackURLs", "1"}, pos{8, 11}, pos{7, 53}},
		{"a nested key", []string{"Resources", "Client", "Properties", "RefreshTokenRotation", "Feature"}, pos{10, 9}, pos{8, 30}},
		{"a missing key: its parent", []string{"Resources", "Client", "Properties", "ClientName"}, pos{4, 5}, pos{5, 4}},
		{"an index past the end: the list", []string{"Resources", "Client", "Properties", "CallbackURLs", "2"}, pos{6, 7}, pos{7, 5}},
		{"no path: the start", nil, pos{1, 1}, pos{1, 1}},
	}
	for _, format := range []string{"yaml", "json"} {
		src := map[string]string{"yaml": locateYAML, "json": locateJSON}[format]
		tpl, err := Parse([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		for _, tc := range tests {
			t.Run(format+"/"+tc.name, func(t *testing.T) {
				want := map[string]pos{"yaml": tc.yaml, "json": tc.json}[format]
				if line, col := tpl.Locate(tc.path...); (pos{line, col}) != want {
					t.Errorf("Locate(%q) = %d:%d; want %d:%d", tc.path, line, col, want.line, want.column)
				}
			})
		}
	}
}

// A JSON template reads as the same values as its YAML twin, \/ escapes
// included.
func TestParseJSON(t *testing.T) {
	fromYAML, err := Parse([]byte(locateYAML))
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := Parse([]byte(locateJSON))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromYAML.Resources, fromJSON.Resources) {
		t.Errorf("JSON resources = %#v\nYAML resources = %#v", fromJSON.Resources, fromYAML.Resources)
	}
}

func TestParseRejectsJSON(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantErr string
	}{
		{"a trailing comma, which YAML would accept", "{\n  \"Resources\": {\"R\": {\"Type\": \"X\"},}\n}", "line 2, column 36: invalid JSON: invalid character '}'"},
		{"a missing colon", "{\"Resources\" {}}", "line 1, column 14: invalid JSON"},
		{"cut short", "{\"Resources\": {", "line 1, column 15: invalid JSON: unexpected end of JSON input"},
		{"an escaped slash in a key repeated", `{"Resources": {"R": {"Type": "X"}, "\/R": {"Type": "Y"}, "/R": {"Type": "Z"}}}`, `key "/R" repeated`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Parse error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestSyntaxErrorPositions: an error in a template's text is a
// *SyntaxError at the problem's line and column, where yaml.v3's own
// message names another line (the start of the construct around it, or a
// 0-based one) and no column.
func TestSyntaxErrorPositions(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
		msg       string
	}{
		// yaml.v3 says line 5.
		{"a tab that indents", "Resources:\n  A:\n    Type: X\n    Properties:\n      B: 1\n\tC: 2\n", 6, 1, "invalid YAML: found a tab character that violates indentation"},
		{"a mapping in a plain scalar", "Resources:\n  A: Type: X\n", 2, 10, "invalid YAML: mapping values are not allowed in this context"},
		// yaml.v3 says line 1.
		{"a key indented too little", "Resources:\n  A:\n    Type: X\n   Properties: 1\n", 4, 4, "invalid YAML: did not find expected key"},
		// yaml.v3 says line 4.
		{"a flow list not closed", "Resources:\n  A:\n    Type: X\n    Properties:\n      B: [1, 2\n", 5, 14, "invalid YAML: did not find expected ',' or ']'"},
		{"a quote not closed", "Resources:\n  A:\n    Type: X\n    Properties:\n      B: \"abc\n", 5, 10, "invalid YAML: found unexpected end of stream"},
		{"a list item among keys", "Resources:\n  A:\n    Type: X\n    Properties:\n      - a\n      b: c\n", 6, 8, "invalid YAML: did not find expected '-' indicator"},
		{"a bracket too many, after a wide character", "Resources:\n  A:\n    Type: X\n    Properties:\n      é: [1, 2]]\n", 5, 16, "invalid YAML: did not find expected key"},
		{"an unknown anchor", "Resources:\n  A:\n    Type: X\n    Properties: {B: *x}\n", 4, 22, "invalid YAML: unknown anchor 'x' referenced"},
		{"an unknown tag", "Resources:\n  A:\n    Type: X\n    Properties: {V: !Reff B}\n", 4, 21, "!Reff is not a CloudFormation intrinsic function"},
		{"a repeated key", "Resources:\n  R: {Type: X}\n  R: {Type: Y}\n", 3, 3, `key "R" repeated`},
		{"a repeated key after an escaped slash", `{"Resources": {"R": {"Type": "X"}, "\/R": {"Type": "Y"}, "/R": {"Type": "Z"}}}`, 1, 58, `key "/R" repeated`},
		{"a JSON trailing comma", "{\n  \"Resources\": {\"R\": {\"Type\": \"X\"},}\n}", 2, 36, "invalid JSON: invalid character '}' looking for beginning of object key string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse error = %v, want a *SyntaxError", err)
			}
			if se.Line != tc.line || se.Column != tc.col || se.Msg != tc.msg {
				t.Errorf("Parse error at %d:%d %q, want %d:%d %q", se.Line, se.Column, se.Msg, tc.line, tc.col, tc.msg)
			}
		})
	}
}
