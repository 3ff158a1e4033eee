package localrun_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
	"github.com/cognito-client-resource/cognitoclient/internal/secretsfake"
)

// The environment of SecretsManagerEnv and CognitoEnv reaches the fake
// through the SDK's standard configuration, as the function loads it.
func TestSecretsManagerEnvReachesTheFake(t *testing.T) {
	fake := secretsfake.New()
	t.Cleanup(fake.Close)
	env := append(localrun.CognitoEnv("http://127.0.0.1:1"), localrun.SecretsManagerEnv(fake.URL())...)
	for _, kv := range append(env, "AWS_REGION=eu-west-2", "AWS_PROFILE=", "AWS_SESSION_TOKEN=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null") {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := sm.NewFromConfig(cfg)
	out, err := c.CreateSecret(context.Background(), &sm.CreateSecretInput{Name: aws.String("local"), SecretString: aws.String("v")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(*out.ARN, "arn:aws:secretsmanager:eu-west-2:") {
		t.Errorf("ARN %s: want one in the configured Region", *out.ARN)
	}
	if _, err := c.DescribeSecret(context.Background(), &sm.DescribeSecretInput{SecretId: aws.String("missing")}); !errors.As(err, new(*types.ResourceNotFoundException)) {
		t.Errorf("want the fake's ResourceNotFoundException, got %v", err)
	}
	if n := fake.CallCount("CreateSecret"); n != 1 {
		t.Errorf("the fake received %d CreateSecret calls, want 1", n)
	}
}
