package cognito_test

import (
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
)

// The DNS suffix of each partition comes from the SDK's partition metadata:
// these are the values it gives today, one Region of every partition, and
// what a Region it does not know gets.
func TestDNSSuffix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		region, want string
		fails        bool
	}{
		{region: "us-east-1", want: "amazonaws.com"},
		{region: "eu-west-1", want: "amazonaws.com"},
		{region: "cn-north-1", want: "amazonaws.com.cn"},
		{region: "cn-northwest-1", want: "amazonaws.com.cn"},
		{region: "us-gov-west-1", want: "amazonaws.com"},
		{region: "eusc-de-east-1", want: "amazonaws.eu"},
		{region: "us-iso-east-1", want: "c2s.ic.gov"},
		{region: "us-isob-east-1", want: "sc2s.sgov.gov"},
		{region: "eu-isoe-west-1", want: "cloud.adc-e.uk"},
		{region: "us-isof-south-1", want: "csp.hci.ic.gov"},
		{region: "mx-central-1", want: "amazonaws.com"},
		{region: "xx-future-1", want: "amazonaws.com"}, // unknown: the aws partition, as the SDK would call it
		{region: "", fails: true},
		{region: "a/b", fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			t.Parallel()
			got, err := cognito.DNSSuffix(tt.region)
			if (err != nil) != tt.fails || got != tt.want {
				t.Errorf("DNSSuffix(%q) = %q, %v; want %q, failing %v", tt.region, got, err, tt.want, tt.fails)
			}
		})
	}
}
