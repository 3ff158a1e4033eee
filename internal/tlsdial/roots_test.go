package tlsdial

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// rawSubject reads the subject crypto/x509 reads, for every certificate of
// this machine's trust store and for shapes the store may not have.
func TestRawSubject(t *testing.T) {
	root := newRoot(t, "subject root")
	long := root.leaf(t, func(c *x509.Certificate) {
		c.Subject = pkix.Name{CommonName: strings.Repeat("long subject ", 30), Organization: []string{"o"}, Country: []string{"DE"}}
	}, "long.example")
	certs := map[string][]byte{"root": root.cert.Raw, "long subject, long-form length": long.Leaf.Raw, "leaf": root.leaf(t, nil, "a.example").Leaf.Raw}
	for _, f := range certFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for i := 1; len(data) > 0; i++ {
			var block *pem.Block
			if block, data = pem.Decode(data); block == nil {
				break
			}
			certs[fmt.Sprintf("%s, certificate %d", f, i)] = block.Bytes
		}
		break
	}
	for name, der := range certs {
		want, err := x509.ParseCertificate(der)
		if err != nil {
			continue // crypto/x509 skips it too
		}
		got, ok := rawSubject(der)
		if !ok || !bytes.Equal(got, want.RawSubject) {
			t.Errorf("%s: rawSubject = %x, %v; want %x", name, got, ok, want.RawSubject)
		}
	}
}

func TestRawSubjectRefusesMalformed(t *testing.T) {
	der := newRoot(t, "malformed").cert.Raw
	for _, tc := range []struct {
		name string
		der  []byte
	}{
		{"empty", nil},
		{"one byte", []byte{0x30}},
		{"not a sequence", append([]byte{0x31}, der[1:]...)},
		{"truncated", der[:len(der)/2]},
		{"indefinite length", []byte{0x30, 0x80, 0x00, 0x00}},
		{"a length of five bytes", []byte{0x30, 0x85, 1, 0, 0, 0, 0}},
		{"a sequence of nothing", []byte{0x30, 0x00}},
		{"a TBSCertificate without a subject", []byte{0x30, 0x07, 0x30, 0x05, 0x02, 0x01, 0x01, 0x30, 0x00}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if s, ok := rawSubject(tc.der); ok {
				t.Errorf("rawSubject = %x, true; want false", s)
			}
		})
	}
}

// Whatever crypto/x509 parses, rawSubject reads the same subject from.
func FuzzRawSubject(f *testing.F) {
	root := newRoot(f, "fuzz root")
	f.Add(root.cert.Raw)
	f.Add(root.leaf(f, nil, "fuzz.example").Leaf.Raw)
	f.Add([]byte{0x30, 0x81, 0x03, 0x30, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, der []byte) {
		got, ok := rawSubject(der)
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return
		}
		if !ok || !bytes.Equal(got, c.RawSubject) {
			t.Errorf("rawSubject = %x, %v; crypto/x509 reads %x", got, ok, c.RawSubject)
		}
	})
}

// verify gives the answer crypto/x509 gives against every root of the same
// store, file and directories, for every kind of chain; the directories
// are read only when the file's roots do not verify the chain.
func TestVerifyAnswersAsCryptoX509(t *testing.T) {
	inFile, inDir, unknown := newRoot(t, "file root"), newRoot(t, "dir root"), newRoot(t, "unknown root")
	other := newRoot(t, "other file root")
	mid := inFile.intermediate(t, "file intermediate")
	// A root of the directory with the same name as a root of the file, and
	// a chain that only the directory's verifies.
	twin := newRoot(t, "file root")
	trustStore(t, []*authority{other, inFile}, []*authority{inDir, twin})

	expired := func(c *x509.Certificate) {
		c.NotBefore, c.NotAfter = time.Now().Add(-2*time.Hour), time.Now().Add(-time.Hour)
	}
	for _, tc := range []struct {
		name     string
		chain    []*x509.Certificate
		host     string
		ok       bool
		readDirs bool
		errType  error // the type of the error, when not ok
	}{
		{name: "a leaf of a root of the file", chain: chain(inFile.leaf(t, nil, "a.example")), host: "a.example", ok: true},
		{name: "another name", chain: chain(inFile.leaf(t, nil, "a.example")), host: "b.example", readDirs: true, errType: x509.HostnameError{}},
		{name: "an IP address", chain: chain(inFile.leaf(t, nil, "127.0.0.1")), host: "127.0.0.1", ok: true},
		{name: "through an intermediate the server presents", chain: chain(mid.leaf(t, nil, "m.example"), mid.cert), host: "m.example", ok: true},
		{name: "through an intermediate the server does not present", chain: chain(mid.leaf(t, nil, "m.example")), host: "m.example", readDirs: true, errType: x509.UnknownAuthorityError{}},
		{name: "a leaf of a root of the directory", chain: chain(inDir.leaf(t, nil, "d.example")), host: "d.example", ok: true, readDirs: true},
		{name: "a leaf of the directory's root named as the file's", chain: chain(twin.leaf(t, nil, "t.example")), host: "t.example", ok: true, readDirs: true},
		{name: "a leaf of an unknown root", chain: chain(unknown.leaf(t, nil, "u.example")), host: "u.example", readDirs: true, errType: x509.UnknownAuthorityError{}},
		{name: "expired", chain: chain(inFile.leaf(t, expired, "e.example")), host: "e.example", readDirs: true, errType: x509.CertificateInvalidError{}},
		{name: "a root presented as the leaf", chain: []*x509.Certificate{inFile.cert}, host: "file root", readDirs: true, errType: x509.HostnameError{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &roots{}
			err := r.verify(tc.chain, tc.host)
			want := verifyAll(t, tc.chain, tc.host)
			if (err == nil) != (want == nil) || (err != nil && reflect.TypeOf(err) != reflect.TypeOf(want)) {
				t.Fatalf("verify = %v; crypto/x509 against every root: %v", err, want)
			}
			if (err == nil) != tc.ok || (err != nil && reflect.TypeOf(err) != reflect.TypeOf(tc.errType)) {
				t.Errorf("verify = %v; want ok %v, or an error of type %T", err, tc.ok, tc.errType)
			}
			if read := r.dirs != nil; read != tc.readDirs {
				t.Errorf("directories read: %v, want %v", read, tc.readDirs)
			}
		})
	}
}

func chain(leaf tls.Certificate, intermediates ...*x509.Certificate) []*x509.Certificate {
	return append([]*x509.Certificate{leaf.Leaf}, intermediates...)
}

// verifyAll verifies a chain as crypto/tls does, against every root of the
// trust store crypto/x509 reads, parsed.
func verifyAll(t *testing.T, certs []*x509.Certificate, host string) error {
	t.Helper()
	pool := x509.NewCertPool()
	data, err := os.ReadFile(os.Getenv(certFileEnv))
	if err != nil {
		t.Fatal(err)
	}
	pool.AppendCertsFromPEM(data)
	dir := os.Getenv(certDirEnv)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		pool.AppendCertsFromPEM(data)
	}
	opts := x509.VerifyOptions{DNSName: host, Roots: pool, Intermediates: x509.NewCertPool()}
	for _, c := range certs[1:] {
		opts.Intermediates.AddCert(c)
	}
	_, err = certs[0].Verify(opts)
	return err
}

func TestVerifyWithoutRoots(t *testing.T) {
	t.Setenv(certFileEnv, filepath.Join(t.TempDir(), "missing.pem"))
	t.Setenv(certDirEnv, t.TempDir())
	leaf := newRoot(t, "lonely").leaf(t, nil, "a.example")
	err := (&roots{}).verify(chain(leaf), "a.example")
	if !errors.As(err, &x509.SystemRootsError{}) {
		t.Errorf("verify = %v, want an x509.SystemRootsError", err)
	}
}

// A file that is not PEM, blocks of other types and blocks with headers
// are skipped, as crypto/x509 skips them; the certificates around them are
// not.
func TestIndexSkipsWhatCryptoX509Skips(t *testing.T) {
	a, b := newRoot(t, "before"), newRoot(t, "after")
	data := pemOf(a.cert)
	data = append(data, pem.EncodeToMemory(&pem.Block{Type: "TRUSTED CERTIFICATE", Bytes: a.cert.Raw})...)
	data = append(data, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED"}, Bytes: b.cert.Raw})...)
	data = append(data, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("not DER")})...)
	data = append(data, "some text between blocks\n"...)
	data = append(data, pemOf(b.cert)...)
	ix := make(index)
	ix.add(data)
	want := index{string(a.cert.RawSubject): {a.cert.Raw}, string(b.cert.RawSubject): {b.cert.Raw}}
	if !reflect.DeepEqual(ix, want) {
		t.Errorf("index has %d subjects, want the two certificates: %v", len(ix), ix)
	}
}
