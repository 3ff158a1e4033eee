package props

import (
	"reflect"
	"testing"
)

// TestEveryConfigFieldHasAProperty keeps the table of properties and Config
// in step: a field added to Config without its entry, or with a list policy
// that does not fit its type, fails here.
func TestEveryConfigFieldHasAProperty(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[Config]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		p, ok := properties[Name(f.Name)]
		switch {
		case !ok:
			t.Errorf("Config.%s has no entry in the table of properties", f.Name)
		case p.decode == nil:
			t.Errorf("property %s has no decoder", f.Name)
		case (f.Type.Kind() == reflect.Slice) != (p.order != notAList):
			t.Errorf("property %s: a list must say whether its order counts, and only a list may", f.Name)
		}
		if configNames[i] != Name(f.Name) {
			t.Errorf("configNames[%d] = %s, want %s", i, configNames[i], f.Name)
		}
	}
	for name, p := range properties {
		if _, field := typ.FieldByName(string(name)); !field && (p.order != notAList || p.removed != resetToDefault) {
			t.Errorf("property %s is not a Config field, yet has a Config policy", name)
		}
	}
}

// TestDefaultsAreValid checks the defaults against the properties' own
// ranges, by decoding nothing but the defaults' rules: a client made with
// no settings breaks no rule.
func TestDefaultsAreValid(t *testing.T) {
	t.Parallel()
	if ps := Check(Defaults(), false, Fields{ClientName: true}, nil); len(ps) > 0 {
		t.Errorf("Check(Defaults()) = %v", ps)
	}
	if Defaults().ExplicitAuthFlows != nil {
		t.Error("Defaults has ExplicitAuthFlows: a client created without them has none (ledger row 7)")
	}
}
