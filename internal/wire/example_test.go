package wire_test

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/wire"
)

// An existing client gets one more callback URL; everything else it has,
// down to its 90-minute access tokens, goes into the request unchanged.
func Example() {
	described := &types.UserPoolClientType{
		ClientName:          str("spa"),
		AccessTokenValidity: int32p(90),
		TokenValidityUnits:  &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes},
		CallbackURLs:        []string{"https://app.example.com/cb"},
		ExplicitAuthFlows:   []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
	}
	template := props.Settings{
		Config:   props.Config{CallbackURLs: []string{"https://app.example.com/cb", "https://d111.cloudfront.net/cb"}},
		Declared: props.Fields{"CallbackURLs": true},
	}

	current := wire.FromClient(described)
	full := props.Overlay(current, template, nil)
	fmt.Println("changed:", props.Changed(current, full))

	in := wire.Update("eu-west-1_AbC123", "1example23456789", full)
	fmt.Println("access token:", *in.AccessTokenValidity, in.TokenValidityUnits.AccessToken)
	fmt.Println("refresh token:", in.RefreshTokenValidity, in.TokenValidityUnits.RefreshToken)
	fmt.Println("auth flows:", in.ExplicitAuthFlows)
	// Output:
	// changed: [CallbackURLs]
	// access token: 90 minutes
	// refresh token: 30 days
	// auth flows: [ALLOW_USER_SRP_AUTH]
}

func str(s string) *string  { return &s }
func int32p(n int32) *int32 { return &n }
