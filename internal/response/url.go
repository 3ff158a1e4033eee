package response

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/cognito-client-resource/cognitoclient/internal/echo"
)

// BucketPrefix starts the name of CloudFormation's response bucket; the
// Region without its dashes ends it: cloudformation-custom-resource-response-useast1.
const BucketPrefix = "cloudformation-custom-resource-response-"

// ResponseBucket returns the name of CloudFormation's response bucket in
// region.
func ResponseBucket(region string) string {
	return BucketPrefix + strings.ReplaceAll(region, "-", "")
}

// regionName is the shape of a Region name: "us-east-1", "us-gov-west-1",
// "cn-north-1", "eusc-de-east-1", "us-isob-east-1".
var regionName = regexp.MustCompile(`^[a-z]+(-[a-z]+)+-[0-9]+$`)

// CheckURL reports whether raw may receive a response of a function in
// region, whose partition's DNS suffix is dnsSuffix ("amazonaws.com",
// "amazonaws.com.cn", from the SDK's partition metadata): https on port 443
// (written or implied), no user info, and CloudFormation's own response
// bucket of that Region, [ResponseBucket], in one of the forms CloudFormation
// issues (ledger row 32): as the host, "<bucket>.s3.<suffix>",
// "<bucket>.s3.<region>.<suffix>" or "<bucket>.s3-<region>.<suffix>"
// (virtual-hosted style), or as the first path segment on "s3.<suffix>",
// "s3.<region>.<suffix>" or "s3-<region>.<suffix>" (path style). Any other
// host or bucket is refused, even one of AWS: anyone can create a bucket
// named cloudformation-custom-resource-response-<anything>, in any Region.
//
// With allowLoopback, http and https to a loopback host (127.0.0.0/8,
// localhost, ::1) on any port are accepted too, whatever the path: the host
// and bucket rules are the only ones a loopback URL skips.
//
// The error names the URL only by its host, cut by package echo: never its
// query (the pre-signed URL's signature), user info or path.
func CheckURL(raw, region, dnsSuffix string, allowLoopback bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse's error quotes the whole URL, signature included.
		return errors.New("the ResponseURL is refused: it is not a valid URL")
	}
	if u.User != nil {
		return errors.New("the ResponseURL is refused: it must not carry user info")
	}
	if strings.Contains(authority(raw), "%") {
		// url.Parse decodes a percent-encoded host; the name checked must
		// be the name written.
		return errors.New("the ResponseURL is refused: its host must not be percent-encoded")
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return errors.New("the ResponseURL is refused: it has no host")
	}
	refuse := func(why string) error {
		return fmt.Errorf("the ResponseURL to host %s is refused: %s", echo.Quote(host), why)
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
	if !regionName.MatchString(region) || dnsSuffix == "" {
		return refuse("the function's own Region is unknown (AWS_REGION), so no response bucket can be trusted")
	}
	if _, ok := bucketKey(host, u.EscapedPath(), region, dnsSuffix); !ok {
		return refuse(fmt.Sprintf("it must point at CloudFormation's response bucket of this function's Region, %s on %s",
			ResponseBucket(region), dnsSuffix))
	}
	return nil
}

// s3Hosts returns the S3 endpoints CloudFormation's pre-signed URLs use in
// region: the global form, the dotted Regional form and the legacy dashed
// one.
func s3Hosts(region, dnsSuffix string) [3]string {
	return [3]string{"s3." + dnsSuffix, "s3." + region + "." + dnsSuffix, "s3-" + region + "." + dnsSuffix}
}

// bucketKey returns the escaped object key of a URL whose lower-case host and
// escaped path address the response bucket of region, and whether they do.
// Virtual-hosted, the key is the whole path after its "/"; path style, what
// follows the bucket's segment, which must be written exactly (a
// percent-encoded name never matches), with no segment that climbs out of
// the bucket.
func bucketKey(host, escapedPath, region, dnsSuffix string) (string, bool) {
	bucket := ResponseBucket(region)
	hosts := s3Hosts(region, dnsSuffix)
	for _, h := range hosts {
		if host == bucket+"."+h {
			return strings.TrimPrefix(escapedPath, "/"), true
		}
	}
	for _, h := range hosts {
		if host != h {
			continue
		}
		key, ok := strings.CutPrefix(escapedPath, "/"+bucket+"/")
		if !ok {
			return "", false
		}
		for _, s := range strings.Split(key, "/") {
			if d, err := url.PathUnescape(s); err != nil || d == "." || d == ".." {
				return "", false
			}
		}
		return key, true
	}
	return "", false
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

// CheckURLKey reports whether the ResponseURL of e, one that [CheckURL]
// accepts, was issued for e. CloudFormation's object key is
// "StackId|LogicalResourceId|RequestId" with only ':' and '|'
// percent-encoded ('/' stays literal), so it is the whole path after the
// bucket (ledger row 32): the path of a virtual-hosted or loopback URL, and
// what follows the bucket's segment in path style. Unescaped once and split
// on '|', a key of three parts must name e's StackId, LogicalResourceId and
// RequestId: a URL issued for another stack or another request is refused
// whole. A key of any other shape (a format AWS may change) is not refused
// for its shape alone.
func CheckURLKey(e cfn.Event) error {
	u, err := url.Parse(e.ResponseURL)
	if err != nil {
		return errors.New("the ResponseURL is refused: it is not a valid URL")
	}
	key := strings.TrimPrefix(u.EscapedPath(), "/")
	if first, rest, ok := strings.Cut(key, "/"); ok && strings.HasPrefix(first, BucketPrefix) {
		key = rest // path style: the first segment is the bucket
	}
	unescaped, err := url.PathUnescape(key)
	if err != nil {
		return errors.New("the ResponseURL is refused: its path is not validly escaped")
	}
	parts := strings.Split(unescaped, "|")
	if len(parts) != 3 {
		return nil
	}
	for _, f := range []struct{ name, inURL, inEvent string }{
		{"StackId", parts[0], e.StackID},
		{"LogicalResourceId", parts[1], e.LogicalResourceID},
		{"RequestId", parts[2], e.RequestID},
	} {
		if f.inURL != f.inEvent {
			return fmt.Errorf("the ResponseURL is refused: it was issued for %s %s, not this event's %s",
				f.name, echo.Quote(f.inURL), echo.Quote(f.inEvent))
		}
	}
	return nil
}

// httpsAddr returns the host:port that an https URL connects to, and false
// for any other URL.
func httpsAddr(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Hostname() == "" {
		return "", false
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port), true
}
