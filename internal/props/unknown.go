package props

import "maps"

// DecodeWithUnknown is [Decode] for properties some of whose values are known
// only at deploy time, such as those of a template that come from a Ref, a
// Fn::Sub or a dynamic reference. It lets a tool judge everything a template
// states literally, with the same messages the function would answer.
//
// unknown names those properties. Each counts as given, whether or not
// properties holds it, and its value there is not read: an unknown ClientId
// still selects existing-client mode (Settings.ClientId stays empty, so the
// caller knows the mode from unknown), an unknown UserPoolId is not missing,
// and an unknown AllowedOAuthFlowsUserPoolClient is not implied by
// AllowedOAuthFlows. No problem is reported on an unknown property, and no
// rule judges the configuration by it: every unknown property is in
// Settings.Refused, never in Settings.Declared, so that [Check] given that
// set skips it too.
//
// An unknown Adopt beside ClientId may adopt the client or not: the rules
// that differ between the two (GenerateSecret, the additive URLs) are not
// judged, and those that hold in both are.
//
// An unknown TokenValidityUnits makes the validity properties given alongside
// it unknown as well, since its units decide how their bare integers read. An
// unknown GenerateSecret leaves out the rules that need a client secret;
// Settings.GenerateSecret is then false, so a caller of [Check] passes true
// as hasSecret to leave them out there too.
func DecodeWithUnknown(properties map[string]any, unknown Fields) (Settings, error) {
	unknown = maps.Clone(unknown)
	if unknown[TokenValidityUnits] {
		for _, t := range tokens {
			if _, given := properties[t.property]; given {
				unknown[Name(t.property)] = true
			}
		}
	}
	all := maps.Clone(properties)
	if all == nil {
		all = map[string]any{}
	}
	for name := range unknown {
		if _, given := all[string(name)]; !given {
			all[string(name)] = nil
		}
	}
	return decodeWith(all, unknown)
}

// CheckItems judges the items of the list property name for which known
// returns true, each on its own, as [Decode] judges an item of that list
// (its length, its characters, its value, the URL rules), and reports each
// problem at the item's index in items. It is for a list some of whose
// items are known only at deploy time, such as a template's list that mixes
// literal URLs with a Fn::Sub: the list's size and the rules between its
// items (a value listed twice, client_credentials alone, legacy auth flows
// beside ALLOW_ ones) depend on every item, so they are not judged. A name
// that is not a list property has no problem here.
func CheckItems(name string, items []any, known func(i int) bool) Problems {
	p, ok := propertyOf(name)
	if !ok || p.items == nil {
		return nil
	}
	var ps Problems
	var literal []string
	var at []int
	bad := itemProblems{ps: &ps, path: name, key: index}
	for i, e := range items {
		if !known(i) {
			continue
		}
		s, isString := e.(string)
		switch {
		case isString:
			literal = append(literal, s)
			at = append(at, i)
		case bad.full():
			bad.reported++ // counted for the last line, not reported
		default:
			bad.add(i, "must be a string, not %s", kind(e))
		}
	}
	if n := bad.reported - maxItemProblems; n > 0 {
		bad.skip(n, "items that are not strings")
	}
	p.items.each(&ps, name, literal, at)
	return ps
}
