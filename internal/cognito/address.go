package cognito

import (
	"context"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// Address returns the host:port of the HTTPS endpoint c sends its requests
// to, resolved as the SDK resolves it for a request: from the client's
// Region, its base endpoint (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER and
// the like) and its FIPS and dual-stack settings. It reports false when the
// endpoint cannot be resolved or is not HTTPS, and for a Region that is not
// a DNS name, for which the SDK sends no request.
func Address(c *cip.Client) (string, bool) {
	o := c.Options()
	if !hostName(o.Region) || o.EndpointResolverV2 == nil {
		return "", false
	}
	ep, err := o.EndpointResolverV2.ResolveEndpoint(context.Background(), cip.EndpointParameters{
		Region:       aws.String(o.Region),
		Endpoint:     o.BaseEndpoint,
		UseFIPS:      aws.Bool(o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled),
		UseDualStack: aws.Bool(o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled),
	})
	if err != nil || ep.URI.Scheme != "https" || ep.URI.Hostname() == "" {
		return "", false
	}
	port := ep.URI.Port()
	if port == "" {
		port = "443"
	}
	return net.JoinHostPort(ep.URI.Hostname(), port), true
}

// hostName reports whether s is a DNS name: dot-separated labels of 1 to 63
// letters, digits and hyphens, none starting or ending with a hyphen.
func hostName(s string) bool {
	for label := range strings.SplitSeq(s, ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range []byte(label) {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
