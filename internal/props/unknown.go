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
