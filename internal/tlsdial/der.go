package tlsdial

// rawSubject returns the subject of the DER certificate der, as the bytes
// of its Name (x509.Certificate.RawSubject), without parsing the rest: the
// sixth element of the TBSCertificate, or the fifth when the optional
// version is absent. It reports false for anything that is not such a
// sequence in definite-length DER.
func rawSubject(der []byte) ([]byte, bool) {
	cert, _, ok := element(der, tagSequence)
	if !ok {
		return nil, false
	}
	tbs, _, ok := element(contents(cert), tagSequence)
	if !ok {
		return nil, false
	}
	rest := contents(tbs)
	if len(rest) > 0 && rest[0] == tagVersion {
		if _, rest, ok = element(rest, tagVersion); !ok {
			return nil, false
		}
	}
	// serialNumber, signature, issuer, validity, then subject.
	for _, tag := range []byte{tagInteger, tagSequence, tagSequence, tagSequence} {
		if _, rest, ok = element(rest, tag); !ok {
			return nil, false
		}
	}
	subject, _, ok := element(rest, tagSequence)
	return subject, ok
}

// The DER tags rawSubject reads.
const (
	tagInteger  = 0x02
	tagSequence = 0x30
	tagVersion  = 0xa0 // [0] EXPLICIT, constructed
)

// element splits the first DER element off b, if its tag is tag: the
// whole element (tag and length included), and what follows it.
func element(b []byte, tag byte) (elem, rest []byte, ok bool) {
	if len(b) < 2 || b[0] != tag {
		return nil, nil, false
	}
	header, length := 2, int(b[1])
	if length >= 0x80 {
		n := length & 0x7f
		if n == 0 || n > 4 || len(b) < 2+n {
			return nil, nil, false // indefinite or implausibly long
		}
		length = 0
		for _, c := range b[2 : 2+n] {
			length = length<<8 | int(c)
		}
		header += n
	}
	if length < 0 || len(b)-header < length {
		return nil, nil, false
	}
	return b[:header+length], b[header+length:], true
}

// contents returns the contents of an element that element returned.
func contents(elem []byte) []byte {
	if elem[1] < 0x80 {
		return elem[2:]
	}
	return elem[2+int(elem[1]&0x7f):]
}
