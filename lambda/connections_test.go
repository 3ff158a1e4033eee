package main

import (
	"encoding/pem"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
)

// tlsServer is an HTTPS server on loopback that counts the connections it
// accepts, notes when each ends, and which one each request came on.
type tlsServer struct {
	*httptest.Server
	mu     sync.Mutex
	conns  []chan struct{} // closed when the connection ends, in accept order
	on     []int           // for each request in turn, its connection's index in conns
	accept chan struct{}   // a value per connection accepted
}

func startTLS(t *testing.T, h http.Handler) *tlsServer {
	t.Helper()
	s := &tlsServer{Server: httptest.NewUnstartedServer(h), accept: make(chan struct{}, 16)}
	index := make(map[net.Conn]int)
	s.Config.ConnState = func(c net.Conn, state http.ConnState) {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch state {
		case http.StateNew:
			index[c] = len(s.conns)
			s.conns = append(s.conns, make(chan struct{}))
			s.accept <- struct{}{}
		case http.StateActive:
			s.on = append(s.on, index[c])
		case http.StateClosed, http.StateHijacked:
			close(s.conns[index[c]])
		}
	}
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

func (s *tlsServer) accepted() []chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]chan struct{}(nil), s.conns...)
}

// requests returns, for each request received in turn, the index of its
// connection in accept order.
func (s *tlsServer) requests() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.on...)
}

// newTLSFn is newFn's function with Cognito and the receiver behind HTTPS,
// as on Lambda, trusting their certificate through SSL_CERT_FILE.
func newTLSFn(t *testing.T) (h *fn, cognito, receiver *tlsServer) {
	t.Helper()
	h = newFn(t)
	cognito = startTLS(t, h.fake.Handler())
	receiver = startTLS(t, h.receiver.Config.Handler)
	h.receiver = receiver.Server
	roots := filepath.Join(t.TempDir(), "roots.pem")
	// httptest's servers share one certificate, for 127.0.0.1 among others.
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cognito.Certificate().Raw})
	if err := os.WriteFile(roots, cert, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SSL_CERT_FILE", roots)
	t.Setenv("SSL_CERT_DIR", t.TempDir())
	awsEnv(t, cognito.URL, h.sm.URL(), true)
	h.f = entry(io.MultiWriter(&suiteLogs, &h.logs), nil, shortRetries)
	return h, cognito, receiver
}

// The connection to Cognito is opened at init and is the one the first
// event's call uses; the next event's calls go on pooled connections; each
// response goes on a connection of its own, opened while the handler runs.
func TestConnectionsOpenedAhead(t *testing.T) {
	h, cognito, receiver := newTLSFn(t)
	<-cognito.accept // opened at init, before any event
	created, body, _ := h.invoke(h.event(cfn.RequestCreate, "", nil), 30*time.Second)
	if created.Status != cfn.StatusSuccess || body == nil {
		t.Fatalf("Create: %s %s, body received: %v", created.Status, created.Reason, body != nil)
	}
	if on, n := cognito.requests(), len(cognito.accepted()); len(on) != 1 || on[0] != 0 || n != 1 {
		t.Errorf("the Create's call came on connection %v of %d accepted, want on the one opened at init, the only one", on, n)
	}
	next := h.props()
	next["AccessTokenValidity"] = "1h"
	updated, body, line := h.invoke(h.event(cfn.RequestUpdate, created.PhysicalResourceID, next), 30*time.Second)
	if updated.Status != cfn.StatusSuccess || body == nil || line["cognito_calls"] != 2.0 {
		t.Fatalf("Update: %s %s after %v calls, body received: %v", updated.Status, updated.Reason, line["cognito_calls"], body != nil)
	}
	// net/http hands a connection back to its pool just after the caller
	// read the answer: a request that comes first (on a loaded machine) has
	// another opened, so only the connections' use is asserted.
	if on := cognito.requests(); len(on) != 3 {
		t.Errorf("Cognito got requests on connections %v, want 3 requests", on)
	}
	if n := len(receiver.accepted()); n != 2 {
		t.Errorf("the receiver accepted %d connections for 2 responses, want 2", n)
	}
}

// A first event that makes no Cognito call leaves no connection opened at
// init behind: it is closed once the event is answered.
func TestConnectionOpenedAheadIsClosedWhenUnused(t *testing.T) {
	h, cognito, _ := newTLSFn(t)
	<-cognito.accept
	bad := h.props()
	bad["AccessTokenValidity"] = "forever"
	resp, _, line := h.invoke(h.event(cfn.RequestCreate, "", bad), 30*time.Second)
	if resp.Status != cfn.StatusFailed || line["cognito_calls"] != 0.0 {
		t.Fatalf("Create with invalid properties: %s after %v calls, want FAILED after none", resp.Status, line["cognito_calls"])
	}
	for _, ended := range cognito.accepted() {
		<-ended
	}
}
