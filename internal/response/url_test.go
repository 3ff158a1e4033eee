package response_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

const signature = "X-Amz-Signature=5ecre7516na7ure0ffe"

func TestCheckURL(t *testing.T) {
	const (
		bucket = "cloudformation-custom-resource-response-useast1"
		q      = "?" + signature
	)
	tests := []struct {
		name          string
		url           string
		allowLoopback bool
		ok            bool
	}{
		// CloudFormation's response bucket, as its pre-signed URLs address it.
		{name: "virtual-hosted, global endpoint", url: "https://" + bucket + ".s3.amazonaws.com/arn%3Aaws%3Acloudformation/abc" + q, ok: true},
		{name: "virtual-hosted, Regional endpoint", url: "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/arn%3Aaws%3Acloudformation/abc" + q, ok: true},
		{name: "virtual-hosted, legacy dash endpoint", url: "https://cloudformation-custom-resource-response-uswest2.s3-us-west-2.amazonaws.com/x" + q, ok: true},
		{name: "virtual-hosted, dual-stack endpoint", url: "https://" + bucket + ".s3.dualstack.us-east-1.amazonaws.com/x" + q, ok: true},
		{name: "virtual-hosted, external-1 endpoint", url: "https://" + bucket + ".s3-external-1.amazonaws.com/x" + q, ok: true},
		{name: "virtual-hosted, GovCloud", url: "https://cloudformation-custom-resource-response-usgovwest1.s3.us-gov-west-1.amazonaws.com/x" + q, ok: true},
		{name: "China partition", url: "https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/x" + q, ok: true},
		{name: "path style", url: "https://s3.amazonaws.com/" + bucket + "/arn%3Aaws%3Acloudformation/abc" + q, ok: true},
		{name: "path style, Regional endpoint", url: "https://s3.us-east-1.amazonaws.com/" + bucket + "/x" + q, ok: true},
		{name: "path style, China", url: "https://s3.cn-north-1.amazonaws.com.cn/cloudformation-custom-resource-response-cnnorth1/x" + q, ok: true},
		{name: "explicit port 443", url: "https://" + bucket + ".s3.amazonaws.com:443/x", ok: true},
		{name: "upper-case scheme and host", url: "HTTPS://CloudFormation-Custom-Resource-Response-USEast1.S3.AmazonAWS.com/x", ok: true},

		// Everything else: other buckets and AWS hosts.
		{name: "another bucket, virtual-hosted", url: "https://bucket.s3.amazonaws.com/x" + q},
		{name: "another bucket, path style", url: "https://s3.amazonaws.com/attacker-bucket/x" + q},
		{name: "another bucket named like the response bucket", url: "https://" + bucket + "-evil.s3.amazonaws.com/x" + q},
		{name: "a bucket name with the response bucket as a prefix", url: "https://" + bucket + "x.evil.s3.amazonaws.com/x" + q},
		{name: "a dotted bucket name that starts like the response host", url: "https://" + bucket + ".s3.evil.s3.amazonaws.com/x" + q},
		{name: "a dotted bucket name ending in a Region", url: "https://" + bucket + ".s3.us-east-1.s3.amazonaws.com/x" + q},
		{name: "a subdomain of the response host", url: "https://x." + bucket + ".s3.amazonaws.com/x" + q},
		{name: "path style under another first segment", url: "https://s3.amazonaws.com/other/" + bucket + "/x" + q},
		{name: "path style, bucket as a later segment only", url: "https://s3.amazonaws.com//" + bucket + "/x" + q},
		{name: "path style, percent-encoded bucket", url: "https://s3.amazonaws.com/%63loudformation-custom-resource-response-useast1/x" + q},
		{name: "path style, encoded slash after the bucket", url: "https://s3.amazonaws.com/" + bucket + "%2F..%2Fother/x" + q},
		{name: "path style, dot-dot segment", url: "https://s3.amazonaws.com/" + bucket + "/../attacker-bucket/x" + q},
		{name: "path style, encoded dot-dot segment", url: "https://s3.amazonaws.com/" + bucket + "/%2e%2e/attacker-bucket/x" + q},
		{name: "path style on a bucket host", url: "https://bucket.s3.amazonaws.com/" + bucket + "/x" + q},
		{name: "path style on a non-S3 host", url: "https://execute-api.us-east-1.amazonaws.com/" + bucket + "/x" + q},
		{name: "path style without a path", url: "https://s3.amazonaws.com" + q},
		{name: "response host under another domain", url: "https://" + bucket + ".s3.amazonaws.com.evil.com/x" + q},
		{name: "response host, percent-encoded dot", url: "https://" + bucket + "%2es3.amazonaws.com/x" + q},
		{name: "S3 access point", url: "https://ap-123456789012.s3-accesspoint.us-east-1.amazonaws.com/x" + q},
		{name: "S3 website endpoint", url: "https://" + bucket + ".s3-website-us-east-1.amazonaws.com/x" + q},
		{name: "API Gateway", url: "https://abc123.execute-api.us-east-1.amazonaws.com/prod/cb" + q},
		{name: "Lambda function URL", url: "https://abc123.lambda-url.us-east-1.on.aws/" + q},
		{name: "load balancer", url: "https://my-lb-123.us-east-1.elb.amazonaws.com/x" + q},
		{name: "CloudFormation's API", url: "https://cloudformation.us-east-1.amazonaws.com/x" + q},
		{name: "EC2 metadata", url: "https://169.254.169.254/latest/meta-data/" + q},
		{name: "http", url: "http://" + bucket + ".s3.amazonaws.com/x"},
		{name: "other port", url: "https://" + bucket + ".s3.amazonaws.com:8443/x"},
		{name: "user info", url: "https://user:pw@" + bucket + ".s3.amazonaws.com/x"},
		{name: "user name only", url: "https://user@" + bucket + ".s3.amazonaws.com/x"},
		{name: "suffix not on a dot boundary", url: "https://evilamazonaws.com/x"},
		{name: "amazonaws.com itself", url: "https://amazonaws.com/x"},
		{name: "suffix followed by another domain", url: "https://bucket.amazonaws.com.evil.example/x"},
		{name: "cn suffix followed by another domain", url: "https://bucket.amazonaws.com.cn.evil.example/x"},
		{name: "empty label before the suffix", url: "https://.amazonaws.com/x"},
		{name: "double dot before the suffix", url: "https://a..amazonaws.com/x"},
		{name: "trailing dot", url: "https://" + bucket + ".s3.amazonaws.com./x"},
		{name: "non-ASCII host", url: "https://b%C3%A9.s3.amazonaws.com/x"},
		{name: "no host", url: "https:///x"},
		{name: "opaque", url: "https:" + bucket + ".s3.amazonaws.com/x"},
		{name: "relative", url: "/x" + q},
		{name: "not a URL", url: "https://" + bucket + ".s3.amazonaws.com/%zz" + q},

		// Loopback, for local runs.
		{name: "loopback refused by default", url: "http://127.0.0.1:8080/x"},
		{name: "localhost refused by default", url: "https://localhost/x"},
		{name: "loopback http allowed", url: "http://127.0.0.1:8080/x" + q, allowLoopback: true, ok: true},
		{name: "loopback 127/8 allowed", url: "http://127.1.2.3:9/x", allowLoopback: true, ok: true},
		{name: "localhost https allowed", url: "https://LOCALHOST:8443/x", allowLoopback: true, ok: true},
		{name: "IPv6 loopback allowed", url: "http://[::1]:8080/x", allowLoopback: true, ok: true},
		{name: "the response bucket still allowed with loopback", url: "https://" + bucket + ".s3.amazonaws.com/x", allowLoopback: true, ok: true},
		{name: "another bucket still refused with loopback", url: "https://bucket.s3.amazonaws.com/x", allowLoopback: true},
		{name: "loopback with user info", url: "http://user:pw@127.0.0.1:8080/x", allowLoopback: true},
		{name: "loopback other scheme", url: "ftp://127.0.0.1/x", allowLoopback: true},
		{name: "non-loopback address", url: "http://10.0.0.1/x", allowLoopback: true},
		{name: "name that starts like localhost", url: "http://localhost.evil.example/x", allowLoopback: true},
		{name: "http to the response bucket with loopback allowed", url: "http://" + bucket + ".s3.amazonaws.com/x", allowLoopback: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := response.CheckURL(tt.url, tt.allowLoopback)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckURL(%q, %v) = %v, want ok=%v", tt.url, tt.allowLoopback, err, tt.ok)
			}
			if err != nil {
				msg := err.Error()
				for _, leak := range []string{signature, "pw@", "user@", "user:"} {
					if strings.Contains(msg, leak) {
						t.Errorf("error %q contains %q", msg, leak)
					}
				}
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct {
		name, url, want string
	}{
		{name: "query removed", url: "https://b.s3.amazonaws.com/arn%3Aaws/id?" + signature, want: "https://b.s3.amazonaws.com/arn%3Aaws/id"},
		{name: "user info removed", url: "https://user:pw@b.s3.amazonaws.com/p", want: "https://b.s3.amazonaws.com/p"},
		{name: "fragment removed", url: "https://b.s3.amazonaws.com/p#frag", want: "https://b.s3.amazonaws.com/p"},
		{name: "port kept", url: "http://127.0.0.1:8080/p?a=b", want: "http://127.0.0.1:8080/p"},
		{name: "no path", url: "https://b.s3.amazonaws.com?" + signature, want: "https://b.s3.amazonaws.com"},
		{name: "not a URL", url: "https://b/%zz?" + signature, want: "<invalid URL>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := response.Redact(tt.url); got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}

// The response bucket's addresses, as docs/reference.md §5 writes them: every URL
// CheckURL accepts matches one of them (CheckURL is narrower still).
var (
	virtualHosted = regexp.MustCompile(`^cloudformation-custom-resource-response-[a-z0-9]+\.s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$`)
	s3Host        = regexp.MustCompile(`^s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$`)
	bucketName    = regexp.MustCompile(`^cloudformation-custom-resource-response-[a-z0-9]+$`)
)

// FuzzCheckURL checks the two promises of the URL policy on any input: an
// accepted URL is https to an AWS host on port 443 without user info, and
// neither the error nor Redact ever shows the query.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{
		"https://b.s3.amazonaws.com/x", "https://b.s3.amazonaws.com.cn:443/x",
		"https://cloudformation-custom-resource-response-useast1.s3.us-east-1.amazonaws.com/x",
		"https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1/x", "http://127.0.0.1:80/x",
		"https://u:p@b.amazonaws.com/", "https://evil.example/.amazonaws.com", "https://b.amazonaws.com%2f@evil/",
		"https://[::1]/", "%zz", "",
	} {
		f.Add(s)
	}
	const secret = "Z9SECRETSIG9Z"
	f.Fuzz(func(t *testing.T, prefix string) {
		if strings.Contains(prefix, secret) {
			return
		}
		raw := prefix + "?X-Amz-Signature=" + secret
		err := response.CheckURL(raw, false)
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Fatalf("error for %q shows the query: %v", raw, err)
		}
		if strings.Contains(response.Redact(raw), secret) {
			t.Fatalf("Redact(%q) shows the query", raw)
		}
		if err != nil {
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil {
			t.Fatalf("accepted %q, which does not parse: %v", raw, perr)
		}
		host := strings.ToLower(u.Hostname())
		first, _, _ := strings.Cut(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
		if u.Scheme != "https" || u.User != nil || (u.Port() != "" && u.Port() != "443") ||
			!(virtualHosted.MatchString(host) || s3Host.MatchString(host) && bucketName.MatchString(first)) {
			t.Fatalf("accepted %q", raw)
		}
	})
}
