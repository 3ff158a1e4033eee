package lambdalocal

import (
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Received is one request a [Receiver] got.
type Received struct {
	Method string
	// Path is the URL path, Query the raw query, as sent.
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// Receiver stands in for the pre-signed S3 URL CloudFormation gives a custom
// resource: a loopback HTTP server that records every request and answers a
// PUT with 200 and anything else with 405. Its methods are safe for
// concurrent use.
type Receiver struct {
	ln   net.Listener
	http *http.Server

	mu       sync.Mutex
	received []Received
}

// NewReceiver starts a Receiver on a free port of 127.0.0.1. It panics if
// no port can be had, as httptest.NewServer does; it is test support.
func NewReceiver() *Receiver {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("lambdalocal: listening on 127.0.0.1: " + err.Error())
	}
	r := &Receiver{ln: ln}
	r.http = &http.Server{Handler: http.HandlerFunc(r.record), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = r.http.Serve(ln) }()
	return r
}

// URL returns the Receiver's address followed by pathAndQuery, which should
// start with "/" (for example "/bucket/key?X-Amz-Signature=abc").
func (r *Receiver) URL(pathAndQuery string) string {
	return "http://" + r.ln.Addr().String() + pathAndQuery
}

// Responses returns a copy of every request received so far, in arrival
// order.
func (r *Receiver) Responses() []Received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.received)
}

// Close stops the Receiver.
func (r *Receiver) Close() error { return r.http.Close() }

func (r *Receiver) record(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	r.received = append(r.received, Received{
		Method: req.Method,
		Path:   req.URL.Path,
		Query:  req.URL.RawQuery,
		Header: req.Header.Clone(),
		Body:   body,
	})
	r.mu.Unlock()
	if req.Method != http.MethodPut {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	w.WriteHeader(http.StatusOK)
}
