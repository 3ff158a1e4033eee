package request

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

const day = 24 * time.Hour

// fullConfig sets every field of props.Config to a value that is not
// Cognito's default.
func fullConfig() props.Config {
	grace := 30 * time.Second
	return props.Config{
		ClientName:                               "web",
		AccessTokenValidity:                      90 * time.Minute,
		IdTokenValidity:                          2 * time.Hour,
		RefreshTokenValidity:                     10 * day,
		AuthSessionValidity:                      5 * time.Minute,
		AllowedOAuthFlows:                        []string{"code", "implicit"},
		AllowedOAuthFlowsUserPoolClient:          true,
		AllowedOAuthScopes:                       []string{"openid", "email"},
		CallbackURLs:                             []string{"https://app.example.com/cb", "http://localhost:3000/cb"},
		LogoutURLs:                               []string{"https://app.example.com/bye", "myapp://bye"},
		DefaultRedirectURI:                       "https://app.example.com/cb",
		ExplicitAuthFlows:                        []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"},
		SupportedIdentityProviders:               []string{"COGNITO", "Google"},
		ReadAttributes:                           []string{"email", "custom:tenant"},
		WriteAttributes:                          []string{"email", "custom:tenant"},
		PreventUserExistenceErrors:               "ENABLED",
		EnableTokenRevocation:                    true,
		EnablePropagateAdditionalUserContextData: true,
		AnalyticsConfiguration: &props.Analytics{
			ApplicationId:  "0123456789abcdef",
			RoleArn:        "arn:aws:iam::123456789012:role/pinpoint",
			ExternalId:     "ext-1",
			UserDataShared: true,
		},
		RefreshTokenRotation: &props.Rotation{Feature: "ENABLED", RetryGracePeriod: &grace},
	}
}

// otherConfig differs from fullConfig in every field, as Changed sees it.
func otherConfig() props.Config {
	return props.Config{
		ClientName:                               "mobile",
		AccessTokenValidity:                      time.Hour,
		IdTokenValidity:                          time.Hour,
		RefreshTokenValidity:                     30 * day,
		AuthSessionValidity:                      3 * time.Minute,
		AllowedOAuthFlows:                        []string{"code"},
		AllowedOAuthFlowsUserPoolClient:          false,
		AllowedOAuthScopes:                       []string{"openid"},
		CallbackURLs:                             []string{"http://localhost:3000/cb", "https://app.example.com/cb"},
		LogoutURLs:                               nil,
		DefaultRedirectURI:                       "",
		ExplicitAuthFlows:                        []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"},
		SupportedIdentityProviders:               []string{"COGNITO"},
		ReadAttributes:                           nil,
		WriteAttributes:                          []string{"email"},
		PreventUserExistenceErrors:               "LEGACY",
		EnableTokenRevocation:                    false,
		EnablePropagateAdditionalUserContextData: false,
		AnalyticsConfiguration:                   &props.Analytics{ApplicationArn: "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"},
		RefreshTokenRotation:                     nil,
	}
}

// neverSet is what FromClient makes of a client that set nothing but its
// name: Cognito's defaults, without the ExplicitAuthFlows Describe did not
// show.
func neverSet(name string) props.Config {
	c := props.Defaults()
	c.ClientName = name
	c.ExplicitAuthFlows = nil
	return c
}

func TestFromClient(t *testing.T) {
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
				c.RefreshTokenValidity, c.AuthSessionValidity = 7*day, 10*time.Minute
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
				c.AccessTokenValidity, c.IdTokenValidity, c.RefreshTokenValidity = 30*time.Minute, 2*time.Hour, 5*day
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
			want := neverSet("x")
			tc.want(&want)
			if got := FromClient(tc.in); !reflect.DeepEqual(got, want) {
				t.Errorf("FromClient:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestOverlay(t *testing.T) {
	current := fullConfig()
	cases := []struct {
		name string
		next props.Settings
		prev props.Fields
		want func(c *props.Config)
	}{
		{
			name: "nothing declared keeps current",
			next: declare(func(*props.Config) {}),
			want: func(c *props.Config) {},
		},
		{
			name: "declared zero values win over current",
			next: declare(func(c *props.Config) {}, "EnableTokenRevocation", "ReadAttributes", "RefreshTokenRotation", "DefaultRedirectURI"),
			want: func(c *props.Config) {
				c.EnableTokenRevocation, c.ReadAttributes, c.RefreshTokenRotation, c.DefaultRedirectURI = false, nil, nil, ""
			},
		},
		{
			name: "declared now and before: the declared value",
			next: declare(func(c *props.Config) { c.IdTokenValidity = 5 * time.Minute }, "IdTokenValidity"),
			prev: props.Fields{"IdTokenValidity": true},
			want: func(c *props.Config) { c.IdTokenValidity = 5 * time.Minute },
		},
		{
			name: "declared before only: Cognito's default",
			next: declare(func(*props.Config) {}),
			prev: props.Fields{
				"RefreshTokenValidity": true, "ExplicitAuthFlows": true, "WriteAttributes": true,
				"PreventUserExistenceErrors": true, "EnableTokenRevocation": true, "AnalyticsConfiguration": true,
			},
			want: func(c *props.Config) {
				c.RefreshTokenValidity, c.ExplicitAuthFlows, c.WriteAttributes = 30*day, props.Defaults().ExplicitAuthFlows, nil
				c.PreventUserExistenceErrors, c.EnableTokenRevocation, c.AnalyticsConfiguration = "LEGACY", true, nil
			},
		},
		{
			name: "a ClientName declared before only keeps the current name",
			next: declare(func(*props.Config) {}),
			prev: props.Fields{"ClientName": true},
			want: func(c *props.Config) {},
		},
		{
			name: "names that are not Config fields are ignored",
			next: declare(func(*props.Config) {}, "UserPoolId", "ClientId", "GenerateSecret", "TokenValidityUnits", "ServiceToken"),
			prev: props.Fields{"TokenValidityUnits": true, "GenerateSecret": true},
			want: func(c *props.Config) {},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := fullConfig()
			tc.want(&want)
			if got := Overlay(current, tc.next, tc.prev); !reflect.DeepEqual(got, want) {
				t.Errorf("Overlay:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestOverlayEachField declares one field at a time, so that a field added
// to props.Config is overlaid without a new case here.
func TestOverlayEachField(t *testing.T) {
	current, next := fullConfig(), otherConfig()
	typ := reflect.TypeFor[props.Config]()
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		t.Run(name, func(t *testing.T) {
			got := Overlay(current, props.Settings{Config: next, Declared: props.Fields{name: true}}, nil)
			want := fullConfig()
			reflect.ValueOf(&want).Elem().Field(i).Set(reflect.ValueOf(next).Field(i))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Overlay declaring only %s:\n got %+v\nwant %+v", name, got, want)
			}
		})
	}
}

func TestChanged(t *testing.T) {
	cases := []struct {
		name string
		edit func(c *props.Config)
		want []string
	}{
		{name: "same", edit: func(*props.Config) {}},
		{
			name: "set-like lists in another order",
			edit: func(c *props.Config) {
				c.AllowedOAuthFlows = []string{"implicit", "code"}
				c.AllowedOAuthScopes = []string{"email", "openid"}
				c.ExplicitAuthFlows = []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
				c.SupportedIdentityProviders = []string{"Google", "COGNITO"}
				c.ReadAttributes = []string{"custom:tenant", "email"}
				c.WriteAttributes = []string{"custom:tenant", "email"}
			},
		},
		{
			name: "URL lists in another order",
			edit: func(c *props.Config) {
				c.CallbackURLs = []string{"http://localhost:3000/cb", "https://app.example.com/cb"}
				c.LogoutURLs = []string{"myapp://bye", "https://app.example.com/bye"}
			},
			want: []string{"CallbackURLs", "LogoutURLs"},
		},
		{
			name: "a set-like list with one more element",
			edit: func(c *props.Config) { c.ReadAttributes = append(c.ReadAttributes, "phone_number") },
			want: []string{"ReadAttributes"},
		},
		{
			name: "a set-like list with one element replaced",
			edit: func(c *props.Config) { c.AllowedOAuthScopes = []string{"openid", "profile"} },
			want: []string{"AllowedOAuthScopes"},
		},
		{
			name: "a URL list one shorter",
			edit: func(c *props.Config) { c.CallbackURLs = c.CallbackURLs[:1] },
			want: []string{"CallbackURLs"},
		},
		{
			name: "several fields, named in field order",
			edit: func(c *props.Config) {
				c.WriteAttributes = nil
				c.ClientName = "other"
				c.RefreshTokenRotation = nil
				c.AuthSessionValidity = 15 * time.Minute
			},
			want: []string{"ClientName", "AuthSessionValidity", "WriteAttributes", "RefreshTokenRotation"},
		},
		{
			name: "rotation grace period removed",
			edit: func(c *props.Config) { c.RefreshTokenRotation = &props.Rotation{Feature: "ENABLED"} },
			want: []string{"RefreshTokenRotation"},
		},
		{
			name: "rotation grace period changed",
			edit: func(c *props.Config) {
				c.RefreshTokenRotation = &props.Rotation{Feature: "ENABLED", RetryGracePeriod: ptr(time.Minute)}
			},
			want: []string{"RefreshTokenRotation"},
		},
		{
			name: "analytics differ in UserDataShared",
			edit: func(c *props.Config) {
				a := *c.AnalyticsConfiguration
				a.UserDataShared = false
				c.AnalyticsConfiguration = &a
			},
			want: []string{"AnalyticsConfiguration"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := fullConfig()
			tc.edit(&b)
			if got := Changed(fullConfig(), b); !slices.Equal(got, tc.want) {
				t.Errorf("Changed = %q, want %q", got, tc.want)
			}
			if got := Changed(b, fullConfig()); !slices.Equal(got, tc.want) {
				t.Errorf("Changed, arguments swapped, = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestChangedEquivalents lists values that differ in Go but not for
// Cognito, starting from a client in its default state.
func TestChangedEquivalents(t *testing.T) {
	cases := []struct {
		name string
		a, b func(c *props.Config)
		want []string
	}{
		{
			name: "nil list equals empty list",
			a:    func(c *props.Config) { c.CallbackURLs, c.ReadAttributes = nil, nil },
			b:    func(c *props.Config) { c.CallbackURLs, c.ReadAttributes = []string{}, []string{} },
		},
		{
			name: "nil rotation equals disabled without grace period",
			a:    func(c *props.Config) { c.RefreshTokenRotation = nil },
			b:    func(c *props.Config) { c.RefreshTokenRotation = &props.Rotation{Feature: "DISABLED"} },
		},
		{
			name: "nil rotation equals disabled with a grace period of 0",
			a:    func(c *props.Config) { c.RefreshTokenRotation = nil },
			b: func(c *props.Config) {
				c.RefreshTokenRotation = &props.Rotation{Feature: "DISABLED", RetryGracePeriod: ptr(time.Duration(0))}
			},
		},
		{
			name: "nil rotation differs from enabled",
			a:    func(c *props.Config) { c.RefreshTokenRotation = nil },
			b:    func(c *props.Config) { c.RefreshTokenRotation = &props.Rotation{Feature: "ENABLED"} },
			want: []string{"RefreshTokenRotation"},
		},
		{
			name: "enabled rotation: absent grace period equals 0",
			a:    func(c *props.Config) { c.RefreshTokenRotation = &props.Rotation{Feature: "ENABLED"} },
			b: func(c *props.Config) {
				c.RefreshTokenRotation = &props.Rotation{Feature: "ENABLED", RetryGracePeriod: ptr(time.Duration(0))}
			},
		},
		{
			name: "nil analytics equals one without an application",
			a:    func(c *props.Config) { c.AnalyticsConfiguration = nil },
			b:    func(c *props.Config) { c.AnalyticsConfiguration = &props.Analytics{UserDataShared: true} },
		},
		{
			name: "nil analytics differs from one with an application",
			a:    func(c *props.Config) { c.AnalyticsConfiguration = nil },
			b:    func(c *props.Config) { c.AnalyticsConfiguration = &props.Analytics{ApplicationArn: "arn:app"} },
			want: []string{"AnalyticsConfiguration"},
		},
		{
			name: "1h30m equals 90 minutes",
			a:    func(c *props.Config) { c.AccessTokenValidity = time.Hour + 30*time.Minute },
			b:    func(c *props.Config) { c.AccessTokenValidity = 90 * time.Minute },
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := neverSet("x"), neverSet("x")
			tc.a(&a)
			tc.b(&b)
			if got := Changed(a, b); !slices.Equal(got, tc.want) {
				t.Errorf("Changed = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestChangedEachField changes one field at a time, so that a field added
// to props.Config is compared without a new case here.
func TestChangedEachField(t *testing.T) {
	base, other := fullConfig(), otherConfig()
	if got := Changed(base, base); got != nil {
		t.Fatalf("Changed(c, c) = %q, want nil", got)
	}
	typ := reflect.TypeFor[props.Config]()
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		t.Run(name, func(t *testing.T) {
			b := fullConfig()
			reflect.ValueOf(&b).Elem().Field(i).Set(reflect.ValueOf(other).Field(i))
			if got := Changed(base, b); !slices.Equal(got, []string{name}) {
				t.Errorf("Changed with only %s changed = %q", name, got)
			}
		})
	}
}

// noneByOmission reports whether Update leaves input field name out when
// the configuration says "none", as Update documents.
func noneByOmission(name string) bool {
	return name == "DefaultRedirectURI" || name == "AnalyticsConfiguration" || name == "RefreshTokenRotation"
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
	cases := []struct {
		name string
		c    props.Config
		full bool
	}{
		{name: "every field set", c: fullConfig(), full: true},
		{name: "never-set client", c: neverSet("x")},
		{name: "Cognito defaults", c: func() props.Config { c := props.Defaults(); c.ClientName = "x"; return c }()},
		{name: "zero Config", c: props.Config{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkEveryFieldSet(t, Update(poolID, clientID, tc.c), tc.c, tc.full)
		})
	}
}

func TestCreateSetsEveryField(t *testing.T) {
	cases := []struct {
		name string
		c    props.Config
		full bool
	}{
		{name: "every field set", c: fullConfig(), full: true},
		{name: "never-set client", c: neverSet("x")},
		{name: "zero Config", c: props.Config{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := Create(poolID, tc.c, tc.full)
			checkEveryFieldSet(t, in, tc.c, tc.full, "ClientSecret")
			if in.ClientSecret != nil {
				t.Error("ClientSecret is set")
			}
		})
	}
}

// TestCreateMatchesUpdate checks that Create writes each shared field the
// way Update does.
func TestCreateMatchesUpdate(t *testing.T) {
	for _, c := range []props.Config{fullConfig(), neverSet("x")} {
		u := reflect.ValueOf(Update(poolID, clientID, c)).Elem()
		cr := Create(poolID, c, true)
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

func TestUpdateValidities(t *testing.T) {
	cases := []struct {
		name                string
		access, id, refresh time.Duration
		wantA, wantI, wantR int32
		unitA, unitI, unitR types.TimeUnitsType
	}{
		{"defaults", time.Hour, time.Hour, 30 * day, 1, 1, 30, "hours", "hours", "days"},
		{"a day is days", day, 24 * time.Hour, 24 * time.Hour, 1, 1, 1, "days", "days", "days"},
		{"minutes and seconds", 90 * time.Minute, 3601 * time.Second, 60 * time.Minute, 90, 3601, 1, "minutes", "seconds", "hours"},
		{"largest refresh", 5 * time.Minute, 5 * time.Minute, 3650 * day, 5, 5, 3650, "minutes", "minutes", "days"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := neverSet("x")
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
	cases := []struct {
		name string
		c    props.Config
		// exact: FromClient gives c back field for field, not only without
		// a Changed field (c is in the form FromClient returns).
		exact bool
	}{
		{name: "every field set", c: fullConfig(), exact: true},
		{name: "another configuration", c: otherConfig(), exact: true},
		{name: "never-set client", c: neverSet("x"), exact: true},
		{name: "Cognito defaults", c: func() props.Config { c := props.Defaults(); c.ClientName = "x"; return c }(), exact: true},
		{
			name: "odd durations",
			c: func() props.Config {
				c := neverSet("x")
				c.AccessTokenValidity, c.IdTokenValidity, c.RefreshTokenValidity = 301*time.Second, day, 3650*day
				c.AuthSessionValidity = 15 * time.Minute
				return c
			}(),
			exact: true,
		},
		{
			name: "rotation declared DISABLED",
			c: func() props.Config {
				c := fullConfig()
				c.RefreshTokenRotation = &props.Rotation{Feature: "DISABLED"}
				return c
			}(),
		},
		{
			name: "analytics without an application, empty lists",
			c: func() props.Config {
				c := fullConfig()
				c.AnalyticsConfiguration = &props.Analytics{UserDataShared: true}
				c.ReadAttributes, c.CallbackURLs = []string{}, []string{}
				return c
			}(),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := FromClient(stored(Update(poolID, clientID, tc.c)))
			if changed := Changed(tc.c, got); changed != nil {
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
		full := Overlay(current, next, prev)
		if Changed(current, full) != nil {
			_ = Update(poolID, clientID, full)
		}
	}
}
