package localrun

// SecretsManagerEndpointVar is the variable that points the SDK's Secrets
// Manager client, and so the function's (where it keeps client secrets), at
// another endpoint than AWS Secrets Manager's.
const SecretsManagerEndpointVar = "AWS_ENDPOINT_URL_SECRETS_MANAGER"

// SecretsManagerEnv returns the environment that points the function at a
// local Secrets Manager endpoint (internal/secretsfake), to add to
// [CognitoEnv]'s, which holds the fake credentials both endpoints accept.
func SecretsManagerEnv(endpoint string) []string {
	return []string{SecretsManagerEndpointVar + "=" + endpoint}
}
