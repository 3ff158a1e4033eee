package tlsdial

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
)

// server is an HTTPS server on loopback, offering HTTP/2 and HTTP/1.1 as a
// net/http server does, that counts the connections it accepts and notes
// when each ends.
type server struct {
	*httptest.Server
	accepted atomic.Int32
	mu       sync.Mutex
	closed   map[net.Conn]chan struct{}
}

func newServer(t *testing.T, cert tls.Certificate) *server {
	t.Helper()
	s := &server{closed: make(map[net.Conn]chan struct{})}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Proto)
	}))
	s.EnableHTTP2 = true
	s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}}
	s.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point of some tests
	s.Config.ConnState = func(c net.Conn, state http.ConnState) {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch state {
		case http.StateNew:
			s.accepted.Add(1)
			s.closed[c] = make(chan struct{})
		case http.StateClosed, http.StateHijacked:
			close(s.closed[c])
		}
	}
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// allClosed waits until every connection the server accepted has ended.
func (s *server) allClosed() {
	s.mu.Lock()
	var chans []chan struct{}
	for _, ch := range s.closed {
		chans = append(chans, ch)
	}
	s.mu.Unlock()
	for _, ch := range chans {
		<-ch
	}
}

func (s *server) addr() string { return s.Listener.Addr().String() }

// get sends a GET to s through a transport configured by d, and returns
// the protocol the server saw.
func get(t *testing.T, tr *http.Transport, s *server) string {
	t.Helper()
	res, err := (&http.Client{Transport: tr}).Get(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func transport(d *Dialer) *http.Transport {
	tr := &http.Transport{}
	d.Configure(tr)
	return tr
}

// A connection is verified for its host against the store's roots, speaks
// HTTP/1.1 although the server offers HTTP/2, and its handshake is reported
// to the request's trace.
func TestDialVerifiesAndSpeaksHTTP1(t *testing.T) {
	root := newRoot(t, "dial root")
	trustStore(t, []*authority{root}, nil)
	s := newServer(t, root.leaf(t, nil, "127.0.0.1"))
	d := New()

	var starts, dones atomic.Int32
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		TLSHandshakeStart: func() { starts.Add(1) },
		TLSHandshakeDone: func(cs tls.ConnectionState, err error) {
			if err == nil && cs.HandshakeComplete {
				dones.Add(1)
			}
		},
	})
	c, err := d.DialTLSContext(ctx, "tcp", s.addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if p := c.(*tls.Conn).ConnectionState().NegotiatedProtocol; p != "http/1.1" {
		t.Errorf("negotiated %q, want http/1.1", p)
	}
	if starts.Load() != 1 || dones.Load() != 1 {
		t.Errorf("trace saw %d handshake starts and %d successful ends, want 1 each", starts.Load(), dones.Load())
	}
	if p := get(t, transport(d), s); p != "HTTP/1.1" {
		t.Errorf("a request through Configure's transport went as %s, want HTTP/1.1", p)
	}
}

// A server whose certificate does not verify is refused in the handshake:
// a certificate for another name, or of a root the store does not hold.
func TestDialRefusesWhatDoesNotVerify(t *testing.T) {
	root, stranger := newRoot(t, "trusted root"), newRoot(t, "stranger root")
	trustStore(t, []*authority{root}, nil)
	for _, tc := range []struct {
		name string
		cert tls.Certificate
		want any // a pointer to the type of error wrapped
	}{
		{"another name", root.leaf(t, nil, "elsewhere.example"), &x509.HostnameError{}},
		{"an unknown root", stranger.leaf(t, nil, "127.0.0.1"), &x509.UnknownAuthorityError{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, tc.cert)
			var traced error
			ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
				TLSHandshakeDone: func(_ tls.ConnectionState, err error) { traced = err },
			})
			c, err := New().DialTLSContext(ctx, "tcp", s.addr())
			if err == nil {
				c.Close()
				t.Fatal("the handshake succeeded")
			}
			var verr *tls.CertificateVerificationError
			if !errors.As(err, &verr) || !errors.As(err, tc.want) {
				t.Errorf("error %v (%T), want a tls.CertificateVerificationError wrapping %T", err, err, tc.want)
			}
			if traced == nil {
				t.Error("the trace was not told the handshake failed")
			}
		})
	}
}

// A connection opened ahead is the one the next dial to its address uses:
// the server accepts one connection for both.
func TestWarmConnectionIsUsed(t *testing.T) {
	root := newRoot(t, "warm root")
	trustStore(t, []*authority{root}, nil)
	s := newServer(t, root.leaf(t, nil, "127.0.0.1"))
	d := New()
	release := d.Warm(s.addr())
	defer release()
	tr := transport(d)
	if p := get(t, tr, s); p != "HTTP/1.1" {
		t.Errorf("went as %s", p)
	}
	if n := s.accepted.Load(); n != 1 {
		t.Errorf("server accepted %d connections, want 1", n)
	}
	release() // taken: nothing to do, and the connection stays usable
	get(t, tr, s)
	if n := s.accepted.Load(); n != 1 {
		t.Errorf("after release, server accepted %d connections, want still 1", n)
	}
}

// A connection opened ahead that nobody takes is closed by release, which
// returns once nothing of it runs.
func TestWarmReleaseClosesAnUnusedConnection(t *testing.T) {
	root := newRoot(t, "release root")
	trustStore(t, []*authority{root}, nil)
	s := newServer(t, root.leaf(t, nil, "127.0.0.1"))
	d := New()
	release := d.Warm(s.addr())
	release()
	release() // twice is harmless
	s.allClosed()
	if len(d.warm) != 0 {
		t.Errorf("%d addresses still warm", len(d.warm))
	}
	// The next dial opens its own.
	get(t, transport(d), s)
	if n := s.accepted.Load(); n > 2 {
		t.Errorf("server accepted %d connections, want at most 2", n)
	}
}

// An endpoint that cannot be reached makes warming silent and harmless:
// the dial that finds the failed attempt makes its own, whose error it
// returns.
func TestWarmUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	d := New()
	release := d.Warm(addr)
	defer release()
	_, err = d.DialTLSContext(context.Background(), "tcp", addr)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dial error %v, want connection refused", err)
	}
}

// A server that accepts and never answers the handshake: release stops the
// attempt at once, and a dial waiting for it stops with its context.
func TestWarmHangingServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted, ended := make(chan struct{}, 2), make(chan struct{}, 2)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- struct{}{}
			go func() { // read until the client gives up
				io.Copy(io.Discard, c)
				c.Close()
				ended <- struct{}{}
			}()
		}
	}()
	d := New()
	release := d.Warm(ln.Addr().String())
	<-accepted
	release()
	<-ended

	d.Warm(ln.Addr().String())
	<-accepted
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := d.DialTLSContext(ctx, "tcp", ln.Addr().String())
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("dial error %v, want context.Canceled", err)
	}
	<-ended // the connection opened ahead was closed
}

// A connection opened ahead that waited longer than the age limit is
// closed, and the dial opens another.
func TestWarmTooOld(t *testing.T) {
	root := newRoot(t, "old root")
	trustStore(t, []*authority{root}, nil)
	s := newServer(t, root.leaf(t, nil, "127.0.0.1"))
	d := New()
	d.maxAge = 0
	defer d.Warm(s.addr())()
	get(t, transport(d), s)
	if n := s.accepted.Load(); n != 2 {
		t.Errorf("server accepted %d connections, want 2: the one opened ahead, closed, and a new one", n)
	}
}

// OneShot sends each request on a connection of its own.
func TestOneShot(t *testing.T) {
	root := newRoot(t, "one-shot root")
	trustStore(t, []*authority{root}, nil)
	s := newServer(t, root.leaf(t, nil, "127.0.0.1"))
	tr := New().OneShot()
	get(t, tr, s)
	get(t, tr, s)
	if n := s.accepted.Load(); n != 2 {
		t.Errorf("server accepted %d connections for 2 requests, want 2", n)
	}
	s.allClosed()
}
