// Package secrettest is test support for the packages that handle client
// secrets: it finds the secret values a JSON document holds, so that the
// tests' log and output scans can look for every one of them.
package secrettest

import "encoding/json"

// Values returns the strings held under any of keys anywhere in the JSON
// document doc, empty ones left out: with "ClientSecret", every value a
// version of a store holds (the current secret, and the bookkeeping's
// previous and pending ones). A document that is not JSON holds none.
func Values(doc string, keys ...string) []string {
	var v any
	if json.Unmarshal([]byte(doc), &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && s != "" {
					for _, want := range keys {
						if k == want {
							out = append(out, s)
						}
					}
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}
