package secretref_test

import (
	"fmt"

	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
)

// A ClientSecret reference is read, then judged against
// CLIENT_SECRET_SOURCES: a reference by name reads a secret of the
// function's own account and Region, whose ARN ends in six characters
// nobody knows in advance.
func Example() {
	sources, _ := secretref.ParseSources("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/clients/*")
	here := secretref.Place{Partition: "aws", Region: "us-east-1", Account: "123456789012"}

	ref, err := secretref.Parse("{{resolve:secretsmanager:app/clients/web:SecretString:secret::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE}}")
	fmt.Println(err, ref.ARN(here), sources.Allow(ref, here))

	_, err = secretref.Parse("{{resolve:secretsmanager:app/clients/web:SecretString:secret}}")
	fmt.Println(err)
	// Output:
	// <nil> arn:aws:secretsmanager:us-east-1:123456789012:secret:app/clients/web-?????? true
	// is not pinned: pin the version ({{resolve:secretsmanager:app/clients/web:SecretString:secret::<version-id>}}); CloudFormation sends an update only when the template's text changes, so an unpinned reference would never rotate
}
