package props

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/duration"
)

// Decode validates the ResourceProperties of one event on their own and
// returns the typed settings.
//
// The error, when not nil, is a [Problems] listing every problem found, in a
// stable order: by property name, then as found. Decode also applies every
// rule of [Check] whose inputs are all declared, so that a template that can
// never work is refused before any call to Cognito.
//
// A ClientId property, whatever its value, selects existing-client mode;
// beside it, Adopt: true makes the client an adopted one ([Settings.Adopt]).
// When AllowedOAuthFlowsUserPoolClient is absent and AllowedOAuthFlows is
// declared non-empty, the flag is set to true and counted as declared.
//
// On error the returned Settings still hold every property that decoded
// validly. Settings.Declared never names a property whose value was refused.
func Decode(properties map[string]any) (Settings, error) {
	return decodeWith(properties, nil)
}

// decodeWith is Decode with the properties whose values are unknown (see
// [DecodeWithUnknown]).
func decodeWith(properties map[string]any, unknownValues Fields) (Settings, error) {
	_, existing := properties[string(ClientId)]
	d := decoder{s: Settings{Declared: Fields{}, Refused: Fields{}}, existing: existing, properties: properties,
		adopt:        existing && !unknownValues[Adopt] && isTrue(properties[string(Adopt)]),
		adoptUnknown: unknownValues[Adopt]}
	if _, ok := properties[string(UserPoolId)]; !ok {
		d.ps.Add(string(UserPoolId), "is required: give the id of the user pool, such as \"us-east-1_AbCdEf123\"")
	}
	// Units first: they say how the bare integers of the validities read.
	units, hasUnits := properties[string(TokenValidityUnits)]
	d.tokenUnits(units, hasUnits && !unknownValues[TokenValidityUnits])
	// The known names in their order, by a lookup each, and then the names
	// that are not properties, sorted: cheaper than sorting every name, for
	// the same order.
	known := 0
	for _, name := range propertyNames {
		v, given := properties[name]
		if !given {
			continue
		}
		known++
		if unknownValues[Name(name)] {
			d.s.Refused[Name(name)] = true
			continue
		}
		if p, _ := propertyOf(name); p.decode != nil {
			found := len(d.ps)
			p.decode(&d, name, v)
			if len(d.ps) > found {
				d.s.Refused[Name(name)] = true
			}
		}
	}
	var strangers []string
	if n := len(properties) - known; n > 0 {
		strangers = make([]string, 0, n)
		for name := range properties {
			if _, ok := propertyOf(name); !ok {
				strangers = append(strangers, name)
			}
		}
		slices.Sort(strangers)
	}
	// A suggestion costs an edit distance per known name: only the first
	// names are judged, the rest are counted.
	for _, name := range strangers[:min(len(strangers), maxItemProblems)] {
		near := nearest(name, propertyNames)
		d.ps.Add(name, "%s", unknown("a property of Custom::CognitoUserPoolClient", near))
		if _, given := properties[near]; near != "" && !given {
			d.s.Refused[Name(near)] = true
		}
	}
	if n := len(strangers) - maxItemProblems; n > 0 {
		d.ps.Add("ResourceProperties", "and %d more names that are not properties of Custom::CognitoUserPoolClient, not checked: correct the ones above first", n)
	}
	c, decl := &d.s.Config, d.s.Declared
	if decl[AllowedOAuthFlows] && len(c.AllowedOAuthFlows) > 0 && !decl[AllowedOAuthFlowsUserPoolClient] {
		if _, given := properties[string(AllowedOAuthFlowsUserPoolClient)]; !given {
			c.AllowedOAuthFlowsUserPoolClient = true
			decl[AllowedOAuthFlowsUserPoolClient] = true
		}
	}
	d.secretRules(unknownValues)
	// A ClientSecret that was refused, or whose value is unknown, still
	// gives the client a secret: the rules that need one must not report
	// the same mistake a second time.
	_, custom := properties[string(ClientSecret)]
	sec := secretUnknown
	if !d.existing && !unknownValues[GenerateSecret] {
		sec = secretOf(d.s.GenerateSecret || custom)
	}
	d.ps = append(d.ps, rules(d.s.Config, func(f Name) bool { return decl[f] }, decl, sec)...)
	sortProblems(d.ps)
	return d.s, d.ps.Err()
}

// propertyOf returns the entry of the property called name.
func propertyOf(name string) (property, bool) {
	p, ok := properties[Name(name)]
	return p, ok
}

// IsClientID reports whether s can be the id of an app client: one to 128
// characters among letters, digits, "_" and "+".
func IsClientID(s string) bool {
	return len(s) <= 128 && clientIDPattern.MatchString(s)
}

// decoder collects the settings and the problems of one Decode call.
type decoder struct {
	s        Settings
	ps       Problems
	existing bool
	// adopt: the properties adopt the client ClientId names (Adopt is
	// true); adoptUnknown: whether they do is known only at deploy time.
	adopt, adoptUnknown bool
	// properties are those being decoded, for the rules between two
	// properties that hold whatever their values.
	properties map[string]any
	// units holds what TokenValidityUnits says of each validity property.
	units map[string]unitEntry
}

// unitEntry is one entry of TokenValidityUnits. A declared entry that is
// not valid leaves a bare integer validity unreadable.
type unitEntry struct {
	declared bool
	unit     duration.Unit // "" when the entry was not valid
}

// decodeFunc decodes the property name with value v into d.
type decodeFunc func(d *decoder, name string, v any)

// token ties a TokenValidityUnits key to its validity property.
type token struct {
	key, property string
	unit          duration.Unit // Cognito's unit for a bare integer
	// zero is what a bare 0 stands for: Cognito's default, where Cognito
	// reads 0 as its default (ledger row 27); 0 where a bare 0 is just
	// too short.
	zero time.Duration
}

var tokens = [...]token{
	{"AccessToken", "AccessTokenValidity", duration.Hours, 0},
	{"IdToken", "IdTokenValidity", duration.Hours, 0},
	{"RefreshToken", "RefreshTokenValidity", duration.Days, Defaults().RefreshTokenValidity},
}

// The API model's patterns (chars.go): a function each, which accepts
// exactly what the model's regular expression matches.
var (
	userPoolIDPattern = pattern(isUserPoolID)
	clientIDPattern   = pattern(isClientIDChars)
	// The model's [\w\s+=,.@-]+, with \s as Java (the service) reads it:
	// the vertical tab included.
	clientNamePattern = pattern(isClientName)
	scopePattern      = pattern(isScope)
	// The API model's pattern of a redirect URL: no spaces, no control characters.
	urlPattern = pattern(isURLChars)
	// The API model's pattern of a provider name: a URL's characters and
	// separators, spaces included (ledger row 29).
	providerPattern = pattern(isProviderName)
	arnPattern      = pattern(isARN)
	hexPattern      = pattern(isHexDigits)
)

var (
	oauthFlows        = enumStrings(types.OAuthFlowType("").Values())
	explicitAuthFlows = enumStrings(types.ExplicitAuthFlowsType("").Values())
	userExistence     = enumStrings(types.PreventUserExistenceErrorTypes("").Values())
	features          = enumStrings(types.FeatureType("").Values())
)

// legacyAuthFlows are the ExplicitAuthFlows values without the ALLOW_ prefix,
// which Cognito refuses next to ALLOW_ values.
var legacyAuthFlows = []string{"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// declare records a valid value of the Config field name.
func (d *decoder) declare(name string) { d.s.Declared[Name(name)] = true }

func (d *decoder) userPoolID(name string, v any) {
	s, ok := d.scalar(name, v, "a string")
	if !ok {
		return
	}
	switch {
	case s == "":
		d.ps.Add(name, "is required: give the id of the user pool, such as \"us-east-1_AbCdEf123\"")
	case len(s) > 55 || !userPoolIDPattern.MatchString(s):
		d.ps.Add(name, "%s is not a user pool id: write one such as \"us-east-1_AbCdEf123\" (at most 55 characters)", quote(s))
	default:
		d.s.UserPoolId = s
	}
}

func (d *decoder) clientID(name string, v any) {
	s, ok := d.scalar(name, v, "a string")
	if !ok {
		return
	}
	if !IsClientID(s) {
		d.ps.Add(name, "%s is not an app client id: it has 1 to 128 letters, digits, _ or +", quote(s))
		return
	}
	d.s.ClientId = s
}

func (d *decoder) generateSecret(name string, v any) {
	if d.existing && !d.adopt && !d.adoptUnknown {
		d.ps.Add(name, "can't be used with ClientId: an existing client keeps the secret it has (with Adopt: true, GenerateSecret states whether the adopted client has one)")
		return
	}
	if b, ok := d.boolean(name, v); ok {
		d.s.GenerateSecret = b
		d.s.GenerateSecretDeclared = true
	}
}

func boolProperty(set func(*Config, bool)) decodeFunc {
	return func(d *decoder, name string, v any) {
		if b, ok := d.boolean(name, v); ok {
			set(&d.s.Config, b)
			d.declare(name)
		}
	}
}

// stringProperty describes a property whose value is one string.
type stringProperty struct {
	maxLen  int      // in characters; 0: no limit of its own
	pattern pattern  // nil: any characters
	allowed string   // the characters of pattern, for the message
	values  []string // nil: any value
	check   func(string) string
	set     func(*Config, string)
}

func (p stringProperty) decode(d *decoder, name string, v any) {
	s, ok := d.scalar(name, v, "a string")
	if !ok {
		return
	}
	if msg := checkItem(s, p.maxLen, p.pattern, p.allowed, p.values, p.check); msg != "" {
		d.ps.Add(name, "%s", msg)
		return
	}
	p.set(&d.s.Config, s)
	d.declare(name)
}

// listProperty describes a property whose value is a list of strings.
type listProperty struct {
	max     int // most items; 0: no limit
	maxLen  int // in characters, per item; 0: no limit of its own
	pattern pattern
	allowed string
	values  []string
	check   func(string) string   // per item
	extra   func([]string) string // on the whole list, once every item is valid
	set     func(*Config, []string)
}

func (p listProperty) decode(d *decoder, name string, v any) {
	if items, ok := p.items(d, name, v); ok {
		p.set(&d.s.Config, items)
		d.declare(name)
	}
}

// items reads and checks the list, recording its problems in d; ok is false
// when there was any. An empty list is nil.
func (p listProperty) items(d *decoder, name string, v any) (items []string, ok bool) {
	// A list over its maximum is reported by its count alone: its items
	// are not read, so its cost does not grow with its length.
	if n := listLen(v); p.max > 0 && n > p.max {
		d.ps.Add(name, "has %d items; at most %d are allowed", n, p.max)
		return nil, false
	}
	items, ok = d.list(name, v)
	if !ok {
		return nil, false // its problems are reported: the items are not checked
	}
	if !p.each(&d.ps, name, items, nil) {
		return nil, false
	}
	if p.extra != nil {
		if msg := p.extra(items); msg != "" {
			d.ps.Add(name, "%s", msg)
			return nil, false
		}
	}
	if len(items) == 0 {
		items = nil
	}
	return items, true
}

// each judges each item on its own and reports whether all were valid.
// at gives each item's index in the list as written; nil when items is the
// whole list, in which case a value listed twice is judged too.
func (p listProperty) each(ps *Problems, name string, items []string, at []int) bool {
	bad := itemProblems{ps: ps, path: name, key: index}
	if at != nil {
		bad.key = func(path string, i int) string { return index(path, at[i]) }
	}
	first := make(map[string]int, min(len(items), 128))
	for i, s := range items {
		if bad.full() {
			bad.skip(len(items)-i, "items")
			break
		}
		if msg := checkItem(s, p.maxLen, p.pattern, p.allowed, p.values, p.check); msg != "" {
			bad.add(i, "%s", msg)
			continue
		}
		if at != nil {
			continue
		}
		// Ledger row 25: what Cognito does with a value listed twice is not
		// known, but it is always a mistake.
		if j, seen := first[s]; seen {
			bad.add(i, "%s is listed twice: it is also %s; remove one", quote(s), index(name, j))
			continue
		}
		first[s] = i
	}
	return bad.reported == 0
}

// checkItem returns what is wrong with one string value, or "".
func checkItem(s string, maxLen int, pattern pattern, allowed string, values []string, check func(string) string) string {
	if values != nil {
		if !slices.Contains(values, s) {
			return fmt.Sprintf("%s is not one of %s", quote(s), strings.Join(values, ", "))
		}
		return ""
	}
	if s == "" {
		return "must not be empty"
	}
	if n := utf8.RuneCountInString(s); maxLen > 0 && n > maxLen {
		return fmt.Sprintf("is %d characters long; at most %d are allowed", n, maxLen)
	}
	if pattern != nil && !pattern.MatchString(s) {
		return fmt.Sprintf("%s has characters that are not allowed: use only %s", quote(s), allowed)
	}
	if check != nil {
		return check(s)
	}
	return ""
}

// checkURL applies Cognito's rules for a callback, logout or default
// redirect URL, or returns "" when u follows them: the model's pattern, and
// those of ledger row 34 (an absolute URI, a valid one, without a fragment,
// https but for the loopback hosts).
func checkURL(s string) string {
	if !urlPattern.MatchString(s) {
		return fmt.Sprintf("%s is not a URL: it must not contain spaces or control characters", quote(s))
	}
	if esc := badEscape(s); esc != "" {
		return fmt.Sprintf("%s has an invalid %%-escape, %s: a %% must be followed by two hexadecimal digits (write %%25 for a %% itself)", quote(s), quote(esc))
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		// The reason can hold a part of the URL (a port): it is cut as a
		// quoted value is.
		return fmt.Sprintf("%s is not a valid URL: %s", quote(s), cut(err.Error(), 64))
	}
	if !u.IsAbs() {
		return fmt.Sprintf("%s is not an absolute URL: write one such as \"https://example.com/callback\" or \"myapp://callback\"", quote(s))
	}
	if strings.Contains(s, "#") {
		return fmt.Sprintf("%s has a fragment (#...), which a redirect URL must not have", quote(s))
	}
	switch u.Scheme {
	case "https":
		if u.Host == "" {
			return fmt.Sprintf("%s has no host", quote(s))
		}
	case "http":
		switch u.Hostname() {
		case "localhost", "127.0.0.1", "::1":
		default:
			return fmt.Sprintf("%s must use https: http is allowed only for localhost, 127.0.0.1 and [::1]", quote(s))
		}
	}
	return ""
}

// badEscape returns the first % of s that two hexadecimal digits do not
// follow, with what follows it (at most two bytes); "" when there is none.
// url.Parse does not judge the query, so the whole text is read here.
func badEscape(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			return cutString(s[i:], 3)
		}
	}
	return ""
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func checkOAuthFlows(flows []string) string {
	if len(flows) > 1 && slices.Contains(flows, "client_credentials") {
		return "client_credentials must be the only flow: Cognito does not mix it with code or implicit"
	}
	return ""
}

func checkExplicitAuthFlows(flows []string) string {
	var legacy []string
	allow := false
	for _, f := range flows {
		if slices.Contains(legacyAuthFlows, f) {
			legacy = append(legacy, f)
		} else {
			allow = true
		}
	}
	if len(legacy) > 0 && allow {
		return fmt.Sprintf("mixes %s with ALLOW_ values: use only ALLOW_ values, such as ALLOW_USER_PASSWORD_AUTH in place of USER_PASSWORD_AUTH", strings.Join(legacy, ", "))
	}
	return ""
}

// tokenUnits reads TokenValidityUnits into d.units.
func (d *decoder) tokenUnits(v any, present bool) {
	d.units = make(map[string]unitEntry, len(tokens))
	if !present {
		return
	}
	const name = "TokenValidityUnits"
	keys := []string{tokens[0].key, tokens[1].key, tokens[2].key}
	m, _ := d.object(name, v, keys)
	if m == nil {
		// Not an object: no bare integer validity can be read.
		for _, t := range tokens {
			d.units[t.property] = unitEntry{declared: true}
		}
		return
	}
	for _, t := range tokens {
		raw, ok := m[t.key]
		if !ok {
			continue
		}
		e := unitEntry{declared: true}
		path := name + "." + t.key
		if s, ok := d.scalar(path, raw, "a unit"); ok {
			if u, err := duration.ParseUnit(s); err != nil {
				d.ps.Add(path, "%s", err)
			} else {
				e.unit = u
			}
		}
		d.units[t.property] = e
	}
}

// readDuration reads a duration, a bare integer in unit bare. It returns the
// text read and whether it carried a unit; ok is false after a problem.
func (d *decoder) readDuration(path string, v any, bare duration.Unit) (text string, dur time.Duration, hasUnit, ok bool) {
	text, ok = d.scalar(path, v, "a duration")
	if !ok {
		return "", 0, false, false
	}
	dur, hasUnit, err := duration.Parse(text, bare)
	if err != nil {
		d.ps.Add(path, "%s", err)
		return text, 0, hasUnit, false
	}
	return text, dur, hasUnit, true
}

// inRange checks lo <= dur <= hi; the message names the value as written,
// and the unit a bare integer was read in.
func (d *decoder) inRange(path, text string, dur time.Duration, hasUnit bool, bare duration.Unit, lo, hi time.Duration) bool {
	if lo <= dur && dur <= hi {
		return true
	}
	shown := quote(text)
	if !hasUnit {
		shown += " (" + text + " " + string(bare) + ")"
	}
	what := "too long"
	if dur < lo {
		what = "too short"
	}
	d.ps.Add(path, "%s is %s: it must be between %s and %s", shown, what, duration.Format(lo), duration.Format(hi))
	return false
}

// validity decodes a token validity: a duration, or a bare integer in the
// unit of TokenValidityUnits, else in Cognito's unit for the token.
func validity(t token, lo, hi time.Duration, set func(*Config, time.Duration)) decodeFunc {
	return func(d *decoder, name string, v any) {
		e := d.units[name]
		bare := t.unit
		if e.declared {
			bare = e.unit
		}
		// A refused unit leaves a bare integer unreadable, but a value with
		// its own unit can still be judged.
		probe := bare
		if probe == "" {
			probe = t.unit
		}
		text, dur, hasUnit, ok := d.readDuration(name, v, probe)
		if !ok {
			return
		}
		if hasUnit && e.declared {
			d.ps.Add("TokenValidityUnits."+t.key, "gives a unit for %s, whose value %s carries its own; remove one of the two", name, quote(text))
		}
		if !hasUnit && bare == "" {
			return
		}
		if !hasUnit && dur == 0 && t.zero != 0 {
			// Ledger row 27: Cognito reads 0 as its default, and describes
			// the client with the default: holding the default keeps the
			// next update from seeing a change that is none.
			dur = t.zero
		}
		if !d.inRange(name, text, dur, hasUnit, bare, lo, hi) {
			return
		}
		set(&d.s.Config, dur)
		d.declare(name)
	}
}

func (d *decoder) authSessionValidity(name string, v any) {
	text, dur, hasUnit, ok := d.readDuration(name, v, duration.Minutes)
	if !ok {
		return
	}
	if dur%time.Minute != 0 {
		d.ps.Add(name, "%s is not a whole number of minutes", quote(text))
		return
	}
	if !d.inRange(name, text, dur, hasUnit, duration.Minutes, 3*time.Minute, 15*time.Minute) {
		return
	}
	d.s.Config.AuthSessionValidity = dur
	d.declare(name)
}

// The forms of AnalyticsConfiguration, for its messages.
const (
	analyticsForms = "give ApplicationArn, or ApplicationId with RoleArn (and, if the role needs one, ExternalId)"
	arnMin, arnMax = 20, 2048 // the model's ArnType
	externalIDMax  = 131072   // the model's StringType
)

// analytics decodes AnalyticsConfiguration: exactly one of its two forms,
// each member within the model's limits. ExternalId is optional, as in the
// model (ledger row 30); an empty one is none.
func (d *decoder) analytics(name string, v any) {
	m, ok := d.object(name, v, []string{"ApplicationArn", "ApplicationId", "RoleArn", "ExternalId", "UserDataShared"})
	if m == nil {
		return
	}
	str := func(key string, check func(string) string) (string, bool) {
		raw, present := m[key]
		if !present {
			return "", false
		}
		s, valid := d.scalar(name+"."+key, raw, "a string")
		if !valid {
			ok = false
		} else if msg := check(s); msg != "" {
			d.ps.Add(name+"."+key, "%s", msg)
			ok = false
		}
		return s, true
	}
	arn := func(example string) func(string) string {
		return func(s string) string {
			switch n := utf8.RuneCountInString(s); {
			case s == "":
				return "must not be empty"
			case n < arnMin || n > arnMax:
				return fmt.Sprintf("is %d characters long; an ARN has %d to %d", n, arnMin, arnMax)
			case !arnPattern.MatchString(s):
				return fmt.Sprintf("%s is not %s", quote(s), example)
			}
			return ""
		}
	}
	arnValue, hasArn := str("ApplicationArn", arn(`an ARN, such as "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef"`))
	id, hasID := str("ApplicationId", func(s string) string {
		return checkItem(s, 0, hexPattern, "hexadecimal digits (a Pinpoint project id)", nil, nil)
	})
	role, hasRole := str("RoleArn", arn(`a role ARN, such as "arn:aws:iam::123456789012:role/CognitoPinpoint"`))
	ext, hasExt := str("ExternalId", func(s string) string {
		if n := utf8.RuneCountInString(s); n > externalIDMax {
			return fmt.Sprintf("is %d characters long; at most %d are allowed", n, externalIDMax)
		}
		return ""
	})
	a := Analytics{ApplicationArn: arnValue, ApplicationId: id, RoleArn: role, ExternalId: ext}
	if raw, present := m["UserDataShared"]; present {
		b, valid := d.boolean(name+".UserDataShared", raw)
		ok = ok && valid
		a.UserDataShared = b
	}
	switch {
	case hasArn && (hasID || hasRole || hasExt):
		d.ps.Add(name, "%s; not both", analyticsForms)
		ok = false
	case !hasArn && !hasID && !hasRole && !hasExt:
		d.ps.Add(name, "%s", analyticsForms)
		ok = false
	case !hasArn:
		for _, k := range []struct {
			key     string
			present bool
		}{{"ApplicationId", hasID}, {"RoleArn", hasRole}} {
			if !k.present {
				d.ps.Add(name+"."+k.key, "is required when ApplicationArn is not given")
				ok = false
			}
		}
	}
	if !ok {
		return
	}
	d.s.Config.AnalyticsConfiguration = &a
	d.declare(name)
}

func (d *decoder) rotation(name string, v any) {
	m, ok := d.object(name, v, []string{"Feature", "RetryGracePeriodSeconds"})
	if m == nil {
		return
	}
	var r Rotation
	if raw, present := m["Feature"]; !present {
		d.ps.Add(name+".Feature", "is required: write %s", strings.Join(features, " or "))
		ok = false
	} else if s, valid := d.scalar(name+".Feature", raw, "a string"); !valid {
		ok = false
	} else if msg := checkItem(s, 0, nil, "", features, nil); msg != "" {
		d.ps.Add(name+".Feature", "%s", msg)
		ok = false
	} else {
		r.Feature = s
	}
	if raw, present := m["RetryGracePeriodSeconds"]; present {
		path := name + ".RetryGracePeriodSeconds"
		text, dur, hasUnit, valid := d.readDuration(path, raw, duration.Seconds)
		if valid && d.inRange(path, text, dur, hasUnit, duration.Seconds, 0, time.Minute) {
			r.RetryGracePeriod = &dur
		} else {
			ok = false
		}
	}
	if !ok {
		return
	}
	d.s.Config.RefreshTokenRotation = &r
	d.declare(name)
}

// sortProblems orders ps by property, then as found. The sort key is the
// property without its path, so that CallbackURLs[10] stays after
// CallbackURLs[2].
func sortProblems(ps Problems) {
	sort.SliceStable(ps, func(i, j int) bool { return topLevel(ps[i].Property) < topLevel(ps[j].Property) })
}

// topLevel returns the property of a problem's path: the path up to its
// first "." or "[". A path that starts with one is an unknown property's whole
// name, and sorts as such.
func topLevel(path string) string {
	if i := strings.IndexAny(path, ".["); i > 0 {
		return path[:i]
	}
	return path
}
