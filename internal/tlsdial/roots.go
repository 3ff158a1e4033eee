package tlsdial

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The places crypto/x509 reads the system roots from on Linux, and the
// variables that override them: the first certificate file that can be read,
// then every file of every directory.
var (
	certFiles = []string{
		"/etc/ssl/certs/ca-certificates.crt",                // Debian, Ubuntu
		"/etc/pki/tls/certs/ca-bundle.crt",                  // Fedora, RHEL, Amazon Linux
		"/etc/ssl/ca-bundle.pem",                            // OpenSUSE
		"/etc/pki/tls/cacert.pem",                           // OpenELEC
		"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS, RHEL 7
		"/etc/ssl/cert.pem",                                 // Alpine
	}
	certDirectories = []string{"/etc/ssl/certs", "/etc/pki/tls/certs"}
)

const (
	certFileEnv = "SSL_CERT_FILE"
	certDirEnv  = "SSL_CERT_DIR"
)

// roots are the system's roots, as crypto/x509 finds them on Linux, read
// lazily: each certificate is indexed by its subject, and only those that
// could end a chain a server presents are ever parsed.
//
// crypto/x509 parses every root at the first verification, which in a cold
// process costs more CPU than anything else the function does before its
// first request: several hundred certificates, since the directories it
// reads hold the bundle's certificates again. A chain can only end at a root
// whose subject is the issuer of one of its certificates (crypto/x509
// finds parents by name and nothing else), so verifying against the roots
// of those subjects gives the same answer as verifying against them all.
type roots struct {
	fileOnce sync.Once
	file     index // the certificate file's
	fileErr  error // the first error reading a file that exists

	dirsOnce sync.Once
	dirs     index // the directories'
}

// index maps a certificate's raw subject to the DER of the certificates
// that have it.
type index map[string][][]byte

// add indexes the CERTIFICATE blocks of pemCerts that crypto/x509 would
// accept (no headers), skipping any whose subject cannot be read, as
// CertPool.AppendCertsFromPEM skips a certificate it cannot parse.
func (ix index) add(pemCerts []byte) {
	for len(pemCerts) > 0 {
		var block *pem.Block
		block, pemCerts = pem.Decode(pemCerts)
		if block == nil {
			return
		}
		if block.Type != "CERTIFICATE" || len(block.Headers) != 0 {
			continue
		}
		if subject, ok := rawSubject(block.Bytes); ok {
			ix[string(subject)] = append(ix[string(subject)], block.Bytes)
		}
	}
}

// loadFile indexes the first certificate file that can be read: the one
// SSL_CERT_FILE names, else the first of certFiles.
func (r *roots) loadFile() {
	r.fileOnce.Do(func() {
		files := certFiles
		if f := os.Getenv(certFileEnv); f != "" {
			files = []string{f}
		}
		r.file = make(index)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err == nil {
				r.file.add(data)
				return
			}
			if r.fileErr == nil && !errors.Is(err, fs.ErrNotExist) {
				r.fileErr = err
			}
		}
	})
}

// loadDirs indexes every file of the directories SSL_CERT_DIR names
// (separated by colons), else of certDirectories, but for symbolic links to
// a file of the same directory, as crypto/x509 does.
func (r *roots) loadDirs() {
	r.dirsOnce.Do(func() {
		dirs := certDirectories
		if d := os.Getenv(certDirEnv); d != "" {
			dirs = strings.Split(d, ":")
		}
		r.dirs = make(index)
		for _, dir := range dirs {
			entries, err := os.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				if sameDirSymlink(e, dir) {
					continue
				}
				if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
					r.dirs.add(data)
				}
			}
		}
	})
}

// sameDirSymlink reports whether e, in dir, is a symbolic link to a file of
// dir itself: such a link only repeats another entry.
func sameDirSymlink(e fs.DirEntry, dir string) bool {
	if e.Type()&fs.ModeSymlink == 0 {
		return false
	}
	target, err := os.Readlink(filepath.Join(dir, e.Name()))
	return err == nil && !strings.Contains(target, "/")
}

// verify verifies certs, the chain a server presented (leaf first), for
// host, as crypto/tls does with the system roots: first against the roots
// of the certificate file whose subjects appear in the chain, then, only if
// that fails, with the directories' too.
func (r *roots) verify(certs []*x509.Certificate, host string) error {
	if len(certs) == 0 {
		return errors.New("tls: the server presented no certificate")
	}
	opts := x509.VerifyOptions{DNSName: host, Intermediates: x509.NewCertPool()}
	for _, c := range certs[1:] {
		opts.Intermediates.AddCert(c)
	}
	r.loadFile()
	opts.Roots = candidates(certs, r.file)
	_, err := certs[0].Verify(opts)
	if err == nil {
		return nil
	}
	r.loadDirs()
	if len(r.file) == 0 && len(r.dirs) == 0 {
		return x509.SystemRootsError{Err: r.fileErr}
	}
	opts.Roots = candidates(certs, r.file, r.dirs)
	_, err = certs[0].Verify(opts)
	return err
}

// candidates returns a pool of the roots of the indexes whose subject is
// the issuer or the subject of one of certs: every root that could end a
// chain of them, or be one of them.
func candidates(certs []*x509.Certificate, indexes ...index) *x509.CertPool {
	pool := x509.NewCertPool()
	for _, ix := range indexes {
		for _, c := range certs {
			for _, name := range [][]byte{c.RawIssuer, c.RawSubject} {
				for _, der := range ix[string(name)] {
					if root, err := x509.ParseCertificate(der); err == nil {
						pool.AddCert(root)
					}
				}
			}
		}
	}
	return pool
}
