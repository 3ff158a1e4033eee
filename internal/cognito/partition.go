package cognito

import (
	"context"
	"fmt"
	"strings"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-client-resource/cognitoclient/internal/echo"
)

// DNSSuffix returns the DNS suffix of the partition that region belongs to
// ("amazonaws.com" for us-east-1, "amazonaws.com.cn" for cn-north-1,
// "amazonaws.eu" for eusc-de-east-1, "c2s.ic.gov" for us-iso-east-1), as the
// SDK's partition metadata gives it: it is read from the host of Cognito's
// default endpoint in region, "cognito-idp.<region>.<suffix>", so that the
// project keeps no list of partitions of its own and a partition the SDK
// learns is known here too. A Region the SDK does not know gets the suffix
// the SDK would call it on (the aws partition's).
//
// It fails for an empty or malformed Region, and when the endpoint does not
// have that shape (the rules of a future SDK): the caller must then refuse
// every event rather than guess.
func DNSSuffix(region string) (string, error) {
	if region == "" {
		return "", fmt.Errorf("no AWS Region: AWS_REGION is not set")
	}
	ep, err := cip.NewDefaultEndpointResolverV2().ResolveEndpoint(context.Background(), cip.EndpointParameters{Region: &region})
	if err != nil {
		return "", fmt.Errorf("the DNS suffix of Region %s: %w", echo.Quote(region), err)
	}
	suffix, ok := strings.CutPrefix(ep.URI.Host, "cognito-idp."+region+".")
	if ep.URI.Scheme != "https" || !ok || suffix == "" || ep.URI.Port() != "" {
		return "", fmt.Errorf("the DNS suffix of Region %s: the SDK's endpoint %s is not https://cognito-idp.<region>.<suffix>", echo.Quote(region), echo.Quote(ep.URI.String()))
	}
	return suffix, nil
}
