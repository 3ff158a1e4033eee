package samtemplate

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
)

// Statement is one statement of an identity policy of a template, with where
// it is ("CognitoUserPoolClientRole.Policies[1] (if HasClientSecretSources)").
type Statement struct {
	Where string
	Body  map[string]any
}

// Statements returns every statement of every identity policy in t: the
// Policies of each AWS::IAM::Role, and the PolicyDocument of each
// AWS::IAM::Policy, AWS::IAM::ManagedPolicy and AWS::IAM::RolePolicy, in the
// order of the resources' logical ids. A statement granted under a condition
// ({"Fn::If": [C, statement, {"Ref": "AWS::NoValue"}]}) is its grant when the
// condition holds. A document it cannot read, or a condition whose other
// branch grants something, is an error, so that no grant can hide from a
// check of the statements.
func (t *Template) Statements() ([]Statement, error) {
	ids := make([]string, 0, len(t.Resources))
	for id := range t.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []Statement
	for _, id := range ids {
		r := t.Resources[id]
		var docs []Statement // Where and the whole document
		switch r.Type {
		case "AWS::IAM::Role":
			policies, _ := r.Properties["Policies"].([]any)
			for i, p := range policies {
				pm, _ := p.(map[string]any)
				doc, _ := pm["PolicyDocument"].(map[string]any)
				docs = append(docs, Statement{id + ".Policies[" + strconv.Itoa(i) + "]", doc})
			}
		case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy":
			doc, _ := r.Properties["PolicyDocument"].(map[string]any)
			docs = append(docs, Statement{id, doc})
		}
		for _, d := range docs {
			found, err := statementsOf(d.Where, d.Body)
			if err != nil {
				return nil, err
			}
			out = append(out, found...)
		}
	}
	return out, nil
}

func statementsOf(where string, doc map[string]any) ([]Statement, error) {
	if doc == nil {
		return nil, fmt.Errorf("%s: the policy document is not an object", where)
	}
	switch s := doc["Statement"].(type) {
	case map[string]any:
		return []Statement{{where, s}}, nil
	case []any:
		var out []Statement
		for i, e := range s {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s: statement %d is %T", where, i, e)
			}
			at := where
			if branches, ok := m["Fn::If"].([]any); ok && len(m) == 1 && len(branches) == 3 {
				if !reflect.DeepEqual(branches[2], map[string]any{"Ref": "AWS::NoValue"}) {
					return nil, fmt.Errorf("%s: statement %d grants something when %v is false", where, i, branches[0])
				}
				if m, ok = branches[1].(map[string]any); !ok {
					return nil, fmt.Errorf("%s: statement %d is %T when %v", where, i, branches[1], branches[0])
				}
				at = fmt.Sprintf("%s (if %v)", where, branches[0])
			}
			out = append(out, Statement{at, m})
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: Statement is %T", where, doc["Statement"])
}

// Actions are the statement's Action, a string or a list of strings; nil
// for any other form.
func (s Statement) Actions() []string {
	switch x := s.Body["Action"].(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if a, ok := e.(string); ok {
				out = append(out, a)
			}
		}
		return out
	}
	return nil
}

// Resources are the values the statement's Resource can take: each element
// of a list, both branches of every Fn::If; an intrinsic function (a Ref,
// an Fn::Sub) is one value.
func (s Statement) Resources() []any { return leaves(s.Body["Resource"]) }

func leaves(v any) []any {
	switch x := v.(type) {
	case []any:
		var out []any
		for _, e := range x {
			out = append(out, leaves(e)...)
		}
		return out
	case map[string]any:
		if branches, ok := x["Fn::If"].([]any); ok && len(x) == 1 && len(branches) == 3 {
			return append(leaves(branches[1]), leaves(branches[2])...)
		}
	}
	return []any{v}
}
