package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/cognito-client-resource/cognitoclient/internal/clientsecret"
	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
	"github.com/cognito-client-resource/cognitoclient/internal/secretsfake"
	"github.com/cognito-client-resource/cognitoclient/internal/secretstore"
)

// The source of step 8's custom client secret: a Secrets Manager secret of
// the stack's account, pinned to one of its versions, and the
// CLIENT_SECRET_SOURCES that allow it.
const (
	sourceName    = "demo/orders-worker"
	sourceVersion = "0f1e2d3c-4b5a-4697-8877-665544332211"
	sourceSecret  = "CustomOrdersWorkerSecret_0123456789abcdef"
	sources       = "arn:aws:secretsmanager:" + lambdalocal.Region + ":" + lambdalocal.Account + ":secret:demo/*"
)

// secretsStep plays step 8 against the project's own fakes of Cognito and
// Secrets Manager: a client with a generated secret, rotated in place,
// rolled back, then rotated to a custom value from a pinned reference.
// Secret values are never printed: only their ids, which of them Cognito
// lists and accepts, and what the store records.
type secretsStep struct {
	*demo
	fn      *localrun.Function
	cognito *cognitofake.Server
	secrets *secretsfake.Server
	pool    string
	id      string // the client's id
}

// rotateSecrets is step 8.
func (d *demo) rotateSecrets(ctx context.Context) (err error) {
	fmt.Fprintln(d.out, "   cognito-local has no client secret operations (AddUserPoolClientSecret, DeleteUserPoolClientSecret,")
	fmt.Fprintln(d.out, "   ListUserPoolClientSecrets) and no Secrets Manager: this step runs the function against the project's own")
	fmt.Fprintln(d.out, "   fakes of both (internal/cognitofake, internal/secretsfake), which follow the recorded behaviour of the services.")
	s := &secretsStep{demo: d, cognito: cognitofake.New(), secrets: secretsfake.New(secretsfake.WithAccount(lambdalocal.Account))}
	defer s.cognito.Close()
	defer s.secrets.Close()
	s.pool = s.cognito.CreatePool()

	client := sm.New(sm.Options{Region: lambdalocal.Region, BaseEndpoint: aws.String(s.secrets.URL()),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	if _, err := client.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String(sourceName), ClientRequestToken: aws.String(sourceVersion),
		SecretString: aws.String(`{"clientSecret":"` + sourceSecret + `"}`)}); err != nil {
		return fmt.Errorf("creating the source secret: %w", err)
	}

	var logs strings.Builder
	env := append(localrun.CognitoEnv(s.cognito.URL()), localrun.SecretsManagerEnv(s.secrets.URL())...)
	env = append(env, "CLIENT_SECRET_SOURCES="+sources)
	if s.fn, err = localrun.Start(d.bin, env, &logs, &logs); err != nil {
		return err
	}
	defer func() {
		if cerr := s.fn.Close(); cerr != nil || err != nil {
			err = errors.Join(err, cerr, fmt.Errorf("the function's log:\n%s", logs.String()))
		}
	}()
	fmt.Fprintf(d.out, "   a function started with CLIENT_SECRET_SOURCES=%s; user pool %s;\n", sources, s.pool)
	fmt.Fprintf(d.out, "   the secret %s holds a custom client secret at version %s\n", sourceName, sourceVersion)

	for _, play := range []func(context.Context) error{s.create, s.rotate, s.rollBack, s.toReference} {
		if err := play(ctx); err != nil {
			return err
		}
	}
	return nil
}

// worker are the properties of the step's client, a machine-to-machine
// client, which needs a secret, with kv set.
func (s *secretsStep) worker(kv ...string) map[string]any {
	p := map[string]any{
		"UserPoolId":         s.pool,
		"ClientName":         "orders-worker",
		"AllowedOAuthFlows":  []string{"client_credentials"},
		"AllowedOAuthScopes": []string{"orders/read"},
		"GenerateSecret":     "true",
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(p, kv[i])
		} else {
			p[kv[i]] = kv[i+1]
		}
	}
	return p
}

// send delivers an event to the step's function and prints the calls it
// made to both fakes.
func (s *secretsStep) send(ctx context.Context, requestType, physicalID string, properties, old map[string]any) (cfn.Response, []string, []string, error) {
	s.cognito.ResetCalls()
	s.secrets.ResetCalls()
	resp, err := s.deliver(ctx, s.fn, requestType, "OrdersWorker", physicalID, properties, old)
	if err != nil {
		return cfn.Response{}, nil, nil, err
	}
	var cognito, store []string
	for _, c := range s.cognito.Calls() {
		cognito = append(cognito, c.Operation)
	}
	for _, c := range s.secrets.Calls() {
		store = append(store, c.Operation)
	}
	fmt.Fprintf(s.out, "   cognito    %s\n", orNone(strings.Join(cognito, ", ")))
	fmt.Fprintf(s.out, "   secrets    %s (Secrets Manager)\n", orNone(strings.Join(store, ", ")))
	return resp, cognito, store, nil
}

// read returns the store's AWSCURRENT bookkeeping.
func (s *secretsStep) read() (clientsecret.State, error) {
	sec, ok := s.secrets.Secret(secretstore.Name(s.pool, s.id))
	if !ok {
		return clientsecret.State{}, fmt.Errorf("client %s has no store", s.id)
	}
	cur, ok := sec.Stage("AWSCURRENT")
	if !ok {
		return clientsecret.State{}, errors.New("the store has no AWSCURRENT version")
	}
	return clientsecret.Decode(clientsecret.Client{UserPoolId: s.pool, ClientId: s.id}, cur.Value)
}

// state prints what Cognito lists for the client, which of its secrets
// authenticate, and the store's AWSCURRENT bookkeeping, and returns the
// bookkeeping and the listed ids. The values stay unprinted.
func (s *secretsStep) state() (clientsecret.State, []string, error) {
	st, err := s.read()
	if err != nil {
		return st, nil, err
	}
	listed := s.cognito.Secrets(s.pool, s.id)
	ids := make([]string, len(listed))
	fmt.Fprintf(s.out, "   client     %s lists %d secret(s):\n", s.id, len(listed))
	for i, c := range listed {
		ids[i] = c.ID
		fmt.Fprintf(s.out, "                %s  authenticates: %v\n", c.ID, s.cognito.Authenticates(s.pool, s.id, c.Value))
	}
	fmt.Fprintf(s.out, "   store      %s, AWSCURRENT (apps read its ClientSecret):\n", secretstore.Name(s.pool, s.id))
	fmt.Fprintf(s.out, "                current   %s  %s\n", st.Current.Id, describeSource(st.Current.Source))
	if st.Previous != nil {
		fmt.Fprintf(s.out, "                previous  %s  %s\n", st.Previous.Id, describeSource(st.Previous.Source))
	} else {
		fmt.Fprintln(s.out, "                previous  (none)")
	}
	return st, ids, nil
}

// describeSource says where a secret came from.
func describeSource(src clientsecret.Source) string {
	switch {
	case src.Kind == clientsecret.KindGenerated && src.ClientSecretVersion != "":
		return "generated, ClientSecretVersion " + src.ClientSecretVersion
	case src.Kind == clientsecret.KindReference:
		return "from " + src.Reference
	}
	return src.Kind
}

// handsOut checks that the response's Data holds the store's current secret
// and the store's ARN, without showing either.
func (s *secretsStep) handsOut(resp cfn.Response, st clientsecret.State) bool {
	sec, _ := s.secrets.Secret(secretstore.Name(s.pool, s.id))
	return resp.Data["ClientSecret"] == st.Current.Value && resp.Data["SecretArn"] == sec.ARN && resp.NoEcho
}

func (s *secretsStep) create(ctx context.Context) error {
	props := s.worker("ClientSecretVersion", "1")
	fmt.Fprintln(s.out, "   -- create, with a secret Cognito generates")
	resp, cognito, store, err := s.send(ctx, "Create", "", props, nil)
	if err != nil {
		return err
	}
	s.id = resp.PhysicalResourceID
	st, ids, err := s.state()
	if err != nil {
		return err
	}
	ck := checks{out: s.out}
	ck.expect(resp.Status == cfn.StatusSuccess, "SUCCESS")
	ck.expect(slices.Equal(cognito, []string{"CreateUserPoolClient", "ListUserPoolClientSecrets"}) && slices.Equal(store, []string{"CreateSecret"}),
		"the client is created, its one secret listed, and the store created with it")
	ck.expect(slices.Equal(ids, []string{st.Current.Id}) && s.cognito.Authenticates(s.pool, s.id, st.Current.Value), "Cognito lists one secret, the store's current one, and it authenticates")
	ck.expect(s.handsOut(resp, st), "Data holds the store's current secret and SecretArn, with NoEcho (for !GetAtt; neither is printed)")
	return ck.err()
}

// update is what an Update of the step's client did: its response, the
// calls to each fake, and the store's bookkeeping before and after, with the
// ids Cognito lists after.
type update struct {
	resp           cfn.Response
	cognito, store []string
	before, after  clientsecret.State
	ids            []string
}

// update sends an Update of the client from old to props, titled, and
// prints what became of its secrets.
func (s *secretsStep) update(ctx context.Context, title string, props, old map[string]any) (u update, err error) {
	if u.before, err = s.read(); err != nil {
		return u, err
	}
	fmt.Fprintln(s.out, title)
	if u.resp, u.cognito, u.store, err = s.send(ctx, "Update", s.id, props, old); err != nil {
		return u, err
	}
	u.after, u.ids, err = s.state()
	return u, err
}

func (s *secretsStep) rotate(ctx context.Context) error {
	u, err := s.update(ctx, "   -- rotate in place: a new ClientSecretVersion", s.worker("ClientSecretVersion", "2"), s.worker("ClientSecretVersion", "1"))
	if err != nil {
		return err
	}
	st := u.after
	ck := checks{out: s.out}
	ck.expect(u.resp.Status == cfn.StatusSuccess && u.resp.PhysicalResourceID == s.id, "SUCCESS, the same client id: no new client, no outage")
	ck.expect(slices.Equal(u.cognito, []string{"DescribeUserPoolClient", "ListUserPoolClientSecrets", "AddUserPoolClientSecret", "ListUserPoolClientSecrets"}) &&
		slices.Equal(u.store, []string{"GetSecretValue", "PutSecretValue", "PutSecretValue"}),
		"a new secret, generated by the function, written to the store as pending, added, listed, then made current")
	ck.expect(len(u.ids) == 2 && st.Previous != nil && st.Previous.Id == u.before.Current.Id && st.Current.Id != u.before.Current.Id &&
		s.cognito.Authenticates(s.pool, s.id, st.Current.Value) && s.cognito.Authenticates(s.pool, s.id, st.Previous.Value),
		"two valid secrets: the new one is current, the old one previous, so apps that have not refreshed yet keep working")
	ck.expect(s.handsOut(u.resp, st), "Data holds the new current secret")
	return ck.err()
}

func (s *secretsStep) rollBack(ctx context.Context) error {
	u, err := s.update(ctx, "   -- roll back: CloudFormation sends the previous properties again", s.worker("ClientSecretVersion", "1"), s.worker("ClientSecretVersion", "2"))
	if err != nil {
		return err
	}
	st := u.after
	ck := checks{out: s.out}
	ck.expect(u.resp.Status == cfn.StatusSuccess, "SUCCESS")
	ck.expect(slices.Equal(u.cognito, []string{"DescribeUserPoolClient", "ListUserPoolClientSecrets"}) && slices.Equal(u.store, []string{"GetSecretValue", "PutSecretValue"}),
		"no Cognito call that changes anything (a Describe and a List): one store write swaps current and previous")
	ck.expect(len(u.ids) == 2 && u.before.Previous != nil && st.Current.Id == u.before.Previous.Id && st.Previous != nil && st.Previous.Id == u.before.Current.Id,
		"the secret apps had before the rotation is current again; both still authenticate")
	ck.expect(s.handsOut(u.resp, st), "Data holds it")
	return ck.err()
}

func (s *secretsStep) toReference(ctx context.Context) error {
	ref := "{{resolve:secretsmanager:" + sourceName + ":SecretString:clientSecret::" + sourceVersion + "}}"
	u, err := s.update(ctx, "   -- rotate to a custom value: a reference pinned to a version of a secret within CLIENT_SECRET_SOURCES\n"+
		"      (CloudFormation hands a custom resource the reference unresolved: the function reads it itself)",
		s.worker("GenerateSecret", "", "ClientSecret", ref), s.worker("ClientSecretVersion", "1"))
	if err != nil {
		return err
	}
	st := u.after
	ck := checks{out: s.out}
	ck.expect(u.resp.Status == cfn.StatusSuccess && u.resp.PhysicalResourceID == s.id, "SUCCESS, the same client: a generated secret and a custom one are both a secret, so nothing is replaced")
	ck.expect(slices.Equal(u.cognito, []string{"DescribeUserPoolClient", "ListUserPoolClientSecrets", "DeleteUserPoolClientSecret", "AddUserPoolClientSecret", "ListUserPoolClientSecrets"}) &&
		slices.Equal(u.store, []string{"GetSecretValue", "GetSecretValue", "PutSecretValue", "PutSecretValue"}),
		"the source is read, the previous secret deleted to make room (Cognito keeps two), the custom value added")
	ck.expect(st.Current.Value == sourceSecret && st.Current.Source.Reference == ref && st.Previous != nil && st.Previous.Id == u.before.Current.Id && len(u.ids) == 2,
		"the custom value is current, the secret apps had is previous and still authenticates")
	ck.expect(u.before.Previous != nil && !s.cognito.Authenticates(s.pool, s.id, u.before.Previous.Value), "the oldest secret is retired: it no longer authenticates")
	ck.expect(s.handsOut(u.resp, st), "Data holds the custom value")
	return ck.err()
}
