package props

import (
	"fmt"
	"unicode/utf8"

	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
)

// Secret is what the properties declare about an owned client's secret
// (docs/reference.md §8). The zero value declares nothing: a client without
// a secret, or one whose secret Cognito generates.
type Secret struct {
	// Literal is a ClientSecret given as a value. It is never shown: no
	// message, log line or error quotes it.
	Literal string
	// Reference is a ClientSecret given as a pinned Secrets Manager
	// reference, which the function resolves itself (ledger row 31).
	Reference *secretref.Reference
	// Version is ClientSecretVersion: a new value rotates a generated
	// secret. Empty when not declared.
	Version string
	// DeletePrevious is PreviousSecret: Delete.
	DeletePrevious bool
}

// Declared reports whether ClientSecret is declared (as a value or a
// reference).
func (s Secret) Declared() bool { return s.Literal != "" || s.Reference != nil }

// HasSecret reports whether the client of owned-mode settings has a client
// secret: GenerateSecret is true or ClientSecret is declared. A change of it
// replaces the client; nothing else about the secret does.
func (s Settings) HasSecret() bool { return s.GenerateSecret || s.Secret.Declared() }

// Limits of ClientSecret and ClientSecretVersion (the API model's
// ClientSecretType; ClientSecretVersion is ours: a label, not sent to
// Cognito).
const (
	minSecretLen  = 24
	maxSecretLen  = 64
	maxVersionLen = 64
)

var (
	secretPattern  = pattern(isClientIDChars) // the model's [\w+]+, a client id's characters
	versionPattern = pattern(isVersionLabel)
)

// PlainTextSecret is the problem of a ClientSecret value written into a
// template, which the tools that read templates report (make validate, the
// CDK constructs at synth): the function accepts such a value, but anyone
// who can read the template, its stack's history or the CDK's output can
// read the secret.
const PlainTextSecret = "is stored in the template in plain text: use a pinned secretsmanager reference"

// CheckSecretValue returns what is wrong with a client secret value, or "".
// The message never shows the value.
func CheckSecretValue(v string) string {
	switch n := utf8.RuneCountInString(v); {
	case n < minSecretLen || n > maxSecretLen:
		return fmt.Sprintf("is %d characters long; a client secret has %d to %d", n, minSecretLen, maxSecretLen)
	case !secretPattern.MatchString(v):
		return "has characters that are not allowed in a client secret: use only letters, digits, _ and +"
	}
	return ""
}

// clientSecret decodes ClientSecret: a literal value, or a pinned
// {{resolve:secretsmanager:…}} reference. Only a string is read: a number
// would have to be shown to say what is wrong with it.
func (d *decoder) clientSecret(name string, v any) {
	if !d.owned(name, "sets") {
		return
	}
	s, ok := v.(string)
	if !ok {
		d.ps.Add(name, "must be a string, not %s", kind(v))
		return
	}
	if secretref.IsReference(s) {
		r, err := secretref.Parse(s)
		if err != nil {
			d.ps.Add(name, "%s", err.Error())
			return
		}
		d.s.Secret.Reference = &r
		return
	}
	if msg := CheckSecretValue(s); msg != "" {
		d.ps.Add(name, "%s", msg)
		return
	}
	d.s.Secret.Literal = s
}

func (d *decoder) clientSecretVersion(name string, v any) {
	if !d.owned(name, "rotates") {
		return
	}
	s, ok := d.scalar(name, v, "a string")
	if !ok {
		return
	}
	if msg := checkItem(s, maxVersionLen, versionPattern, "letters, digits and the characters _ . -", nil, nil); msg != "" {
		d.ps.Add(name, "%s", msg)
		return
	}
	d.s.Secret.Version = s
}

func (d *decoder) previousSecret(name string, v any) {
	if !d.owned(name, "deletes") {
		return
	}
	s, ok := d.scalar(name, v, "a string")
	if !ok {
		return
	}
	if msg := checkItem(s, 0, nil, "", []string{"Keep", "Delete"}, nil); msg != "" {
		d.ps.Add(name, "%s", msg)
		return
	}
	d.s.Secret.DeletePrevious = s == "Delete"
}

// owned reports whether the properties are in owned mode, and records that
// the property name, which says what the resource does to a secret (verb),
// is refused otherwise: for an existing client, and for an adopted one,
// whose secret the resource did not create either.
func (d *decoder) owned(name, verb string) bool {
	switch {
	case d.adopt:
		d.ps.Add(name, "can't be used with Adopt: an adopted client keeps the secret it has, and the resource never %s the secret of a client it did not create", verb)
	case d.existing:
		d.ps.Add(name, "can't be used with ClientId: the resource never %s the secret of a client it does not own", verb)
	}
	return !d.existing
}

// secretRules are the rules between GenerateSecret and the three secret
// properties, whatever their values (a refused ClientSecret still says the
// template wants a custom secret). unknown names the properties whose values
// are not known (DecodeWithUnknown).
func (d *decoder) secretRules(unknown Fields) {
	if d.existing {
		return // each of them is refused on its own in existing-client mode
	}
	_, custom := d.properties[string(ClientSecret)]
	_, version := d.properties[string(ClientSecretVersion)]
	_, previous := d.properties[string(PreviousSecret)]
	generated, generateKnown := d.s.GenerateSecret, !unknown[GenerateSecret]
	if custom && generated {
		d.ps.Add(string(ClientSecret), "can't be used with GenerateSecret: true: a client secret is either generated by Cognito or given here; remove one of the two")
	}
	if version && generateKnown && !generated {
		what := "a client without a secret"
		if custom {
			what = "a ClientSecret, which rotates when its value or reference changes"
		}
		d.ps.Add(string(ClientSecretVersion), "rotates a generated secret and needs GenerateSecret: true; this is %s", what)
	}
	if previous && generateKnown && !generated && !custom {
		d.ps.Add(string(PreviousSecret), "needs a client with a secret (GenerateSecret: true or ClientSecret)")
	}
}
