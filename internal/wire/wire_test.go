package wire

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/props/propstest"
)

func TestFromClient(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   *types.UserPoolClientType
		want func(c *props.Config)
	}{
		{
			name: "omitted fields are Cognito's defaults",
			in:   &types.UserPoolClientType{ClientName: ptr("x")},
			want: func(c *props.Config) {},
		},
		{
			name: "validities without units are hours, hours, days, minutes",
			in: &types.UserPoolClientType{
				ClientName:          ptr("x"),
				AccessTokenValidity: ptr(int32(2)), IdTokenValidity: ptr(int32(3)),
				RefreshTokenValidity: 7, AuthSessionValidity: ptr(int32(10)),
			},
			want: func(c *props.Config) {
				c.AccessTokenValidity, c.IdTokenValidity = 2*time.Hour, 3*time.Hour
				c.RefreshTokenValidity, c.AuthSessionValidity = 7*propstest.Day, 10*time.Minute
			},
		},
		{
			name: "validities in their units",
			in: &types.UserPoolClientType{
				ClientName:          ptr("x"),
				AccessTokenValidity: ptr(int32(3600)), IdTokenValidity: ptr(int32(90)), RefreshTokenValidity: 36,
				TokenValidityUnits: &types.TokenValidityUnitsType{AccessToken: "seconds", IdToken: "minutes", RefreshToken: "hours"},
			},
			want: func(c *props.Config) {
				c.AccessTokenValidity, c.IdTokenValidity, c.RefreshTokenValidity = time.Hour, 90*time.Minute, 36*time.Hour
			},
		},
		{
			name: "a unit absent from TokenValidityUnits is the token's default",
			in: &types.UserPoolClientType{
				ClientName:          ptr("x"),
				AccessTokenValidity: ptr(int32(30)), IdTokenValidity: ptr(int32(2)), RefreshTokenValidity: 5,
				TokenValidityUnits: &types.TokenValidityUnitsType{AccessToken: "minutes"},
			},
			want: func(c *props.Config) {
				c.AccessTokenValidity, c.IdTokenValidity, c.RefreshTokenValidity = 30*time.Minute, 2*time.Hour, 5*propstest.Day
			},
		},
		{
			name: "units without validities keep the default durations",
			in: &types.UserPoolClientType{
				ClientName:         ptr("x"),
				TokenValidityUnits: &types.TokenValidityUnitsType{AccessToken: "minutes", IdToken: "days", RefreshToken: "seconds"},
			},
			want: func(c *props.Config) {},
		},
		{
			name: "RefreshTokenValidity 0 is 30 days whatever its unit",
			in: &types.UserPoolClientType{
				ClientName:           ptr("x"),
				RefreshTokenValidity: 0,
				TokenValidityUnits:   &types.TokenValidityUnitsType{RefreshToken: "hours"},
			},
			want: func(c *props.Config) {},
		},
		{
			name: "explicit false booleans stay false",
			in: &types.UserPoolClientType{
				ClientName: ptr("x"), EnableTokenRevocation: ptr(false),
				AllowedOAuthFlowsUserPoolClient: ptr(false), EnablePropagateAdditionalUserContextData: ptr(false),
			},
			want: func(c *props.Config) { c.EnableTokenRevocation = false },
		},
		{
			name: "empty lists are nil",
			in: &types.UserPoolClientType{
				ClientName: ptr("x"), AllowedOAuthFlows: []types.OAuthFlowType{}, AllowedOAuthScopes: []string{},
				CallbackURLs: []string{}, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{}, ReadAttributes: []string{},
			},
			want: func(c *props.Config) {},
		},
		{
			name: "lists, strings and enums are read as they are",
			in: &types.UserPoolClientType{
				ClientName: ptr("x"), AllowedOAuthFlows: []types.OAuthFlowType{"implicit", "code"},
				ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ALLOW_USER_SRP_AUTH"}, CallbackURLs: []string{"https://b", "https://a"},
				DefaultRedirectURI: ptr("https://a"), PreventUserExistenceErrors: "ENABLED",
			},
			want: func(c *props.Config) {
				c.AllowedOAuthFlows, c.ExplicitAuthFlows = []string{"implicit", "code"}, []string{"ALLOW_USER_SRP_AUTH"}
				c.CallbackURLs, c.DefaultRedirectURI, c.PreventUserExistenceErrors = []string{"https://b", "https://a"}, "https://a", "ENABLED"
			},
		},
		{
			name: "rotation disabled without grace period is nil",
			in: &types.UserPoolClientType{ClientName: ptr("x"),
				RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: "DISABLED"}},
			want: func(c *props.Config) {},
		},
		{
			name: "rotation disabled with a grace period of 0 is nil",
			in: &types.UserPoolClientType{ClientName: ptr("x"),
				RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: "DISABLED", RetryGracePeriodSeconds: ptr(int32(0))}},
			want: func(c *props.Config) {},
		},
		{
			name: "rotation enabled with a grace period of 0 has none",
			in: &types.UserPoolClientType{ClientName: ptr("x"),
				RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: "ENABLED", RetryGracePeriodSeconds: ptr(int32(0))}},
			want: func(c *props.Config) { c.RefreshTokenRotation = &props.Rotation{Feature: "ENABLED"} },
		},
		{
			name: "rotation grace period in seconds",
			in: &types.UserPoolClientType{ClientName: ptr("x"),
				RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: "ENABLED", RetryGracePeriodSeconds: ptr(int32(45))}},
			want: func(c *props.Config) {
				c.RefreshTokenRotation = &props.Rotation{Feature: "ENABLED", RetryGracePeriod: ptr(45 * time.Second)}
			},
		},
		{
			name: "analytics without an application is nil",
			in: &types.UserPoolClientType{ClientName: ptr("x"),
				AnalyticsConfiguration: &types.AnalyticsConfigurationType{UserDataShared: true}},
			want: func(c *props.Config) {},
		},
		{
			name: "analytics with an application id",
			in: &types.UserPoolClientType{ClientName: ptr("x"),
				AnalyticsConfiguration: &types.AnalyticsConfigurationType{
					ApplicationId: ptr("app"), RoleArn: ptr("arn:role"), ExternalId: ptr("ext")}},
			want: func(c *props.Config) {
				c.AnalyticsConfiguration = &props.Analytics{ApplicationId: "app", RoleArn: "arn:role", ExternalId: "ext"}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := propstest.NeverSet("x")
			tc.want(&want)
			if got := FromClient(tc.in); !reflect.DeepEqual(got, want) {
				t.Errorf("FromClient:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// noneByOmission reports whether Update leaves input field name out when
// the configuration says "none", as Update documents.
func noneByOmission(name string) bool {
	return name == "DefaultRedirectURI" || name == "AnalyticsConfiguration"
}

// checkEveryFieldSet walks the fields of an SDK input, so that a field the
// SDK gains and expand does not set fails here. For a configuration that
// sets every field, every input field must be non-zero. Otherwise pointer
// fields must be set, except those left out to say "none" when c says
// none; lists and enums may be empty only when c's field is.
func checkEveryFieldSet(t *testing.T, in any, c props.Config, full bool, skip ...string) {
	t.Helper()
	v := reflect.ValueOf(in).Elem()
	cv := reflect.ValueOf(c)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || slices.Contains(skip, f.Name) {
			continue
		}
		fv := v.Field(i)
		if full {
			if fv.IsZero() {
				t.Errorf("%s is not set", f.Name)
			}
			continue
		}
		source := cv.FieldByName(f.Name)
		sourceZero := source.IsValid() && source.IsZero()
		switch fv.Kind() {
		case reflect.Pointer:
			if fv.IsNil() && !(noneByOmission(f.Name) && sourceZero) {
				t.Errorf("%s is nil", f.Name)
			}
		case reflect.Slice, reflect.String:
			if fv.Len() == 0 && !sourceZero {
				t.Errorf("%s is empty but the configuration's is not", f.Name)
			}
		}
	}
}

func TestUpdateSetsEveryField(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		c    props.Config
		full bool
	}{
		{name: "every field set", c: propstest.FullConfig(), full: true},
		{name: "never-set client", c: propstest.NeverSet("x")},
		{name: "Cognito defaults", c: func() props.Config { c := props.Defaults(); c.ClientName = "x"; return c }()},
		{name: "zero Config", c: props.Config{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkEveryFieldSet(t, Update(poolID, clientID, tc.c), tc.c, tc.full)
		})
	}
}

// allDeclared declares every field of props.Config.
func allDeclared() props.Fields {
	fs := props.Fields{}
	typ := reflect.TypeFor[props.Config]()
	for i := range typ.NumField() {
		fs[props.Name(typ.Field(i).Name)] = true
	}
	return fs
}

func TestCreateSetsEveryField(t *testing.T) {
	t.Parallel()
	in := Create(poolID, propstest.FullConfig(), allDeclared(), true, "")
	checkEveryFieldSet(t, in, propstest.FullConfig(), true, "ClientSecret")
	if in.ClientSecret != nil {
		t.Error("ClientSecret is set")
	}
}

// A custom value goes into ClientSecret, and only then.
func TestCreateSendsACustomSecret(t *testing.T) {
	t.Parallel()
	const value = "CustomSecretValue0123456789abcdef"
	in := Create(poolID, propstest.FullConfig(), nil, false, value)
	if in.ClientSecret == nil || *in.ClientSecret != value || in.GenerateSecret {
		t.Errorf("ClientSecret %v, GenerateSecret %v", in.ClientSecret, in.GenerateSecret)
	}
}

// TestCreateSendsOnlyDeclared declares one field at a time: the request
// carries that field (with its unit, for a token validity) and nothing
// else, so that Cognito gives every other field its own default, as it does
// for an AWS::Cognito::UserPoolClient.
func TestCreateSendsOnlyDeclared(t *testing.T) {
	t.Parallel()
	t.Run("nothing declared", func(t *testing.T) {
		in := Create(poolID, propstest.FullConfig(), nil, false, "")
		if want := (&cip.CreateUserPoolClientInput{UserPoolId: ptr(poolID)}); !reflect.DeepEqual(in, want) {
			t.Errorf("Create = %+v, want only the user pool id", in)
		}
	})
	typ := reflect.TypeFor[props.Config]()
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		t.Run(name, func(t *testing.T) {
			in := Create(poolID, propstest.FullConfig(), props.Fields{props.Name(name): true}, false, "")
			v := reflect.ValueOf(in).Elem()
			for j := range v.NumField() {
				f := v.Type().Field(j)
				if !f.IsExported() || f.Name == "UserPoolId" || f.Name == "AllowedOAuthFlowsUserPoolClient" && name != f.Name {
					continue
				}
				set := !v.Field(j).IsZero()
				want := f.Name == name || f.Name == "TokenValidityUnits" && strings.HasSuffix(name, "TokenValidity")
				if set != want {
					t.Errorf("declaring only %s: %s set = %v, want %v", name, f.Name, set, want)
				}
			}
		})
	}
	t.Run("units of the declared tokens only", func(t *testing.T) {
		c := propstest.NeverSet("x")
		c.IdTokenValidity = 90 * time.Minute
		in := Create(poolID, c, props.Fields{props.IdTokenValidity: true}, false, "")
		if want := (types.TokenValidityUnitsType{IdToken: types.TimeUnitsTypeMinutes}); *in.TokenValidityUnits != want || *in.IdTokenValidity != 90 {
			t.Errorf("IdTokenValidity %d, units %+v; want 90 in %+v", *in.IdTokenValidity, *in.TokenValidityUnits, want)
		}
	})
	t.Run("no default auth flows", func(t *testing.T) {
		in := Create(poolID, propstest.NeverSet("x"), props.Fields{props.ClientName: true, props.RefreshTokenRotation: true}, false, "")
		if in.ExplicitAuthFlows != nil {
			t.Errorf("ExplicitAuthFlows = %v, want none", in.ExplicitAuthFlows)
		}
	})
}

// TestCreateMatchesUpdate checks that Create writes each shared field the
// way Update does.
func TestCreateMatchesUpdate(t *testing.T) {
	t.Parallel()
	for _, c := range []props.Config{propstest.FullConfig(), propstest.NeverSet("x")} {
		u := reflect.ValueOf(Update(poolID, clientID, c)).Elem()
		cr := Create(poolID, c, allDeclared(), true, "")
		if !cr.GenerateSecret {
			t.Error("GenerateSecret is false, want true")
		}
		v := reflect.ValueOf(cr).Elem()
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Name == "GenerateSecret" || f.Name == "ClientSecret" {
				continue
			}
			if !reflect.DeepEqual(v.Field(i).Interface(), u.FieldByName(f.Name).Interface()) {
				t.Errorf("client %q: Create's %s = %v, Update's = %v", c.ClientName, f.Name, v.Field(i), u.FieldByName(f.Name))
			}
		}
	}
}

// TestUpdateWritesNoRotationAsDisabled: an update that left rotation out
// would keep the client's rotation (ledger row 10), so "none" is written.
func TestUpdateWritesNoRotationAsDisabled(t *testing.T) {
	t.Parallel()
	for _, r := range []*props.Rotation{nil, {Feature: "DISABLED"}, {Feature: "DISABLED", RetryGracePeriod: ptr(time.Duration(0))}} {
		c := propstest.NeverSet("x")
		c.RefreshTokenRotation = r
		in := Update(poolID, clientID, c)
		if want := (types.RefreshTokenRotationType{Feature: types.FeatureTypeDisabled}); in.RefreshTokenRotation == nil || *in.RefreshTokenRotation != want {
			t.Errorf("rotation %+v: RefreshTokenRotation = %+v, want %+v", r, in.RefreshTokenRotation, want)
		}
	}
}

// TestAnalyticsByArnIsSentWithoutRole: Cognito describes the ApplicationArn
// form with its service-linked role (ledger row 13); the role is neither
// read as part of the configuration nor sent back (row 14).
func TestAnalyticsByArnIsSentWithoutRole(t *testing.T) {
	t.Parallel()
	const (
		app  = "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"
		role = "arn:aws:iam::123456789012:role/aws-service-role/cognito-idp.amazonaws.com/AWSServiceRoleForAmazonCognitoIdp"
	)
	described := &types.UserPoolClientType{
		ClientName:             ptr("x"),
		AnalyticsConfiguration: &types.AnalyticsConfigurationType{ApplicationArn: ptr(app), RoleArn: ptr(role), UserDataShared: true},
	}
	current := FromClient(described)
	if want := (&props.Analytics{ApplicationArn: app, UserDataShared: true}); !reflect.DeepEqual(current.AnalyticsConfiguration, want) {
		t.Errorf("FromClient analytics = %+v, want %+v", current.AnalyticsConfiguration, want)
	}
	declared := props.Settings{Config: props.Config{AnalyticsConfiguration: &props.Analytics{ApplicationArn: app, UserDataShared: true}}, Declared: props.Fields{props.AnalyticsConfiguration: true}}
	if changed := props.Changed(current, props.Overlay(current, declared, nil)); changed != nil {
		t.Errorf("declaring the same ApplicationArn changes %v", changed)
	}
	in := Update(poolID, clientID, current)
	if a := in.AnalyticsConfiguration; a == nil || deref(a.ApplicationArn) != app || a.RoleArn != nil || !a.UserDataShared {
		t.Errorf("Update analytics = %+v, want the ApplicationArn without a RoleArn", a)
	}
}

func TestUpdateValidities(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                string
		access, id, refresh time.Duration
		wantA, wantI, wantR int32
		unitA, unitI, unitR types.TimeUnitsType
	}{
		{"defaults", time.Hour, time.Hour, 30 * propstest.Day, 1, 1, 30, "hours", "hours", "days"},
		{"a day is days", propstest.Day, 24 * time.Hour, 24 * time.Hour, 1, 1, 1, "days", "days", "days"},
		{"minutes and seconds", 90 * time.Minute, 3601 * time.Second, 60 * time.Minute, 90, 3601, 1, "minutes", "seconds", "hours"},
		{"largest refresh", 5 * time.Minute, 5 * time.Minute, 3650 * propstest.Day, 5, 5, 3650, "minutes", "minutes", "days"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := propstest.NeverSet("x")
			c.AccessTokenValidity, c.IdTokenValidity, c.RefreshTokenValidity = tc.access, tc.id, tc.refresh
			in := Update(poolID, clientID, c)
			got := [3]int32{*in.AccessTokenValidity, *in.IdTokenValidity, in.RefreshTokenValidity}
			if want := [3]int32{tc.wantA, tc.wantI, tc.wantR}; got != want {
				t.Errorf("validities = %v, want %v", got, want)
			}
			wantUnits := types.TokenValidityUnitsType{AccessToken: tc.unitA, IdToken: tc.unitI, RefreshToken: tc.unitR}
			if *in.TokenValidityUnits != wantUnits {
				t.Errorf("units = %+v, want %+v", *in.TokenValidityUnits, wantUnits)
			}
			if *in.AuthSessionValidity != 3 {
				t.Errorf("AuthSessionValidity = %d, want 3 (minutes)", *in.AuthSessionValidity)
			}
		})
	}
}

// TestRoundTrip checks that a client updated with a configuration reads
// back as that configuration, so that the next event with the same
// template changes nothing.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		c    props.Config
		// exact: FromClient gives c back field for field, not only without
		// a Changed field (c is in the form FromClient returns).
		exact bool
	}{
		{name: "every field set", c: propstest.FullConfig(), exact: true},
		{name: "another configuration", c: propstest.OtherConfig(), exact: true},
		{name: "never-set client", c: propstest.NeverSet("x"), exact: true},
		{name: "Cognito defaults", c: func() props.Config { c := props.Defaults(); c.ClientName = "x"; return c }(), exact: true},
		{
			name: "odd durations",
			c: func() props.Config {
				c := propstest.NeverSet("x")
				c.AccessTokenValidity, c.IdTokenValidity, c.RefreshTokenValidity = 301*time.Second, propstest.Day, 3650*propstest.Day
				c.AuthSessionValidity = 15 * time.Minute
				return c
			}(),
			exact: true,
		},
		{
			name: "rotation declared DISABLED",
			c: func() props.Config {
				c := propstest.FullConfig()
				c.RefreshTokenRotation = &props.Rotation{Feature: "DISABLED"}
				return c
			}(),
		},
		{
			name: "analytics without an application, empty lists",
			c: func() props.Config {
				c := propstest.FullConfig()
				c.AnalyticsConfiguration = &props.Analytics{UserDataShared: true}
				c.ReadAttributes, c.CallbackURLs = []string{}, []string{}
				return c
			}(),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := FromClient(stored(Update(poolID, clientID, tc.c)))
			if changed := props.Changed(tc.c, got); changed != nil {
				t.Errorf("fields changed by the round trip: %q\n got %+v\nwant %+v", changed, got, tc.c)
			}
			if tc.exact && !reflect.DeepEqual(got, tc.c) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, tc.c)
			}
		})
	}
}

// BenchmarkUpdate measures one event's work in this package: read the
// client, overlay the template, diff and write the request.
func BenchmarkUpdate(b *testing.B) {
	client := existingClient()
	next := declare(func(c *props.Config) { c.CallbackURLs = []string{"https://a.example.com/cb"} }, "CallbackURLs")
	prev := props.Fields{"LogoutURLs": true}
	b.ReportAllocs()
	for b.Loop() {
		current := FromClient(client)
		full := props.Overlay(current, next, prev)
		if props.Changed(current, full) != nil {
			_ = Update(poolID, clientID, full)
		}
	}
}

// TestEveryConfigFieldHasAMapping keeps the mappings and props.Config in
// step: a field added to Config without its way onto the wire fails here.
func TestEveryConfigFieldHasAMapping(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[props.Config]()
	for i := range typ.NumField() {
		name := props.Name(typ.Field(i).Name)
		if m, ok := mappings[name]; !ok || m.expand == nil || m.flatten == nil {
			t.Errorf("Config.%s has no mapping both ways", name)
		}
	}
	if len(mappings) != typ.NumField() {
		t.Errorf("%d mappings for %d Config fields", len(mappings), typ.NumField())
	}
}
