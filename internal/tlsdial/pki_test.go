package tlsdial

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// authority is a certificate authority of the tests: a root, or an
// intermediate that a root signed.
type authority struct {
	cert *x509.Certificate
	key  crypto.Signer
}

var serial int64

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// sign makes a certificate from tmpl for key, signed by parent (itself when
// nil), and returns it parsed.
func sign(t testing.TB, tmpl *x509.Certificate, key *ecdsa.PrivateKey, parent *authority) *x509.Certificate {
	t.Helper()
	serial++
	tmpl.SerialNumber = big.NewInt(serial)
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore, tmpl.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	}
	issuer, signer := tmpl, crypto.Signer(key)
	if parent != nil {
		issuer, signer = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// newRoot makes a self-signed root named name.
func newRoot(t testing.TB, name string) *authority {
	t.Helper()
	key := newKey(t)
	return &authority{key: key, cert: sign(t, &x509.Certificate{
		Subject: pkix.Name{CommonName: name, Organization: []string{"tlsdial tests"}},
		IsCA:    true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}, key, nil)}
}

// intermediate makes an authority that a signs.
func (a *authority) intermediate(t testing.TB, name string) *authority {
	t.Helper()
	key := newKey(t)
	return &authority{key: key, cert: sign(t, &x509.Certificate{
		Subject: pkix.Name{CommonName: name},
		IsCA:    true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}, key, a)}
}

// leaf makes a server certificate for hosts (names or IP addresses) that
// a signs, with its key; change, when not nil, adjusts the template.
func (a *authority) leaf(t testing.TB, change func(*x509.Certificate), hosts ...string) tls.Certificate {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: hosts[0]},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	if change != nil {
		change(tmpl)
	}
	c := sign(t, tmpl, key, a)
	return tls.Certificate{Certificate: [][]byte{c.Raw}, PrivateKey: key, Leaf: c}
}

// pemOf writes certificates as PEM.
func pemOf(certs ...*x509.Certificate) []byte {
	var b []byte
	for _, c := range certs {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return b
}

// trustStore points SSL_CERT_FILE at a file holding the file roots and
// SSL_CERT_DIR at a directory holding one file per dir root, with a
// same-directory symbolic link to each, as distributions lay them out.
func trustStore(t *testing.T, file, dir []*authority) {
	t.Helper()
	base := t.TempDir()
	var certs []*x509.Certificate
	for _, a := range file {
		certs = append(certs, a.cert)
	}
	bundle := filepath.Join(base, "bundle.pem")
	if err := os.WriteFile(bundle, pemOf(certs...), 0o644); err != nil {
		t.Fatal(err)
	}
	certDir := filepath.Join(base, "certs")
	if err := os.Mkdir(certDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, a := range dir {
		name := strings.ReplaceAll(a.cert.Subject.CommonName, " ", "_") + ".pem"
		if err := os.WriteFile(filepath.Join(certDir, name), pemOf(a.cert), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(name, filepath.Join(certDir, string(rune('a'+i))+".0")); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(certFileEnv, bundle)
	t.Setenv(certDirEnv, certDir)
}
