package cognitofake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
)

// newClient returns a real SDK client for s, without retries so that every
// call is exactly one request.
func newClient(t *testing.T, s *Server) *cip.Client {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(s.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Transport: tr},
	})
}

func newServer(t *testing.T, opts ...Option) (*Server, *cip.Client, string) {
	t.Helper()
	s := New(opts...)
	t.Cleanup(s.Close)
	return s, newClient(t, s), s.CreatePool()
}

// rawCall posts a request the way the SDK does and decodes the JSON answer,
// to see what is on the wire rather than what the SDK makes of it.
func rawCall(t *testing.T, s *Server, op string, in any) map[string]any {
	t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Target", targetPrefix+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCreateDescribeRoundTrip(t *testing.T) {
	t.Parallel()
	_, c, pool := newServer(t)
	ctx := context.Background()
	if !regexp.MustCompile(`^us-east-1_[0-9a-zA-Z]{9}$`).MatchString(pool) {
		t.Errorf("pool id %q does not look like a user pool id", pool)
	}
	in := &cip.CreateUserPoolClientInput{
		UserPoolId:                               aws.String(pool),
		ClientName:                               aws.String("web app"),
		GenerateSecret:                           true,
		AccessTokenValidity:                      aws.Int32(90),
		IdTokenValidity:                          aws.Int32(2),
		RefreshTokenValidity:                     7,
		AuthSessionValidity:                      aws.Int32(10),
		TokenValidityUnits:                       &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes},
		AllowedOAuthFlows:                        []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthFlowsUserPoolClient:          true,
		AllowedOAuthScopes:                       []string{"openid", "email"},
		CallbackURLs:                             []string{"https://a.example/cb", "http://localhost:3000/cb"},
		LogoutURLs:                               []string{"https://a.example/out"},
		DefaultRedirectURI:                       aws.String("https://a.example/cb"),
		ExplicitAuthFlows:                        []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
		SupportedIdentityProviders:               []string{"COGNITO"},
		ReadAttributes:                           []string{"email"},
		WriteAttributes:                          []string{"name"},
		PreventUserExistenceErrors:               types.PreventUserExistenceErrorTypesEnabled,
		EnableTokenRevocation:                    aws.Bool(false),
		EnablePropagateAdditionalUserContextData: aws.Bool(true),
		AnalyticsConfiguration:                   &types.AnalyticsConfigurationType{ApplicationArn: aws.String("arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"), UserDataShared: true},
		RefreshTokenRotation:                     &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(30)},
	}
	created, err := c.CreateUserPoolClient(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	got := created.UserPoolClient
	if !regexp.MustCompile(`^[a-z0-9]{26}$`).MatchString(aws.ToString(got.ClientId)) {
		t.Errorf("client id %q: want 26 lower-case alphanumerics", aws.ToString(got.ClientId))
	}
	if n := len(aws.ToString(got.ClientSecret)); n != 51 {
		t.Errorf("client secret has %d characters, want 51", n)
	}
	described, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: got.ClientId})
	if err != nil {
		t.Fatal(err)
	}
	d := described.UserPoolClient
	want := types.UserPoolClientType{
		UserPoolId:                               aws.String(pool),
		ClientId:                                 got.ClientId,
		ClientName:                               aws.String("web app"),
		ClientSecret:                             got.ClientSecret,
		CreationDate:                             got.CreationDate,
		LastModifiedDate:                         got.LastModifiedDate,
		AccessTokenValidity:                      aws.Int32(90),
		IdTokenValidity:                          aws.Int32(2),
		RefreshTokenValidity:                     7,
		AuthSessionValidity:                      aws.Int32(10),
		TokenValidityUnits:                       &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes, IdToken: types.TimeUnitsTypeHours, RefreshToken: types.TimeUnitsTypeDays},
		AllowedOAuthFlows:                        in.AllowedOAuthFlows,
		AllowedOAuthFlowsUserPoolClient:          aws.Bool(true),
		AllowedOAuthScopes:                       in.AllowedOAuthScopes,
		CallbackURLs:                             in.CallbackURLs,
		LogoutURLs:                               in.LogoutURLs,
		DefaultRedirectURI:                       in.DefaultRedirectURI,
		ExplicitAuthFlows:                        in.ExplicitAuthFlows,
		SupportedIdentityProviders:               in.SupportedIdentityProviders,
		ReadAttributes:                           in.ReadAttributes,
		WriteAttributes:                          in.WriteAttributes,
		PreventUserExistenceErrors:               types.PreventUserExistenceErrorTypesEnabled,
		EnableTokenRevocation:                    aws.Bool(false),
		EnablePropagateAdditionalUserContextData: aws.Bool(true),
		AnalyticsConfiguration: &types.AnalyticsConfigurationType{
			ApplicationArn: in.AnalyticsConfiguration.ApplicationArn,
			RoleArn:        aws.String(ServiceLinkedRoleArn("123456789012")),
			UserDataShared: true,
		},
		RefreshTokenRotation: in.RefreshTokenRotation,
	}
	if got.CreationDate == nil || got.CreationDate.IsZero() {
		t.Errorf("CreationDate not set")
	}
	if !reflect.DeepEqual(d, &want) {
		t.Errorf("Describe after Create:\n got %s\nwant %s", dump(*d), dump(want))
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("Create returned %s, Describe %s", dump(*got), dump(*d))
	}
}

func dump(c types.UserPoolClientType) string {
	b, _ := json.Marshal(toWire(c))
	return string(b)
}

// Ledger row 24: an update resets what it leaves out; row 10: except the
// refresh token rotation.
func TestUpdateResetsOmittedMembers(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	ctx := context.Background()
	created, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId:                               aws.String(pool),
		ClientName:                               aws.String("before"),
		GenerateSecret:                           true,
		AccessTokenValidity:                      aws.Int32(30),
		IdTokenValidity:                          aws.Int32(30),
		RefreshTokenValidity:                     100,
		AuthSessionValidity:                      aws.Int32(15),
		TokenValidityUnits:                       &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes, IdToken: types.TimeUnitsTypeMinutes, RefreshToken: types.TimeUnitsTypeHours},
		AllowedOAuthFlows:                        []types.OAuthFlowType{types.OAuthFlowTypeClientCredentials},
		AllowedOAuthFlowsUserPoolClient:          true,
		AllowedOAuthScopes:                       []string{"api/read"},
		CallbackURLs:                             []string{"https://a.example/cb"},
		LogoutURLs:                               []string{"https://a.example/out"},
		DefaultRedirectURI:                       aws.String("https://a.example/cb"),
		ExplicitAuthFlows:                        []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth},
		SupportedIdentityProviders:               []string{"COGNITO"},
		ReadAttributes:                           []string{"email"},
		WriteAttributes:                          []string{"email"},
		PreventUserExistenceErrors:               types.PreventUserExistenceErrorTypesEnabled,
		EnableTokenRevocation:                    aws.Bool(false),
		EnablePropagateAdditionalUserContextData: aws.Bool(true),
		AnalyticsConfiguration:                   &types.AnalyticsConfigurationType{ApplicationArn: aws.String("arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc")},
		RefreshTokenRotation:                     &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled},
	})
	if err != nil {
		t.Fatal(err)
	}
	before := created.UserPoolClient
	id := before.ClientId

	if _, err := c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: id, ClientName: aws.String("after")}); err != nil {
		t.Fatal(err)
	}
	after, ok := s.Client(pool, *id)
	if !ok {
		t.Fatal("client gone after update")
	}
	if after.LastModifiedDate.Before(*before.LastModifiedDate) {
		t.Errorf("LastModifiedDate went back: %v, was %v", after.LastModifiedDate, before.LastModifiedDate)
	}
	after.LastModifiedDate = nil
	want := types.UserPoolClientType{
		UserPoolId:                               aws.String(pool),
		ClientId:                                 id,
		ClientName:                               aws.String("after"),
		ClientSecret:                             before.ClientSecret,
		CreationDate:                             before.CreationDate,
		RefreshTokenValidity:                     30,
		AuthSessionValidity:                      aws.Int32(3),
		AllowedOAuthFlowsUserPoolClient:          aws.Bool(false),
		EnableTokenRevocation:                    aws.Bool(true),
		EnablePropagateAdditionalUserContextData: aws.Bool(false),
		RefreshTokenRotation:                     &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled},
	}
	if !reflect.DeepEqual(after, want) {
		t.Errorf("after an update with only ClientName:\n got %s\nwant %s", dump(after), dump(want))
	}

	// Without ClientName, the name stays.
	if _, err := c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: id}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Client(pool, *id); aws.ToString(got.ClientName) != "after" {
		t.Errorf("ClientName after an update without one: %q, want %q", aws.ToString(got.ClientName), "after")
	}
}

func TestRefreshTokenValidityZeroIsTheDefault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		units *types.TokenValidityUnitsType
		want  int32
	}{
		{"default unit", nil, 30},
		{"in hours", &types.TokenValidityUnitsType{RefreshToken: types.TimeUnitsTypeHours}, 720},
		{"in minutes", &types.TokenValidityUnitsType{RefreshToken: types.TimeUnitsTypeMinutes}, 43200},
	}
	_, c, pool := newServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := c.CreateUserPoolClient(context.Background(), &cip.CreateUserPoolClientInput{
				UserPoolId: aws.String(pool), ClientName: aws.String("c"), TokenValidityUnits: tt.units,
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := out.UserPoolClient.RefreshTokenValidity; got != tt.want {
				t.Errorf("RefreshTokenValidity = %d, want %d", got, tt.want)
			}
		})
	}
}

// Ledger rows 1, 2, 3, 4, 5, 6, 7, 8 and 9: what a client created with
// nothing but a name describes.
func TestDescribeLeavesOutWhatWasNeverSet(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	out, err := c.CreateUserPoolClient(context.Background(), &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(pool), ClientName: aws.String("minimal"),
		CallbackURLs: []string{}, ReadAttributes: []string{},
	})
	if err != nil {
		t.Fatal(err)
	}
	desc := rawCall(t, s, "DescribeUserPoolClient", map[string]string{"UserPoolId": pool, "ClientId": *out.UserPoolClient.ClientId})
	client, _ := desc["UserPoolClient"].(map[string]any)
	for _, key := range []string{
		"AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits", "ReadAttributes", "WriteAttributes",
		"CallbackURLs", "LogoutURLs", "AllowedOAuthFlows", "AllowedOAuthScopes", "SupportedIdentityProviders",
		"DefaultRedirectURI", "ClientSecret", "AnalyticsConfiguration", "ExplicitAuthFlows", "PreventUserExistenceErrors",
	} {
		t.Run("leaves out "+key, func(t *testing.T) {
			if v, ok := client[key]; ok {
				t.Errorf("%s = %v, want it left out", key, v)
			}
		})
	}
	for key, want := range map[string]any{
		"ClientName":                               "minimal",
		"RefreshTokenValidity":                     30.0,
		"AuthSessionValidity":                      3.0,
		"EnableTokenRevocation":                    true,
		"AllowedOAuthFlowsUserPoolClient":          false,
		"EnablePropagateAdditionalUserContextData": false,
	} {
		t.Run("returns "+key, func(t *testing.T) {
			if got := client[key]; got != want {
				t.Errorf("%s = %v, want %v", key, got, want)
			}
		})
	}
	if got, want := fmt.Sprint(client["RefreshTokenRotation"]), "map[Feature:DISABLED RetryGracePeriodSeconds:0]"; got != want {
		t.Errorf("RefreshTokenRotation = %s, want %s", got, want)
	}
	if _, ok := client["CreationDate"].(float64); !ok {
		t.Errorf("CreationDate = %v, want epoch seconds", client["CreationDate"])
	}
}

// Ledger rows 4 and 19 (ranges), 17 and 18 (OAuth rules) and 22 (the
// limits of the API model).
func TestValidation(t *testing.T) {
	t.Parallel()
	const invalidRange = "Invalid range for token validity."
	units := func(access, id, refresh types.TimeUnitsType) *types.TokenValidityUnitsType {
		return &types.TokenValidityUnitsType{AccessToken: access, IdToken: id, RefreshToken: refresh}
	}
	tests := []struct {
		name    string
		in      cip.CreateUserPoolClientInput // UserPoolId and ClientName are filled in when nil
		code    string                        // "" when the request is valid
		message string
	}{
		{name: "access 5 minutes", in: cip.CreateUserPoolClientInput{AccessTokenValidity: aws.Int32(5), TokenValidityUnits: units("minutes", "", "")}},
		{name: "access 1 day", in: cip.CreateUserPoolClientInput{AccessTokenValidity: aws.Int32(1), TokenValidityUnits: units("days", "", "")}},
		{name: "access 299 seconds", in: cip.CreateUserPoolClientInput{AccessTokenValidity: aws.Int32(299), TokenValidityUnits: units("seconds", "", "")}, code: "InvalidParameterException", message: invalidRange},
		{name: "access 25 hours", in: cip.CreateUserPoolClientInput{AccessTokenValidity: aws.Int32(25)}, code: "InvalidParameterException", message: invalidRange},
		{name: "access 0: the model's minimum", in: cip.CreateUserPoolClientInput{AccessTokenValidity: aws.Int32(0)}, code: "InvalidParameterException",
			message: "Value '0' at 'accessTokenValidity' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{name: "id 4 minutes", in: cip.CreateUserPoolClientInput{IdTokenValidity: aws.Int32(4), TokenValidityUnits: units("", "minutes", "")}, code: "InvalidParameterException", message: invalidRange},
		{name: "id 2 days", in: cip.CreateUserPoolClientInput{IdTokenValidity: aws.Int32(2), TokenValidityUnits: units("", "days", "")}, code: "InvalidParameterException", message: invalidRange},
		{name: "refresh 60 minutes", in: cip.CreateUserPoolClientInput{RefreshTokenValidity: 60, TokenValidityUnits: units("", "", "minutes")}},
		{name: "refresh 3650 days", in: cip.CreateUserPoolClientInput{RefreshTokenValidity: 3650}},
		{name: "refresh 59 minutes", in: cip.CreateUserPoolClientInput{RefreshTokenValidity: 59, TokenValidityUnits: units("", "", "minutes")}, code: "InvalidParameterException", message: invalidRange},
		{name: "refresh 3651 days", in: cip.CreateUserPoolClientInput{RefreshTokenValidity: 3651}, code: "InvalidParameterException", message: invalidRange},
		{name: "auth session 3 minutes", in: cip.CreateUserPoolClientInput{AuthSessionValidity: aws.Int32(3)}},
		{name: "auth session 15 minutes", in: cip.CreateUserPoolClientInput{AuthSessionValidity: aws.Int32(15)}},
		{name: "auth session 2 minutes", in: cip.CreateUserPoolClientInput{AuthSessionValidity: aws.Int32(2)}, code: "InvalidParameterException",
			message: "at 'authSessionValidity' failed to satisfy constraint: Member must have value greater than or equal to 3"},
		{name: "auth session 16 minutes", in: cip.CreateUserPoolClientInput{AuthSessionValidity: aws.Int32(16)}, code: "InvalidParameterException",
			message: "at 'authSessionValidity' failed to satisfy constraint: Member must have value less than or equal to 15"},
		{name: "client_credentials with a secret", in: cip.CreateUserPoolClientInput{GenerateSecret: true, AllowedOAuthFlows: []types.OAuthFlowType{"client_credentials"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"api/read"}}},
		{
			name: "client_credentials without a secret",
			in:   cip.CreateUserPoolClientInput{AllowedOAuthFlows: []types.OAuthFlowType{"client_credentials"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"api/read"}},
			code: "InvalidOAuthFlowException", message: "client_credentials flow can not be selected if client does not have a client secret.",
		},
		{
			name: "client_credentials with code",
			in:   cip.CreateUserPoolClientInput{GenerateSecret: true, AllowedOAuthFlows: []types.OAuthFlowType{"client_credentials", "code"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"openid"}},
			code: "InvalidOAuthFlowException", message: "client_credentials flow can not be selected along with code flow or implicit flow.",
		},
		{
			name: "OAuth without scopes",
			in:   cip.CreateUserPoolClientInput{AllowedOAuthFlows: []types.OAuthFlowType{"code"}, AllowedOAuthFlowsUserPoolClient: true},
			code: "InvalidParameterException", message: "AllowedOAuthFlows and AllowedOAuthScopes are required",
		},
		{
			name: "OAuth without flows",
			in:   cip.CreateUserPoolClientInput{AllowedOAuthScopes: []string{"openid"}, AllowedOAuthFlowsUserPoolClient: true},
			code: "InvalidParameterException", message: "AllowedOAuthFlows and AllowedOAuthScopes are required",
		},
		{name: "default redirect among the callbacks", in: cip.CreateUserPoolClientInput{CallbackURLs: []string{"https://a.example/cb"}, DefaultRedirectURI: aws.String("https://a.example/cb")}},
		{
			name: "default redirect not among the callbacks",
			in:   cip.CreateUserPoolClientInput{CallbackURLs: []string{"https://a.example/cb"}, DefaultRedirectURI: aws.String("https://b.example/cb")},
			code: "InvalidParameterException", message: "DefaultRedirectURI must be in CallbackURLs.",
		},
		{name: "legacy auth flows alone", in: cip.CreateUserPoolClientInput{ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH"}}},
		{
			name: "legacy and ALLOW_ auth flows",
			in:   cip.CreateUserPoolClientInput{ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}},
			code: "InvalidParameterException", message: "legacy",
		},
		{
			name: "unknown auth flow",
			in:   cip.CreateUserPoolClientInput{ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ALLOW_MAGIC"}},
			code: "InvalidParameterException", message: "1 validation error detected: Value 'ALLOW_MAGIC' at 'explicitAuthFlows'",
		},
		{
			name: "user context data without a secret",
			in:   cip.CreateUserPoolClientInput{EnablePropagateAdditionalUserContextData: aws.Bool(true)},
			code: "InvalidParameterException", message: "client secret",
		},
		{
			name: "client name with a slash and an unknown unit",
			in:   cip.CreateUserPoolClientInput{ClientName: aws.String("a/b"), TokenValidityUnits: units("weeks", "", "")},
			code: "InvalidParameterException", message: "2 validation errors detected: Value 'a/b' at 'clientName'",
		},
		// Ledger row 22: every limit of the API model, nested members and
		// list items included.
		{name: "callback URL at 1024 characters", in: cip.CreateUserPoolClientInput{CallbackURLs: []string{"https://a.example/" + strings.Repeat("a", 1006)}}},
		{
			name: "callback URL of 1025 characters",
			in:   cip.CreateUserPoolClientInput{CallbackURLs: []string{"https://a.example/" + strings.Repeat("a", 1007)}},
			code: "InvalidParameterException", message: "at 'callbackURLs' failed to satisfy constraint: Member must have length less than or equal to 1024",
		},
		{
			name: "logout URL with a space",
			in:   cip.CreateUserPoolClientInput{LogoutURLs: []string{"https://a.example/sign out"}},
			code: "InvalidParameterException", message: "at 'logoutURLs' failed to satisfy constraint: Member must satisfy regular expression pattern",
		},
		{
			name: "default redirect URI with a tab",
			in:   cip.CreateUserPoolClientInput{DefaultRedirectURI: aws.String("https://a.example/\tcb")},
			code: "InvalidParameterException", message: "at 'defaultRedirectURI' failed to satisfy constraint: Member must satisfy regular expression pattern",
		},
		// Ledger row 29: a provider name may hold a space, not a tab.
		{name: "identity provider with a space", in: cip.CreateUserPoolClientInput{SupportedIdentityProviders: []string{"My IdP"}}},
		{
			name: "identity provider with a tab",
			in:   cip.CreateUserPoolClientInput{SupportedIdentityProviders: []string{"My\tIdP"}},
			code: "InvalidParameterException", message: "at 'supportedIdentityProviders' failed to satisfy constraint: Member must satisfy regular expression pattern",
		},
		{name: "identity provider of 32 characters", in: cip.CreateUserPoolClientInput{SupportedIdentityProviders: []string{strings.Repeat("p", 32)}}},
		{
			name: "identity provider of 33 characters",
			in:   cip.CreateUserPoolClientInput{SupportedIdentityProviders: []string{strings.Repeat("p", 33)}},
			code: "InvalidParameterException", message: "Member must have length less than or equal to 32",
		},
		// Ledger row 30: ARNs are 20 to 2048 characters; ExternalId is optional.
		{name: "role ARN of 20 characters, no external id", in: cip.CreateUserPoolClientInput{AnalyticsConfiguration: &types.AnalyticsConfigurationType{
			ApplicationId: aws.String("0123abcd"), RoleArn: aws.String("arn:aws:iam::1:roleX"),
		}}},
		{
			name: "role ARN of 19 characters",
			in: cip.CreateUserPoolClientInput{AnalyticsConfiguration: &types.AnalyticsConfigurationType{
				ApplicationId: aws.String("0123abcd"), RoleArn: aws.String("arn:aws:iam::1:role"),
			}},
			code: "InvalidParameterException", message: "Value 'arn:aws:iam::1:role' at 'analyticsConfiguration.roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
		},
		{
			name: "application id that is not hexadecimal",
			in: cip.CreateUserPoolClientInput{AnalyticsConfiguration: &types.AnalyticsConfigurationType{
				ApplicationId: aws.String("xyz"), RoleArn: aws.String("arn:aws:iam::1:role/x"),
			}},
			code: "InvalidParameterException", message: "at 'analyticsConfiguration.applicationId' failed to satisfy constraint: Member must satisfy regular expression pattern",
		},
		{
			name: "51 scopes",
			in: cip.CreateUserPoolClientInput{AllowedOAuthScopes: func() []string {
				scopes := make([]string, 51)
				for i := range scopes {
					scopes[i] = fmt.Sprint("s", i)
				}
				return scopes
			}()},
			code: "InvalidParameterException", message: "Value '51 items' at 'allowedOAuthScopes' failed to satisfy constraint: Member must have length less than or equal to 50",
		},
		{
			name: "grace period over 60 seconds",
			in:   cip.CreateUserPoolClientInput{RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: "ENABLED", RetryGracePeriodSeconds: aws.Int32(61)}},
			code: "InvalidParameterException", message: "retryGracePeriodSeconds",
		},
		{
			name: "unknown pool",
			in:   cip.CreateUserPoolClientInput{UserPoolId: aws.String("us-east-1_nothere00")},
			code: "ResourceNotFoundException", message: "User pool us-east-1_nothere00 does not exist.",
		},
	}
	s, c, pool := newServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			if in.UserPoolId == nil {
				in.UserPoolId = aws.String(pool)
			}
			if in.ClientName == nil {
				in.ClientName = aws.String("c")
			}
			before := len(s.Clients(pool))
			_, err := c.CreateUserPoolClient(context.Background(), &in)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("want success, got %v", err)
				}
				return
			}
			var ae smithy.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("want %s, got %v", tt.code, err)
			}
			if ae.ErrorCode() != tt.code || !strings.Contains(ae.ErrorMessage(), tt.message) {
				t.Errorf("got %s %q, want %s containing %q", ae.ErrorCode(), ae.ErrorMessage(), tt.code, tt.message)
			}
			if after := len(s.Clients(pool)); after != before {
				t.Errorf("a failed create changed the number of clients from %d to %d", before, after)
			}
		})
	}
}

func TestUpdateValidation(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	ctx := context.Background()
	withSecret := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("s"), ClientSecret: aws.String("sssssssss")})
	withoutSecret := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("p"), AccessTokenValidity: aws.Int32(2)})
	tests := []struct {
		name string
		in   cip.UpdateUserPoolClientInput
		want error // nil, or a pointer to the typed error the SDK returns
	}{
		{"client_credentials on a client with a secret", cip.UpdateUserPoolClientInput{ClientId: aws.String(withSecret), AllowedOAuthFlows: []types.OAuthFlowType{"client_credentials"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"api/read"}}, nil},
		{"user context data on a client with a secret", cip.UpdateUserPoolClientInput{ClientId: aws.String(withSecret), EnablePropagateAdditionalUserContextData: aws.Bool(true)}, nil},
		{"client_credentials on a client without a secret", cip.UpdateUserPoolClientInput{ClientId: aws.String(withoutSecret), AllowedOAuthFlows: []types.OAuthFlowType{"client_credentials"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"api/read"}}, &types.InvalidOAuthFlowException{}},
		{"user context data on a client without a secret", cip.UpdateUserPoolClientInput{ClientId: aws.String(withoutSecret), EnablePropagateAdditionalUserContextData: aws.Bool(true)}, &types.InvalidParameterException{}},
		{"unknown client", cip.UpdateUserPoolClientInput{ClientId: aws.String("nothere")}, &types.ResourceNotFoundException{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.UserPoolId = aws.String(pool)
			before, _ := s.Client(pool, *in.ClientId)
			_, err := c.UpdateUserPoolClient(ctx, &in)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("want success, got %v", err)
				}
				return
			}
			target := reflect.New(reflect.TypeOf(tt.want))
			if !errors.As(err, target.Interface()) {
				t.Fatalf("want %T, got %v", tt.want, err)
			}
			if after, _ := s.Client(pool, *in.ClientId); !reflect.DeepEqual(before, after) {
				t.Errorf("a failed update changed the client:\n got %s\nwant %s", dump(after), dump(before))
			}
		})
	}
}

// Ledger row 20 among the others: each fault answers as the service does.
func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault  Fault
		op     string
		want   any // pointer to the typed error
		status int
	}{
		{Throttle, "DescribeUserPoolClient", &types.TooManyRequestsException{}, 400},
		{Internal, "DescribeUserPoolClient", &types.InternalErrorException{}, 500},
		{ConcurrentModification, "DeleteUserPoolClient", &types.ConcurrentModificationException{}, 400},
		{LimitExceeded, "CreateUserPoolClient", &types.LimitExceededException{}, 400},
		{NotFound, "UpdateUserPoolClient", &types.ResourceNotFoundException{}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			s, c, pool := newServer(t)
			id := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("c")})
			call := func() error {
				ctx := context.Background()
				var err error
				switch tt.op {
				case "DescribeUserPoolClient":
					_, err = c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
				case "DeleteUserPoolClient":
					_, err = c.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
				case "CreateUserPoolClient":
					_, err = c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(pool), ClientName: aws.String("n")})
				case "UpdateUserPoolClient":
					_, err = c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
				}
				return err
			}
			s.Fail(tt.op, 2, tt.fault)
			for i := range 2 {
				err := call()
				target := reflect.New(reflect.TypeOf(tt.want))
				if !errors.As(err, target.Interface()) {
					t.Fatalf("call %d: want %T, got %v", i+1, tt.want, err)
				}
				var re *awshttp.ResponseError
				if !errors.As(err, &re) || re.HTTPStatusCode() != tt.status {
					t.Errorf("call %d: want HTTP status %d, got %v", i+1, tt.status, err)
				}
			}
			if err := call(); err != nil {
				t.Errorf("the third call still fails: %v", err)
			}
			calls := s.Calls()
			errs := []string{calls[0].Err, calls[1].Err, calls[2].Err}
			if want := []string{tt.fault.String(), tt.fault.String(), ""}; len(calls) != 3 || !slices.Equal(errs, want) {
				t.Errorf("recorded %v, want 3 calls with errors %q", calls, want)
			}
		})
	}
}

func TestFaultMatching(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	ctx := context.Background()
	id := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("c")})
	describe := func() error {
		_, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
		return err
	}
	list := func() error {
		_, err := c.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(10)})
		return err
	}
	s.Fail("UpdateUserPoolClient", 1, Internal)
	s.Fail("", 1, Throttle)
	steps := []struct {
		name     string
		call     func() error
		wantFail bool
	}{
		{"the any-operation rule catches a describe", describe, true},
		{"a describe after the rule is used up", describe, false},
		{"a list is not an update", list, false},
	}
	for _, st := range steps {
		if err := st.call(); (err != nil) != st.wantFail {
			t.Errorf("%s: err = %v, want failure %v", st.name, err, st.wantFail)
		}
	}
	s.ResetCalls()
	if got := s.Calls(); len(got) != 0 {
		t.Errorf("Calls after ResetCalls = %v", got)
	}
}

// waitForCalls waits until the server has recorded n calls; the loop is
// bounded so that a broken server fails the test instead of hanging it.
func waitForCalls(t *testing.T, s *Server, n int) {
	t.Helper()
	for range 2000 {
		if len(s.Calls()) >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the server never recorded %d calls", n)
}

func TestHangReturnsWhenTheClientGivesUp(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	s.Fail("DescribeUserPoolClient", 1, Hang)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String("x")})
		errc <- err
	}()
	waitForCalls(t, s, 1)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("want context.Canceled, got %v", err)
	}
	if got := s.Calls()[0].Err; got != "Hang" {
		t.Errorf("recorded Err %q, want Hang", got)
	}
}

func TestCloseReleasesHungRequests(t *testing.T) {
	t.Parallel()
	base := runtime.NumGoroutine()
	s := New()
	tr := &http.Transport{}
	c := cip.New(cip.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(s.URL()), Retryer: aws.NopRetryer{},
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", ""),
		HTTPClient:  &http.Client{Transport: tr},
	})
	pool := s.CreatePool()
	s.Fail("", 3, Hang)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = c.DescribeUserPoolClient(context.Background(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String("x")})
		})
	}
	waitForCalls(t, s, 3)
	s.Close() // must return although no client gave up
	wg.Wait()
	for i, err := range errs {
		if err == nil {
			t.Errorf("request %d succeeded on a closed server", i)
		}
	}
	tr.CloseIdleConnections()
	for range 2000 {
		if runtime.NumGoroutine() <= base {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Errorf("%d goroutines left behind after Close", runtime.NumGoroutine()-base)
}

func TestResetConnection(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	s.Fail("CreateUserPoolClient", 1, ResetConnection)
	create := func() error {
		_, err := c.CreateUserPoolClient(context.Background(), &cip.CreateUserPoolClientInput{UserPoolId: aws.String(pool), ClientName: aws.String("c")})
		return err
	}
	err := create()
	var ae smithy.APIError
	if err == nil || errors.As(err, &ae) {
		t.Fatalf("want a transport error, got %v", err)
	}
	if err := create(); err != nil {
		t.Errorf("the server does not serve after a reset: %v", err)
	}
	if got := len(s.Clients(pool)); got != 1 {
		t.Errorf("%d clients, want only the one of the second call", got)
	}
	if got := s.Calls()[0].Err; got != "ResetConnection" {
		t.Errorf("recorded Err %q, want ResetConnection", got)
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	s, c, poolA := newServer(t, WithRateLimit(3), withClock(func() time.Time { return now }))
	poolB := s.CreatePool()
	ctx := context.Background()
	describe := func(pool string) error {
		_, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String("x")})
		return err
	}
	list := func(pool string) error {
		_, err := c.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(10)})
		return err
	}
	count := func(n int, call func() error) (throttled int) {
		for range n {
			if errors.As(call(), new(*types.TooManyRequestsException)) {
				throttled++
			}
		}
		return throttled
	}
	steps := []struct {
		name      string
		advance   time.Duration
		n         int
		call      func() error
		throttled int
	}{
		{"beyond 3 describes in pool A", 0, 5, func() error { return describe(poolA) }, 2},
		{"another pool has its own budget", 0, 4, func() error { return describe(poolB) }, 1},
		{"another operation has its own budget", 0, 3, func() error { return list(poolA) }, 0},
		{"the same second is still spent", 999 * time.Millisecond, 2, func() error { return describe(poolA) }, 2},
		{"a second later", time.Millisecond, 4, func() error { return describe(poolA) }, 1},
	}
	for _, st := range steps {
		now = now.Add(st.advance)
		if got := count(st.n, st.call); got != st.throttled {
			t.Errorf("%s: %d of %d throttled, want %d", st.name, got, st.n, st.throttled)
		}
	}
	throttled := 0
	for _, call := range s.Calls() {
		if call.Err == "TooManyRequestsException" {
			throttled++
		}
	}
	if throttled != 6 {
		t.Errorf("Calls records %d throttled requests, want 6", throttled)
	}
}

func TestConcurrentRequests(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	const workers = 50
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for i := range workers {
		wg.Go(func() {
			ctx := context.Background()
			out, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(pool), ClientName: aws.String(fmt.Sprint("c", i))})
			if err != nil {
				errs <- err
				return
			}
			id := out.UserPoolClient.ClientId
			if _, err := c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: id, ClientName: aws.String(fmt.Sprint("u", i))}); err != nil {
				errs <- err
				return
			}
			d, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: id})
			if err != nil {
				errs <- err
				return
			}
			if got := aws.ToString(d.UserPoolClient.ClientName); got != fmt.Sprint("u", i) {
				errs <- fmt.Errorf("client %d is named %q", i, got)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	clients := s.Clients(pool)
	ids := map[string]bool{}
	for _, cl := range clients {
		ids[*cl.ClientId] = true
	}
	if len(clients) != workers || len(ids) != workers {
		t.Errorf("%d clients with %d distinct ids, want %d", len(clients), len(ids), workers)
	}
	if got := len(s.Calls()); got != 3*workers {
		t.Errorf("%d calls recorded, want %d", got, 3*workers)
	}
}

func TestSeedingAndPools(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	ctx := context.Background()
	seeded := types.UserPoolClientType{
		ClientName:          aws.String("console"),
		ClientSecret:        aws.String("secretsecret"),
		AccessTokenValidity: aws.Int32(60),
		TokenValidityUnits:  &types.TokenValidityUnitsType{AccessToken: "minutes", IdToken: "hours", RefreshToken: "days"},
		CallbackURLs:        []string{"https://a.example/cb"},
	}
	first := s.PutClient(pool, seeded)
	second := s.PutClient(pool, types.UserPoolClientType{ClientId: aws.String("fixedid"), ClientName: aws.String("other")})
	seeded.CallbackURLs[0] = "changed by the caller"

	d, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(first)})
	if err != nil {
		t.Fatal(err)
	}
	got := d.UserPoolClient
	if aws.ToString(got.ClientSecret) != "secretsecret" || aws.ToInt32(got.AccessTokenValidity) != 60 ||
		!slices.Equal(got.CallbackURLs, []string{"https://a.example/cb"}) || got.IdTokenValidity != nil {
		t.Errorf("Describe of a seeded client: %s", dump(*got))
	}
	ids := []string{}
	for _, cl := range s.Clients(pool) {
		ids = append(ids, *cl.ClientId)
	}
	if !slices.Equal(ids, []string{first, second}) || second != "fixedid" {
		t.Errorf("Clients ids %v, want [%s fixedid]", ids, first)
	}

	page1, err := c.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	page2, err := c.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(1), NextToken: page1.NextToken})
	if err != nil {
		t.Fatal(err)
	}
	if len(page1.UserPoolClients) != 1 || len(page2.UserPoolClients) != 1 || page2.NextToken != nil ||
		*page1.UserPoolClients[0].ClientId != first || *page2.UserPoolClients[0].ClientId != second {
		t.Errorf("pages %+v then %+v", page1.UserPoolClients, page2.UserPoolClients)
	}

	if _, err := c.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(first)}); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Client(pool, first); ok {
		t.Error("deleted client still there")
	}
	_, err = c.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(first)})
	if !errors.As(err, new(*types.ResourceNotFoundException)) {
		t.Errorf("second delete: want ResourceNotFoundException, got %v", err)
	}

	s.DeletePool(pool)
	_, err = c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(second)})
	if !errors.As(err, new(*types.ResourceNotFoundException)) {
		t.Errorf("describe in a deleted pool: want ResourceNotFoundException, got %v", err)
	}
}

func TestUserPoolOperations(t *testing.T) {
	t.Parallel()
	s, c, _ := newServer(t)
	ctx := context.Background()
	out, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("test")})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(out.UserPool.Id)
	if !strings.HasPrefix(id, "us-east-1_") || aws.ToString(out.UserPool.Name) != "test" {
		t.Errorf("created pool %q named %q", id, aws.ToString(out.UserPool.Name))
	}
	if s.Clients(id) == nil {
		t.Error("the pool created through the API is unknown to Clients")
	}
	if _, err := c.DeleteUserPool(ctx, &cip.DeleteUserPoolInput{UserPoolId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteUserPool(ctx, &cip.DeleteUserPoolInput{UserPoolId: aws.String(id)})
	if !errors.As(err, new(*types.ResourceNotFoundException)) {
		t.Errorf("second pool delete: want ResourceNotFoundException, got %v", err)
	}
	if got := rawCall(t, s, "FlyToTheMoon", map[string]string{}); got["__type"] != "UnknownOperationException" {
		t.Errorf("unknown operation answered %v", got)
	}
}

// TestLedgerRules covers the rules between members that the ledger records,
// on Create and on Update, each case naming its row.
func TestLedgerRules(t *testing.T) {
	t.Parallel()
	flows := func(f ...types.ExplicitAuthFlowsType) []types.ExplicitAuthFlowsType { return f }
	const (
		srp     = types.ExplicitAuthFlowsTypeAllowUserSrpAuth
		refresh = types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth
	)
	enabled := &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled}
	disabled := &types.RefreshTokenRotationType{Feature: types.FeatureTypeDisabled}
	tests := []struct {
		name    string
		in      cip.CreateUserPoolClientInput
		code    string // "" when the request is valid
		message string
	}{
		{name: "row 7: no flows", in: cip.CreateUserPoolClientInput{}},
		{name: "row 10: rotation without flows", in: cip.CreateUserPoolClientInput{RefreshTokenRotation: enabled}},
		{name: "row 11: rotation with flows but not the refresh flow", in: cip.CreateUserPoolClientInput{RefreshTokenRotation: enabled, ExplicitAuthFlows: flows(srp)}},
		{
			name: "row 11: rotation with the refresh flow",
			in:   cip.CreateUserPoolClientInput{RefreshTokenRotation: enabled, ExplicitAuthFlows: flows(srp, refresh)},
			code: "InvalidParameterException", message: "ALLOW_REFRESH_TOKEN_AUTH",
		},
		{name: "row 12: ALLOW_ flows with the refresh flow", in: cip.CreateUserPoolClientInput{ExplicitAuthFlows: flows(srp, refresh)}},
		{name: "row 12: legacy flows need no refresh flow", in: cip.CreateUserPoolClientInput{ExplicitAuthFlows: flows(types.ExplicitAuthFlowsTypeAdminNoSrpAuth)}},
		{
			name: "row 12: ALLOW_ flows without the refresh flow",
			in:   cip.CreateUserPoolClientInput{ExplicitAuthFlows: flows(srp)},
			code: "InvalidParameterException", message: "REFRESH_TOKEN_AUTH should always be allowed.",
		},
		{
			name: "row 12: rotation sent disabled counts as off",
			in:   cip.CreateUserPoolClientInput{RefreshTokenRotation: disabled, ExplicitAuthFlows: flows(srp)},
			code: "InvalidParameterException", message: "REFRESH_TOKEN_AUTH should always be allowed.",
		},
		{
			name: "row 14: ApplicationArn with a RoleArn",
			in: cip.CreateUserPoolClientInput{AnalyticsConfiguration: &types.AnalyticsConfigurationType{
				ApplicationArn: aws.String("arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"),
				RoleArn:        aws.String(ServiceLinkedRoleArn("123456789012")),
			}},
			code: "InvalidParameterException", message: "RoleArn",
		},
		{
			name: "row 13: ApplicationArn that is no ARN",
			in:   cip.CreateUserPoolClientInput{AnalyticsConfiguration: &types.AnalyticsConfigurationType{ApplicationArn: aws.String("apps/abcdefghijklmnopqrstuvwxyz")}},
			code: "InvalidParameterException", message: "at 'analyticsConfiguration.applicationArn' failed to satisfy constraint: Member must satisfy regular expression pattern",
		},
		{name: "row 15: URLs without the OAuth flag", in: cip.CreateUserPoolClientInput{
			CallbackURLs: []string{"https://a.example/cb"}, LogoutURLs: []string{"https://a.example/out"}, DefaultRedirectURI: aws.String("https://a.example/cb"),
		}},
		{
			name: "row 16: client_credentials with openid",
			in:   cip.CreateUserPoolClientInput{GenerateSecret: true, AllowedOAuthFlows: []types.OAuthFlowType{"client_credentials"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"api/read", "openid"}},
			code: "InvalidOAuthFlowException", message: "openid is not supported with client_credentials flow",
		},
		{
			name: "row 17: code without a callback URL",
			in:   cip.CreateUserPoolClientInput{AllowedOAuthFlows: []types.OAuthFlowType{"code"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"openid"}},
			code: "InvalidParameterException", message: "CallbackUrls can not be empty when code flow or implicit flow is selected",
		},
		{
			name: "row 17: implicit without a callback URL",
			in:   cip.CreateUserPoolClientInput{AllowedOAuthFlows: []types.OAuthFlowType{"implicit"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"openid"}},
			code: "InvalidParameterException", message: "CallbackUrls can not be empty",
		},
		{name: "row 17: code with a callback URL", in: cip.CreateUserPoolClientInput{
			AllowedOAuthFlows: []types.OAuthFlowType{"code"}, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"openid"}, CallbackURLs: []string{"https://a.example/cb"},
		}},
		{
			name: "row 25: a callback URL listed twice",
			in:   cip.CreateUserPoolClientInput{CallbackURLs: []string{"https://a.example/cb", "https://b.example/cb", "https://a.example/cb"}},
			code: "InvalidParameterException", message: "CallbackURLs has the value 'https://a.example/cb' more than once.",
		},
		{
			name: "row 25: a scope listed twice",
			in:   cip.CreateUserPoolClientInput{AllowedOAuthScopes: []string{"openid", "openid"}},
			code: "InvalidParameterException", message: "AllowedOAuthScopes has the value 'openid' more than once.",
		},
		{name: "row 26: access as long as refresh", in: cip.CreateUserPoolClientInput{
			AccessTokenValidity: aws.Int32(60), IdTokenValidity: aws.Int32(1), RefreshTokenValidity: 60,
			TokenValidityUnits: &types.TokenValidityUnitsType{AccessToken: "minutes", IdToken: "hours", RefreshToken: "minutes"},
		}},
		{
			name: "row 26: access longer than refresh",
			in: cip.CreateUserPoolClientInput{
				AccessTokenValidity: aws.Int32(61), RefreshTokenValidity: 60,
				TokenValidityUnits: &types.TokenValidityUnitsType{AccessToken: "minutes", RefreshToken: "minutes"},
			},
			code: "InvalidParameterException", message: "can not exceed RefreshTokenValidity",
		},
		{
			name: "row 26: ID longer than refresh",
			in: cip.CreateUserPoolClientInput{
				IdTokenValidity: aws.Int32(3601), RefreshTokenValidity: 1,
				TokenValidityUnits: &types.TokenValidityUnitsType{IdToken: "seconds", RefreshToken: "hours"},
			},
			code: "InvalidParameterException", message: "can not exceed RefreshTokenValidity",
		},
		{
			name: "row 18: the flag without flows",
			in:   cip.CreateUserPoolClientInput{AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: []string{"openid"}},
			code: "InvalidParameterException", message: "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.",
		},
	}
	s, c, pool := newServer(t)
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(op string, err error) {
				t.Helper()
				if tt.code == "" {
					if err != nil {
						t.Fatalf("%s: want success, got %v", op, err)
					}
					return
				}
				var ae smithy.APIError
				if !errors.As(err, &ae) || ae.ErrorCode() != tt.code || !strings.Contains(ae.ErrorMessage(), tt.message) {
					t.Errorf("%s: got %v, want %s containing %q", op, err, tt.code, tt.message)
				}
			}
			in := tt.in
			in.UserPoolId, in.ClientName = aws.String(pool), aws.String("c")
			_, err := c.CreateUserPoolClient(ctx, &in)
			check("create", err)

			// The same request as an update of a client with a secret and
			// flows that every case may replace.
			id := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("u"), ClientSecret: aws.String("secretsecret")})
			up := cip.UpdateUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)}
			copyCreateToUpdate(&up, &in)
			before, _ := s.Client(pool, id)
			_, err = c.UpdateUserPoolClient(ctx, &up)
			check("update", err)
			if after, _ := s.Client(pool, id); tt.code != "" && !reflect.DeepEqual(before, after) {
				t.Errorf("a refused update changed the client")
			}
		})
	}
}

// copyCreateToUpdate copies the members that Create and Update share.
func copyCreateToUpdate(dst *cip.UpdateUserPoolClientInput, src *cip.CreateUserPoolClientInput) {
	dst.ExplicitAuthFlows = src.ExplicitAuthFlows
	dst.RefreshTokenRotation = src.RefreshTokenRotation
	dst.AnalyticsConfiguration = src.AnalyticsConfiguration
	dst.CallbackURLs = src.CallbackURLs
	dst.LogoutURLs = src.LogoutURLs
	dst.DefaultRedirectURI = src.DefaultRedirectURI
	dst.AllowedOAuthFlows = src.AllowedOAuthFlows
	dst.AllowedOAuthScopes = src.AllowedOAuthScopes
	dst.AllowedOAuthFlowsUserPoolClient = src.AllowedOAuthFlowsUserPoolClient
	dst.AccessTokenValidity = src.AccessTokenValidity
	dst.IdTokenValidity = src.IdTokenValidity
	dst.RefreshTokenValidity = src.RefreshTokenValidity
	dst.TokenValidityUnits = src.TokenValidityUnits
}

// Ledger rows 7, 9 and 10 through a client's life: no flows appear, the
// rotation is described as disabled until set, kept by an update that
// leaves it out, and turned off only by an update that sends DISABLED.
func TestFlowsAndRotationThroughUpdates(t *testing.T) {
	t.Parallel()
	_, c, pool := newServer(t)
	ctx := context.Background()
	out, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(pool), ClientName: aws.String("c")})
	if err != nil {
		t.Fatal(err)
	}
	id := out.UserPoolClient.ClientId
	type state struct {
		flows    []types.ExplicitAuthFlowsType
		rotation string
	}
	describe := func() state {
		t.Helper()
		d, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: id})
		if err != nil {
			t.Fatal(err)
		}
		r := d.UserPoolClient.RefreshTokenRotation
		if r == nil {
			return state{d.UserPoolClient.ExplicitAuthFlows, "absent"}
		}
		grace := "absent"
		if r.RetryGracePeriodSeconds != nil {
			grace = fmt.Sprint(*r.RetryGracePeriodSeconds)
		}
		return state{d.UserPoolClient.ExplicitAuthFlows, string(r.Feature) + "/" + grace}
	}
	update := func(in cip.UpdateUserPoolClientInput) {
		t.Helper()
		in.UserPoolId, in.ClientId = aws.String(pool), id
		if _, err := c.UpdateUserPoolClient(ctx, &in); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		update *cip.UpdateUserPoolClientInput // nil: describe the client as created
		want   state
	}{
		{"created with neither", nil, state{nil, "DISABLED/0"}},
		{"an update with neither", &cip.UpdateUserPoolClientInput{ClientName: aws.String("d")}, state{nil, "DISABLED/0"}},
		{"an update that enables rotation", &cip.UpdateUserPoolClientInput{RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: "ENABLED", RetryGracePeriodSeconds: aws.Int32(10)}}, state{nil, "ENABLED/10"}},
		{"an update that leaves rotation out", &cip.UpdateUserPoolClientInput{ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ALLOW_USER_SRP_AUTH"}}, state{[]types.ExplicitAuthFlowsType{"ALLOW_USER_SRP_AUTH"}, "ENABLED/10"}},
		{"an update that disables rotation", &cip.UpdateUserPoolClientInput{RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: "DISABLED"}, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ALLOW_REFRESH_TOKEN_AUTH"}}, state{[]types.ExplicitAuthFlowsType{"ALLOW_REFRESH_TOKEN_AUTH"}, "DISABLED/absent"}},
		{"an update that leaves both out", &cip.UpdateUserPoolClientInput{}, state{nil, "DISABLED/absent"}},
	}
	for _, st := range steps {
		if st.update != nil {
			update(*st.update)
		}
		if got := describe(); !slices.Equal(got.flows, st.want.flows) || got.rotation != st.want.rotation {
			t.Errorf("%s: described %v, want %v", st.name, got, st.want)
		}
	}
}

// Ledger row 13: an analytics configuration given by ApplicationArn is
// described with the service-linked role of the application's account,
// on Create and on Update; one given by ApplicationId and RoleArn is kept
// as sent.
func TestAnalyticsApplicationArnGetsTheServiceLinkedRole(t *testing.T) {
	t.Parallel()
	_, c, pool := newServer(t)
	ctx := context.Background()
	byArn := &types.AnalyticsConfigurationType{ApplicationArn: aws.String("arn:aws:mobiletargeting:eu-west-1:210987654321:apps/abc"), UserDataShared: true}
	byID := &types.AnalyticsConfigurationType{ApplicationId: aws.String("abc"), RoleArn: aws.String("arn:aws:iam::210987654321:role/pinpoint"), ExternalId: aws.String("x")}
	withRole := &types.AnalyticsConfigurationType{ApplicationArn: byArn.ApplicationArn, RoleArn: aws.String(ServiceLinkedRoleArn("210987654321")), UserDataShared: true}

	out, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(pool), ClientName: aws.String("c"), AnalyticsConfiguration: byArn})
	if err != nil {
		t.Fatal(err)
	}
	id := out.UserPoolClient.ClientId
	steps := []struct {
		name string
		send *types.AnalyticsConfigurationType // nil: describe the client as created
		want *types.AnalyticsConfigurationType
	}{
		{"created by ARN", nil, withRole},
		{"updated by id and role", byID, byID},
		{"updated by ARN", byArn, withRole},
	}
	for _, st := range steps {
		if st.send != nil {
			if _, err := c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: id, AnalyticsConfiguration: st.send}); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
		d, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: id})
		if err != nil {
			t.Fatal(err)
		}
		if got := d.UserPoolClient.AnalyticsConfiguration; !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s: described %+v, want %+v", st.name, got, st.want)
		}
	}
}

// Ledger row 3: WithUnitsFilledIn decides whether Describe fills in the
// units of a client that never set them; units a client set are described
// either way.
func TestUnitsFilledIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		opts  []Option
		units *types.TokenValidityUnitsType
		want  *types.TokenValidityUnitsType
	}{
		{"never set, by default", nil, nil, nil},
		{"never set, filled in", []Option{WithUnitsFilledIn()}, nil, &types.TokenValidityUnitsType{AccessToken: "hours", IdToken: "hours", RefreshToken: "days"}},
		{"one set, by default", nil, &types.TokenValidityUnitsType{AccessToken: "minutes"}, &types.TokenValidityUnitsType{AccessToken: "minutes", IdToken: "hours", RefreshToken: "days"}},
		{"one set, filled in", []Option{WithUnitsFilledIn()}, &types.TokenValidityUnitsType{IdToken: "days"}, &types.TokenValidityUnitsType{AccessToken: "hours", IdToken: "days", RefreshToken: "days"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c, pool := newServer(t, tt.opts...)
			ctx := context.Background()
			out, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(pool), ClientName: aws.String("c"), TokenValidityUnits: tt.units})
			if err != nil {
				t.Fatal(err)
			}
			d, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: out.UserPoolClient.ClientId})
			if err != nil {
				t.Fatal(err)
			}
			if got := d.UserPoolClient.TokenValidityUnits; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("TokenValidityUnits = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// Ledger row 21: LagReads makes Describe of an existing client answer
// not-found n times, for that client only, then the client again.
func TestLagReads(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	ctx := context.Background()
	lagging := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("new")})
	other := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("other")})
	s.LagReads(lagging, 2)
	s.LagReads("notaclient", 5)
	describe := func(id string) error {
		_, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
		return err
	}
	steps := []struct {
		name     string
		id       string
		notFound bool
	}{
		{"first read of the new client", lagging, true},
		{"another client does not lag", other, false},
		{"second read of the new client", lagging, true},
		{"third read has caught up", lagging, false},
		{"a client that does not exist is not found", "notaclient", true},
	}
	for _, st := range steps {
		err := describe(st.id)
		var nf *types.ResourceNotFoundException
		if got := errors.As(err, &nf); got != st.notFound {
			t.Errorf("%s: err = %v, want not-found %v", st.name, err, st.notFound)
		}
		if st.notFound && nf != nil && !strings.Contains(nf.ErrorMessage(), st.id) {
			t.Errorf("%s: message %q does not name the client", st.name, nf.ErrorMessage())
		}
	}
	if _, ok := s.Client(pool, lagging); !ok {
		t.Error("the lagging client is gone")
	}
	s.LagReads(other, 1)
	s.LagReads(other, 0)
	if err := describe(other); err != nil {
		t.Errorf("LagReads(id, 0) did not end the lag: %v", err)
	}
	want := []string{"ResourceNotFoundException", "", "ResourceNotFoundException", "", "ResourceNotFoundException", ""}
	var got []string
	for _, call := range s.Calls() {
		got = append(got, call.Err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("recorded errors %q, want %q", got, want)
	}
}
