package request

import (
	"reflect"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// Overlay returns the configuration a client must have after an event:
// current (the client as Cognito describes it), with every field next
// declares set to its declared value, and every field that prev declared
// but next no longer does set to Cognito's default ([props.Defaults]).
// Fields never declared keep their current values, and declared names that
// are not Config fields (UserPoolId, TokenValidityUnits, ...) are ignored.
//
// ClientName is the exception to the defaults: Cognito has none for it, so
// a name no longer declared keeps the current one.
//
// The result shares its lists with its arguments.
func Overlay(current props.Config, next props.Settings, prev props.Fields) props.Config {
	out := current
	defaults := props.Defaults()
	ov := reflect.ValueOf(&out).Elem()
	nv := reflect.ValueOf(&next.Config).Elem()
	dv := reflect.ValueOf(&defaults).Elem()
	t := ov.Type()
	for i := range t.NumField() {
		name := t.Field(i).Name
		switch {
		case next.Declared[name]:
			ov.Field(i).Set(nv.Field(i))
		case prev[name] && name != "ClientName":
			ov.Field(i).Set(dv.Field(i))
		}
	}
	return out
}

// Changed names, in the order of Config's fields, the fields whose values
// differ between a and b as Cognito sees them; it is nil when there are
// none, and then an update would change nothing.
//
// Lists compare as sets, since Cognito may return them in another order,
// except CallbackURLs and LogoutURLs, which compare in order; a nil list
// equals an empty one. AnalyticsConfiguration and RefreshTokenRotation
// compare as [FromClient] reads them: a configuration that names no
// application equals nil, and so does a rotation that is disabled without a
// grace period; an absent grace period equals 0.
func Changed(a, b props.Config) []string {
	av := reflect.ValueOf(&a).Elem()
	bv := reflect.ValueOf(&b).Elem()
	t := av.Type()
	var names []string
	for i := range t.NumField() {
		name := t.Field(i).Name
		if !equal(name, av.Field(i), bv.Field(i)) {
			names = append(names, name)
		}
	}
	return names
}

// equal compares field name of two Configs. It goes by kind rather than by
// interface values so that a comparison allocates nothing, and it panics on
// a kind it does not know, so that a new kind of field in props.Config
// cannot be compared wrongly in silence.
func equal(name string, a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int64: // time.Duration
		return a.Int() == b.Int()
	case reflect.Slice:
		if inOrder(name) {
			return sameSequence(a, b)
		}
		return subset(a, b) && subset(b, a)
	case reflect.Pointer:
		switch x := a.Interface().(type) {
		case *props.Analytics:
			return sameAnalytics(x, b.Interface().(*props.Analytics))
		case *props.Rotation:
			return sameRotation(x, b.Interface().(*props.Rotation))
		}
	}
	panic("request: no comparison for props.Config." + name + " of type " + a.Type().String())
}

// inOrder reports whether the order of list field name matters. The URL
// lists keep the order they were given in; the others are sets of names.
func inOrder(name string) bool {
	return name == "CallbackURLs" || name == "LogoutURLs"
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

func sameAnalytics(a, b *props.Analytics) bool {
	a, b = canonicalAnalytics(a), canonicalAnalytics(b)
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func sameRotation(a, b *props.Rotation) bool {
	a, b = canonicalRotation(a), canonicalRotation(b)
	if a == nil || b == nil {
		return a == b
	}
	return a.Feature == b.Feature && graceOf(a) == graceOf(b)
}
