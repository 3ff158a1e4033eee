package response

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// CheckURL reports whether raw may receive a response: https on port 443
// (explicit or implied), a host ending in ".amazonaws.com" or
// ".amazonaws.com.cn" on a label boundary, and no user info. With
// allowLoopback, http and https to a loopback host (127.0.0.0/8, localhost,
// ::1) on any port are accepted too.
//
// The error names the URL only through [Redact]: it never contains the query
// (the pre-signed URL's signature) nor any user info.
func CheckURL(raw string, allowLoopback bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse's error quotes the whole URL, signature included.
		return errors.New("the ResponseURL is refused: it is not a valid URL")
	}
	refuse := func(why string) error {
		return fmt.Errorf("the ResponseURL %s is refused: %s", Redact(raw), why)
	}
	if u.User != nil {
		return refuse("it must not carry user info")
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return refuse("it has no host")
	}
	if isLoopback(host) {
		switch {
		case !allowLoopback:
			return refuse("a loopback URL needs ALLOW_LOOPBACK_RESPONSE_URL=true")
		case u.Scheme != "http" && u.Scheme != "https":
			return refuse("a loopback URL must be http or https")
		}
		return nil
	}
	if u.Scheme != "https" {
		return refuse("the scheme must be https")
	}
	if p := u.Port(); p != "" && p != "443" {
		return refuse("the port must be 443")
	}
	if !isAWSHost(host) {
		return refuse("the host must end in .amazonaws.com or .amazonaws.com.cn")
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isAWSHost accepts only plain DNS names (letters, digits, dots and hyphens)
// under the domains of CloudFormation's pre-signed response URLs, in the
// commercial and China partitions, so percent-encoded or otherwise unusual
// hosts never pass on a suffix match alone. Each suffix starts with a dot so
// that only a real subdomain matches.
func isAWSHost(host string) bool {
	for _, r := range host {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	for _, s := range []string{".amazonaws.com", ".amazonaws.com.cn"} {
		if label, ok := strings.CutSuffix(host, s); ok && label != "" && !strings.HasSuffix(label, ".") {
			return true
		}
	}
	return false
}

// Redact returns raw as scheme://host/path, without user info, query or
// fragment, so that a URL can be logged or put in an error. A string that is
// not a URL gives a fixed placeholder, never the string itself.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<invalid URL>"
	}
	r := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return r.String()
}
