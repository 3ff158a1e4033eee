package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// TestOutOfBand: step 2's console change is one Cognito accepts (ledger
// row 12), whatever flows the client had, and the demo refuses to make one
// it would not.
func TestOutOfBand(t *testing.T) {
	tests := []struct {
		name      string
		before    props.Config
		wantFlows []string
		wantErr   string
	}{
		{"cognito-local's client, no flows", props.Config{},
			[]string{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}, ""},
		{"Cognito's default flows", props.Config{ExplicitAuthFlows: []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"}},
			[]string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH"}, ""},
		{"rotation on: the refresh-token flow would be refused", props.Config{RefreshTokenRotation: &props.Rotation{Feature: "ENABLED"}},
			nil, "has ALLOW_REFRESH_TOKEN_AUTH, but RefreshTokenRotation is ENABLED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := outOfBand(tt.before)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.ExplicitAuthFlows, tt.wantFlows) || !slices.Equal(got.ReadAttributes, []string{"email", "name"}) {
				t.Errorf("ExplicitAuthFlows %v, ReadAttributes %v; want %v, [email name]", got.ExplicitAuthFlows, got.ReadAttributes, tt.wantFlows)
			}
			if tt.before.ExplicitAuthFlows != nil && &got.ExplicitAuthFlows[0] == &tt.before.ExplicitAuthFlows[0] {
				t.Error("the change shares the client's flow list")
			}
		})
	}
}
