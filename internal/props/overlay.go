package props

import "reflect"

// Overlay returns the configuration a client must have after an event:
// current (the client as Cognito describes it), with every field next
// declares set to its declared value, and every field that prev declared
// but next no longer does set to what its property's removal policy says
// (Cognito's default from [Defaults], or for ClientName, which has none,
// the current value). Fields never declared keep their current values, and
// declared names that are not Config fields (UserPoolId, TokenValidityUnits,
// ...) are ignored.
//
// The result shares its lists with its arguments.
func Overlay(current Config, next Settings, prev Fields) Config {
	out := current
	defaults := Defaults()
	ov := reflect.ValueOf(&out).Elem()
	nv := reflect.ValueOf(&next.Config).Elem()
	dv := reflect.ValueOf(&defaults).Elem()
	for i, name := range configNames {
		switch {
		case next.Declared[name]:
			ov.Field(i).Set(nv.Field(i))
		case prev[name] && properties[name].removed == resetToDefault:
			ov.Field(i).Set(dv.Field(i))
		}
	}
	return out
}

// Changed names, in the order of Config's fields, the fields whose values
// differ between a and b as Cognito sees them; it is nil when there are
// none, and then an update would change nothing.
//
// A list compares as its property's order says: as a set (Cognito may
// describe it in another order) or in order (the URL lists); a nil list
// equals an empty one. AnalyticsConfiguration and RefreshTokenRotation
// compare in their canonical forms ([Analytics.Canonical],
// [Rotation.Canonical]).
func Changed(a, b Config) []Name {
	av := reflect.ValueOf(&a).Elem()
	bv := reflect.ValueOf(&b).Elem()
	var names []Name
	for i, name := range configNames {
		if !equal(name, av.Field(i), bv.Field(i)) {
			names = append(names, name)
		}
	}
	return names
}

// configNames are the names of Config's fields, in their order.
var configNames = func() []Name {
	t := reflect.TypeFor[Config]()
	names := make([]Name, t.NumField())
	for i := range names {
		names[i] = Name(t.Field(i).Name)
	}
	return names
}()

// equal compares field name of two Configs. It goes by kind rather than by
// interface values so that a comparison allocates nothing, and it panics on
// a kind it does not know, so that a new kind of field in Config cannot be
// compared wrongly in silence.
func equal(name Name, a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int64: // time.Duration
		return a.Int() == b.Int()
	case reflect.Slice:
		switch properties[name].order {
		case inOrder:
			return sameSequence(a, b)
		case asSet:
			return subset(a, b) && subset(b, a)
		}
	case reflect.Pointer:
		switch x := a.Interface().(type) {
		case *Analytics:
			return sameAnalytics(x, b.Interface().(*Analytics))
		case *Rotation:
			return sameRotation(x, b.Interface().(*Rotation))
		}
	}
	panic("props: no comparison for Config." + string(name) + " of type " + a.Type().String())
}

func sameSequence(a, b reflect.Value) bool {
	if a.Len() != b.Len() {
		return false
	}
	for i := range a.Len() {
		if a.Index(i).String() != b.Index(i).String() {
			return false
		}
	}
	return true
}

// subset reports whether every element of list a is in list b. The lists
// are short (at most a hundred entries), so a scan beats building a map.
func subset(a, b reflect.Value) bool {
outer:
	for i := range a.Len() {
		s := a.Index(i).String()
		for j := range b.Len() {
			if b.Index(j).String() == s {
				continue outer
			}
		}
		return false
	}
	return true
}

func sameAnalytics(a, b *Analytics) bool {
	a, b = a.Canonical(), b.Canonical()
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func sameRotation(a, b *Rotation) bool {
	a, b = a.Canonical(), b.Canonical()
	if a == nil || b == nil {
		return a == b
	}
	return a.Feature == b.Feature && a.Grace() == b.Grace()
}
