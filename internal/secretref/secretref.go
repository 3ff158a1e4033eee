// Package secretref reads the Secrets Manager references a ClientSecret
// property may hold, and the CLIENT_SECRET_SOURCES that bound which secrets
// such a reference may read (docs/reference.md §8). It is pure: the function,
// cmd/validate and the CDK constructs judge a reference with the same code,
// before anything is called.
//
// CloudFormation does not resolve secretsmanager dynamic references in the
// properties of a custom resource (ledger row 31): the function receives the
// text and resolves it itself, and only a reference pinned to a version id
// can be resolved the same way on every event.
package secretref

import (
	"fmt"
	"strings"

	"github.com/cognito-client-resource/cognitoclient/internal/echo"
)

// Reference is a parsed {{resolve:secretsmanager:…}} dynamic reference.
type Reference struct {
	// SecretId is the secret's name or ARN, as written.
	SecretId string
	// JSONKey is the key of the SecretString's JSON object whose value is
	// the client secret; empty: the whole SecretString is.
	JSONKey string
	// VersionStage is the staging label written in the reference (a
	// pinned reference has none).
	VersionStage string
	// VersionId is the secret version the reference is pinned to.
	VersionId string
}

// String writes r back in the dynamic reference syntax.
func (r Reference) String() string {
	return "{{resolve:secretsmanager:" + r.SecretId + ":SecretString:" + r.JSONKey + ":" + r.VersionStage + ":" + r.VersionId + "}}"
}

// IsARN reports whether the reference names its secret by ARN rather than by
// name.
func (r Reference) IsARN() bool { return strings.HasPrefix(r.SecretId, "arn:") }

const (
	resolvePrefix = "{{resolve:"
	smPrefix      = "{{resolve:secretsmanager:"
	suffix        = "}}"
)

// The shapes of a reference's fields, as functions (chars.go): compiling
// them as regular expressions, with their counted repetitions, cost every
// cold start more CPU than any other work of the function's own.
var (
	// A secret name: 1 to 512 of the characters Secrets Manager allows.
	namePattern = pattern(isSecretName)
	// A secret ARN: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>.
	arnPattern = pattern(isSecretARN)
	// A version id: Secrets Manager's are 32 to 64 characters (UUIDs when
	// it makes them).
	versionPattern = pattern(isVersionID)
	// A JSON key as CloudFormation's dynamic references can write it.
	keyPattern = pattern(isJSONKey)
)

// IsReference reports whether s is written as a dynamic reference
// ("{{resolve:…"): such a value is never a literal client secret.
func IsReference(s string) bool { return strings.HasPrefix(s, resolvePrefix) }

// Parse reads a {{resolve:secretsmanager:…}} reference and checks that it
// can be resolved the same way on every event: it reads a SecretString and is
// pinned to a version id. Its error is a sentence that never quotes s past
// the secret's id (a reference holds no secret value).
func Parse(s string) (Reference, error) {
	if !strings.HasPrefix(s, smPrefix) {
		if IsReference(s) {
			return Reference{}, fmt.Errorf("is a dynamic reference to another service: only {{resolve:secretsmanager:…}} references are resolved")
		}
		return Reference{}, fmt.Errorf("is not a {{resolve:secretsmanager:…}} reference")
	}
	if !strings.HasSuffix(s, suffix) {
		return Reference{}, fmt.Errorf("is a reference that does not end with }}")
	}
	body := s[len(smPrefix) : len(s)-len(suffix)]
	parts := strings.Split(body, ":")
	// An ARN holds colons of its own: it is the first seven fields.
	idFields := 1
	if parts[0] == "arn" {
		idFields = 7
	}
	if len(parts) < idFields {
		return Reference{}, fmt.Errorf("names a secret ARN that is not complete: write arn:<partition>:secretsmanager:<region>:<account>:secret:<name>")
	}
	var r Reference
	r.SecretId = strings.Join(parts[:idFields], ":")
	rest := append(parts[idFields:], make([]string, 4)...)[:4]
	if len(parts)-idFields > 4 {
		return Reference{}, fmt.Errorf("has too many fields: write {{resolve:secretsmanager:<name-or-arn>:SecretString:<json-key>::<version-id>}}")
	}
	r.JSONKey, r.VersionStage, r.VersionId = rest[1], rest[2], rest[3]
	switch {
	case idFields == 7 && !arnPattern.MatchString(r.SecretId):
		return Reference{}, fmt.Errorf("names %s, which is not a Secrets Manager secret ARN: write arn:<partition>:secretsmanager:<region>:<account>:secret:<name>", echo.Quote(r.SecretId))
	case idFields == 1 && !namePattern.MatchString(r.SecretId):
		return Reference{}, fmt.Errorf("names %s, which is not a secret name: 1 to 512 letters, digits and the characters /_+=.@-", echo.Quote(r.SecretId))
	case rest[0] != "SecretString":
		return Reference{}, fmt.Errorf("must read SecretString: write {{resolve:secretsmanager:%s:SecretString:<json-key>::<version-id>}}", r.SecretId)
	case r.JSONKey != "" && !keyPattern.MatchString(r.JSONKey):
		return Reference{}, fmt.Errorf("has a JSON key that is not valid: 1 to 256 characters other than : { }")
	case r.VersionStage != "":
		return Reference{}, fmt.Errorf("reads the version staged %s: pin the version with its version id instead ({{resolve:secretsmanager:%s:SecretString:%s::<version-id>}}); a staging label moves, and CloudFormation sends an update only when the template's text changes", echo.Quote(r.VersionStage), r.SecretId, r.JSONKey)
	case r.VersionId == "":
		return Reference{}, fmt.Errorf("is not pinned: pin the version ({{resolve:secretsmanager:%s:SecretString:%s::<version-id>}}); CloudFormation sends an update only when the template's text changes, so an unpinned reference would never rotate", r.SecretId, r.JSONKey)
	case !versionPattern.MatchString(r.VersionId):
		return Reference{}, fmt.Errorf("has a version id that is not one: 32 to 64 letters, digits, _ or -")
	}
	return r, nil
}
