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
// accepted, an error that names the URL only through Redact, and whether
// CloudFormation may still have received the body: uncertain is true when an
// attempt's body was written in full and no answer came back (a timeout or a
// connection lost while waiting). Failures before the body was written, and
// answers with an error status, are certain non-deliveries.
func (w *wrapper) put(ctx context.Context, rawURL string, body []byte) (attempts int, uncertain bool, err error) {
	var last error
	for attempt := 1; ; attempt++ {
		retry, unanswered, err := w.attempt(ctx, rawURL, body)
		if err == nil {
			return attempt, false, nil
		}
		last = err
		uncertain = uncertain || unanswered
		if !retry || attempt >= w.o.MaxAttempts || ctx.Err() != nil {
			return attempt, uncertain, fmt.Errorf("the response was not accepted after %d attempt(s): %w", attempt, last)
		}
		// Full jitter: a uniform wait in [0, capped exponential backoff).
		backoff := min(w.o.MaxBackoff, w.o.BaseBackoff<<(attempt-1))
		if backoff <= 0 { // the shift overflowed
			backoff = w.o.MaxBackoff
		}
		wait := time.NewTimer(rand.N(backoff))
		select {
		case <-ctx.Done():
			wait.Stop()
			return attempt, uncertain, fmt.Errorf("the response was not accepted after %d attempt(s), out of time: %w", attempt, last)
		case <-wait.C:
		}
	}
}

// attempt sends one PUT, in its own timeout, and reports whether a failure is
// worth retrying, and whether it came after the whole body was written
// without any answer (so the receiver may have stored it).
func (w *wrapper) attempt(ctx context.Context, rawURL string, body []byte) (retry, unanswered bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, w.o.AttemptTimeout)
	defer cancel()
	var wrote atomic.Bool // set by the transport's writing goroutine
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(i httptrace.WroteRequestInfo) {
			if i.Err == nil {
				wrote.Store(true)
			}
		},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, rawURL, bytes.NewReader(body))
	if err != nil {
		// The error of NewRequest quotes the URL.
		return false, false, fmt.Errorf("PUT %s: cannot build the request", Redact(rawURL))
	}
	// The pre-signed URL is signed for an empty content type.
	req.Header["Content-Type"] = []string{""}
	res, err := w.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			// *url.Error prints the whole URL, signature included.
			err = &url.Error{Op: ue.Op, URL: Redact(ue.URL), Err: ue.Err}
		}
		return true, wrote.Load(), err
	}
	// The answer's body is never read: S3's error documents can quote the
	// signature, and an accepted PUT needs nothing from it.
	res.Body.Close()
	switch code := res.StatusCode; {
	case code >= 200 && code <= 299:
		return false, false, nil
	case code == http.StatusTooManyRequests || code >= 500:
		return true, false, fmt.Errorf("PUT %s: status %d", Redact(rawURL), code)
	case code >= 300 && code <= 399:
		return false, false, fmt.Errorf("PUT %s: status %d, redirects are not followed", Redact(rawURL), code)
	default:
		return false, false, fmt.Errorf("PUT %s: status %d", Redact(rawURL), code)
	}
}

// noRedirect makes a client return a 3xx answer as it is: a response must
// reach the URL CloudFormation signed, nowhere else.
func noRedirect(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}
