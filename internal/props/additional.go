package props

import (
	"slices"
)

// Additional holds the URLs that AdditionalCallbackURLs and
// AdditionalLogoutURLs add to the lists of a client made elsewhere. They are
// not fields of [Config]: they say what to add to the client's lists, not
// what the lists are, so many resources can share one client without
// replacing each other's URLs. Empty lists are nil.
type Additional struct {
	CallbackURLs []string
	LogoutURLs   []string
}

// Empty reports whether a adds nothing.
func (a Additional) Empty() bool { return len(a.CallbackURLs) == 0 && len(a.LogoutURLs) == 0 }

// Minus returns the URLs of a that b does not hold, list by list: what an
// update that goes from a to b stops adding.
func (a Additional) Minus(b Additional) Additional {
	return Additional{CallbackURLs: without(a.CallbackURLs, b.CallbackURLs), LogoutURLs: without(a.LogoutURLs, b.LogoutURLs)}
}

// URLs returns every URL of a, callback URLs first.
func (a Additional) URLs() []string { return slices.Concat(a.CallbackURLs, a.LogoutURLs) }

// urlList is the decoder of a list of callback or logout URLs.
func urlList(set func(*Config, []string)) listProperty {
	return listProperty{max: 100, maxLen: 1024, check: checkURL, set: set}
}

// additionalURLs judges the items of the additive URL properties.
var additionalURLs = urlList(nil)

// additional decodes AdditionalCallbackURLs or AdditionalLogoutURLs: a list
// checked as the list it adds to (replaces) is, refused beside that list
// (which replaces what this adds to), in owned mode and for an adopted
// client (a client this resource owns has one writer, so it declares its
// lists whole). Every
// problem is reported, the items' too.
func additional(replaces Name, set func(*Additional, []string)) decodeFunc {
	return func(d *decoder, name string, v any) {
		ok := true
		switch {
		case !d.existing:
			d.ps.Add(name, "can be used only with ClientId: it adds URLs to a client made elsewhere; a client this resource creates takes %s", replaces)
			ok = false
		case d.adopt:
			d.ps.Add(name, "can't be used with Adopt: an adopted client is this resource's own, and takes %s whole; added URLs are for a client that others manage", replaces)
			ok = false
		}
		if _, both := d.properties[string(replaces)]; both {
			d.ps.Add(name, "can't be used with %s: %s replaces the client's whole list, %s adds to it; declare one of the two", replaces, replaces, name)
			ok = false
		}
		items, valid := additionalURLs.items(d, name, v)
		if ok && valid {
			set(&d.s.Additional, items)
		}
	}
}

// URLEdit is what [EditURLs] made of a configuration.
type URLEdit struct {
	// Config is the configuration with the URLs added and removed.
	Config Config
	// Added and Removed are the URLs that were added to, or removed from,
	// Config's lists; both are nil when the lists already were as asked.
	Added, Removed []string
	// Kept are the URLs that were to be removed, and were not.
	Kept []KeptURL
}

// A KeptURL is a URL that [EditURLs] did not remove, and why.
type KeptURL struct {
	URL string
	Why string
}

// EditURLs returns c with the URLs of add appended to its CallbackURLs and
// LogoutURLs where they are missing (exact strings, the list's order kept),
// and those of remove taken out of them, except in a list that declared
// names (a declared list is what it says).
//
// A callback URL is never removed when it is c's DefaultRedirectURI, nor
// when it would leave no callback URL while AllowedOAuthFlows has code or
// implicit: Cognito refuses a client like that, and a Delete or a rollback
// must not fail on it. Such URLs are in Kept.
//
// EditURLs of its own result with the same arguments changes nothing, so
// "Added and Removed are empty" is the test that a client holds what add
// and remove ask for.
func EditURLs(c Config, add, remove Additional, declared Fields) URLEdit {
	var e URLEdit
	callbacks, added := appendMissing(c.CallbackURLs, add.CallbackURLs)
	logouts, addedLogouts := appendMissing(c.LogoutURLs, add.LogoutURLs)
	e.Added = append(added, addedLogouts...)

	if !declared[LogoutURLs] {
		var removed []string
		logouts, removed, _ = removeAll(logouts, remove.LogoutURLs, func(string, []string) string { return "" })
		e.Removed = removed
	}
	if !declared[CallbackURLs] {
		needsOne := slices.Contains(c.AllowedOAuthFlows, "code") || slices.Contains(c.AllowedOAuthFlows, "implicit")
		var removed []string
		callbacks, removed, e.Kept = removeAll(callbacks, remove.CallbackURLs, func(u string, rest []string) string {
			switch {
			case u == c.DefaultRedirectURI:
				return "it is the DefaultRedirectURI"
			case needsOne && len(rest) == 0:
				return "it is the last callback URL, and AllowedOAuthFlows has code or implicit, which need one"
			}
			return ""
		})
		e.Removed = append(removed, e.Removed...)
	}
	e.Config = c
	e.Config.CallbackURLs, e.Config.LogoutURLs = callbacks, logouts
	return e
}

// appendMissing returns list with the items of add it lacks appended, and
// those items. The result never shares its array with list.
func appendMissing(list, add []string) (out, added []string) {
	out = slices.Clone(list)
	for _, u := range add {
		if !slices.Contains(out, u) {
			out = append(out, u)
			added = append(added, u)
		}
	}
	return nilIfEmpty(out), added
}

// removeAll returns list without the items of remove, except those that
// keep names a reason for (it sees the item and what would remain of the
// list without it), the items removed, and those kept.
func removeAll(list, remove []string, keep func(u string, rest []string) string) (out, removed []string, kept []KeptURL) {
	out = list
	for _, u := range list {
		if !slices.Contains(remove, u) {
			continue
		}
		rest := slices.DeleteFunc(slices.Clone(out), func(s string) bool { return s == u })
		if why := keep(u, rest); why != "" {
			kept = append(kept, KeptURL{URL: u, Why: why})
			continue
		}
		out = rest
		removed = append(removed, u)
	}
	return nilIfEmpty(out), removed, kept
}

// without returns the items of a that b does not hold, in a's order.
func without(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func nilIfEmpty(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return l
}
