package cognitofake

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
)

// customSecret is a valid custom client secret value: 24 to 64 of [\w+].
const customSecret = "custom_secret+value_0123456789"

// secretClient creates a client through the API: with a generated secret,
// a custom one, or none ("" and false).
func secretClient(t *testing.T, c *cip.Client, pool string, generate bool, custom string) *types.UserPoolClientType {
	t.Helper()
	in := &cip.CreateUserPoolClientInput{
		UserPoolId:        aws.String(pool),
		ClientName:        aws.String("secrets"),
		GenerateSecret:    generate,
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
	}
	if custom != "" {
		in.ClientSecret = aws.String(custom)
	}
	out, err := c.CreateUserPoolClient(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return out.UserPoolClient
}

func listSecrets(t *testing.T, c *cip.Client, pool, id string) []types.ClientSecretDescriptorType {
	t.Helper()
	var all []types.ClientSecretDescriptorType
	var token *string
	for range 10 {
		out, err := c.ListUserPoolClientSecrets(context.Background(), &cip.ListUserPoolClientSecretsInput{UserPoolId: aws.String(pool), ClientId: aws.String(id), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, out.ClientSecrets...)
		if token = out.NextToken; token == nil {
			return all
		}
	}
	t.Fatal("ListUserPoolClientSecrets never stops paginating")
	return nil
}

func describeSecret(t *testing.T, c *cip.Client, pool, id string) *string {
	t.Helper()
	out, err := c.DescribeUserPoolClient(context.Background(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	return out.UserPoolClient.ClientSecret
}

// Ledger rows 28 and 37: the secret set at Create, generated or custom, is
// listed without its value, and Describe shows it.
func TestCreateWithASecret(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		generate bool
		custom   string
		listed   int
	}{
		{"generated", true, "", 1},
		{"custom", false, customSecret, 1},
		{"none", false, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c, pool := newServer(t)
			created := secretClient(t, c, pool, tt.generate, tt.custom)
			id := *created.ClientId
			want := tt.custom
			if tt.generate {
				want = aws.ToString(created.ClientSecret)
				if !regexp.MustCompile(`^[a-z0-9]{51}$`).MatchString(want) {
					t.Errorf("generated secret %q: want 51 lower-case alphanumerics", want)
				}
			}
			if got := aws.ToString(created.ClientSecret); got != want {
				t.Errorf("Create returned secret %q, want %q", got, want)
			}
			if got := aws.ToString(describeSecret(t, c, pool, id)); got != want {
				t.Errorf("Describe shows secret %q, want %q", got, want)
			}
			listed := listSecrets(t, c, pool, id)
			if len(listed) != tt.listed {
				t.Fatalf("List shows %d secrets, want %d", len(listed), tt.listed)
			}
			for _, d := range listed {
				if d.ClientSecretValue != nil {
					t.Error("List returned a secret's value")
				}
				if !regexp.MustCompile(`^` + id + `--\d{13}$`).MatchString(aws.ToString(d.ClientSecretId)) {
					t.Errorf("secret id %q is not <client-id>--<epoch milliseconds>", aws.ToString(d.ClientSecretId))
				}
				if d.ClientSecretCreateDate == nil || !d.ClientSecretCreateDate.Equal(*created.CreationDate) {
					t.Errorf("secret created %v, the client %v", d.ClientSecretCreateDate, created.CreationDate)
				}
			}
			if tt.listed == 1 && !s.Authenticates(pool, id, want) {
				t.Error("the client does not authenticate with its secret")
			}
		})
	}
}

// Ledger row 38 and the API model's ClientSecretType: refused values never
// appear in the message.
func TestCreateRefusesBadSecrets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		generate bool
		custom   string
		message  string
	}{
		{"both generated and custom", true, customSecret, "GenerateSecret"},
		{"too short", false, "short_secret_value_1234", "length greater than or equal to 24"},
		{"too long", false, strings.Repeat("a", 65), "length less than or equal to 64"},
		{"a character outside the pattern", false, "secret-with-a-dash-0123456789", `[\w+]+`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c, pool := newServer(t)
			_, err := c.CreateUserPoolClient(context.Background(), &cip.CreateUserPoolClientInput{
				UserPoolId: aws.String(pool), ClientName: aws.String("n"), GenerateSecret: tt.generate, ClientSecret: aws.String(tt.custom),
			})
			var ipe *types.InvalidParameterException
			if !errors.As(err, &ipe) {
				t.Fatalf("want InvalidParameterException, got %v", err)
			}
			if !strings.Contains(ipe.ErrorMessage(), tt.message) || strings.Contains(ipe.ErrorMessage(), tt.custom) {
				t.Errorf("message %q: want %q in it and not the value", ipe.ErrorMessage(), tt.message)
			}
			if n := len(s.Clients(pool)); n != 0 {
				t.Errorf("%d clients after a refused create", n)
			}
		})
	}
}

// Ledger rows 23, 28, 35, 36, 39 and 41, one step after the other on one
// client.
func TestSecretLifecycle(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	ctx := context.Background()
	created := secretClient(t, c, pool, true, "")
	id := *created.ClientId
	original := *created.ClientSecret
	public := secretClient(t, c, pool, false, "")

	add := func(client string, value *string) (*types.ClientSecretDescriptorType, error) {
		out, err := c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: aws.String(pool), ClientId: aws.String(client), ClientSecret: value})
		if err != nil {
			return nil, err
		}
		return out.ClientSecretDescriptor, nil
	}
	del := func(secretID string) error {
		_, err := c.DeleteUserPoolClientSecret(ctx, &cip.DeleteUserPoolClientSecretInput{UserPoolId: aws.String(pool), ClientId: aws.String(id), ClientSecretId: aws.String(secretID)})
		return err
	}
	ids := func() []string {
		var out []string
		for _, d := range listSecrets(t, c, pool, id) {
			out = append(out, *d.ClientSecretId)
		}
		return out
	}
	originalID := ids()[0]
	var generatedID, generatedValue string

	steps := []struct {
		name     string
		do       func() error
		wantErr  any // pointer to the typed error, nil for success
		secrets  int
		describe *string // the secret Describe shows afterwards
	}{
		{"a public client gets no secret", func() error { _, err := add(*public.ClientId, nil); return err }, &types.InvalidParameterException{}, 1, &original},
		{"add a generated secret: its value comes back once", func() error {
			d, err := add(id, nil)
			if err != nil {
				return err
			}
			generatedID, generatedValue = *d.ClientSecretId, aws.ToString(d.ClientSecretValue)
			if len(generatedValue) != generatedSecretLength {
				t.Errorf("the generated value has %d characters", len(generatedValue))
			}
			return nil
		}, nil, 2, &original},
		{"a third secret is refused", func() error { _, err := add(id, aws.String(customSecret)); return err }, &types.LimitExceededException{}, 2, &original},
		{"an unknown id", func() error { return del(id + "--1") }, &types.ResourceNotFoundException{}, 2, &original},
		{"delete the original: Describe shows none", func() error { return del(originalID) }, nil, 1, nil},
		{"the last secret stays", func() error { return del(generatedID) }, &types.InvalidParameterException{}, 1, nil},
		{"the deleted value is added again, and not returned", func() error {
			d, err := add(id, aws.String(original))
			if err == nil && d.ClientSecretValue != nil {
				t.Error("Add returned a custom value")
			}
			return err
		}, nil, 2, nil},
	}
	for _, st := range steps {
		err := st.do()
		switch {
		case st.wantErr == nil && err != nil:
			t.Fatalf("%s: %v", st.name, err)
		case st.wantErr != nil && !errors.As(err, reflect.New(reflect.TypeOf(st.wantErr)).Interface()):
			t.Fatalf("%s: want %T, got %v", st.name, st.wantErr, err)
		}
		if got := len(ids()); got != st.secrets {
			t.Errorf("%s: %d secrets listed, want %d", st.name, got, st.secrets)
		}
		if got := describeSecret(t, c, pool, id); !reflect.DeepEqual(got, st.describe) {
			t.Errorf("%s: Describe shows %v, want %v", st.name, aws.ToString(got), aws.ToString(st.describe))
		}
	}
	for value, want := range map[string]bool{original: true, generatedValue: true, customSecret: false} {
		if got := s.Authenticates(pool, id, value); got != want {
			t.Errorf("Authenticates(%.6s…) = %v, want %v", value, got, want)
		}
	}
	// Ledger row 28: a client whose original secret is gone still has a
	// secret, which client_credentials needs (row 17).
	if _, err := c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{
		UserPoolId: aws.String(pool), ClientId: aws.String(id),
		AllowedOAuthFlowsUserPoolClient: true,
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeClientCredentials},
		AllowedOAuthScopes:              []string{"aws.cognito.signin.user.admin"},
	}); err != nil {
		t.Errorf("client_credentials on a client whose original secret is deleted: %v", err)
	}
}

func TestSecretOperationsValidate(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	ctx := context.Background()
	id := *secretClient(t, c, pool, true, "").ClientId
	tests := []struct {
		name string
		call func() error
		want any
	}{
		{"Add with a short value", func() error {
			_, err := c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: aws.String(pool), ClientId: aws.String(id), ClientSecret: aws.String("short")})
			return err
		}, &types.InvalidParameterException{}},
		{"Add to an unknown client", func() error {
			_, err := c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: aws.String(pool), ClientId: aws.String("nosuchclient")})
			return err
		}, &types.ResourceNotFoundException{}},
		{"List in an unknown pool", func() error {
			_, err := c.ListUserPoolClientSecrets(ctx, &cip.ListUserPoolClientSecretsInput{UserPoolId: aws.String("us-east-1_nosuchpool"), ClientId: aws.String(id)})
			return err
		}, &types.ResourceNotFoundException{}},
		{"List with a token that is not one", func() error {
			_, err := c.ListUserPoolClientSecrets(ctx, &cip.ListUserPoolClientSecretsInput{UserPoolId: aws.String(pool), ClientId: aws.String(id), NextToken: aws.String("x")})
			return err
		}, &types.InvalidParameterException{}},
		{"Delete with an id too long", func() error {
			_, err := c.DeleteUserPoolClientSecret(ctx, &cip.DeleteUserPoolClientSecretInput{UserPoolId: aws.String(pool), ClientId: aws.String(id), ClientSecretId: aws.String(strings.Repeat("a", 129))})
			return err
		}, &types.InvalidParameterException{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.As(err, reflect.New(reflect.TypeOf(tt.want)).Interface()) {
				t.Errorf("want %T, got %v", tt.want, err)
			}
		})
	}
	// The SDK checks required members itself; the fake does too.
	out := rawCall(t, s, "DeleteUserPoolClientSecret", map[string]string{"UserPoolId": pool, "ClientId": id})
	if out["__type"] != "InvalidParameterException" || !strings.Contains(out["message"].(string), "clientSecretId") {
		t.Errorf("a delete without ClientSecretId answered %v", out)
	}
	if n := len(s.Secrets(pool, id)); n != 1 {
		t.Errorf("%d secrets after refused calls, want 1", n)
	}
}

func TestListFollowsNextToken(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t, WithSecretsPageSize(1))
	id := *secretClient(t, c, pool, true, "").ClientId
	if _, err := s.AddSecret(pool, id, ""); err != nil {
		t.Fatal(err)
	}
	out, err := c.ListUserPoolClientSecrets(context.Background(), &cip.ListUserPoolClientSecretsInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.ClientSecrets) != 1 || out.NextToken == nil {
		t.Fatalf("first page: %d secrets, NextToken %v; want 1 and a token", len(out.ClientSecrets), out.NextToken)
	}
	var got []string
	for _, d := range listSecrets(t, c, pool, id) {
		got = append(got, *d.ClientSecretId)
	}
	var want []string
	for _, sec := range s.Secrets(pool, id) {
		want = append(want, sec.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("all pages list %v, want %v", got, want)
	}
	// Without the option, the service's single page.
	s2, c2, pool2 := newServer(t)
	id2 := *secretClient(t, c2, pool2, true, "").ClientId
	if _, err := s2.AddSecret(pool2, id2, ""); err != nil {
		t.Fatal(err)
	}
	out, err = c2.ListUserPoolClientSecrets(context.Background(), &cip.ListUserPoolClientSecretsInput{UserPoolId: aws.String(pool2), ClientId: aws.String(id2)})
	if err != nil || len(out.ClientSecrets) != 2 || out.NextToken != nil {
		t.Errorf("default: %v, %d secrets, NextToken %v; want 2 at once", err, len(out.ClientSecrets), out.NextToken)
	}
}

// Ledger row 40: InitiateAuth's secret hash check tells which values
// authenticate, at once.
func TestInitiateAuthChecksTheSecretHash(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	ctx := context.Background()
	withSecret := secretClient(t, c, pool, false, customSecret)
	id := *withSecret.ClientId
	added, err := s.AddSecret(pool, id, "")
	if err != nil {
		t.Fatal(err)
	}
	addedValue := s.Secrets(pool, id)[1].Value
	noPasswordFlow := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("srp only"), ClientSecret: aws.String(customSecret)})
	public := secretClient(t, c, pool, false, "")
	enabled := s.PutClient(pool, types.UserPoolClientType{
		ClientName: aws.String("existence errors"), ClientSecret: aws.String(customSecret),
		ExplicitAuthFlows:          []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth},
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
	})

	auth := func(client, hash string) error {
		params := map[string]string{"USERNAME": "nobody", "PASSWORD": "not-a-password"}
		if hash != "" {
			params["SECRET_HASH"] = hash
		}
		_, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(client), AuthParameters: params})
		return err
	}
	tests := []struct {
		name    string
		client  string
		secret  string // "" sends no SECRET_HASH
		want    any
		message string
	}{
		{"the original secret", id, customSecret, &types.UserNotFoundException{}, "User does not exist."},
		{"the added secret", id, addedValue, &types.UserNotFoundException{}, ""},
		{"another value", id, strings.Repeat("x", 30), &types.NotAuthorizedException{}, "Unable to verify secret hash for client " + id},
		{"no secret hash", id, "", &types.NotAuthorizedException{}, "Unable to verify secret hash"},
		{"a public client needs no secret hash", *public.ClientId, "", &types.UserNotFoundException{}, "User does not exist."},
		{"the flow is not enabled", noPasswordFlow, customSecret, &types.InvalidParameterException{}, "USER_PASSWORD_AUTH flow not enabled for this client"},
		{"user existence errors prevented", enabled, customSecret, &types.NotAuthorizedException{}, "Incorrect username or password."},
		{"an unknown client", "nosuchclient", customSecret, &types.ResourceNotFoundException{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hash := ""
			if tt.secret != "" {
				hash = secretHash(tt.secret, "nobody", tt.client)
			}
			err := auth(tt.client, hash)
			if !errors.As(err, reflect.New(reflect.TypeOf(tt.want)).Interface()) {
				t.Fatalf("want %T, got %v", tt.want, err)
			}
			var ae smithy.APIError
			if errors.As(err, &ae) && !strings.Contains(ae.ErrorMessage(), tt.message) {
				t.Errorf("message %q lacks %q", ae.ErrorMessage(), tt.message)
			}
		})
	}
	if err := s.RemoveSecret(pool, id, added); err != nil {
		t.Fatal(err)
	}
	if err := auth(id, secretHash(addedValue, "nobody", id)); !errors.As(err, new(*types.NotAuthorizedException)) {
		t.Errorf("a deleted secret: want NotAuthorizedException, got %v", err)
	}
}

// The test support methods follow the service's rules, and PutClient's
// secret is the client's original one.
func TestSecretTestSupport(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	seeded := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("seeded"), ClientSecret: aws.String(customSecret)})
	public := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("public")})
	if got := s.Secrets(pool, seeded); len(got) != 1 || got[0].Value != customSecret || !strings.HasPrefix(got[0].ID, seeded+"--") {
		t.Fatalf("a seeded client's secrets: %+v", got)
	}
	foreign, err := s.AddSecret(pool, seeded, "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"a third", func() error { _, err := s.AddSecret(pool, seeded, ""); return err }(), "already holds two secrets"},
		{"a public client", func() error { _, err := s.AddSecret(pool, public, ""); return err }(), "has no secret"},
		{"a bad value", func() error { _, err := s.AddSecret(pool, public, "bad value"); return err }(), "length greater than or equal to 24"},
		{"an unknown client", func() error { _, err := s.AddSecret(pool, "nosuchclient", ""); return err }(), "no client nosuchclient"},
		{"an unknown pool", s.RemoveSecret("us-east-1_nosuchpool", seeded, foreign), "no user pool"},
		{"an unknown secret", s.RemoveSecret(pool, seeded, "x"), "does not exist"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, tt.err, tt.want)
		}
	}
	if err := s.RemoveSecret(pool, seeded, s.Secrets(pool, seeded)[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSecret(pool, seeded, foreign); err == nil || !strings.Contains(err.Error(), "last client secret") {
		t.Errorf("removing the last secret: %v", err)
	}
	if d := describeSecret(t, c, pool, seeded); d != nil {
		t.Errorf("Describe shows a secret after the original was removed")
	}
	if s.Secrets(pool, "nosuchclient") != nil || s.Authenticates("us-east-1_nosuchpool", seeded, customSecret) {
		t.Error("an unknown client has secrets")
	}
	if _, err := c.DeleteUserPoolClient(context.Background(), &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(seeded)}); err != nil {
		t.Fatal(err)
	}
	if s.Secrets(pool, seeded) != nil {
		t.Error("a deleted client still has secrets")
	}
}

// A lost answer: the call takes effect, the caller sees an error; the
// secret operations answer their own internal error.
func TestLostAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault     Fault
		transport bool // a reset: no API error at all
	}{
		{LostAnswer, false},
		{LostAnswerReset, true},
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			t.Parallel()
			s, c, pool := newServer(t)
			id := *secretClient(t, c, pool, true, "").ClientId
			s.Fail("AddUserPoolClientSecret", 1, tt.fault)
			_, err := c.AddUserPoolClientSecret(context.Background(), &cip.AddUserPoolClientSecretInput{UserPoolId: aws.String(pool), ClientId: aws.String(id), ClientSecret: aws.String(customSecret)})
			var ae smithy.APIError
			switch {
			case tt.transport && (err == nil || errors.As(err, &ae)):
				t.Fatalf("want a transport error, got %v", err)
			case !tt.transport && !errors.As(err, new(*types.InternalServerException)):
				t.Fatalf("want InternalServerException, got %v", err)
			}
			var re *awshttp.ResponseError
			if !tt.transport && (!errors.As(err, &re) || re.HTTPStatusCode() != 500) {
				t.Errorf("want HTTP 500, got %v", err)
			}
			if !s.Authenticates(pool, id, customSecret) || len(s.Secrets(pool, id)) != 2 {
				t.Error("the lost call did not take effect")
			}
			if got := s.Calls()[1].Err; got != tt.fault.String() {
				t.Errorf("recorded Err %q, want %q", got, tt.fault)
			}
			if n := s.CallCount("AddUserPoolClientSecret"); n != 1 {
				t.Errorf("CallCount = %d, want 1", n)
			}
		})
	}
}

func TestInternalFaultPerOperation(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	ctx := context.Background()
	id := *secretClient(t, c, pool, true, "").ClientId
	s.Fail("", 2, Internal)
	_, err := c.ListUserPoolClientSecrets(ctx, &cip.ListUserPoolClientSecretsInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
	if !errors.As(err, new(*types.InternalServerException)) {
		t.Errorf("List: want InternalServerException, got %v", err)
	}
	_, err = c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
	if !errors.As(err, new(*types.InternalErrorException)) {
		t.Errorf("Describe: want InternalErrorException, got %v", err)
	}
	errs := []string{s.Calls()[1].Err, s.Calls()[2].Err}
	if want := []string{"InternalServerException", "InternalErrorException"}; !slices.Equal(errs, want) {
		t.Errorf("recorded %q, want %q", errs, want)
	}
}

func TestClearFaultsAndCallCount(t *testing.T) {
	t.Parallel()
	s, c, pool := newServer(t)
	ctx := context.Background()
	id := s.PutClient(pool, types.UserPoolClientType{ClientName: aws.String("c")})
	s.Fail("", 100, Internal)
	describe := func() error {
		_, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(id)})
		return err
	}
	if describe() == nil {
		t.Fatal("the fault did not apply")
	}
	s.ClearFaults()
	if err := describe(); err != nil {
		t.Errorf("after ClearFaults: %v", err)
	}
	if n := s.CallCount("DescribeUserPoolClient"); n != 2 {
		t.Errorf("CallCount = %d, want 2", n)
	}
	s.ResetCalls()
	if n := s.CallCount("DescribeUserPoolClient"); n != 0 {
		t.Errorf("CallCount after ResetCalls = %d", n)
	}
}
