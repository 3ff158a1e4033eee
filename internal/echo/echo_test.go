package echo_test

import (
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/echo"
)

func TestQuote(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"short value whole", "https://e.com/cb", `"https://e.com/cb"`},
		{"exactly Max bytes whole", strings.Repeat("a", echo.Max), `"` + strings.Repeat("a", echo.Max) + `"`},
		{"a 500-digit number cut to Max bytes", strings.Repeat("7", 500), `"` + strings.Repeat("7", echo.Max) + `"…`},
		{"cut on a rune boundary", strings.Repeat("a", echo.Max-1) + "é", `"` + strings.Repeat("a", echo.Max-1) + `"…`},
		{"control characters escaped", "a\nb\x00", `"a\nb\x00"`},
		{"empty", "", `""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := echo.Quote(tt.in); got != tt.want {
				t.Errorf("Quote(%.80q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
