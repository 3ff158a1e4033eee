package cdk

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// standIn returns a well-formed value to check in place of a token, for the
// properties that pick the pool and the mode: their presence changes which
// rules apply, so they cannot be left out as other token values are.
func standIn(name string) (string, bool) {
	switch name {
	case "UserPoolId":
		return "token_Unresolved", true
	case "ClientId":
		return "unresolved", true
	}
	return "", false
}

// checkServiceTimeout records a problem when a concrete ServiceTimeout would
// stop CloudFormation waiting before the function has answered.
func (p *properties) checkServiceTimeout(d awscdk.Duration) {
	if *d.IsUnresolved() {
		return
	}
	if *d.ToSeconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)}) < functionTimeout {
		p.problems.Add("ServiceTimeout", "%s is shorter than the provider function's timeout of 2 minutes: CloudFormation would stop waiting before the function answers", *d.ToHumanString())
	}
}

// validation checks the properties with the function's own rules
// (props.Decode): every property whose value is known now, that is, holds no
// token. The problems are reported when the app is synthesized.
func (p *properties) validation() *validation {
	known := make(map[string]any, len(p.values))
	for name, v := range p.values {
		if !unresolved(v) {
			known[name] = v
		} else if s, ok := standIn(name); ok {
			known[name] = s
		}
	}
	problems := p.problems
	s, err := props.Decode(known)
	if err != nil {
		problems = problems.Merge(err.(props.Problems))
	}
	if !s.Existing() {
		// The rules that judge the new client as Cognito will make it, as
		// the function applies them before its Create; a token's value is
		// unknown, so no rule judges it.
		for name, v := range p.values {
			if unresolved(v) {
				s.Refused[props.Name(name)] = true
			}
		}
		problems = problems.Merge(s.CheckNew())
	}
	messages := make([]string, len(problems))
	for i, pr := range problems {
		messages[i] = pr.Error()
	}
	return &validation{messages: messages}
}

// unresolved reports whether a property value holds a token anywhere.
func unresolved(v any) bool {
	switch x := v.(type) {
	case string:
		return *awscdk.Token_IsUnresolved(x)
	case []string:
		for _, e := range x {
			if unresolved(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if unresolved(e) {
				return true
			}
		}
	}
	return false
}

// validation reports the problems of a construct's properties, one message
// each ("AccessTokenValidity: …"), which `cdk synth` prints under the
// construct's path before failing.
type validation struct{ messages []string }

// Validate implements constructs.IValidation.
func (v *validation) Validate() *[]*string { return jsii.Strings(v.messages...) }
