package props_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/props/propstest"
)

// declare returns settings that declare names, with the values edit sets
// (the zero value for the others).
func declare(edit func(c *props.Config), names ...props.Name) props.Settings {
	s := props.Settings{Declared: props.Fields{}}
	edit(&s.Config)
	for _, n := range names {
		s.Declared[n] = true
	}
	return s
}

func ptr[T any](v T) *T { return &v }

func TestOverlay(t *testing.T) {
	t.Parallel()
	current := propstest.FullConfig()
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
				c.RefreshTokenValidity, c.ExplicitAuthFlows, c.WriteAttributes = 30*propstest.Day, nil, nil
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
			want := propstest.FullConfig()
			tc.want(&want)
			if got := props.Overlay(current, tc.next, tc.prev); !reflect.DeepEqual(got, want) {
				t.Errorf("Overlay:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestOverlayEachField declares one field at a time, so that a field added
// to props.Config is overlaid without a new case here.
func TestOverlayEachField(t *testing.T) {
	t.Parallel()
	current, next := propstest.FullConfig(), propstest.OtherConfig()
	typ := reflect.TypeFor[props.Config]()
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		t.Run(name, func(t *testing.T) {
			got := props.Overlay(current, props.Settings{Config: next, Declared: props.Fields{props.Name(name): true}}, nil)
			want := propstest.FullConfig()
			reflect.ValueOf(&want).Elem().Field(i).Set(reflect.ValueOf(next).Field(i))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Overlay declaring only %s:\n got %+v\nwant %+v", name, got, want)
			}
		})
	}
}

func TestChanged(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		edit func(c *props.Config)
		want []props.Name
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
			want: []props.Name{"CallbackURLs", "LogoutURLs"},
		},
		{
			name: "a set-like list with one more element",
			edit: func(c *props.Config) { c.ReadAttributes = append(c.ReadAttributes, "phone_number") },
			want: []props.Name{"ReadAttributes"},
		},
		{
			name: "a set-like list with one element replaced",
			edit: func(c *props.Config) { c.AllowedOAuthScopes = []string{"openid", "profile"} },
			want: []props.Name{"AllowedOAuthScopes"},
		},
		{
			name: "a URL list one shorter",
			edit: func(c *props.Config) { c.CallbackURLs = c.CallbackURLs[:1] },
			want: []props.Name{"CallbackURLs"},
		},
		{
			name: "several fields, named in field order",
			edit: func(c *props.Config) {
				c.WriteAttributes = nil
				c.ClientName = "other"
				c.RefreshTokenRotation = nil
				c.AuthSessionValidity = 15 * time.Minute
			},
			want: []props.Name{"ClientName", "AuthSessionValidity", "WriteAttributes", "RefreshTokenRotation"},
		},
		{
			name: "rotation grace period removed",
			edit: func(c *props.Config) { c.RefreshTokenRotation = &props.Rotation{Feature: "ENABLED"} },
			want: []props.Name{"RefreshTokenRotation"},
		},
		{
			name: "rotation grace period changed",
			edit: func(c *props.Config) {
				c.RefreshTokenRotation = &props.Rotation{Feature: "ENABLED", RetryGracePeriod: ptr(time.Minute)}
			},
			want: []props.Name{"RefreshTokenRotation"},
		},
		{
			name: "analytics differ in UserDataShared",
			edit: func(c *props.Config) {
				a := *c.AnalyticsConfiguration
				a.UserDataShared = false
				c.AnalyticsConfiguration = &a
			},
			want: []props.Name{"AnalyticsConfiguration"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := propstest.FullConfig()
			tc.edit(&b)
			if got := props.Changed(propstest.FullConfig(), b); !slices.Equal(got, tc.want) {
				t.Errorf("Changed = %q, want %q", got, tc.want)
			}
			if got := props.Changed(b, propstest.FullConfig()); !slices.Equal(got, tc.want) {
				t.Errorf("Changed, arguments swapped, = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestChangedEquivalents lists values that differ in Go but not for
// Cognito, starting from a client in its default state.
func TestChangedEquivalents(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		a, b func(c *props.Config)
		want []props.Name
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
			want: []props.Name{"RefreshTokenRotation"},
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
			want: []props.Name{"AnalyticsConfiguration"},
		},
		{
			// Ledger row 13: Cognito describes the ApplicationArn form with
			// its service-linked role added.
			name: "an ApplicationArn equals the same with the role Cognito adds",
			a:    func(c *props.Config) { c.AnalyticsConfiguration = &props.Analytics{ApplicationArn: "arn:app"} },
			b: func(c *props.Config) {
				c.AnalyticsConfiguration = &props.Analytics{ApplicationArn: "arn:app", RoleArn: "arn:aws:iam::123456789012:role/aws-service-role/cognito-idp.amazonaws.com/AWSServiceRoleForAmazonCognitoIdp"}
			},
		},
		{
			name: "the ApplicationArn form holds no ApplicationId",
			a:    func(c *props.Config) { c.AnalyticsConfiguration = &props.Analytics{ApplicationArn: "arn:app"} },
			b: func(c *props.Config) {
				c.AnalyticsConfiguration = &props.Analytics{ApplicationArn: "arn:app", ApplicationId: "0123abcd"}
			},
		},
		{
			name: "the ApplicationArn form holds no ExternalId",
			a:    func(c *props.Config) { c.AnalyticsConfiguration = &props.Analytics{ApplicationArn: "arn:app"} },
			b: func(c *props.Config) {
				c.AnalyticsConfiguration = &props.Analytics{ApplicationArn: "arn:app", ExternalId: "ext-1"}
			},
		},
		{
			name: "the ApplicationArn form keeps UserDataShared",
			a: func(c *props.Config) {
				c.AnalyticsConfiguration = &props.Analytics{ApplicationArn: "arn:app", RoleArn: "arn:role"}
			},
			b: func(c *props.Config) {
				c.AnalyticsConfiguration = &props.Analytics{ApplicationArn: "arn:app", RoleArn: "arn:role", UserDataShared: true}
			},
			want: []props.Name{"AnalyticsConfiguration"},
		},
		{
			name: "1h30m equals 90 minutes",
			a:    func(c *props.Config) { c.AccessTokenValidity = time.Hour + 30*time.Minute },
			b:    func(c *props.Config) { c.AccessTokenValidity = 90 * time.Minute },
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := propstest.NeverSet("x"), propstest.NeverSet("x")
			tc.a(&a)
			tc.b(&b)
			if got := props.Changed(a, b); !slices.Equal(got, tc.want) {
				t.Errorf("Changed = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestChangedEachField changes one field at a time, so that a field added
// to props.Config is compared without a new case here.
func TestChangedEachField(t *testing.T) {
	t.Parallel()
	base, other := propstest.FullConfig(), propstest.OtherConfig()
	if got := props.Changed(base, base); got != nil {
		t.Fatalf("props.Changed(c, c) = %q, want nil", got)
	}
	typ := reflect.TypeFor[props.Config]()
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		t.Run(name, func(t *testing.T) {
			b := propstest.FullConfig()
			reflect.ValueOf(&b).Elem().Field(i).Set(reflect.ValueOf(other).Field(i))
			if got := props.Changed(base, b); !slices.Equal(got, []props.Name{props.Name(name)}) {
				t.Errorf("Changed with only %s changed = %q", name, got)
			}
		})
	}
}
