package samtemplate

import (
	"reflect"
	"strings"
	"testing"
)

// parseValue parses a one-resource template whose property V is src and
// returns the decoded V.
func parseValue(t *testing.T, src string) (any, error) {
	t.Helper()
	tpl, err := Parse([]byte("Resources:\n  R:\n    Type: X::Y\n    Properties:\n      V: " + src + "\n"))
	if err != nil {
		return nil, err
	}
	return tpl.Resources["R"].Properties["V"], nil
}

func TestParseShortForms(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"Ref", "!Ref Bucket", map[string]any{"Ref": "Bucket"}},
		{"Ref of a number-like name stays a string", "!Ref 10", map[string]any{"Ref": "10"}},
		{"GetAtt scalar splits at the first dot", "!GetAtt Dist.DomainName", map[string]any{"Fn::GetAtt": []any{"Dist", "DomainName"}}},
		{"GetAtt nested attribute", "!GetAtt Stack.Outputs.Name", map[string]any{"Fn::GetAtt": []any{"Stack", "Outputs.Name"}}},
		{"GetAtt list", "!GetAtt [Dist, DomainName]", map[string]any{"Fn::GetAtt": []any{"Dist", "DomainName"}}},
		{"Sub", "!Sub 'https://${Dist.DomainName}/cb'", map[string]any{"Fn::Sub": "https://${Dist.DomainName}/cb"}},
		{"ImportValue of long-form Sub", "!ImportValue {Fn::Sub: '${S}-Token'}", map[string]any{"Fn::ImportValue": map[string]any{"Fn::Sub": "${S}-Token"}}},
		{"If with nested short forms", "!If [C, !Sub 'a', !Ref P]", map[string]any{"Fn::If": []any{"C", map[string]any{"Fn::Sub": "a"}, map[string]any{"Ref": "P"}}}},
		{"Equals Join", "!Equals [!Join ['', !Ref P], '*']", map[string]any{"Fn::Equals": []any{map[string]any{"Fn::Join": []any{"", map[string]any{"Ref": "P"}}}, "*"}}},
		{"Condition", "!And [!Condition A, !Not [!Condition B]]", map[string]any{"Fn::And": []any{map[string]any{"Condition": "A"}, map[string]any{"Fn::Not": []any{map[string]any{"Condition": "B"}}}}}},
		{"plain scalars keep their YAML types", "[1, true, '30', 10h, null]", []any{1, true, "30", "10h", nil}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseValue(t, tc.src)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantErr string
	}{
		{"unknown tag", "Resources:\n  R: {Type: X, Properties: {V: !Bogus x}}\n", "!Bogus is not a CloudFormation intrinsic"},
		{"repeated key", "Resources:\n  R: {Type: X}\n  R: {Type: Y}\n", `key "R" repeated`},
		{"GetAtt without attribute", "Resources:\n  R: {Type: X, Properties: {V: !GetAtt Dist}}\n", "not Resource.Attribute"},
		{"no resources", "Description: nothing\n", "at least one resource"},
		{"resource without Type", "Resources:\n  R: {Properties: {}}\n", "resource R: its Type is missing"},
		{"list at the top", "- a\n", "mapping at its top level"},
		{"two documents", "Resources:\n  R: {Type: X}\n---\nResources:\n  R: {Type: X}\n", "one YAML document"},
		{"DependsOn of the wrong type", "Resources:\n  R: {Type: X, DependsOn: {A: B}}\n", "DependsOn is a logical id"},
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

func TestReferences(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"Ref", "!Ref A", []string{"A"}},
		{"pseudo parameters are not references", "!Sub 'arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}:${A}'", []string{"A"}},
		{"Sub attribute placeholder names the resource", "!Sub 'https://${Dist.DomainName}/'", []string{"Dist"}},
		{"Sub literal escape is not a reference", "!Sub '${!Literal}-${B}'", []string{"B"}},
		{"Sub local variables are not references", "!Sub ['${Local}-${C}', {Local: !Ref D}]", []string{"C", "D"}},
		{"GetAtt long string form", "{Fn::GetAtt: Dist.Arn}", []string{"Dist"}},
		{"If condition name is not a reference", "!If [Cond, !Ref A, !GetAtt B.Arn]", []string{"A", "B"}},
		{"nested and repeated", "[!Ref A, {K: [!Ref A, !Sub '${E}']}]", []string{"A", "E"}},
		{"literals", "[a, 1, true]", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := parseValue(t, tc.src)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := References(v); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("References = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDependencies(t *testing.T) {
	tpl, err := Parse([]byte(`
Parameters:
  P: {Type: String}
Resources:
  A:
    Type: X
    Properties: {Name: !Ref P, Region: !Ref 'AWS::Region'}
  B:
    Type: X
    DependsOn: A
    Properties: {Arn: !GetAtt A.Arn, Again: !Sub '${A}'}
  C:
    Type: X
    DependsOn: [A, B]
`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := tpl.Dependencies()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"A": {}, "B": {"A"}, "C": {"A", "B"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Dependencies = %v, want %v", got, want)
	}
}

func TestDependenciesUnknownNames(t *testing.T) {
	tpl, err := Parse([]byte(`
Resources:
  A:
    Type: X
    DependsOn: Gone
    Properties: {Name: !Ref Missing, Url: !Sub 'https://${Dist.DomainName}'}
`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tpl.Dependencies()
	if err == nil {
		t.Fatal("Dependencies accepted references to nothing")
	}
	for _, want := range []string{"A → Missing", "A → Dist", "A → Gone (DependsOn)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

func TestCycle(t *testing.T) {
	tests := []struct {
		name  string
		graph map[string][]string
		want  []string
	}{
		{"empty", map[string][]string{}, nil},
		{"chain", map[string][]string{"A": {"B"}, "B": {"C"}, "C": {}}, nil},
		{"diamond", map[string][]string{"A": {"B", "C"}, "B": {"D"}, "C": {"D"}, "D": {}}, nil},
		{"self", map[string][]string{"A": {"A"}}, []string{"A", "A"}},
		{"two", map[string][]string{"A": {"B"}, "B": {"A"}}, []string{"A", "B", "A"}},
		{"behind a tail", map[string][]string{"A": {"B"}, "B": {"C"}, "C": {"D"}, "D": {"B"}}, []string{"B", "C", "D", "B"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Cycle(tc.graph); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Cycle = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCycleFindsTheClassicLoop shows what the examples avoid: a client whose
// callback URL names the distribution, while the distribution needs the client.
func TestCycleFindsTheClassicLoop(t *testing.T) {
	tpl, err := Parse([]byte(`
Resources:
  Client:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      CallbackURLs: [!Sub 'https://${Distribution.DomainName}/callback']
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Comment: !Ref Client
`))
	if err != nil {
		t.Fatal(err)
	}
	graph, err := tpl.Dependencies()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Cycle(graph), []string{"Client", "Distribution", "Client"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Cycle = %q, want %q", got, want)
	}
}
