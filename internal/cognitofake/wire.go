package cognitofake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// clientRequest is the body of CreateUserPoolClient and UpdateUserPoolClient.
// Pointers tell "left out" from "zero", which is the whole point of the fake:
// what the request leaves out is reset to its default.
type clientRequest struct {
	UserPoolId                               *string
	ClientId                                 *string
	ClientName                               *string
	GenerateSecret                           bool
	ClientSecret                             *string
	AccessTokenValidity                      *int32
	IdTokenValidity                          *int32
	RefreshTokenValidity                     *int32
	AuthSessionValidity                      *int32
	TokenValidityUnits                       *types.TokenValidityUnitsType
	ReadAttributes                           []string
	WriteAttributes                          []string
	ExplicitAuthFlows                        []types.ExplicitAuthFlowsType
	SupportedIdentityProviders               []string
	CallbackURLs                             []string
	LogoutURLs                               []string
	DefaultRedirectURI                       *string
	AllowedOAuthFlows                        []types.OAuthFlowType
	AllowedOAuthScopes                       []string
	AllowedOAuthFlowsUserPoolClient          bool
	AnalyticsConfiguration                   *types.AnalyticsConfigurationType
	PreventUserExistenceErrors               *types.PreventUserExistenceErrorTypes
	EnableTokenRevocation                    *bool
	EnablePropagateAdditionalUserContextData *bool
	RefreshTokenRotation                     *types.RefreshTokenRotationType
}

// wireClient is UserPoolClientType as the service writes it: members that
// are not set are absent, never null, and dates are epoch seconds.
type wireClient struct {
	UserPoolId                               *string        `json:"UserPoolId,omitempty"`
	ClientName                               *string        `json:"ClientName,omitempty"`
	ClientId                                 *string        `json:"ClientId,omitempty"`
	ClientSecret                             *string        `json:"ClientSecret,omitempty"`
	LastModifiedDate                         *float64       `json:"LastModifiedDate,omitempty"`
	CreationDate                             *float64       `json:"CreationDate,omitempty"`
	RefreshTokenValidity                     int32          `json:"RefreshTokenValidity"`
	AccessTokenValidity                      *int32         `json:"AccessTokenValidity,omitempty"`
	IdTokenValidity                          *int32         `json:"IdTokenValidity,omitempty"`
	TokenValidityUnits                       *wireUnits     `json:"TokenValidityUnits,omitempty"`
	ReadAttributes                           []string       `json:"ReadAttributes,omitempty"`
	WriteAttributes                          []string       `json:"WriteAttributes,omitempty"`
	ExplicitAuthFlows                        []string       `json:"ExplicitAuthFlows,omitempty"`
	SupportedIdentityProviders               []string       `json:"SupportedIdentityProviders,omitempty"`
	CallbackURLs                             []string       `json:"CallbackURLs,omitempty"`
	LogoutURLs                               []string       `json:"LogoutURLs,omitempty"`
	DefaultRedirectURI                       *string        `json:"DefaultRedirectURI,omitempty"`
	AllowedOAuthFlows                        []string       `json:"AllowedOAuthFlows,omitempty"`
	AllowedOAuthScopes                       []string       `json:"AllowedOAuthScopes,omitempty"`
	AllowedOAuthFlowsUserPoolClient          *bool          `json:"AllowedOAuthFlowsUserPoolClient,omitempty"`
	AnalyticsConfiguration                   *wireAnalytics `json:"AnalyticsConfiguration,omitempty"`
	PreventUserExistenceErrors               string         `json:"PreventUserExistenceErrors,omitempty"`
	EnableTokenRevocation                    *bool          `json:"EnableTokenRevocation,omitempty"`
	EnablePropagateAdditionalUserContextData *bool          `json:"EnablePropagateAdditionalUserContextData,omitempty"`
	AuthSessionValidity                      *int32         `json:"AuthSessionValidity,omitempty"`
	RefreshTokenRotation                     *wireRotation  `json:"RefreshTokenRotation,omitempty"`
}

type wireUnits struct {
	AccessToken  string `json:"AccessToken,omitempty"`
	IdToken      string `json:"IdToken,omitempty"`
	RefreshToken string `json:"RefreshToken,omitempty"`
}

type wireAnalytics struct {
	ApplicationArn *string `json:"ApplicationArn,omitempty"`
	ApplicationId  *string `json:"ApplicationId,omitempty"`
	RoleArn        *string `json:"RoleArn,omitempty"`
	ExternalId     *string `json:"ExternalId,omitempty"`
	UserDataShared bool    `json:"UserDataShared"`
}

type wireRotation struct {
	Feature                 string `json:"Feature"`
	RetryGracePeriodSeconds *int32 `json:"RetryGracePeriodSeconds,omitempty"`
}

type wireDescription struct {
	ClientId   *string `json:"ClientId,omitempty"`
	ClientName *string `json:"ClientName,omitempty"`
	UserPoolId *string `json:"UserPoolId,omitempty"`
}

type wirePool struct {
	Id               string  `json:"Id"`
	Name             string  `json:"Name"`
	Arn              string  `json:"Arn"`
	CreationDate     float64 `json:"CreationDate"`
	LastModifiedDate float64 `json:"LastModifiedDate"`
}

// toWire writes a stored client the way DescribeUserPoolClient returns it.
func toWire(c types.UserPoolClientType) wireClient {
	w := wireClient{
		UserPoolId:                               c.UserPoolId,
		ClientName:                               c.ClientName,
		ClientId:                                 c.ClientId,
		ClientSecret:                             c.ClientSecret,
		LastModifiedDate:                         epoch(c.LastModifiedDate),
		CreationDate:                             epoch(c.CreationDate),
		RefreshTokenValidity:                     c.RefreshTokenValidity,
		AccessTokenValidity:                      c.AccessTokenValidity,
		IdTokenValidity:                          c.IdTokenValidity,
		ReadAttributes:                           c.ReadAttributes,
		WriteAttributes:                          c.WriteAttributes,
		ExplicitAuthFlows:                        strs(c.ExplicitAuthFlows),
		SupportedIdentityProviders:               c.SupportedIdentityProviders,
		CallbackURLs:                             c.CallbackURLs,
		LogoutURLs:                               c.LogoutURLs,
		DefaultRedirectURI:                       c.DefaultRedirectURI,
		AllowedOAuthFlows:                        strs(c.AllowedOAuthFlows),
		AllowedOAuthScopes:                       c.AllowedOAuthScopes,
		AllowedOAuthFlowsUserPoolClient:          c.AllowedOAuthFlowsUserPoolClient,
		PreventUserExistenceErrors:               string(c.PreventUserExistenceErrors),
		EnableTokenRevocation:                    c.EnableTokenRevocation,
		EnablePropagateAdditionalUserContextData: c.EnablePropagateAdditionalUserContextData,
		AuthSessionValidity:                      c.AuthSessionValidity,
	}
	if u := c.TokenValidityUnits; u != nil {
		w.TokenValidityUnits = &wireUnits{
			AccessToken:  string(u.AccessToken),
			IdToken:      string(u.IdToken),
			RefreshToken: string(u.RefreshToken),
		}
	}
	if a := c.AnalyticsConfiguration; a != nil {
		w.AnalyticsConfiguration = &wireAnalytics{
			ApplicationArn: a.ApplicationArn,
			ApplicationId:  a.ApplicationId,
			RoleArn:        a.RoleArn,
			ExternalId:     a.ExternalId,
			UserDataShared: a.UserDataShared,
		}
	}
	if r := c.RefreshTokenRotation; r != nil {
		w.RefreshTokenRotation = &wireRotation{Feature: string(r.Feature), RetryGracePeriodSeconds: r.RetryGracePeriodSeconds}
	}
	return w
}

// epoch writes a date as the service does: seconds since the epoch, with
// millisecond precision.
func epoch(t *time.Time) *float64 {
	if t == nil {
		return nil
	}
	f := float64(t.UnixMilli()) / 1000
	return &f
}

func strs[S ~string](in []S) []string {
	if len(in) == 0 {
		return nil
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = string(s)
	}
	return out
}

// cloneClient returns a deep copy, so that neither the caller of the test API
// nor a later request can alter what the other holds.
func cloneClient(c types.UserPoolClientType) types.UserPoolClientType {
	c.AccessTokenValidity = clonePtr(c.AccessTokenValidity)
	c.AllowedOAuthFlows = cloneList(c.AllowedOAuthFlows)
	c.AllowedOAuthFlowsUserPoolClient = clonePtr(c.AllowedOAuthFlowsUserPoolClient)
	c.AllowedOAuthScopes = cloneList(c.AllowedOAuthScopes)
	c.AnalyticsConfiguration = cloneAnalytics(c.AnalyticsConfiguration)
	c.AuthSessionValidity = clonePtr(c.AuthSessionValidity)
	c.CallbackURLs = cloneList(c.CallbackURLs)
	c.ClientId = clonePtr(c.ClientId)
	c.ClientName = clonePtr(c.ClientName)
	c.ClientSecret = clonePtr(c.ClientSecret)
	c.CreationDate = clonePtr(c.CreationDate)
	c.DefaultRedirectURI = clonePtr(c.DefaultRedirectURI)
	c.EnablePropagateAdditionalUserContextData = clonePtr(c.EnablePropagateAdditionalUserContextData)
	c.EnableTokenRevocation = clonePtr(c.EnableTokenRevocation)
	c.ExplicitAuthFlows = cloneList(c.ExplicitAuthFlows)
	c.IdTokenValidity = clonePtr(c.IdTokenValidity)
	c.LastModifiedDate = clonePtr(c.LastModifiedDate)
	c.LogoutURLs = cloneList(c.LogoutURLs)
	c.ReadAttributes = cloneList(c.ReadAttributes)
	c.RefreshTokenRotation = cloneRotation(c.RefreshTokenRotation)
	c.SupportedIdentityProviders = cloneList(c.SupportedIdentityProviders)
	if u := c.TokenValidityUnits; u != nil {
		c.TokenValidityUnits = &types.TokenValidityUnitsType{AccessToken: u.AccessToken, IdToken: u.IdToken, RefreshToken: u.RefreshToken}
	}
	c.UserPoolId = clonePtr(c.UserPoolId)
	c.WriteAttributes = cloneList(c.WriteAttributes)
	return c
}

func cloneAnalytics(a *types.AnalyticsConfigurationType) *types.AnalyticsConfigurationType {
	if a == nil {
		return nil
	}
	return &types.AnalyticsConfigurationType{
		ApplicationArn: clonePtr(a.ApplicationArn),
		ApplicationId:  clonePtr(a.ApplicationId),
		RoleArn:        clonePtr(a.RoleArn),
		ExternalId:     clonePtr(a.ExternalId),
		UserDataShared: a.UserDataShared,
	}
}

func cloneRotation(r *types.RefreshTokenRotationType) *types.RefreshTokenRotationType {
	if r == nil {
		return nil
	}
	return &types.RefreshTokenRotationType{Feature: r.Feature, RetryGracePeriodSeconds: clonePtr(r.RetryGracePeriodSeconds)}
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// cloneList also turns an empty list into nil: the service does not keep
// empty lists, it leaves the member out.
func cloneList[T any](in []T) []T {
	if len(in) == 0 {
		return nil
	}
	return append([]T(nil), in...)
}
