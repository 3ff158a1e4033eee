package conformance

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

const (
	// pollAttempts bounds how often a scenario asks whether the service
	// caught up, pollInterval apart: 30 seconds in all.
	pollAttempts = 30
	pollInterval = time.Second
	// nobody is the user InitiateAuth names: the pool has no users, so a
	// secret hash that verifies fails next on the user.
	nobody = "conformance-nobody"
)

// sleep waits pollInterval, or until ctx is done.
func sleep(ctx context.Context) error {
	t := time.NewTimer(pollInterval)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The scenarios of a client's secrets (ledger rows 28 and 35 to 41; row 23
// is checked through them). Values are random, one per use, never fixed in
// the code: the clients are real ones until the pool is deleted.
func clientSecretScenarios() []Scenario {
	return []Scenario{
		{
			Row: 28, Name: "describe-after-rotation", Calls: 7,
			Expected: "Add: a value; Describe after Add: the original; List: 2, no value; Describe after deleting the original: none; custom Add: no value",
			observe: func(ctx context.Context, e *env) string {
				c, failed := e.create(ctx, "row28", cip.CreateUserPoolClientInput{GenerateSecret: true})
				if c == nil {
					return failed
				}
				added, err := e.addSecret(ctx, c.ClientId, nil)
				if err != nil {
					return "Add " + e.outcome(err)
				}
				got := []string{"Add: " + present(added.ClientSecretValue, "a value", "no value")}
				d, failed := e.describe(ctx, c.ClientId)
				if d == nil {
					return failed
				}
				got = append(got, "Describe after Add: "+which(d.ClientSecret, c.ClientSecret, added.ClientSecretValue))
				listed, err := e.listSecrets(ctx, c.ClientId)
				if err != nil {
					return strings.Join(got, "; ") + "; List " + e.outcome(err)
				}
				got = append(got, fmt.Sprintf("List: %d, %s", len(listed), listedValues(listed)))
				original := otherID(listed, added.ClientSecretId)
				if err := e.deleteSecret(ctx, c.ClientId, original); err != nil {
					return strings.Join(got, "; ") + "; Delete " + e.outcome(err)
				}
				if d, failed = e.describe(ctx, c.ClientId); d == nil {
					return strings.Join(got, "; ") + "; " + failed
				}
				got = append(got, "Describe after deleting the original: "+which(d.ClientSecret, c.ClientSecret, added.ClientSecretValue))
				custom, err := e.addSecret(ctx, c.ClientId, aws.String(randomSecret()))
				if err != nil {
					return strings.Join(got, "; ") + "; custom Add " + e.outcome(err)
				}
				return strings.Join(append(got, "custom Add: "+present(custom.ClientSecretValue, "a value", "no value")), "; ")
			},
		},
		{
			Row: 35, Name: "third-secret-refused", Calls: 3,
			Expected: "second: accepted; third: refused: LimitExceededException",
			observe: func(ctx context.Context, e *env) string {
				c, failed := e.create(ctx, "row35", cip.CreateUserPoolClientInput{GenerateSecret: true})
				if c == nil {
					return failed
				}
				_, err := e.addSecret(ctx, c.ClientId, nil)
				got := "second: " + e.outcome(err)
				if err != nil {
					return got
				}
				// The SDK's retryer takes LimitExceededException for
				// throttling: the refusal is observed once, not retried.
				_, err = e.addSecret(ctx, c.ClientId, nil, func(o *cip.Options) { o.RetryMaxAttempts = 1 })
				return got + "; third: " + e.outcome(err)
			},
		},
		{
			Row: 36, Name: "last-secret-undeletable", Calls: 3,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				c, failed := e.create(ctx, "row36", cip.CreateUserPoolClientInput{GenerateSecret: true})
				if c == nil {
					return failed
				}
				listed, err := e.listSecrets(ctx, c.ClientId)
				if err != nil {
					return "List " + e.outcome(err)
				}
				if len(listed) != 1 {
					return fmt.Sprintf("List: %d secrets", len(listed))
				}
				return e.outcome(e.deleteSecret(ctx, c.ClientId, listed[0].ClientSecretId))
			},
		},
		{
			Row: 37, Name: "list-shows-create-secret", Calls: 5,
			Expected: "GenerateSecret: 1 listed, id <client-id>--<time>; ClientSecret: 1 listed, Describe shows the value",
			observe: func(ctx context.Context, e *env) string {
				var got []string
				for _, v := range []struct {
					name string
					in   cip.CreateUserPoolClientInput
				}{
					{"GenerateSecret", cip.CreateUserPoolClientInput{GenerateSecret: true}},
					{"ClientSecret", cip.CreateUserPoolClientInput{ClientSecret: aws.String(randomSecret())}},
				} {
					c, failed := e.create(ctx, "row37", v.in)
					if c == nil {
						got = append(got, v.name+": "+failed)
						continue
					}
					listed, err := e.listSecrets(ctx, c.ClientId)
					if err != nil {
						got = append(got, v.name+": List "+e.outcome(err))
						continue
					}
					line := fmt.Sprintf("%s: %d listed", v.name, len(listed))
					if v.in.ClientSecret == nil {
						if len(listed) == 1 && regexp.MustCompile(`^`+regexp.QuoteMeta(*c.ClientId)+`--\d+$`).MatchString(aws.ToString(listed[0].ClientSecretId)) {
							line += ", id <client-id>--<time>"
						} else {
							line += ", ids of another form"
						}
					} else {
						d, failed := e.describe(ctx, c.ClientId)
						switch {
						case d == nil:
							line += ", " + failed
						case aws.ToString(d.ClientSecret) == *v.in.ClientSecret:
							line += ", Describe shows the value"
						default:
							line += ", Describe shows " + present(d.ClientSecret, "another value", "none")
						}
					}
					got = append(got, line)
				}
				return strings.Join(got, "; ")
			},
		},
		{
			Row: 38, Name: "generate-with-custom-refused", Calls: 1,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				_, refused := e.create(ctx, "row38", cip.CreateUserPoolClientInput{GenerateSecret: true, ClientSecret: aws.String(randomSecret())})
				return created(refused)
			},
		},
		{
			Row: 39, Name: "deleted-value-added-again", Calls: 6,
			Expected: "adding the deleted value again: accepted; listed: 2",
			observe: func(ctx context.Context, e *env) string {
				value := randomSecret()
				c, failed := e.create(ctx, "row39", cip.CreateUserPoolClientInput{ClientSecret: aws.String(value)})
				if c == nil {
					return failed
				}
				added, err := e.addSecret(ctx, c.ClientId, aws.String(randomSecret()))
				if err != nil {
					return "Add " + e.outcome(err)
				}
				listed, err := e.listSecrets(ctx, c.ClientId)
				if err != nil {
					return "List " + e.outcome(err)
				}
				if err := e.deleteSecret(ctx, c.ClientId, otherID(listed, added.ClientSecretId)); err != nil {
					return "Delete " + e.outcome(err)
				}
				_, err = e.addSecret(ctx, c.ClientId, aws.String(value))
				got := "adding the deleted value again: " + e.outcome(err)
				if listed, err = e.listSecrets(ctx, c.ClientId); err != nil {
					return got + "; List " + e.outcome(err)
				}
				return fmt.Sprintf("%s; listed: %d", got, len(listed))
			},
		},
		{
			Row: 40, Name: "new-secret-authenticates", Calls: 6 + 2*(pollAttempts-1), Polls: 2 * (pollAttempts - 1),
			Expected: "the added secret: authenticates at once; the deleted secret: refused at once",
			observe: func(ctx context.Context, e *env) string {
				original := randomSecret()
				c, failed := e.create(ctx, "row40", cip.CreateUserPoolClientInput{
					ClientSecret:      aws.String(original),
					ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
				})
				if c == nil {
					return failed
				}
				value := randomSecret()
				added, err := e.addSecret(ctx, c.ClientId, aws.String(value))
				if err != nil {
					return "Add " + e.outcome(err)
				}
				got := "the added secret: " + e.pollAuth(ctx, c.ClientId, value, true)
				listed, err := e.listSecrets(ctx, c.ClientId)
				if err != nil {
					return got + "; List " + e.outcome(err)
				}
				if err := e.deleteSecret(ctx, c.ClientId, otherID(listed, added.ClientSecretId)); err != nil {
					return got + "; Delete " + e.outcome(err)
				}
				return got + "; the deleted secret: " + e.pollAuth(ctx, c.ClientId, original, false)
			},
		},
		{
			Row: 41, Name: "add-to-public-client-refused", Calls: 2,
			Expected: "refused: InvalidParameterException",
			observe: func(ctx context.Context, e *env) string {
				c, failed := e.create(ctx, "row41", cip.CreateUserPoolClientInput{})
				if c == nil {
					return failed
				}
				_, err := e.addSecret(ctx, c.ClientId, nil)
				return e.outcome(err)
			},
		},
	}
}

func (e *env) addSecret(ctx context.Context, id, value *string, optFns ...func(*cip.Options)) (*types.ClientSecretDescriptorType, error) {
	out, err := e.c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: aws.String(e.pool), ClientId: id, ClientSecret: value}, optFns...)
	if err != nil {
		return nil, err
	}
	if out.ClientSecretDescriptor == nil {
		return nil, errors.New("no ClientSecretDescriptor in the answer")
	}
	return out.ClientSecretDescriptor, nil
}

func (e *env) deleteSecret(ctx context.Context, id, secretID *string) error {
	_, err := e.c.DeleteUserPoolClientSecret(ctx, &cip.DeleteUserPoolClientSecretInput{UserPoolId: aws.String(e.pool), ClientId: id, ClientSecretId: secretID})
	return err
}

// listSecrets lists a client's secrets, following NextToken, although the
// service answers them all at once (the API reference says so, and the
// call estimates count one call).
func (e *env) listSecrets(ctx context.Context, id *string) ([]types.ClientSecretDescriptorType, error) {
	var all []types.ClientSecretDescriptorType
	in := &cip.ListUserPoolClientSecretsInput{UserPoolId: aws.String(e.pool), ClientId: id}
	for range 3 {
		out, err := e.c.ListUserPoolClientSecrets(ctx, in)
		if err != nil {
			return nil, err
		}
		all = append(all, out.ClientSecrets...)
		if out.NextToken == nil {
			return all, nil
		}
		in.NextToken = out.NextToken
	}
	return nil, errors.New("ListUserPoolClientSecrets paginates more than two secrets")
}

// pollAuth asks InitiateAuth, up to pollAttempts times, whether value is a
// secret of client id, until the answer is want, and says when it was.
func (e *env) pollAuth(ctx context.Context, id *string, value string, want bool) string {
	outcome := map[bool]string{true: "authenticates", false: "refused"}[want]
	start := time.Now()
	for attempt := 1; ; attempt++ {
		verified, err := e.verifies(ctx, id, value)
		switch {
		case err != nil:
			return "InitiateAuth " + e.outcome(err)
		case verified == want && attempt == 1:
			return outcome + " at once"
		case verified == want:
			return fmt.Sprintf("%s after %d attempts (%s)", outcome, attempt, time.Since(start).Round(time.Second))
		case attempt == pollAttempts:
			return fmt.Sprintf("not %s within %d attempts (%s)", outcome, attempt, time.Since(start).Round(time.Second))
		}
		if err := e.sleep(ctx); err != nil {
			return "interrupted"
		}
	}
}

// verifies reports whether InitiateAuth accepts value's secret hash for
// client id: the pool has no users, so a hash that verifies fails on the
// user (UserNotFoundException, or NotAuthorizedException without a word
// of the secret), and one that does not fails with NotAuthorizedException
// "Unable to verify secret hash for client ...". Any other error is
// returned.
func (e *env) verifies(ctx context.Context, id *string, value string) (bool, error) {
	_, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		ClientId: id,
		AuthParameters: map[string]string{
			"USERNAME":    nobody,
			"PASSWORD":    randomSecret(),
			"SECRET_HASH": secretHash(value, nobody, *id),
		},
	})
	var nae *types.NotAuthorizedException
	var unf *types.UserNotFoundException
	switch {
	case errors.As(err, &nae):
		return !strings.Contains(strings.ToLower(nae.ErrorMessage()), "secret hash"), nil
	case errors.As(err, &unf):
		return true, nil
	case err == nil:
		return false, errors.New("InitiateAuth signed a user in, in a pool that has none")
	}
	return false, err
}

// secretHash is the SECRET_HASH of username for a client with secret: the
// Base64 HMAC-SHA256, keyed with the secret, of the username followed by
// the client id.
func secretHash(secret, username, clientID string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(username + clientID))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// randomSecret returns a custom client secret value: 40 letters and digits.
func randomSecret() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 40)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// otherID returns the id of the listed secret that is not id.
func otherID(listed []types.ClientSecretDescriptorType, id *string) *string {
	for _, d := range listed {
		if aws.ToString(d.ClientSecretId) != aws.ToString(id) {
			return d.ClientSecretId
		}
	}
	return aws.String("")
}

// which says which secret a Describe shows.
func which(shown, original, added *string) string {
	switch {
	case shown == nil:
		return "none"
	case aws.ToString(shown) == aws.ToString(original):
		return "the original"
	case aws.ToString(shown) == aws.ToString(added):
		return "the added one"
	}
	return "another value"
}

func present(p *string, yes, no string) string {
	if p == nil {
		return no
	}
	return yes
}

// listedValues says whether a List answer holds values.
func listedValues(listed []types.ClientSecretDescriptorType) string {
	for _, d := range listed {
		if d.ClientSecretValue != nil {
			return "with values"
		}
	}
	return "no value"
}
