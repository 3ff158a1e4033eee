package secrettest

import (
	"slices"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/clientsecret"
)

// Every value a store version holds is found.
func TestValuesOfAStore(t *testing.T) {
	st := clientsecret.State{
		Current:  clientsecret.Secret{Id: "c", Value: "current-value"},
		Previous: &clientsecret.Secret{Id: "p", Value: "previous-value"},
		Pending:  &clientsecret.Pending{Value: "pending-value"},
	}
	got := Values(clientsecret.Encode(clientsecret.Client{UserPoolId: "p", ClientId: "c"}, st), "ClientSecret")
	slices.Sort(got)
	if want := []string{"current-value", "pending-value", "previous-value"}; !slices.Equal(got, want) {
		t.Errorf("Values = %q, want %q", got, want)
	}
	if got := Values(`{"a":[{"secret":"s"}],"secret":""}`, "secret"); !slices.Equal(got, []string{"s"}) {
		t.Errorf("Values = %q", got)
	}
	if Values("not json", "ClientSecret") != nil {
		t.Error("a document that is not JSON holds values")
	}
}
