package props

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestDecodeAdditional(t *testing.T) {
	t.Parallel()
	existing := func(kv ...any) map[string]any { return props(append([]any{"ClientId", "abc123"}, kv...)...) }
	tests := []struct {
		name  string
		props map[string]any
		wants []want
		add   Additional
	}{
		{name: "both lists", props: existing("AdditionalCallbackURLs", list("https://pr-1.example.com/cb", "http://localhost:3000/cb", "myapp://cb"), "AdditionalLogoutURLs", list("https://pr-1.example.com/")),
			add: Additional{CallbackURLs: []string{"https://pr-1.example.com/cb", "http://localhost:3000/cb", "myapp://cb"}, LogoutURLs: []string{"https://pr-1.example.com/"}}},
		{name: "empty list adds nothing", props: existing("AdditionalLogoutURLs", list())},
		{name: "beside the other list", props: existing("AdditionalCallbackURLs", list("https://a.example.com/cb"), "LogoutURLs", list("https://a.example.com/")),
			add: Additional{CallbackURLs: []string{"https://a.example.com/cb"}}},
		{name: "each bad URL named", props: existing("AdditionalCallbackURLs", list("http://example.com/cb", "https://example.com/cb#x", "https://ok.example.com/cb", "https://ok.example.com/cb", "https://example.com/"+strings.Repeat("a", 1005))), wants: []want{
			{"AdditionalCallbackURLs[0]", "must use https: http is allowed only for localhost"},
			{"AdditionalCallbackURLs[1]", "has a fragment"},
			{"AdditionalCallbackURLs[3]", `"https://ok.example.com/cb" is listed twice: it is also AdditionalCallbackURLs[2]; remove one`},
			{"AdditionalCallbackURLs[4]", "is 1025 characters long; at most 1024"},
		}},
		{name: "101 URLs", props: existing("AdditionalLogoutURLs", repeat(101, func(i int) string { return "https://example.com/" + strings.Repeat("a", i+1) })),
			wants: []want{{"AdditionalLogoutURLs", "has 101 items; at most 100"}}},
		{name: "not a list", props: existing("AdditionalLogoutURLs", "https://example.com/"), wants: []want{{"AdditionalLogoutURLs", "must be a list of strings, not a string"}}},
		{name: "with CallbackURLs", props: existing("AdditionalCallbackURLs", list("https://a.example.com/cb"), "CallbackURLs", list("https://b.example.com/cb")),
			wants: []want{{"AdditionalCallbackURLs", "can't be used with CallbackURLs: CallbackURLs replaces the client's whole list"}}},
		{name: "with LogoutURLs, however invalid", props: existing("AdditionalLogoutURLs", list("https://a.example.com/"), "LogoutURLs", "bad"),
			wants: []want{{"AdditionalLogoutURLs", "can't be used with LogoutURLs"}, {"LogoutURLs", "must be a list of strings"}}},
		{name: "owned mode, every problem at once", props: props("AdditionalCallbackURLs", list("https://a.example.com/cb#x"), "CallbackURLs", list("https://b.example.com/cb"), "AdditionalLogoutURLs", list("https://a.example.com/")),
			wants: []want{
				{"AdditionalCallbackURLs", "can be used only with ClientId: it adds URLs to a client made elsewhere; a client this resource creates takes CallbackURLs"},
				{"AdditionalCallbackURLs", "can't be used with CallbackURLs"},
				{"AdditionalCallbackURLs[0]", "has a fragment"},
				{"AdditionalLogoutURLs", "can be used only with ClientId"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Decode(tt.props)
			checkProblems(t, err, tt.wants)
			if err != nil {
				return
			}
			if !reflect.DeepEqual(s.Additional, tt.add) {
				t.Errorf("Additional = %+v, want %+v", s.Additional, tt.add)
			}
			if s.Declared[AdditionalCallbackURLs] || s.Declared[AdditionalLogoutURLs] {
				t.Errorf("Declared = %v: the additive lists are not Config fields", s.Declared)
			}
		})
	}
}

func TestEditURLs(t *testing.T) {
	t.Parallel()
	const (
		a, b, c, d = "https://a.example.com/cb", "https://b.example.com/cb", "https://c.example.com/cb", "https://d.example.com/cb"
		bye        = "https://a.example.com/"
	)
	tests := []struct {
		name            string
		config          Config
		add, remove     Additional
		declared        Fields
		callbacks, outs []string
		added, removed  []string
		kept            []KeptURL
	}{
		{name: "add keeps the order and appends what is missing",
			config: Config{CallbackURLs: []string{b, a}}, add: Additional{CallbackURLs: []string{a, c}, LogoutURLs: []string{bye}},
			callbacks: []string{b, a, c}, outs: []string{bye}, added: []string{c, bye}},
		{name: "nothing to do",
			config: Config{CallbackURLs: []string{a, b}}, add: Additional{CallbackURLs: []string{b}}, remove: Additional{CallbackURLs: []string{c}},
			callbacks: []string{a, b}},
		{name: "remove only these URLs",
			config: Config{CallbackURLs: []string{a, b, c}, LogoutURLs: []string{bye}}, remove: Additional{CallbackURLs: []string{b}, LogoutURLs: []string{bye}},
			callbacks: []string{a, c}, removed: []string{b, bye}},
		{name: "remove and add in one edit",
			config: Config{CallbackURLs: []string{a, b}}, add: Additional{CallbackURLs: []string{c}}, remove: Additional{CallbackURLs: []string{b}},
			callbacks: []string{a, c}, added: []string{c}, removed: []string{b}},
		{name: "the DefaultRedirectURI is kept",
			config: Config{CallbackURLs: []string{a, b}, DefaultRedirectURI: b}, remove: Additional{CallbackURLs: []string{a, b}},
			callbacks: []string{b}, removed: []string{a}, kept: []KeptURL{{b, "it is the DefaultRedirectURI"}}},
		{name: "the last callback URL is kept under code",
			config: Config{CallbackURLs: []string{a, b}, AllowedOAuthFlows: []string{"code"}}, remove: Additional{CallbackURLs: []string{a, b}},
			callbacks: []string{b}, removed: []string{a}, kept: []KeptURL{{b, "it is the last callback URL, and AllowedOAuthFlows has code or implicit"}}},
		{name: "the last callback URL goes without code or implicit",
			config: Config{CallbackURLs: []string{a}, AllowedOAuthFlows: []string{"client_credentials"}}, remove: Additional{CallbackURLs: []string{a}},
			removed: []string{a}},
		{name: "a declared list is what it says",
			config: Config{CallbackURLs: []string{a, d}}, remove: Additional{CallbackURLs: []string{a}}, declared: Fields{CallbackURLs: true},
			callbacks: []string{a, d}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.config.CallbackURLs)
			e := EditURLs(tt.config, tt.add, tt.remove, tt.declared)
			if !slices.Equal(e.Config.CallbackURLs, tt.callbacks) || !slices.Equal(e.Config.LogoutURLs, tt.outs) {
				t.Errorf("lists = %v, %v; want %v, %v", e.Config.CallbackURLs, e.Config.LogoutURLs, tt.callbacks, tt.outs)
			}
			if !slices.Equal(e.Added, tt.added) || !slices.Equal(e.Removed, tt.removed) {
				t.Errorf("added %v, removed %v; want %v, %v", e.Added, e.Removed, tt.added, tt.removed)
			}
			if len(e.Kept) != len(tt.kept) {
				t.Fatalf("kept %v, want %v", e.Kept, tt.kept)
			}
			for i, k := range tt.kept {
				if e.Kept[i].URL != k.URL || !strings.HasPrefix(e.Kept[i].Why, k.Why) {
					t.Errorf("kept[%d] = %+v, want %+v", i, e.Kept[i], k)
				}
			}
			if !slices.Equal(tt.config.CallbackURLs, before) {
				t.Errorf("the input list changed to %v", tt.config.CallbackURLs)
			}
			again := EditURLs(e.Config, tt.add, tt.remove, tt.declared)
			if again.Added != nil || again.Removed != nil {
				t.Errorf("a second edit still adds %v and removes %v", again.Added, again.Removed)
			}
		})
	}
}

func TestAdditionalMinus(t *testing.T) {
	t.Parallel()
	old := Additional{CallbackURLs: []string{"https://a/cb", "https://b/cb"}, LogoutURLs: []string{"https://a/"}}
	next := Additional{CallbackURLs: []string{"https://b/cb", "https://c/cb"}}
	got := old.Minus(next)
	if !slices.Equal(got.CallbackURLs, []string{"https://a/cb"}) || !slices.Equal(got.LogoutURLs, []string{"https://a/"}) {
		t.Errorf("Minus = %+v", got)
	}
	if !(Additional{}).Empty() || next.Empty() {
		t.Error("Empty is wrong")
	}
}
