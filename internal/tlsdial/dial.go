// Package tlsdial opens the function's TLS connections, to Cognito and to
// the ResponseURL, for the transports of both clients: verified against the
// system's roots as crypto/tls verifies them, but reading the roots lazily,
// and opened ahead of the request where its host is known earlier (Cognito's
// endpoint at init; the ResponseURL's host when an event arrives), so that
// the handshake overlaps work the function does anyway.
//
// Lazily read roots are for Linux, the function's platform: elsewhere, and
// in FIPS 140 mode, connections are verified by crypto/tls itself.
package tlsdial

import (
	"context"
	"crypto/fips140"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptrace"
	"runtime"
	"slices"
	"sync"
	"time"
)

// The bounds of a connection, those of the AWS SDK's and net/http's
// default transports.
const (
	dialTimeout      = 30 * time.Second
	keepAlive        = 30 * time.Second
	handshakeTimeout = 10 * time.Second
)

// MaxWarmAge is how long a connection opened ahead stays usable unused.
// Servers close idle connections, and one the function finds dead would cost
// its request an error: a connection older than this is closed and another
// opened. The function uses one within milliseconds (a cold start's first
// Cognito request follows init at once; a response follows its event's
// Cognito calls), so this only ends those that waited for a later event.
const MaxWarmAge = 5 * time.Second

// Dialer opens TLS connections. Its zero value is not usable: see [New].
// It is safe for concurrent use.
type Dialer struct {
	roots  *roots // nil: crypto/tls verifies with the platform's roots
	net    net.Dialer
	maxAge time.Duration // MaxWarmAge

	mu   sync.Mutex
	warm map[string][]*warmConn // by address, oldest first
}

// New returns a Dialer. Nothing is read until the first connection is
// verified.
func New() *Dialer {
	d := &Dialer{
		net:    net.Dialer{Timeout: dialTimeout, KeepAlive: keepAlive},
		maxAge: MaxWarmAge,
		warm:   make(map[string][]*warmConn),
	}
	if runtime.GOOS == "linux" && !fips140.Enabled() {
		d.roots = &roots{}
	}
	return d
}

// Configure makes tr open its HTTPS connections with d, speaking HTTP/1.1:
// each event sends one or two requests in turn to a host, for which
// HTTP/2's connection preface and settings exchange only add work. A
// connection through a proxy is still verified by crypto/tls.
func (d *Dialer) Configure(tr *http.Transport) {
	tr.DialTLSContext = d.DialTLSContext
	tr.ForceAttemptHTTP2 = false
}

// OneShot returns a transport that sends each request on a connection of
// its own, opened by d (or one [Dialer.Warm] opened ahead), and closes it
// after the answer: for a request that is the only one to its host, such as
// an event's response, whose pooled connection could be dead by the next
// event (Lambda freezes the function in between). The proxy comes from the
// environment, as with http.DefaultTransport.
func (d *Dialer) OneShot() *http.Transport {
	tr := &http.Transport{Proxy: http.ProxyFromEnvironment, DisableKeepAlives: true}
	d.Configure(tr)
	return tr
}

// DialTLSContext opens a TLS connection to addr (host:port), its handshake
// done and verified for host, within the bounds of the SDK's default
// transport. It uses a connection opened ahead by [Dialer.Warm] for addr
// when there is one, waiting for it if it is being opened. The handshake is
// reported to an httptrace.ClientTrace of ctx, as http.Transport reports
// its own.
func (d *Dialer) DialTLSContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if w := d.take(addr); w != nil {
		if c := w.wait(ctx, d.maxAge); c != nil {
			return c, nil
		}
	}
	return d.dial(ctx, network, addr, httptrace.ContextClientTrace(ctx))
}

// dial opens a connection to addr and completes its handshake, reporting
// it to trace when it is not nil.
func (d *Dialer) dial(ctx context.Context, network, addr string, trace *httptrace.ClientTrace) (*tls.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if d.roots != nil {
		// Read while the connection opens: the handshake's verification
		// waits for it, and is its only use.
		go d.roots.loadFile()
	}
	raw, err := d.net.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	conn := tls.Client(raw, d.config(host))
	hctx, cancel := context.WithTimeout(ctx, handshakeTimeout)
	defer cancel()
	if trace != nil && trace.TLSHandshakeStart != nil {
		trace.TLSHandshakeStart()
	}
	err = conn.HandshakeContext(hctx)
	if trace != nil && trace.TLSHandshakeDone != nil {
		trace.TLSHandshakeDone(conn.ConnectionState(), err)
	}
	if err != nil {
		raw.Close()
		return nil, err
	}
	return conn, nil
}

// config is the TLS configuration of a connection to host. With lazily read
// roots, crypto/tls's own verification is replaced by VerifyConnection,
// which runs in the handshake and makes the same checks against the same
// roots; crypto/tls still checks that the server holds the certificate's
// key.
func (d *Dialer) config(host string) *tls.Config {
	cfg := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}}
	if d.roots != nil {
		cfg.InsecureSkipVerify = true
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			if err := d.roots.verify(cs.PeerCertificates, host); err != nil {
				return &tls.CertificateVerificationError{UnverifiedCertificates: cs.PeerCertificates, Err: err}
			}
			return nil
		}
	}
	return cfg
}

// Warm starts opening a connection to addr (host:port) in the background,
// for the next [Dialer.DialTLSContext] to addr to use. Its failure is
// silent: that dial then opens its own connection. Call release once the
// connection is no longer wanted (at the latest when the work it was
// opened for is done): it stops the opening, closes the connection if no
// dial took it, and returns once nothing of it is left running. It may be
// called more than once.
func (d *Dialer) Warm(addr string) (release func()) {
	ctx, cancel := context.WithCancel(context.Background())
	w := &warmConn{cancel: cancel, done: make(chan struct{})}
	d.mu.Lock()
	d.warm[addr] = append(d.warm[addr], w)
	d.mu.Unlock()
	go func() {
		defer close(w.done)
		w.conn, w.err = d.dial(ctx, "tcp", addr, nil)
		w.at = time.Now()
	}()
	return func() {
		d.mu.Lock()
		i := slices.Index(d.warm[addr], w)
		if i >= 0 {
			d.warm[addr] = slices.Delete(d.warm[addr], i, i+1)
			if len(d.warm[addr]) == 0 {
				delete(d.warm, addr)
			}
		}
		d.mu.Unlock()
		if i >= 0 { // not taken: nobody else will close it
			w.discard()
		}
	}
}

// take removes the oldest connection opened ahead for addr and returns it,
// or nil when there is none.
func (d *Dialer) take(addr string) *warmConn {
	d.mu.Lock()
	defer d.mu.Unlock()
	ws := d.warm[addr]
	if len(ws) == 0 {
		return nil
	}
	if len(ws) == 1 {
		delete(d.warm, addr)
	} else {
		d.warm[addr] = ws[1:]
	}
	return ws[0]
}

// warmConn is a connection opened ahead. Its fields other than cancel and
// done are written once, before done is closed.
type warmConn struct {
	cancel context.CancelFunc
	done   chan struct{}
	conn   *tls.Conn
	err    error
	at     time.Time // when the handshake ended
}

// wait returns the connection once it is open, or nil if its opening failed,
// it is older than maxAge, or ctx ended first; it then leaves nothing open.
func (w *warmConn) wait(ctx context.Context, maxAge time.Duration) *tls.Conn {
	select {
	case <-w.done:
	case <-ctx.Done():
	}
	w.cancel()
	<-w.done
	if w.err != nil {
		return nil
	}
	if ctx.Err() != nil || time.Since(w.at) > maxAge {
		w.conn.Close()
		return nil
	}
	return w.conn
}

// discard stops the opening, waits for it to end and closes the connection.
func (w *warmConn) discard() {
	w.cancel()
	<-w.done
	if w.conn != nil {
		w.conn.Close()
	}
}
