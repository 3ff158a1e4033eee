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
// accepts and notes when each ends.
type tlsServer struct {
	*httptest.Server
	mu     sync.Mutex
	conns  []chan struct{} // closed when the connection ends, in accept order
	accept chan struct{}   // a value per connection accepted
}

func startTLS(t *testing.T, h http.Handler) *tlsServer {
	t.Helper()
	s := &tlsServer{Server: httptest.NewUnstartedServer(h), accept: make(chan struct{}, 16)}
	ends := make(map[net.Conn]chan struct{})
	s.Config.ConnState = func(c net.Conn, state http.ConnState) {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch state {
		case http.StateNew:
			ends[c] = make(chan struct{})
			s.conns = append(s.conns, ends[c])
			s.accept <- struct{}{}
		case http.StateClosed, http.StateHijacked:
			close(ends[c])
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
// event's call uses, and the next event's too; each response goes on a
// connection of its own, opened while the handler runs.
func TestConnectionsOpenedAhead(t *testing.T) {
	h, cognito, receiver := newTLSFn(t)
	<-cognito.accept // opened at init, before any event
	created, body, _ := h.invoke(h.event(cfn.RequestCreate, "", nil), 30*time.Second)
	if created.Status != cfn.StatusSuccess || body == nil {
		t.Fatalf("Create: %s %s, body received: %v", created.Status, created.Reason, body != nil)
	}
	next := h.props()
	next["AccessTokenValidity"] = "1h"
	updated, body, line := h.invoke(h.event(cfn.RequestUpdate, created.PhysicalResourceID, next), 30*time.Second)
	if updated.Status != cfn.StatusSuccess || body == nil || line["cognito_calls"] != 2.0 {
		t.Fatalf("Update: %s %s after %v calls, body received: %v", updated.Status, updated.Reason, line["cognito_calls"], body != nil)
	}
	if n := len(cognito.accepted()); n != 1 {
		t.Errorf("Cognito accepted %d connections for 3 calls, want 1: the one opened at init", n)
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
