package props_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitomodel"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/wire"
)

// A kind of limit of the API model.
type kind string

const (
	minLength kind = "minimum length" // of a string
	maxLength kind = "maximum length"
	pattern   kind = "pattern"
	enum      kind = "enum"
	minimum   kind = "minimum" // of an integer
	maximum   kind = "maximum"
	minSize   kind = "minimum size" // of a list
	maxSize   kind = "maximum size"
	required  kind = "required" // a member of a structure
)

// rows names, for each kind of limit of a member where the properties are
// stricter than the model, the ledger row (docs/cognito-behaviour.md) that
// says why.
type rows map[kind]int

// member is one member of the CreateUserPoolClient and UpdateUserPoolClient
// requests, or of a structure in them, and how to reach it through the
// properties.
type member struct {
	// put returns properties that hold v where the member is; a list
	// member receives the whole list. v is nil for "left out".
	put func(v any) map[string]any
	// example is a valid value of the member (of one item, for a list):
	// the probes are made from it.
	example string
	// at are the places (in runes) where a probe character is put into
	// the example; the end when empty.
	at []int
	// units are the TokenValidityUnits a bare integer is read in, for a
	// token validity: each probe is made in each unit.
	units []string
	// stricter are the limits the properties hold tighter than the model,
	// with the ledger row for each.
	stricter rows
	// refused are, for a stricter pattern, exactly the characters refused
	// although the model's pattern allows them.
	refused string
	// noLimit says why the member is not probed: only a member whose shape
	// has no limit of any kind may have one.
	noLimit string
}

// The properties of a valid owned-mode template around one member.
func with(kv ...any) map[string]any {
	m := map[string]any{"UserPoolId": "us-east-1_AbCdEf123"}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] != nil {
			m[kv[i].(string)] = kv[i+1]
		}
	}
	return m
}

// object returns the given keys and values, leaving out the nil ones.
func object(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] != nil {
			m[kv[i].(string)] = kv[i+1]
		}
	}
	return m
}

func property(name string) func(any) map[string]any {
	return func(v any) map[string]any { return with(name, v) }
}

// ARNs whose first 20 characters are an ARN too, so that the shortest
// lengths probe the length alone.
const (
	appArn  = "arn:aws:mt::1:appsXY/0123456789abcdef"
	roleArn = "arn:aws:iam::1:roleX/CognitoPinpoint"
)

var (
	boolean = "a boolean: the model sets no limit on it"
	urlRows = rows{
		minLength: 34, // the shortest values of the model's length are not absolute URLs
		pattern:   34, // a fragment (#), an invalid %-escape
	}
	urlRefused = "#%"
	// The ranges hold once the unit is applied: 5 minutes to a day, 60
	// minutes to 3650 days. A refresh validity of 0 is Cognito's default
	// (ledger row 27), as the model's minimum allows.
	validityRows = rows{minimum: 19, maximum: 19}
	allUnits     = []string{"seconds", "minutes", "hours", "days"}
)

// members is the table of the model test: one entry per member of the
// request shapes and of the structures in them.
var members = map[string]member{
	"UserPoolId": {put: property("UserPoolId"), example: "us-east-1_AbCdEf123", at: []int{0, 10}},
	"ClientId":   {put: property("ClientId"), example: "1example23456789"},
	"ClientName": {put: property("ClientName"), example: "web"},
	// Issue 17 makes it a property; until then it is refused as unknown.
	"ClientSecret":   {put: property("ClientSecret"), example: strings.Repeat("s", 24)},
	"GenerateSecret": {noLimit: boolean},

	"AccessTokenValidity": {units: allUnits, stricter: validityRows, put: func(v any) map[string]any {
		return with("AccessTokenValidity", v)
	}},
	"IdTokenValidity":      {units: allUnits, stricter: validityRows, put: property("IdTokenValidity")},
	"RefreshTokenValidity": {units: allUnits, stricter: rows{maximum: 19}, put: property("RefreshTokenValidity")},
	"AuthSessionValidity":  {put: property("AuthSessionValidity")},
	"TokenValidityUnits":   {noLimit: "a structure: its members are probed"},
	"TokenValidityUnits.AccessToken": {put: func(v any) map[string]any {
		return with("TokenValidityUnits", object("AccessToken", v))
	}},
	"TokenValidityUnits.IdToken": {put: func(v any) map[string]any {
		return with("TokenValidityUnits", object("IdToken", v))
	}},
	"TokenValidityUnits.RefreshToken": {put: func(v any) map[string]any {
		return with("TokenValidityUnits", object("RefreshToken", v))
	}},

	"AllowedOAuthFlows": {
		put: func(v any) map[string]any {
			return with("AllowedOAuthFlows", v, "GenerateSecret", "true", "AllowedOAuthScopes", []any{"api/read"}, "CallbackURLs", []any{"https://example.com/cb"})
		},
		// client_credentials must be alone, so no list of all three flows
		// is valid.
		stricter: rows{maxSize: 17},
	},
	"AllowedOAuthFlowsUserPoolClient":          {noLimit: boolean},
	"AllowedOAuthScopes":                       {put: property("AllowedOAuthScopes"), example: "api/read"},
	"CallbackURLs":                             {put: property("CallbackURLs"), example: "https://example.com/", stricter: urlRows, refused: urlRefused},
	"LogoutURLs":                               {put: property("LogoutURLs"), example: "https://example.com/", stricter: urlRows, refused: urlRefused},
	"DefaultRedirectURI":                       {put: property("DefaultRedirectURI"), example: "https://example.com/", stricter: urlRows, refused: urlRefused},
	"ExplicitAuthFlows":                        {put: property("ExplicitAuthFlows")},
	"SupportedIdentityProviders":               {put: property("SupportedIdentityProviders"), example: "Google"},
	"ReadAttributes":                           {put: property("ReadAttributes"), example: "email"},
	"WriteAttributes":                          {put: property("WriteAttributes"), example: "email"},
	"PreventUserExistenceErrors":               {put: property("PreventUserExistenceErrors")},
	"EnableTokenRevocation":                    {noLimit: boolean},
	"EnablePropagateAdditionalUserContextData": {noLimit: boolean},

	"AnalyticsConfiguration": {noLimit: "a structure: its members are probed"},
	"AnalyticsConfiguration.ApplicationArn": {example: appArn, at: []int{4, 8, 11, 12, len(appArn)}, put: func(v any) map[string]any {
		return with("AnalyticsConfiguration", object("ApplicationArn", v))
	}},
	"AnalyticsConfiguration.ApplicationId": {example: "0123456789abcdef", put: func(v any) map[string]any {
		return with("AnalyticsConfiguration", object("ApplicationId", v, "RoleArn", roleArn))
	}},
	"AnalyticsConfiguration.RoleArn": {example: roleArn, at: []int{4, 8, 12, 13, len(roleArn)}, put: func(v any) map[string]any {
		return with("AnalyticsConfiguration", object("ApplicationId", "0123456789abcdef", "RoleArn", v))
	}},
	"AnalyticsConfiguration.ExternalId": {example: "ext-1", put: func(v any) map[string]any {
		return with("AnalyticsConfiguration", object("ApplicationId", "0123456789abcdef", "RoleArn", roleArn, "ExternalId", v))
	}},
	"AnalyticsConfiguration.UserDataShared": {noLimit: boolean},

	"RefreshTokenRotation": {noLimit: "a structure: its members are probed"},
	"RefreshTokenRotation.Feature": {put: func(v any) map[string]any {
		return with("RefreshTokenRotation", object("Feature", v, "RetryGracePeriodSeconds", "10"))
	}},
	"RefreshTokenRotation.RetryGracePeriodSeconds": {put: func(v any) map[string]any {
		return with("RefreshTokenRotation", object("Feature", "ENABLED", "RetryGracePeriodSeconds", v))
	}},
}

// TestLimitsAreTheModels holds every limit of the properties to the API
// model (package cognitomodel): for every member of the CreateUserPoolClient
// and UpdateUserPoolClient requests and of the structures in them, values
// at and beside each of the model's limits (lengths min-1, min, max, max+1;
// each character class of its pattern; each enum value and a few others;
// integers min-1 to max+1, in each unit for a token validity; lists of max
// and max+1 items; a required member left out) go through Decode and
// through the model. A value the model refuses must be refused. A value the
// model accepts may be refused only where the member's entry names the
// kind of limit with a ledger row; an entry of that kind that no probe
// finds stricter fails too, so a limit can be neither loosened nor
// tightened without this table and the ledger saying so. Every value Decode
// accepts is also sent through package wire and the SDK, and the request
// must satisfy the model.
func TestLimitsAreTheModels(t *testing.T) {
	t.Parallel()
	model, err := cognitomodel.Load()
	if err != nil {
		t.Fatal(err)
	}
	shapes := requestMembers(t, model)
	for path := range members {
		if _, ok := shapes[path]; !ok {
			t.Errorf("the table has %s, which the requests of the model do not", path)
		}
	}
	send := sender(t, model)
	probed, stricter, tried := 0, 0, 0
	for _, path := range sortedPaths(shapes) {
		m, ok := members[path]
		if !ok {
			t.Errorf("the model's %s (shape %s) has no entry in the table", path, shapes[path].Name)
			continue
		}
		shape := shapes[path]
		if m.noLimit != "" {
			if limited(model, shape) {
				t.Errorf("%s: shape %s has limits, yet the table says: %s", path, shape.Name, m.noLimit)
			}
			continue
		}
		t.Run(path, func(t *testing.T) {
			if !isProperty(strings.Split(path, ".")[0]) {
				// Only ClientSecret may not be a property (yet: issue 17
				// adds it); once it is one, its probes run.
				if path != "ClientSecret" {
					t.Fatalf("%s is not a property", path)
				}
				return
			}
			probed++
			if len(m.stricter) > 0 {
				stricter++
			}
			found := map[kind]bool{}
			var chars []rune // refused by a pattern probe, although the model accepts them
			var parent *cognitomodel.Shape
			if name, _, nested := strings.Cut(path, "."); nested {
				parent = shapes[name]
			}
			for _, p := range probes(model, path, shape, parent, m) {
				tried++
				s, err := props.Decode(p.props)
				switch ok := err == nil; {
				case ok && !p.modelOK:
					t.Errorf("%s: looser than the model: accepted, which the model refuses", p.label)
				case !ok && p.modelOK:
					found[p.kind] = true
					if p.kind == pattern && !slices.Contains(chars, p.char) {
						chars = append(chars, p.char)
					}
					if m.stricter[p.kind] == 0 {
						t.Errorf("%s: stricter than the model, with no ledger row in the table: %v", p.label, err)
					}
				case ok:
					send(t, p.label, s)
				}
			}
			for k, row := range m.stricter {
				if !found[k] {
					t.Errorf("the table says the %s of %s is stricter than the model's (ledger row %d), but no probe finds it so", k, path, row)
				}
			}
			if got := string(chars); m.stricter[pattern] != 0 && got != m.refused {
				t.Errorf("the pattern probes of %s find %q refused beyond the model's pattern; the table says %q (ledger row %d)", path, got, m.refused, m.stricter[pattern])
			}
		})
	}
	t.Logf("%d members, %d probed with %d values, %d of them stricter than the model with a ledger row", len(shapes), probed, tried, stricter)
}

// requestMembers returns every member of the two requests and of the
// structures in them, by path ("AnalyticsConfiguration.RoleArn"). A member
// of both requests must have the same shape in both.
func requestMembers(t *testing.T, model *cognitomodel.Model) map[string]*cognitomodel.Shape {
	t.Helper()
	out := map[string]*cognitomodel.Shape{}
	var walk func(prefix string, s *cognitomodel.Shape)
	walk = func(prefix string, s *cognitomodel.Shape) {
		for name, ref := range s.Members {
			path := prefix + name
			shape := model.Shape(ref)
			if prev, ok := out[path]; ok && prev != shape {
				t.Errorf("%s is %s in one request and %s in the other", path, prev.Name, shape.Name)
			}
			out[path] = shape
			if shape.Type == "structure" {
				walk(path+".", shape)
			}
		}
	}
	for _, op := range []string{"CreateUserPoolClient", "UpdateUserPoolClient"} {
		walk("", model.Shape(model.Input(op)))
	}
	return out
}

func sortedPaths(m map[string]*cognitomodel.Shape) []string {
	var out []string
	for p := range m {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// limited reports whether a shape, or a list's items, has a limit of its
// own. A structure's required members are probed at each member.
func limited(model *cognitomodel.Model, s *cognitomodel.Shape) bool {
	if s.Min != nil || s.Max != nil || s.Pattern != "" || s.Enum != nil {
		return true
	}
	return s.Type == "list" && limited(model, model.Shape(s.Member))
}

// probe is one value tried at a member.
type probe struct {
	kind    kind
	char    rune // of a pattern probe
	label   string
	props   map[string]any
	modelOK bool // the model accepts the value
}

// probeRunes are the characters tried against each pattern: all of ASCII,
// and one of each Unicode class the model's patterns name or leave out.
var probeRunes = func() []rune {
	var out []rune
	for r := rune(0); r < 0x80; r++ {
		out = append(out, r)
	}
	return append(out,
		'é', '\u0301', '€', '☃', '٣', '«', // letter, mark, symbols, number, punctuation
		'\u00a0', '\u2028', '\u2029', '\u3000', // separators
		'\u0085', '\u200b', '\ufeff', '\U0001F600', // control, format, a rune beyond the BMP
	)
}()

// isProperty reports whether Decode knows the property called name.
func isProperty(name string) bool {
	_, err := props.Decode(with(name, "x"))
	ps, _ := err.(props.Problems)
	for _, p := range ps {
		if p.Property == name && strings.HasPrefix(p.Message, "is not a property") {
			return false
		}
	}
	return true
}

// probes returns the values tried at the member at path, whose structure
// (nil at the top level) is parent.
func probes(model *cognitomodel.Model, path string, shape, parent *cognitomodel.Shape, m member) []probe {
	var out []probe
	item := shape
	inList := shape.Type == "list"
	if inList {
		item = model.Shape(shape.Member)
	}
	// at puts one item value at the member; ok is the model's verdict on it.
	at := func(k kind, char rune, label string, v any) {
		ok := len(model.Check(item.Name, "", v)) == 0
		if inList {
			v = []any{v}
		}
		out = append(out, probe{kind: k, char: char, label: label, props: m.put(v), modelOK: ok})
	}
	switch item.Type {
	case "string":
		if item.Enum != nil {
			for _, e := range item.Enum {
				at(enum, 0, fmt.Sprintf("%s %q", path, e), e)
			}
			for _, e := range []string{"", strings.ToLower(item.Enum[0]), strings.ToUpper(item.Enum[0]), item.Enum[0] + "x"} {
				at(enum, 0, fmt.Sprintf("%s %q", path, e), e)
			}
			break
		}
		for _, b := range bounds(item) {
			v := fit(m.example, b.n)
			at(b.side.of(minLength, maxLength), 0, fmt.Sprintf("%s of %d characters", path, b.n), v)
		}
		places := m.at
		if places == nil {
			places = []int{len([]rune(m.example))}
		}
		for _, r := range probeRunes {
			for _, i := range places {
				ex := []rune(m.example)
				v := string(ex[:i]) + string(r) + string(ex[i:])
				at(pattern, r, fmt.Sprintf("%s with %U at %d", path, r, i), v)
			}
		}
	case "integer":
		units := m.units
		if units == nil {
			units = []string{""}
		}
		for _, b := range bounds(item) {
			for _, u := range units {
				p := m.put(strconv.FormatInt(b.n, 10))
				label := fmt.Sprintf("%s %d", path, b.n)
				if u != "" {
					p["TokenValidityUnits"] = map[string]any{strings.TrimSuffix(path, "Validity"): u}
					label += " " + u
				}
				out = append(out, probe{kind: b.side.of(minimum, maximum), label: label, props: p, modelOK: len(model.Check(item.Name, "", b.n)) == 0})
			}
		}
	}
	if inList {
		for _, b := range bounds(shape) {
			n := b.n
			if item.Enum != nil && shape.Max == nil && int(n) > len(item.Enum) {
				continue // no list of distinct values is that long
			}
			items := make([]any, n)
			for i := range items {
				if item.Enum != nil {
					items[i] = item.Enum[i%len(item.Enum)]
				} else {
					items[i] = m.example + strconv.Itoa(i)
				}
			}
			out = append(out, probe{kind: b.side.of(minSize, maxSize), label: fmt.Sprintf("%s of %d items", path, n), props: m.put(items), modelOK: len(model.Check(shape.Name, "", items)) == 0})
		}
	}
	// A required member of a structure, left out.
	if _, name, _ := strings.Cut(path, "."); parent != nil && slices.Contains(parent.Required, name) {
		out = append(out, probe{kind: required, label: path + " left out", props: m.put(nil), modelOK: false})
	}
	return out
}

// side tells which end of a range a bound probes.
type side bool

const (
	low  side = false
	high side = true
)

func (s side) of(lo, hi kind) kind {
	if s == high {
		return hi
	}
	return lo
}

// bound is a value next to one end of a shape's limits.
type bound struct {
	n    int64
	side side
}

// bounds returns the values around a shape's limits: min-1 (when not
// negative for a length or a size), min, max and max+1. A list with no
// maximum gets 101 items, beyond any limit the properties might add.
func bounds(s *cognitomodel.Shape) []bound {
	var out []bound
	if s.Min != nil {
		if *s.Min > 0 || s.Type == "integer" {
			out = append(out, bound{*s.Min - 1, low})
		}
		out = append(out, bound{*s.Min, low})
	}
	if s.Max != nil {
		out = append(out, bound{*s.Max, high}, bound{*s.Max + 1, high})
	}
	if s.Type == "list" && s.Max == nil {
		out = append(out, bound{101, high})
	}
	return out
}

// fit returns example cut or padded with 'a' to n characters.
func fit(example string, n int64) string {
	r := []rune(example)
	if int(n) <= len(r) {
		return string(r[:n])
	}
	return example + strings.Repeat("a", int(n)-len(r))
}

// sender returns a function that sends the request the settings make
// through the SDK's serializer, without a network, and checks it against
// the model.
func sender(t *testing.T, model *cognitomodel.Model) func(t *testing.T, label string, s props.Settings) {
	var body []byte
	client := cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String("https://cognito-idp.invalid"),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDMODEL", "not-a-secret", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient: roundTrip(func(r *http.Request) (*http.Response, error) {
			var err error
			body, err = io.ReadAll(r.Body)
			return &http.Response{
				StatusCode: 200, Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}},
				Body: io.NopCloser(bytes.NewReader([]byte("{}"))), Request: r,
			}, err
		}),
	})
	return func(t *testing.T, label string, s props.Settings) {
		t.Helper()
		ctx := context.Background()
		op := "CreateUserPoolClient"
		var err error
		if s.Existing() {
			// Over a client that has a name, as every client has.
			op = "UpdateUserPoolClient"
			current := props.Defaults()
			current.ClientName = "model-test"
			_, err = client.UpdateUserPoolClient(ctx, wire.Update(s.UserPoolId, s.ClientId, props.Overlay(current, s, nil)))
		} else {
			c := s.Config
			if !s.Declared[props.ClientName] {
				c.ClientName = "model-test"
				s.Declared[props.ClientName] = true
			}
			_, err = client.CreateUserPoolClient(ctx, wire.Create(s.UserPoolId, c, s.Declared, s.GenerateSecret, s.Secret.Literal))
		}
		if err != nil {
			t.Fatalf("%s: sending the request: %v", label, err)
		}
		found, err := model.Validate(op, body)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range found {
			t.Errorf("%s: accepted, but the %s request breaks the model: %s", label, op, v)
		}
	}
}

// roundTrip is an HTTP client that answers every request with f.
type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) Do(r *http.Request) (*http.Response, error) { return f(r) }
