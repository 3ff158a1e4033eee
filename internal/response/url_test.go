package response_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

const signature = "X-Amz-Signature=5ecre7516na7ure0ffe"

func TestCheckURL(t *testing.T) {
	tests := []struct {
		name          string
		url           string
		allowLoopback bool
		ok            bool
	}{
		{name: "S3 pre-signed URL", url: "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/arn%3Aaws%3Acloudformation/abc?" + signature, ok: true},
		{name: "China partition", url: "https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/x?" + signature, ok: true},
		{name: "explicit port 443", url: "https://bucket.s3.amazonaws.com:443/x", ok: true},
		{name: "upper-case scheme and host", url: "HTTPS://Bucket.S3.AmazonAWS.com/x", ok: true},
		{name: "http", url: "http://bucket.s3.amazonaws.com/x"},
		{name: "other port", url: "https://bucket.s3.amazonaws.com:8443/x"},
		{name: "user info", url: "https://user:pw@bucket.s3.amazonaws.com/x"},
		{name: "user name only", url: "https://user@bucket.s3.amazonaws.com/x"},
		{name: "suffix not on a dot boundary", url: "https://evilamazonaws.com/x"},
		{name: "amazonaws.com itself", url: "https://amazonaws.com/x"},
		{name: "suffix followed by another domain", url: "https://bucket.amazonaws.com.evil.example/x"},
		{name: "cn suffix followed by another domain", url: "https://bucket.amazonaws.com.cn.evil.example/x"},
		{name: "empty label before the suffix", url: "https://.amazonaws.com/x"},
		{name: "double dot before the suffix", url: "https://a..amazonaws.com/x"},
		{name: "trailing dot", url: "https://bucket.s3.amazonaws.com./x"},
		{name: "non-ASCII host", url: "https://b%C3%A9.s3.amazonaws.com/x"},
		{name: "no host", url: "https:///x"},
		{name: "opaque", url: "https:bucket.s3.amazonaws.com/x"},
		{name: "relative", url: "/x?" + signature},
		{name: "not a URL", url: "https://bucket.s3.amazonaws.com/%zz?" + signature},
		{name: "loopback refused by default", url: "http://127.0.0.1:8080/x"},
		{name: "localhost refused by default", url: "https://localhost/x"},
		{name: "loopback http allowed", url: "http://127.0.0.1:8080/x?" + signature, allowLoopback: true, ok: true},
		{name: "loopback 127/8 allowed", url: "http://127.1.2.3:9/x", allowLoopback: true, ok: true},
		{name: "localhost https allowed", url: "https://LOCALHOST:8443/x", allowLoopback: true, ok: true},
		{name: "IPv6 loopback allowed", url: "http://[::1]:8080/x", allowLoopback: true, ok: true},
		{name: "AWS still allowed with loopback", url: "https://bucket.s3.amazonaws.com/x", allowLoopback: true, ok: true},
		{name: "loopback with user info", url: "http://user:pw@127.0.0.1:8080/x", allowLoopback: true},
		{name: "loopback other scheme", url: "ftp://127.0.0.1/x", allowLoopback: true},
		{name: "non-loopback address", url: "http://10.0.0.1/x", allowLoopback: true},
		{name: "name that starts like localhost", url: "http://localhost.evil.example/x", allowLoopback: true},
		{name: "http to AWS with loopback allowed", url: "http://bucket.s3.amazonaws.com/x", allowLoopback: true},
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

// FuzzCheckURL checks the two promises of the URL policy on any input: an
// accepted URL is https to an AWS host on port 443 without user info, and
// neither the error nor Redact ever shows the query.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{
		"https://b.s3.amazonaws.com/x", "https://b.s3.amazonaws.com.cn:443/x", "http://127.0.0.1:80/x",
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
		if u.Scheme != "https" || u.User != nil || (u.Port() != "" && u.Port() != "443") ||
			!(strings.HasSuffix(host, ".amazonaws.com") || strings.HasSuffix(host, ".amazonaws.com.cn")) {
			t.Fatalf("accepted %q", raw)
		}
	})
}
