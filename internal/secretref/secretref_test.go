package secretref

import (
	"strings"
	"testing"
)

const (
	version = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE"
	arn     = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, in string
		want     Reference
		err      string // a part of the error; "" for none
	}{
		{"name, key, version", "{{resolve:secretsmanager:app/client:SecretString:secret::" + version + "}}",
			Reference{SecretId: "app/client", JSONKey: "secret", VersionId: version}, ""},
		{"ARN", "{{resolve:secretsmanager:" + arn + ":SecretString:secret::" + version + "}}",
			Reference{SecretId: arn, JSONKey: "secret", VersionId: version}, ""},
		{"whole SecretString", "{{resolve:secretsmanager:app/client:SecretString:::" + version + "}}",
			Reference{SecretId: "app/client", VersionId: version}, ""},
		{"unpinned", "{{resolve:secretsmanager:app/client:SecretString:secret}}", Reference{}, "is not pinned: pin the version"},
		{"unpinned, name only", "{{resolve:secretsmanager:app/client}}", Reference{}, "must read SecretString"},
		{"staged", "{{resolve:secretsmanager:app/client:SecretString:secret:AWSCURRENT}}", Reference{}, `staged "AWSCURRENT": pin the version`},
		{"stage and version", "{{resolve:secretsmanager:app/client:SecretString:secret:AWSCURRENT:" + version + "}}", Reference{}, "pin the version with its version id instead"},
		{"SecretBinary", "{{resolve:secretsmanager:app/client:SecretBinary:secret::" + version + "}}", Reference{}, "must read SecretString"},
		{"short version", "{{resolve:secretsmanager:app/client:SecretString:secret::v1}}", Reference{}, "version id that is not one"},
		{"too many fields", "{{resolve:secretsmanager:app/client:SecretString:secret::" + version + ":x}}", Reference{}, "too many fields"},
		{"partial ARN", "{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1}}", Reference{}, "not complete"},
		{"ARN of another service", "{{resolve:secretsmanager:arn:aws:ssm:us-east-1:123456789012:parameter:p:SecretString:k::" + version + "}}", Reference{}, "not a Secrets Manager secret ARN"},
		{"bad name", "{{resolve:secretsmanager:app client:SecretString:k::" + version + "}}", Reference{}, "not a secret name"},
		{"ssm-secure", "{{resolve:ssm-secure:param:1}}", Reference{}, "another service"},
		{"no end", "{{resolve:secretsmanager:app/client:SecretString:k::" + version, Reference{}, "does not end"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse(c.in)
			if c.err == "" {
				if err != nil || got != c.want {
					t.Fatalf("Parse = %+v, %v; want %+v", got, err, c.want)
				}
				if got.String() != c.in {
					t.Errorf("String = %s, want the input back", got.String())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("error %v, want one containing %q", err, c.err)
			}
		})
	}
}

func TestParseSources(t *testing.T) {
	t.Parallel()
	got, err := ParseSources(" arn:aws:secretsmanager:us-east-1:123456789012:secret:app/* ,, arn:aws:secretsmanager:*:123456789012:secret:db-?????? ")
	if err != nil || len(got) != 2 || got[0] != "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*" {
		t.Fatalf("ParseSources = %q, %v", got, err)
	}
	if got, err := ParseSources(""); err != nil || got != nil {
		t.Errorf("empty: %q, %v", got, err)
	}
	for _, bad := range []string{"*", "arn:aws:secretsmanager:*", "arn:aws:s3:::bucket/*", "app/*", "arn:aws:secretsmanager:us-east-1:123456789012:*"} {
		if _, err := ParseSources("arn:aws:secretsmanager:us-east-1:123456789012:secret:ok," + bad); err == nil || !strings.Contains(err.Error(), "not a secret ARN pattern") {
			t.Errorf("%q: error %v", bad, err)
		}
	}
}

func TestAllow(t *testing.T) {
	t.Parallel()
	here := Place{Partition: "aws", Region: "us-east-1", Account: "123456789012"}
	byName := func(n string) Reference { return Reference{SecretId: n, VersionId: version} }
	byARN := Reference{SecretId: arn, VersionId: version}
	for _, c := range []struct {
		name    string
		sources string
		ref     Reference
		at      Place
		want    bool
	}{
		{"ARN, exact", arn, byARN, here, true},
		{"ARN, star", "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*", byARN, here, true},
		{"ARN, other prefix", "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/*", byARN, here, false},
		{"ARN, question marks", "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-??????", byARN, here, true},
		{"ARN, too few question marks", "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-?????", byARN, here, false},
		{"name under a star", "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*", byName("app/db"), here, true},
		{"name under ??????", "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-??????", byName("app/db"), here, true},
		{"name, but the source is one ARN", arn, byName("app/db"), here, false},
		{"name, other account", "arn:aws:secretsmanager:us-east-1:210987654321:secret:app/*", byName("app/db"), here, false},
		{"name, other Region", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/*", byName("app/db"), here, false},
		{"name, any Region", "arn:aws:secretsmanager:*:123456789012:secret:app/*", byName("app/db"), here, true},
		{"name, own account unknown", "arn:aws:secretsmanager:*:*:secret:app/*", byName("app/db"), Place{Partition: "aws", Region: "us-east-1"}, false},
		{"name, prefix is not enough", "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/d", byName("app/db"), here, false},
		{"no sources", "", byARN, here, false},
		{"second source", "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/*,arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*", byARN, here, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := ParseSources(c.sources)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Allow(c.ref, c.at); got != c.want {
				t.Errorf("Allow(%s) under %q = %v, want %v", c.ref.ARN(c.at), c.sources, got, c.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"", "", true}, {"*", "", true}, {"*", "abc", true}, {"a*c", "abbbc", true}, {"a*c", "abcd", false},
		{"a?c", "abc", true}, {"a?c", "ac", false}, {"*b*b*", "abab", true}, {"*b*b*", "ab", false},
		{"a**", "a", true}, {"abc", "ab", false}, {"ab", "abc", false},
		{strings.Repeat("*a", 30) + "b", strings.Repeat("a", 200), false},
	} {
		if got := match(c.p, c.s); got != c.want {
			t.Errorf("match(%q, %q) = %v, want %v", c.p, c.s, got, c.want)
		}
	}
}
