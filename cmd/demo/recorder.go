package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// recorder is a loopback proxy in front of cognito-local that notes every
// request the function sends to Cognito. The demo shows what the function
// asked of Cognito, not only what the emulator made of it: cognito-local
// merges an UpdateUserPoolClient into the client where Cognito resets what
// the request leaves out, so only the request itself can show that an update
// carries the settings a template does not declare.
type recorder struct {
	ln  net.Listener
	srv *http.Server

	mu    sync.Mutex
	calls []call
}

// call is one request to Cognito: its operation and its JSON body.
type call struct {
	Op   string
	Body map[string]any
}

// startRecorder starts a recorder that forwards to target.
func startRecorder(target string) (*recorder, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	r := &recorder{ln: ln}
	r.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		c := call{Op: strings.TrimPrefix(req.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")}
		_ = json.Unmarshal(body, &c.Body) // a body that is not JSON is recorded without one
		r.mu.Lock()
		r.calls = append(r.calls, c)
		r.mu.Unlock()
		proxy.ServeHTTP(w, req)
	})}
	go func() { _ = r.srv.Serve(ln) }()
	return r, nil
}

// URL returns the recorder's address, for AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER.
func (r *recorder) URL() string { return "http://" + r.ln.Addr().String() }

// take returns the calls recorded since the last take. The function's calls
// for an event are all recorded by the time its response arrives, since each
// is recorded before it is forwarded.
func (r *recorder) take() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	calls := r.calls
	r.calls = nil
	return calls
}

// ops names the operations of calls, in order.
func ops(calls []call) []string {
	var names []string
	for _, c := range calls {
		names = append(names, c.Op)
	}
	return names
}

// find returns the first call of operation op.
func find(calls []call, op string) (call, bool) {
	i := slices.IndexFunc(calls, func(c call) bool { return c.Op == op })
	if i < 0 {
		return call{}, false
	}
	return calls[i], true
}

// Close stops the recorder.
func (r *recorder) Close() error { return r.srv.Close() }
