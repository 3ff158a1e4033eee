package cognitofake

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func latencyClient(t *testing.T, s *Server) *cip.Client {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return cip.New(cip.Options{
		Region:       Region,
		BaseEndpoint: aws.String(s.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Transport: tr},
	})
}

// A request under latency is not looked at until the latency is over: a
// client that gives up first leaves no call and no change behind.
func TestSetLatency(t *testing.T) {
	s := New()
	t.Cleanup(s.Close)
	c := latencyClient(t, s)
	pool := s.CreatePool()
	id := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("shared")})
	in := &cip.UpdateUserPoolClientInput{UserPoolId: &pool, ClientId: &id, CallbackURLs: []string{"https://a.example.com/cb"}}

	s.SetLatency("UpdateUserPoolClient", time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.UpdateUserPoolClient(ctx, in); err == nil {
		t.Fatal("an update under an hour's latency answered")
	}
	if calls := s.Calls(); len(calls) != 0 {
		t.Errorf("calls = %+v: a request still waiting must not be looked at", calls)
	}
	// Other operations have no latency.
	if _, err := c.DescribeUserPoolClient(context.Background(), &cip.DescribeUserPoolClientInput{UserPoolId: &pool, ClientId: &id}); err != nil {
		t.Fatal(err)
	}

	s.SetLatency("UpdateUserPoolClient", 0)
	if _, err := c.UpdateUserPoolClient(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Client(pool, id); len(got.CallbackURLs) != 1 {
		t.Errorf("CallbackURLs = %v after the latency was removed", got.CallbackURLs)
	}
}
