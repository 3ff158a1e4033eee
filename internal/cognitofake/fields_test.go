package cognitofake

import (
	"reflect"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// TestWireCoversEveryConfigField keeps the fake in step with the function:
// a Cognito field added to props.Config that the fake neither reads from a
// request nor writes back in a Describe fails here, instead of being
// dropped in silence and making every test of it pass vacuously.
func TestWireCoversEveryConfigField(t *testing.T) {
	config := reflect.TypeFor[props.Config]()
	for i := range config.NumField() {
		name := config.Field(i).Name
		if _, ok := reflect.TypeFor[clientRequest]().FieldByName(name); !ok {
			t.Errorf("the fake's request has no %s", name)
		}
		if _, ok := reflect.TypeFor[wireClient]().FieldByName(name); !ok {
			t.Errorf("the fake's Describe has no %s", name)
		}
	}
}
