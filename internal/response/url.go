package response

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// CheckURL reports whether raw may receive a response: https on port 443
// (explicit or implied), no user info, and CloudFormation's own response
// bucket, cloudformation-custom-resource-response-<region>, either as the
// host (virtual-hosted style, "<bucket>.s3.<region>.amazonaws.com") or as
// the first path segment of an S3 endpoint host (path style,
// "s3.<region>.amazonaws.com/<bucket>/..."), in the commercial and China
// partitions. Any other host is refused, even one of AWS: another bucket's
// pre-signed URL, API Gateway, a load balancer. With allowLoopback, http and
// https to a loopback host (127.0.0.0/8, localhost, ::1) on any port are
// accepted too.
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
	if strings.Contains(authority(raw), "%") {
		// url.Parse decodes a percent-encoded host; the name checked must
		// be the name written.
		return refuse("its host must not be percent-encoded")
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
	if !isResponseBucket(host, u.EscapedPath()) {
		return refuse("it must point at CloudFormation's response bucket, cloudformation-custom-resource-response-<region> on Amazon S3")
	}
	return nil
}

// authority returns the part of raw between "//" and the path, query or
// fragment, as written.
func authority(raw string) string {
	_, rest, ok := strings.Cut(raw, "//")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// responseBucket is the name of CloudFormation's response bucket in a
// Region ("useast1"): no dots or hyphens after the prefix, so that nothing
// can follow it within the bucket's name.
var responseBucket = regexp.MustCompile(`^cloudformation-custom-resource-response-[a-z0-9]+$`)

// region is a Region name as S3 endpoints carry it: "us-east-1",
// "us-gov-west-1", "cn-north-1".
var region = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// isResponseBucket reports whether host and the escaped path address
// CloudFormation's response bucket.
func isResponseBucket(host, escapedPath string) bool {
	if bucket, endpoint, ok := strings.Cut(host, "."); ok && responseBucket.MatchString(bucket) {
		return isS3Endpoint(endpoint)
	}
	if !isS3Endpoint(host) {
		return false
	}
	// Path style: the bucket is the first segment, as written (a
	// percent-encoded name never matches), and no segment climbs out of it.
	segments := strings.Split(escapedPath, "/")
	if len(segments) < 2 || segments[0] != "" || !responseBucket.MatchString(segments[1]) {
		return false
	}
	for _, s := range segments[2:] {
		if d, err := url.PathUnescape(s); err != nil || d == "." || d == ".." {
			return false
		}
	}
	return true
}

// isS3Endpoint reports whether host is an Amazon S3 endpoint: "s3",
// "s3-<region>" or "s3-external-1", then any of "dualstack" and a Region,
// then amazonaws.com or amazonaws.com.cn. This is narrower than "any label
// between s3 and amazonaws.com" on purpose: a bucket may be named
// "cloudformation-custom-resource-response-useast1.s3.evil", and S3 would
// serve that bucket at "<name>.s3.amazonaws.com", so a label that is not an
// endpoint's must never be taken as one.
func isS3Endpoint(host string) bool {
	rest, ok := strings.CutSuffix(host, ".amazonaws.com")
	if !ok {
		if rest, ok = strings.CutSuffix(host, ".amazonaws.com.cn"); !ok {
			return false
		}
	}
	labels := strings.Split(rest, ".")
	switch first, r, _ := strings.Cut(labels[0], "-"); {
	case first != "s3":
		return false
	case labels[0] == "s3", r == "external-1", region.MatchString(r):
	default:
		return false
	}
	for _, l := range labels[1:] {
		if l != "dualstack" && !region.MatchString(l) {
			return false
		}
	}
	return true
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
