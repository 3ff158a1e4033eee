package response

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync/atomic"
	"time"
)

// put sends body to rawURL until one attempt is accepted (2xx), an answer says
// retrying is useless (3xx, or a 4xx other than 429), the attempts run out, or
// ctx ends. It returns how many attempts were sent and, when none was
// accepted, an error that never names the URL (its query is the signature),
// and whether CloudFormation may still hold the body. That is certainly not
// so only when every attempt was refused a connection, failed its TLS
// handshake, or was answered with a 4xx other than 429: any other end (a
// 5xx, which S3 can give after storing the object, a 429, a timeout, a
// connection lost, no answer) leaves it uncertain.
func (w *wrapper) put(ctx context.Context, rawURL string, body []byte) (attempts int, uncertain bool, err error) {
	var last error
	for attempt := 1; ; attempt++ {
		retry, certain, err := w.attempt(ctx, rawURL, body)
		if err == nil {
			return attempt, false, nil
		}
		last = err
		uncertain = uncertain || !certain
		if !retry || attempt >= w.o.MaxAttempts || ctx.Err() != nil {
			return attempt, uncertain, fmt.Errorf("the response was not accepted after %d attempt(s): %w", attempt, last)
		}
		// Full jitter: a uniform wait in [0, capped exponential backoff).
		wait := time.NewTimer(rand.N(w.o.backoff(attempt)))
		select {
		case <-ctx.Done():
			wait.Stop()
			return attempt, uncertain, fmt.Errorf("the response was not accepted after %d attempt(s), out of time: %w", attempt, last)
		case <-wait.C:
		}
	}
}

// backoff is the ceiling of the wait after the failed attempt n (n >= 1):
// BaseBackoff·2^(n-1), at most MaxBackoff.
func (o Options) backoff(attempt int) time.Duration {
	b := min(o.MaxBackoff, o.BaseBackoff<<(attempt-1))
	if b <= 0 { // the shift overflowed
		return o.MaxBackoff
	}
	return b
}

// attempt sends one PUT, in its own timeout, and reports whether a failure is
// worth retrying, and whether it certainly did not deliver the body: the
// request never had a connection (refused, a failed TLS handshake, or the
// attempt's time up before one was ready: nothing of the request was sent),
// or the answer was a 4xx other than 429.
func (w *wrapper) attempt(ctx context.Context, rawURL string, body []byte) (retry, certain bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, w.o.AttemptTimeout)
	defer cancel()
	// Whether the request got a connection: before that, nothing of it was
	// sent. The transport's dial outlives a request whose time is up, so a
	// handshake still running then ends after Do returns: only the
	// connection handed to this request tells.
	var gotConn atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { gotConn.Store(true) },
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, rawURL, bytes.NewReader(body))
	if err != nil {
		// Nothing was sent. The error of NewRequest quotes the URL.
		return false, true, errors.New("PUT: cannot build the request")
	}
	// The pre-signed URL is signed for an empty content type.
	req.Header["Content-Type"] = []string{""}
	res, err := w.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			// *url.Error prints the whole URL, signature included.
			err = ue.Err
		}
		return true, !gotConn.Load(), fmt.Errorf("PUT: %w", err)
	}
	// The answer's body is never read: S3's error documents can quote the
	// signature, and an accepted PUT needs nothing from it.
	res.Body.Close()
	switch code := res.StatusCode; {
	case code >= 200 && code <= 299:
		return false, false, nil
	case code == http.StatusTooManyRequests || code >= 500:
		return true, false, fmt.Errorf("PUT: status %d", code)
	case code >= 300 && code <= 399:
		return false, false, fmt.Errorf("PUT: status %d, redirects are not followed", code)
	default:
		return false, code >= 400 && code <= 499, fmt.Errorf("PUT: status %d", code)
	}
}

// noRedirect makes a client return a 3xx answer as it is: a response must
// reach the URL CloudFormation signed, nowhere else.
func noRedirect(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}
