package props

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

// FuzzDecode checks that Decode never panics on any JSON object, that its
// error is always a non-empty Problems, and that accepted settings are
// consistent: Declared names only Config fields, fields not declared are
// zero, declared durations are within their ranges, and the mode follows
// ClientId.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"UserPoolId":"us-east-1_AbCdEf123"}`))
	f.Add([]byte(`{"UserPoolId":"us-east-1_A","ClientId":"abc","CallbackURLs":["https://a.example.com"],"AllowedOAuthFlows":["code"],"AllowedOAuthScopes":["openid"]}`))
	f.Add([]byte(`{"UserPoolId":"eu-west-1_x","AccessTokenValidity":"90","TokenValidityUnits":{"AccessToken":"minutes"},"RefreshTokenValidity":30}`))
	f.Add([]byte(`{"CallbackUrls":[1,"x"],"GenerateSecret":"yes","RefreshTokenRotation":{"Feature":"ENABLED","RetryGracePeriodSeconds":"1m"}}`))
	configType := reflect.TypeFor[Config]()
	f.Fuzz(func(t *testing.T, data []byte) {
		var m map[string]any
		if json.Unmarshal(data, &m) != nil {
			return
		}
		s, err := Decode(m)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("Decode error %v (%T) is not a non-empty Problems", err, err)
			}
		}
		cv := reflect.ValueOf(s.Config)
		for name := range s.Declared {
			if _, ok := configType.FieldByName(string(name)); !ok {
				t.Fatalf("Declared names %q, which is not a Config field", name)
			}
		}
		for i := 0; i < configType.NumField(); i++ {
			if name := configType.Field(i).Name; !s.Declared[Name(name)] && !cv.Field(i).IsZero() {
				t.Fatalf("Config.%s = %v, but it is not declared", name, cv.Field(i))
			}
		}
		if err != nil {
			return
		}
		_, hasClientID := m["ClientId"]
		if s.Existing() != hasClientID || (hasClientID && !IsClientID(s.ClientId)) || s.UserPoolId == "" {
			t.Fatalf("Settings %+v do not follow the properties %s", s, data)
		}
		c := s.Config
		for _, r := range []struct {
			name   string
			v      time.Duration
			lo, hi time.Duration
		}{
			{"AccessTokenValidity", c.AccessTokenValidity, 5 * time.Minute, 24 * time.Hour},
			{"IdTokenValidity", c.IdTokenValidity, 5 * time.Minute, 24 * time.Hour},
			{"RefreshTokenValidity", c.RefreshTokenValidity, time.Hour, 3650 * 24 * time.Hour},
			{"AuthSessionValidity", c.AuthSessionValidity, 3 * time.Minute, 15 * time.Minute},
		} {
			if s.Declared[Name(r.name)] && (r.v < r.lo || r.v > r.hi) {
				t.Fatalf("%s = %v is out of range, yet accepted", r.name, r.v)
			}
		}
		if len(c.AllowedOAuthFlows) > 0 && !c.AllowedOAuthFlowsUserPoolClient {
			t.Fatalf("AllowedOAuthFlows %v accepted with AllowedOAuthFlowsUserPoolClient false", c.AllowedOAuthFlows)
		}
		// Check on the settings over the defaults must not panic either.
		Check(c, s.GenerateSecret, s.Declared, s.Refused)
	})
}
