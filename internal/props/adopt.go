package props

import "strings"

// adoptClient decodes Adopt: a boolean, and true only beside ClientId. Whether the
// properties adopt their client is read before any property is decoded
// (decoder.adopt), since it decides what the others may declare; this only
// reports what is wrong with the value.
func (d *decoder) adoptClient(name string, v any) {
	b, ok := d.boolean(name, v)
	switch {
	case !ok:
	case b && !d.existing:
		d.ps.Add(name, "needs ClientId: it adopts the existing client that ClientId names; without ClientId the resource creates a client of its own")
	default:
		d.s.Adopt = b
	}
}

// isTrue reports whether v is the boolean true as a property gives it: a
// JSON true, or the string "true" in any letter case. Anything else, an
// invalid value included, is not true.
func isTrue(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return strings.EqualFold(x, "true")
	}
	return false
}

// Adopts reports whether the properties of an event adopt the client they
// name: ClientId is a non-empty string and Adopt is true. It never fails, so
// that the Delete of a resource is decided by it whatever its other
// properties have become; a value it cannot read does not adopt, and so
// never deletes a client.
func Adopts(properties map[string]any) bool {
	id, _ := properties[string(ClientId)].(string)
	return id != "" && isTrue(properties[string(Adopt)])
}

// Mode names the mode the properties of an event select, as the event's
// log line gives it: "existing" when they name a client (a ClientId that is
// not empty) without adopting it, "owned" otherwise, adopted clients
// included (docs/reference.md §3.10). It never fails: every event, even one
// refused before its properties are read, is logged with a mode.
func Mode(properties map[string]any) string {
	if id, ok := properties[string(ClientId)]; ok && id != nil && id != "" && !isTrue(properties[string(Adopt)]) {
		return "existing"
	}
	return "owned"
}

// CheckAdopted returns the problem of adopted settings whose declared
// GenerateSecret says otherwise than the client does: has reports whether
// Cognito lists a secret for it. Adopting keeps a client as it is: it never
// gives a secret to a client without one, nor takes one from a client that
// has it. Nil when GenerateSecret is not declared, or agrees.
func (s Settings) CheckAdopted(has bool) Problems {
	var ps Problems
	switch {
	case !s.Adopt || !s.GenerateSecretDeclared || s.GenerateSecret == has:
	case has:
		ps.add(GenerateSecret, "is false, but app client %s has a client secret: an adopted client keeps its secret, and the resource never returns, rotates or deletes it; declare true, or leave GenerateSecret out", s.ClientId)
	default:
		ps.add(GenerateSecret, "is true, but app client %s has no client secret: adopting never adds one; declare false, or leave GenerateSecret out (a client with a secret made by this resource is a new client: remove ClientId and Adopt)", s.ClientId)
	}
	return ps
}
