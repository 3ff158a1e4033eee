package secretstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/cognito-client-resource/cognitoclient/internal/secretref"
)

// Resolve reads the value a pinned reference names: the SecretString of
// that version of the secret, or the string under its JSON key. CloudFormation
// does not resolve such references for custom resources (ledger row 31), so
// the function does, with secretsmanager:GetSecretValue, which its role has on
// CLIENT_SECRET_SOURCES only; the caller checks the sources first.
//
// The error names the secret, its version and the key, never a value: a
// SecretString that is not the JSON object a key needs is described, not
// quoted.
func Resolve(ctx context.Context, api API, r secretref.Reference) (string, error) {
	out, err := api.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: &r.SecretId, VersionId: &r.VersionId})
	var notFound *types.ResourceNotFoundException
	switch {
	case errors.As(err, &notFound):
		return "", fmt.Errorf("the secret %s has no version %s (or does not exist)", r.SecretId, r.VersionId)
	case code(err) == "AccessDeniedException":
		return "", fmt.Errorf("the function may not read the secret %s: it must be in the function's CLIENT_SECRET_SOURCES (ClientSecretSources), encrypted with a key the function may use: %w", r.SecretId, err)
	case err != nil:
		return "", fmt.Errorf("GetSecretValue %s: %w", r.SecretId, err)
	case out.SecretString == nil:
		return "", fmt.Errorf("version %s of the secret %s has no SecretString (a binary secret can't be a client secret)", r.VersionId, r.SecretId)
	}
	if r.JSONKey == "" {
		return *out.SecretString, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(*out.SecretString), &fields); err != nil {
		return "", fmt.Errorf("version %s of the secret %s is not a JSON object, so it has no key %q", aws.ToString(out.VersionId), r.SecretId, r.JSONKey)
	}
	raw, ok := fields[r.JSONKey]
	if !ok {
		return "", fmt.Errorf("version %s of the secret %s has no key %q", aws.ToString(out.VersionId), r.SecretId, r.JSONKey)
	}
	var v string
	if raw = bytes.TrimSpace(raw); len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &v) != nil {
		return "", fmt.Errorf("the key %q of version %s of the secret %s does not hold a string", r.JSONKey, aws.ToString(out.VersionId), r.SecretId)
	}
	return v, nil
}
