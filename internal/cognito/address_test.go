package cognito_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
)

// sentTo stands for the address a request of the client is sent to.
const sentTo = "the request's"

// hostOfRequest returns the host:port a request of c is sent to, "" when it
// cannot be sent.
func hostOfRequest(t *testing.T, c *cip.Client) string {
	t.Helper()
	var host string
	_, err := c.DescribeUserPoolClient(context.Background(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String("us-east-1_a"), ClientId: aws.String("c")},
		func(o *cip.Options) {
			o.Retryer = aws.NopRetryer{}
			o.HTTPClient = captureHost(func(r *http.Request) { host = r.URL.Host })
		})
	if err == nil {
		t.Fatal("the captured request was answered")
	}
	if host != "" && !strings.Contains(strings.TrimPrefix(host, "["), ":") || strings.HasSuffix(host, "]") {
		host = net.JoinHostPort(strings.Trim(host, "[]"), "443")
	}
	return host
}

// captureHost is an HTTP client that sends nothing: it notes each request
// and fails it.
type captureHost func(*http.Request)

func (c captureHost) Do(r *http.Request) (*http.Response, error) {
	c(r)
	return nil, errors.New("not sent")
}

// Address names the endpoint a request of the client goes to: Cognito's of
// the Region, or the base endpoint set, with FIPS and dual-stack applied;
// and nothing for an endpoint that is not HTTPS, or without a Region.
func TestAddress(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		o    func(*cip.Options)
		want string // "" for none
	}{
		{"the Region's endpoint", func(o *cip.Options) {}, "cognito-idp.us-east-1.amazonaws.com:443"},
		{"an unknown Region's", func(o *cip.Options) { o.Region = "xx-future-1" }, sentTo},
		{"another partition's", func(o *cip.Options) { o.Region = "cn-north-1" }, "cognito-idp.cn-north-1.amazonaws.com.cn:443"},
		{"FIPS", func(o *cip.Options) { o.EndpointOptions.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled }, "cognito-idp-fips.us-east-1.amazonaws.com:443"},
		{"dual-stack", func(o *cip.Options) { o.EndpointOptions.UseDualStackEndpoint = aws.DualStackEndpointStateEnabled }, sentTo},
		{"a base endpoint", func(o *cip.Options) { o.BaseEndpoint = aws.String("https://cognito.test:8443/path") }, "cognito.test:8443"},
		{"a base endpoint without a port", func(o *cip.Options) { o.BaseEndpoint = aws.String("https://[::1]") }, "[::1]:443"},
		{"an http base endpoint", func(o *cip.Options) { o.BaseEndpoint = aws.String("http://127.0.0.1:9229") }, ""},
		{"no Region", func(o *cip.Options) { o.Region = "" }, ""},
		{"a Region that is not a host label", func(o *cip.Options) { o.Region = "a/b" }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := cip.New(cip.Options{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", "")}, tc.o)
			sent := hostOfRequest(t, c)
			got, ok := cognito.Address(c)
			want := tc.want
			if want == sentTo {
				want = sent
			}
			if got != want || ok != (want != "") {
				t.Errorf("Address = %q, %v; want %q", got, ok, want)
			}
			if ok && got != sent {
				t.Errorf("Address = %q, but the client sends its requests to %q", got, sent)
			}
		})
	}
}
