package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// systemBundles are the files Go's crypto/x509 reads the system roots from
// on Linux, the first that exists: Debian's, then Amazon Linux's (the
// function's). The bench's own root is added to a copy of it, so that each
// process loads as many roots as it would on Lambda before it trusts the
// bench's endpoints.
var systemBundles = []string{
	"/etc/ssl/certs/ca-certificates.crt",
	"/etc/pki/tls/certs/ca-bundle.crt",
}

// pki is a root and a certificate for 127.0.0.1 signed by it, which the
// Cognito front and the response receiver serve, and the file of roots
// (SSL_CERT_FILE) that makes a process trust them.
type pki struct {
	server tls.Certificate
	roots  string // path of the system roots plus the bench's root, PEM
}

// newPKI makes the root and the server certificate, ECDSA P-256 both, and
// writes the roots file into dir.
func newPKI(dir string) (*pki, error) {
	rootKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	rootTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "bench root"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	rootDER, err := x509.CreateCertificate(rand.Reader, rootTmpl, rootTmpl, &rootKey.PublicKey, rootKey)
	if err != nil {
		return nil, err
	}
	root, err := x509.ParseCertificate(rootDER)
	if err != nil {
		return nil, err
	}
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, root, &leafKey.PublicKey, rootKey)
	if err != nil {
		return nil, err
	}

	var bundle []byte
	for _, f := range systemBundles {
		if b, err := os.ReadFile(f); err == nil {
			bundle = append(b, '\n')
			break
		}
	}
	bundle = append(bundle, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: rootDER})...)
	roots := filepath.Join(dir, "roots.pem")
	if err := os.WriteFile(roots, bundle, 0o644); err != nil {
		return nil, err
	}
	return &pki{
		server: tls.Certificate{Certificate: [][]byte{leafDER, rootDER}, PrivateKey: leafKey},
		roots:  roots,
	}, nil
}

// serverConfig is the TLS configuration of the bench's HTTPS servers: the
// server certificate, and ALPN offering HTTP/2 and HTTP/1.1, as a server
// of Go's net/http does by default.
func (p *pki) serverConfig() *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{p.server}, NextProtos: []string{"h2", "http/1.1"}}
}

// env is what makes a process trust the bench's servers: its roots file.
// Go's crypto/x509 reads the system's certificate directories as well.
func (p *pki) env() []string { return []string{"SSL_CERT_FILE=" + p.roots} }

// acceptLog is a listener that notes when each connection was accepted,
// by the remote address that a request on it reports.
type acceptLog struct {
	net.Listener
	mu       sync.Mutex
	accepted map[string]time.Time
}

func listenLogged() (*acceptLog, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening on 127.0.0.1: %w", err)
	}
	return &acceptLog{Listener: ln, accepted: make(map[string]time.Time)}, nil
}

func (l *acceptLog) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	at := time.Now()
	l.mu.Lock()
	l.accepted[c.RemoteAddr().String()] = at
	l.mu.Unlock()
	return c, nil
}

// acceptedAt returns when the connection from remote was accepted.
func (l *acceptLog) acceptedAt(remote string) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.accepted[remote]
}
