package cdk

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
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
//
// ClientSecret is judged as the function will receive it: a SecretValue's
// text, read in scope's stack (see [secretText]); one written into the
// template in plain text is a problem too.
func (p *properties) validation(scope constructs.IConstruct) *validation {
	known := make(map[string]any, len(p.values))
	unknown := props.Fields{}
	problems := p.problems
	for name, v := range p.values {
		switch {
		case name == string(props.ClientSecret):
			text, ok := secretText(scope, v.(string))
			known[name] = text
			if !ok {
				unknown[props.ClientSecret] = true
			} else if !secretref.IsReference(text) {
				problems.Add(name, "%s (awscdk.SecretValue_SecretsManager(secretArn, &awscdk.SecretsManagerSecretOptions{JsonField: …, VersionId: …}))", props.PlainTextSecret)
			}
		case !unresolved(v):
			known[name] = v
		default:
			if s, ok := standIn(name); ok {
				known[name] = s
			}
		}
	}
	s, err := props.DecodeWithUnknown(known, unknown)
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
		messages[i] = strings.ReplaceAll(pr.Error(), tokenStandIn, "${Token}")
	}
	return &validation{messages: messages}
}

// tokenStandIn takes the place of a token in the text of a ClientSecret
// reference, so that the reference's own rules (pinned to a version id,
// reading SecretString) can be judged at synth whatever the tokens stand
// for: it is a valid secret name, JSON key and version id, and never in a
// message (validation writes it back as ${Token}).
const tokenStandIn = "CdkTokenStandIn-0123456789abcdef0123"

// secretText returns the ClientSecret the function will receive for v, a
// SecretValue's unwrapped text, and whether it is known at synth. A plain
// text is itself. A secretsmanager dynamic reference is its text, with
// tokenStandIn for its tokens (a secret ARN from the stack's partition,
// Region and account, a parameter): CloudFormation sends a custom resource
// the reference unresolved (ledger row 31), so the function judges that
// text. Anything else from a token (a NoEcho parameter, another resource's
// attribute) is known only at deploy time, when the function judges it.
func secretText(scope constructs.IConstruct, v string) (string, bool) {
	if !*awscdk.Token_IsUnresolved(&v) {
		return v, true
	}
	// The reference itself, not the SecretValue: resolving a SecretValue
	// fails under the feature flag @aws-cdk/core:checkSecretUsage.
	var text strings.Builder
	switch r := awscdk.Stack_Of(scope).Resolve(v).(type) {
	case string:
		return r, true
	case map[string]any:
		join, ok := r["Fn::Join"].([]any)
		if len(r) != 1 || !ok || len(join) != 2 || join[0] != "" {
			return "", false
		}
		parts, _ := join[1].([]any)
		for _, part := range parts {
			if s, ok := part.(string); ok {
				text.WriteString(s)
			} else {
				text.WriteString(tokenStandIn)
			}
		}
	default:
		return "", false
	}
	t := text.String()
	if !strings.HasPrefix(t, "{{resolve:secretsmanager:") || !strings.HasSuffix(t, "}}") {
		return "", false
	}
	// A token in the secret's ARN (arn:${AWS::Partition}:…) would make it
	// no ARN: the whole id stands in. The fields after it hold no colon.
	body := strings.Split(strings.TrimSuffix(strings.TrimPrefix(t, "{{resolve:secretsmanager:"), "}}"), ":")
	if n := len(body) - 4; n >= 1 && strings.Contains(strings.Join(body[:n], ":"), tokenStandIn) {
		body = append([]string{tokenStandIn}, body[n:]...)
	}
	return "{{resolve:secretsmanager:" + strings.Join(body, ":") + "}}", true
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
