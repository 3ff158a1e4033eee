package response_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/cognito-client-resource/cognitoclient/internal/cognito"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

const signature = "X-Amz-Signature=5ecre7516na7ure0ffe"

// partitionRegions are a Region of each partition the SDK knows, two of the
// commercial one, with the DNS suffix the SDK's partition metadata gives
// (TestCheckURLEveryForm checks it still does).
var partitionRegions = []struct{ region, suffix string }{
	{"us-east-1", "amazonaws.com"},
	{"eu-west-1", "amazonaws.com"},
	{"cn-north-1", "amazonaws.com.cn"},
	{"us-gov-west-1", "amazonaws.com"},
	{"eusc-de-east-1", "amazonaws.eu"},
	{"us-iso-east-1", "c2s.ic.gov"},
	{"us-isob-east-1", "sc2s.sgov.gov"},
	{"eu-isoe-west-1", "cloud.adc-e.uk"},
	{"us-isof-south-1", "csp.hci.ic.gov"},
}

// forms are the six ways a ResponseURL addresses the response bucket of a
// Region: three hosts of the bucket (virtual-hosted style) and three S3
// hosts whose first path segment is the bucket (path style).
func forms(region, suffix string) map[string]string {
	b := response.ResponseBucket(region)
	const key = "/arn%3Aaws%3Acloudformation%3Ar%3A1%3Astack/s/1%7CL%7Cr?" + signature
	return map[string]string{
		"virtual-hosted, global":   "https://" + b + ".s3." + suffix + key,
		"virtual-hosted, Regional": "https://" + b + ".s3." + region + "." + suffix + key,
		"virtual-hosted, dashed":   "https://" + b + ".s3-" + region + "." + suffix + key,
		"path style, global":       "https://s3." + suffix + "/" + b + key,
		"path style, Regional":     "https://s3." + region + "." + suffix + "/" + b + key,
		"path style, dashed":       "https://s3-" + region + "." + suffix + "/" + b + key,
	}
}

// Each partition's own bucket is accepted in each of the six forms, on the
// DNS suffix the SDK gives for the Region; every other Region's bucket is
// refused in each form, in its own partition or another.
func TestCheckURLEveryForm(t *testing.T) {
	t.Parallel()
	for _, p := range partitionRegions {
		suffix, err := cognito.DNSSuffix(p.region)
		if err != nil || suffix != p.suffix {
			t.Fatalf("the SDK gives %s the DNS suffix %q (%v), the table %q", p.region, suffix, err, p.suffix)
		}
		for form, u := range forms(p.region, p.suffix) {
			t.Run(p.region+"/"+form, func(t *testing.T) {
				t.Parallel()
				if err := response.CheckURL(u, p.region, p.suffix, false); err != nil {
					t.Errorf("its own bucket is refused: %v", err)
				}
				for _, other := range partitionRegions {
					if other.region == p.region {
						continue
					}
					if response.CheckURL(u, other.region, other.suffix, false) == nil {
						t.Errorf("accepted by a function in %s", other.region)
					}
				}
			})
		}
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	const (
		bucket = "cloudformation-custom-resource-response-useast1"
		host   = bucket + ".s3.amazonaws.com"
		q      = "?" + signature
	)
	tests := []struct {
		name          string
		url           string
		region        string // default us-east-1
		allowLoopback bool
		ok            bool
	}{
		// CloudFormation's response bucket, as its pre-signed URLs address it (ledger row 32).
		{name: "virtual-hosted, us-east-1's global endpoint", url: "https://" + host + "/arn%3Aaws%3Acloudformation/abc" + q, ok: true},
		{name: "virtual-hosted, Regional endpoint", region: "eu-west-1", url: "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/x" + q, ok: true},
		{name: "virtual-hosted, dashed endpoint", region: "eu-west-1", url: "https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/x" + q, ok: true},
		{name: "virtual-hosted, China", region: "cn-north-1", url: "https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/x" + q, ok: true},
		{name: "path style", url: "https://s3.amazonaws.com/" + bucket + "/arn%3Aaws%3Acloudformation/abc" + q, ok: true},
		{name: "path style, Regional endpoint", url: "https://s3.us-east-1.amazonaws.com/" + bucket + "/x" + q, ok: true},
		{name: "explicit port 443", url: "https://" + host + ":443/x", ok: true},
		{name: "upper-case scheme and host", url: "HTTPS://CloudFormation-Custom-Resource-Response-USEast1.S3.AmazonAWS.com/x", ok: true},
		{name: "virtual-hosted without a key", url: "https://" + host + q, ok: true},

		// Buckets named like the response bucket: anyone can create one, in any Region.
		{name: "the attacker suffix, virtual-hosted", url: "https://cloudformation-custom-resource-response-attacker.s3.amazonaws.com/x" + q},
		{name: "the attacker suffix, Regional host", url: "https://cloudformation-custom-resource-response-attacker.s3.us-east-1.amazonaws.com/x" + q},
		{name: "the attacker suffix, path style", url: "https://s3.amazonaws.com/cloudformation-custom-resource-response-attacker/x" + q},
		{name: "another Region's bucket, virtual-hosted on its own endpoint", url: "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/x" + q},
		{name: "another Region's bucket, virtual-hosted on the global endpoint", url: "https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x" + q},
		{name: "another Region's bucket, path style on its own endpoint", url: "https://s3.eu-west-1.amazonaws.com/cloudformation-custom-resource-response-euwest1/x" + q},
		{name: "another Region's bucket, path style on the global endpoint", url: "https://s3.amazonaws.com/cloudformation-custom-resource-response-euwest1/x" + q},
		{name: "this Region's bucket on another Region's endpoint", url: "https://" + bucket + ".s3.eu-west-1.amazonaws.com/x" + q},
		{name: "this Region's bucket path style on another Region's endpoint", url: "https://s3.eu-west-1.amazonaws.com/" + bucket + "/x" + q},
		{name: "this Region's bucket on another partition's suffix", url: "https://" + bucket + ".s3.amazonaws.com.cn/x" + q},
		{name: "China's bucket on the commercial suffix", region: "cn-north-1", url: "https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com/x" + q},
		{name: "GovCloud's bucket, function in us-east-1", url: "https://cloudformation-custom-resource-response-usgovwest1.s3.us-gov-west-1.amazonaws.com/x" + q},
		{name: "the bucket with a suffix", url: "https://" + bucket + "-evil.s3.amazonaws.com/x" + q},
		{name: "the bucket with more letters", url: "https://" + bucket + "x.s3.amazonaws.com/x" + q},
		{name: "the bucket with letters dropped", url: "https://cloudformation-custom-resource-response-useast.s3.amazonaws.com/x" + q},
		{name: "the Region with its dashes", url: "https://cloudformation-custom-resource-response-us-east-1.s3.amazonaws.com/x" + q},
		{name: "another bucket, virtual-hosted", url: "https://bucket.s3.amazonaws.com/x" + q},
		{name: "another bucket, path style", url: "https://s3.amazonaws.com/attacker-bucket/x" + q},

		// Dotted bucket names that S3 would serve under the response host's labels.
		{name: "a dotted bucket that starts like the response host", url: "https://" + bucket + ".s3.evil.s3.amazonaws.com/x" + q},
		{name: "a dotted bucket ending in a Region", url: "https://" + bucket + ".s3.us-east-1.s3.amazonaws.com/x" + q},
		{name: "a dotted bucket ending like the global endpoint", url: "https://" + bucket + ".s3.amazonaws.com.s3.amazonaws.com/x" + q},
		{name: "a subdomain of the response host", url: "https://x." + host + "/x" + q},
		{name: "dual-stack endpoint (CloudFormation does not issue it)", url: "https://" + bucket + ".s3.dualstack.us-east-1.amazonaws.com/x" + q},
		{name: "external-1 endpoint (CloudFormation does not issue it)", url: "https://" + bucket + ".s3-external-1.amazonaws.com/x" + q},
		{name: "S3 website endpoint", url: "https://" + bucket + ".s3-website-us-east-1.amazonaws.com/x" + q},
		{name: "S3 access point", url: "https://ap-123456789012.s3-accesspoint.us-east-1.amazonaws.com/x" + q},
		{name: "S3 FIPS endpoint", url: "https://" + bucket + ".s3-fips.us-east-1.amazonaws.com/x" + q},

		// Path style tricks.
		{name: "path style under another first segment", url: "https://s3.amazonaws.com/other/" + bucket + "/x" + q},
		{name: "path style, bucket as a later segment only", url: "https://s3.amazonaws.com//" + bucket + "/x" + q},
		{name: "path style, percent-encoded bucket", url: "https://s3.amazonaws.com/%63loudformation-custom-resource-response-useast1/x" + q},
		{name: "path style, upper-case bucket", url: "https://s3.amazonaws.com/CLOUDFORMATION-custom-resource-response-useast1/x" + q},
		{name: "path style, encoded slash after the bucket", url: "https://s3.amazonaws.com/" + bucket + "%2F..%2Fother/x" + q},
		{name: "path style, dot-dot segment", url: "https://s3.amazonaws.com/" + bucket + "/../attacker-bucket/x" + q},
		{name: "path style, encoded dot-dot segment", url: "https://s3.amazonaws.com/" + bucket + "/%2e%2e/attacker-bucket/x" + q},
		{name: "path style, dot segment", url: "https://s3.amazonaws.com/" + bucket + "/./x" + q},
		{name: "path style, the bucket without a key", url: "https://s3.amazonaws.com/" + bucket + q},
		{name: "path style, the bucket name as a prefix", url: "https://s3.amazonaws.com/" + bucket + "-evil/x" + q},
		{name: "path style on a bucket host", url: "https://bucket.s3.amazonaws.com/" + bucket + "/x" + q},
		{name: "path style on a non-S3 host", url: "https://execute-api.us-east-1.amazonaws.com/" + bucket + "/x" + q},
		{name: "path style without a path", url: "https://s3.amazonaws.com" + q},

		// Hosts that only look like it.
		{name: "response host under another domain", url: "https://" + host + ".evil.com/x" + q},
		{name: "response host, percent-encoded dot", url: "https://" + bucket + "%2es3.amazonaws.com/x" + q},
		{name: "response host, trailing dot", url: "https://" + host + "./x" + q},
		{name: "response host with a port-like label", url: "https://" + host + ":443.evil.com/x" + q},
		{name: "response host in user info", url: "https://" + host + "@attacker-bucket.s3.amazonaws.com/x" + q},
		{name: "response host, Cyrillic o in com", url: "https://" + bucket + ".s3.amazonaws.c\u043em/x" + q},
		{name: "response host, fullwidth a", url: "https://" + bucket + ".s3.\uff41mazonaws.com/x" + q},
		{name: "response host, ideographic full stop", url: "https://" + bucket + ".s3\u3002amazonaws.com/x" + q},
		{name: "response host, punycode suffix", url: "https://" + bucket + ".s3.amazonaws.xn--cm-fmc/x" + q},
		{name: "suffix not on a dot boundary", url: "https://evilamazonaws.com/x"},
		{name: "amazonaws.com itself", url: "https://amazonaws.com/x"},
		{name: "suffix followed by another domain", url: "https://bucket.amazonaws.com.evil.example/x"},
		{name: "empty label before the suffix", url: "https://.amazonaws.com/x"},
		{name: "double dot before the suffix", url: "https://a..amazonaws.com/x"},
		{name: "non-ASCII host, percent-encoded", url: "https://b%C3%A9.s3.amazonaws.com/x"},

		// Other AWS hosts.
		{name: "API Gateway", url: "https://abc123.execute-api.us-east-1.amazonaws.com/prod/cb" + q},
		{name: "Lambda function URL", url: "https://abc123.lambda-url.us-east-1.on.aws/" + q},
		{name: "load balancer", url: "https://my-lb-123.us-east-1.elb.amazonaws.com/x" + q},
		{name: "CloudFormation's API", url: "https://cloudformation.us-east-1.amazonaws.com/x" + q},
		{name: "EC2 metadata", url: "https://169.254.169.254/latest/meta-data/" + q},
		{name: "an IPv4 literal of S3", url: "https://52.216.0.1/" + bucket + "/x" + q},

		// Scheme, port, user info, shape.
		{name: "http", url: "http://" + host + "/x"},
		{name: "port 80", url: "https://" + host + ":80/x"},
		{name: "port 8443", url: "https://" + host + ":8443/x"},
		{name: "port 4430", url: "https://" + host + ":4430/x"},
		{name: "user info", url: "https://user:pw@" + host + "/x"},
		{name: "user name only", url: "https://user@" + host + "/x"},
		{name: "empty user info", url: "https://@" + host + "/x"},
		{name: "no host", url: "https:///x"},
		{name: "opaque", url: "https:" + host + "/x"},
		{name: "relative", url: "/x" + q},
		{name: "scheme-relative", url: "//" + host + "/x" + q},
		{name: "not a URL", url: "https://" + host + "/%zz" + q},
		{name: "control characters", url: "https://" + host + "/p\r\nHost: evil.example" + q},
		{name: "a function without a Region", region: "-", url: "https://" + host + "/x" + q},

		// Loopback, for local runs: only the host and bucket rules are skipped.
		{name: "loopback refused by default", url: "http://127.0.0.1:8080/x"},
		{name: "localhost refused by default", url: "https://localhost/x"},
		{name: "loopback http allowed", url: "http://127.0.0.1:8080/x" + q, allowLoopback: true, ok: true},
		{name: "loopback 127/8 allowed", url: "http://127.1.2.3:9/x", allowLoopback: true, ok: true},
		{name: "localhost https allowed", url: "https://LOCALHOST:8443/x", allowLoopback: true, ok: true},
		{name: "IPv6 loopback allowed", url: "http://[::1]:8080/x", allowLoopback: true, ok: true},
		{name: "the response bucket still allowed with loopback", url: "https://" + host + "/x", allowLoopback: true, ok: true},
		{name: "another bucket still refused with loopback", url: "https://bucket.s3.amazonaws.com/x", allowLoopback: true},
		{name: "another Region's bucket still refused with loopback", url: "https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x", allowLoopback: true},
		{name: "loopback with user info", url: "http://user:pw@127.0.0.1:8080/x", allowLoopback: true},
		{name: "loopback other scheme", url: "ftp://127.0.0.1/x", allowLoopback: true},
		{name: "non-loopback address", url: "http://10.0.0.1/x", allowLoopback: true},
		{name: "name that starts like localhost", url: "http://localhost.evil.example/x", allowLoopback: true},
		{name: "http to the response bucket with loopback allowed", url: "http://" + host + "/x", allowLoopback: true},
	}
	if n := len(tests); n < 79 {
		t.Fatalf("%d rows; the review's 79 URL shapes, at least, belong here", n)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			region := tt.region
			switch region {
			case "":
				region = "us-east-1"
			case "-":
				region = ""
			}
			suffix, _ := cognito.DNSSuffix(region)
			err := response.CheckURL(tt.url, region, suffix, tt.allowLoopback)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckURL(%q) in %q = %v, want ok=%v", tt.url, region, err, tt.ok)
			}
			if err != nil {
				msg := err.Error()
				for _, leak := range []string{signature, "pw@", "user@", "user:", "/x", "/p"} {
					if strings.Contains(msg, leak) {
						t.Errorf("error %q contains %q", msg, leak)
					}
				}
			}
		})
	}
}

// A URL without a host is refused as such, even when its path holds the
// percent-escapes of a real key: only the host must not be percent-encoded.
func TestCheckURLNoHost(t *testing.T) {
	t.Parallel()
	const raw = "https:///cloudformation-custom-resource-response-useast1/arn%3Aaws%3Acloudformation%7CWebClient%7Cr-1?" + signature
	err := response.CheckURL(raw, "us-east-1", "amazonaws.com", false)
	if err == nil || err.Error() != "the ResponseURL is refused: it has no host" {
		t.Errorf("CheckURL(%q) = %v, want it refused for having no host", raw, err)
	}
}

// The URL is this event's: a key of CloudFormation's shape must name the
// event's StackId, LogicalResourceId and RequestId.
func TestCheckURLKey(t *testing.T) {
	t.Parallel()
	const (
		stack = "arn:aws:cloudformation:us-east-1:123456789012:stack/shop/8f1f2a40-9b1e-11ef-8a3c-0a1b2c3d4e5f"
		host  = "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/"
		path  = "https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1/"
		q     = "?" + signature
	)
	e := cfn.Event{StackID: stack, LogicalResourceID: "WebClient", RequestID: "6d8f0a2c-4e5b-4d9f-b1a3-5b7d9f1a3c08"}
	tests := []struct {
		name, url, refused string // refused: the field named, "" when accepted
	}{
		{name: "virtual-hosted, this event's key", url: host + cfnKey(e) + q},
		{name: "path style, this event's key", url: path + cfnKey(e) + q},
		{name: "loopback, this event's key", url: "http://127.0.0.1:9/" + cfnKey(e) + q},
		{name: "a key with '|' written literally", url: host + strings.ReplaceAll(cfnKey(e), "%7C", "|") + q},
		{name: "a key with every byte escaped", url: host + url.PathEscape(e.StackID+"|"+e.LogicalResourceID+"|"+e.RequestID) + q},
		{name: "another stack", url: host + cfnKey(with(e, "StackId", strings.Replace(stack, "shop", "other", 1))) + q, refused: "StackId"},
		{name: "another account's stack", url: host + cfnKey(with(e, "StackId", strings.Replace(stack, "123456789012", "999999999999", 1))) + q, refused: "StackId"},
		{name: "another resource", url: host + cfnKey(with(e, "LogicalResourceId", "OtherClient")) + q, refused: "LogicalResourceId"},
		{name: "another request", url: path + cfnKey(with(e, "RequestId", "0000")) + q, refused: "RequestId"},
		{name: "another request, loopback", url: "http://localhost:9/" + cfnKey(with(e, "RequestId", "0000")) + q, refused: "RequestId"},
		{name: "empty parts", url: host + "%7C%7C" + q, refused: "StackId"},
		{name: "two parts: another shape", url: host + "a%7Cb" + q},
		{name: "four parts: another shape", url: host + cfnKey(e) + "%7Cx" + q},
		{name: "no key", url: host + q},
		{name: "a slash-separated key", url: path + "arn%3Aaws%3Acloudformation/WebClient/6d8f0a2c" + q},
		{name: "escaped twice: unescaped once, another shape", url: host + strings.ReplaceAll(cfnKey(e), "%7C", "%257C") + q},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev := e
			ev.ResponseURL = tt.url
			err := response.CheckURLKey(ev)
			if (err != nil) != (tt.refused != "") || err != nil && !strings.Contains(err.Error(), "issued for "+tt.refused+" ") {
				t.Fatalf("CheckURLKey(%q) = %v, want refused for %q", tt.url, err, tt.refused)
			}
			if err != nil && strings.Contains(err.Error(), signature) {
				t.Errorf("the error shows the signature: %v", err)
			}
		})
	}
}

// cfnKey is the object key CloudFormation gives e's response: its StackId,
// LogicalResourceId and RequestId joined by '|', with only ':' and '|'
// escaped (ledger row 32).
func cfnKey(e cfn.Event) string {
	return strings.NewReplacer(":", "%3A", "|", "%7C").Replace(e.StackID + "|" + e.LogicalResourceID + "|" + e.RequestID)
}

// with returns e with one of the key's fields changed.
func with(e cfn.Event, field, v string) cfn.Event {
	switch field {
	case "StackId":
		e.StackID = v
	case "LogicalResourceId":
		e.LogicalResourceID = v
	case "RequestId":
		e.RequestID = v
	}
	return e
}

// FuzzCheckURLKey holds the URL binding to its promise on any event: the URL
// CloudFormation would issue for an event is accepted, the same URL for an
// event that differs in StackId, LogicalResourceId or RequestId is refused,
// and no error shows the query.
func FuzzCheckURLKey(f *testing.F) {
	f.Add("arn:aws:cloudformation:us-east-1:123456789012:stack/s/1", "WebClient", "6d8f0a2c", "x", uint8(0))
	f.Add("arn:aws:cloudformation:us-east-1:1:stack/a/b", "L", "r", "", uint8(1))
	f.Add("", "", "", "%7C", uint8(2))
	f.Fuzz(func(t *testing.T, stack, logical, request, other string, which uint8) {
		if strings.ContainsAny(stack+logical+request, "|%?#") {
			return // CloudFormation's fields hold none of these
		}
		e := cfn.Event{StackID: stack, LogicalResourceID: logical, RequestID: request}
		e.ResponseURL = "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/" + cfnKey(e) + "?" + signature
		if _, err := url.Parse(e.ResponseURL); err != nil {
			return // the fields hold a '%' that is not an escape: no such URL is issued
		}
		if err := response.CheckURLKey(e); err != nil {
			t.Fatalf("the URL issued for %+v is refused: %v", e, err)
		}
		changed := with(e, [...]string{"StackId", "LogicalResourceId", "RequestId"}[which%3], other)
		changed.ResponseURL = e.ResponseURL
		err := response.CheckURLKey(changed)
		same := changed.StackID == e.StackID && changed.LogicalResourceID == e.LogicalResourceID && changed.RequestID == e.RequestID
		if (err == nil) != same {
			t.Fatalf("the URL of %+v, checked against %+v: %v", e, changed, err)
		}
		if err != nil && strings.Contains(err.Error(), signature) {
			t.Fatalf("the error shows the signature: %v", err)
		}
	})
}

// FuzzCheckURL checks the promises of the URL policy on any input, for a
// function in us-east-1: an accepted URL is https on port 443 without user
// info, to the response bucket of us-east-1 in one of its six forms, and the
// error never shows the query.
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
		err := response.CheckURL(raw, "us-east-1", "amazonaws.com", false)
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Fatalf("error for %q shows the query: %v", raw, err)
		}
		if err != nil {
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil {
			t.Fatalf("accepted %q, which does not parse: %v", raw, perr)
		}
		host := strings.ToLower(u.Hostname())
		if u.Scheme != "https" || u.User != nil || (u.Port() != "" && u.Port() != "443") {
			t.Fatalf("accepted %q", raw)
		}
		const bucket = "cloudformation-custom-resource-response-useast1"
		for _, form := range forms("us-east-1", "amazonaws.com") {
			f, _ := url.Parse(form)
			first, _, _ := strings.Cut(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
			if host == f.Hostname() && (strings.HasPrefix(host, bucket+".") || first == bucket) {
				return
			}
		}
		t.Fatalf("accepted %q, which is none of the six forms", raw)
	})
}
