package secretref

import "testing"

// FuzzParse: any text either fails to parse, or parses to a reference that
// writes itself back as the same text and parses to itself again; matching
// its ARN never panics.
func FuzzParse(f *testing.F) {
	f.Add("{{resolve:secretsmanager:app/client:SecretString:secret::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE}}")
	f.Add("{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf:SecretString:::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE}}")
	f.Add("{{resolve:secretsmanager:a:SecretString:k:AWSCURRENT}}")
	f.Add("{{resolve:ssm-secure:p:1}}")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			return
		}
		if r.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, r.String())
		}
		if again, err := Parse(r.String()); err != nil || again != r {
			t.Fatalf("Parse(String()) = %+v, %v; want %+v", again, err, r)
		}
		Sources{"arn:aws:secretsmanager:*:*:secret:*"}.Allow(r, Place{Partition: "aws", Region: "us-east-1", Account: "123456789012"})
	})
}
