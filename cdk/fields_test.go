package cdk

import (
	"reflect"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// TestEveryConfigFieldHasASetting keeps the constructs in step with the
// function: a Cognito field added to props.Config without its typed setting
// here fails, so CDK users are never a field behind.
func TestEveryConfigFieldHasASetting(t *testing.T) {
	settings := reflect.TypeFor[ClientSettings]()
	config := reflect.TypeFor[props.Config]()
	for i := range config.NumField() {
		name := config.Field(i).Name
		if _, ok := settings.FieldByName(name); !ok {
			t.Errorf("props.Config.%s has no ClientSettings field", name)
		}
	}
	// And every setting is emitted under its property name.
	var p properties
	p.values = object{}
	p.add(allSettings())
	for i := range settings.NumField() {
		name := settings.Field(i).Name
		if _, ok := p.values[name]; !ok {
			t.Errorf("ClientSettings.%s is not emitted as the property %s", name, name)
		}
	}
}

// allSettings sets every field of ClientSettings to some value.
func allSettings() *ClientSettings {
	s := &ClientSettings{
		AccessTokenValidity:  awscdk.Duration_Minutes(jsii.Number(30)),
		IdTokenValidity:      awscdk.Duration_Minutes(jsii.Number(30)),
		RefreshTokenValidity: awscdk.Duration_Days(jsii.Number(1)),
		AuthSessionValidity:  awscdk.Duration_Minutes(jsii.Number(3)),
		AnalyticsConfiguration: &AnalyticsConfiguration{
			ApplicationArn: jsii.String("arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"),
		},
		RefreshTokenRotation: &RefreshTokenRotation{Feature: jsii.String("DISABLED")},
	}
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if !f.IsZero() {
			continue
		}
		switch f.Interface().(type) {
		case *string:
			f.Set(reflect.ValueOf(jsii.String("x")))
		case *bool:
			f.Set(reflect.ValueOf(jsii.Bool(true)))
		case *[]*string:
			f.Set(reflect.ValueOf(jsii.Strings("x")))
		}
	}
	return s
}
