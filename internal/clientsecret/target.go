package clientsecret

import (
	"crypto/rand"
)

// Target is the secret the properties declare: a generated one (with its
// ClientSecretVersion, possibly none), a literal value, or a pinned
// reference (whose value is known once resolved).
type Target struct {
	Source Source
	// Value is the literal, or the reference's resolved value; empty for a
	// generated target and for a reference not resolved yet.
	Value string
}

// Generated is the target of GenerateSecret: true with ClientSecretVersion
// version ("" when not declared).
func Generated(version string) Target {
	return Target{Source: Source{Kind: KindGenerated, ClientSecretVersion: version}}
}

// Literal is the target of a ClientSecret written as a value.
func Literal(value string) Target {
	return Target{Source: Source{Kind: KindLiteral}, Value: value}
}

// Referenced is the target of a ClientSecret written as the pinned
// reference ref; value is its resolved value, or "" when not resolved yet.
func Referenced(ref, value string) Target {
	return Target{Source: Source{Kind: KindReference, Reference: ref}, Value: value}
}

// Resolved returns t with its reference resolved to value.
func (t Target) Resolved(value string) Target {
	t.Value = value
	return t
}

// isCurrent reports whether t is the secret s when s is current. A generated
// target equals any current secret that was not declared as a literal or a
// reference (a rebuilt one included), except one labelled with another
// ClientSecretVersion: declaring a version the first time, or removing it,
// never rotates.
func (t Target) isCurrent(s Secret) bool {
	if t.Source.Kind == KindGenerated {
		return generatedKind(s.Source) && (t.Source.ClientSecretVersion == "" || s.Source.ClientSecretVersion == "" ||
			t.Source.ClientSecretVersion == s.Source.ClientSecretVersion)
	}
	return t.isValue(s.Source, s.Value)
}

// isPrevious reports whether t is the secret s when s is previous: as for the
// current one, except that a version declared now must be the one s carries
// (a previous secret without a version is not the target of a new label).
func (t Target) isPrevious(s Secret) bool {
	if t.Source.Kind == KindGenerated {
		return generatedKind(s.Source) && (t.Source.ClientSecretVersion == "" || t.Source.ClientSecretVersion == s.Source.ClientSecretVersion)
	}
	return t.isValue(s.Source, s.Value)
}

// isPending reports whether t is the pending secret p: exactly its target.
func (t Target) isPending(p Pending) bool {
	if t.Source.Kind == KindGenerated {
		return p.Source == t.Source
	}
	return t.isValue(p.Source, p.Value)
}

// isValue reports whether a literal or referenced target is the secret of
// source src and value v: the same value, or for a reference not resolved
// yet, the same reference as written.
func (t Target) isValue(src Source, v string) bool {
	if t.Value == "" {
		return t.Source.Kind == KindReference && src == t.Source
	}
	return same(t.Value, v) || t.Source.Kind == KindReference && src == t.Source
}

func generatedKind(s Source) bool { return s.Kind == KindGenerated || s.Kind == KindRebuilt }

// sourceFor is the source a secret that t equals is recorded with from now
// on: the declared one, except that a generated target without a version
// keeps the secret's own label.
func (t Target) sourceFor(s Source) Source {
	if t.Source.Kind == KindGenerated && t.Source.ClientSecretVersion == "" {
		return s
	}
	return t.Source
}

// GeneratedLength and generatedAlphabet: the values the function generates
// are 64 characters of [A-Za-z0-9], the most Cognito accepts, within its
// pattern [\w+]+.
const (
	GeneratedLength   = 64
	generatedAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// Generate returns a new secret value from crypto/rand: 64 characters of
// [A-Za-z0-9], each uniform (bytes are drawn until one falls below the
// largest multiple of 62, so no character is likelier than another).
func Generate() string {
	out := make([]byte, 0, GeneratedLength)
	buf := make([]byte, GeneratedLength)
	const limit = 256 - 256%len(generatedAlphabet)
	for len(out) < GeneratedLength {
		if _, err := rand.Read(buf); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < GeneratedLength {
				out = append(out, generatedAlphabet[int(b)%len(generatedAlphabet)])
			}
		}
	}
	return string(out)
}
