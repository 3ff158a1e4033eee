package cognitofake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// The client secrets of an app client: AddUserPoolClientSecret,
// DeleteUserPoolClientSecret, ListUserPoolClientSecrets, the custom
// ClientSecret of CreateUserPoolClient, and the SECRET_HASH check of
// InitiateAuth that tells which values authenticate. Ledger rows 23, 28 and
// 35 to 41.

// maxSecrets is how many secrets a client holds at most (ledger row 23).
const maxSecrets = 2

var (
	// clientSecretAlphabet is what a generated value is made of: Cognito's
	// generated secrets are lower-case letters and digits.
	clientSecretAlphabet = lowerAlnum
)

// generatedSecretLength is the length of a value the fake generates, the
// length of the secrets Cognito generates at Create.
const generatedSecretLength = 51

// clientSecret is one of a client's secrets.
type clientSecret struct {
	id      string
	value   string
	created time.Time
	// original is true for the secret the client was created with, the one
	// Describe shows while it exists (ledger row 28).
	original bool
}

// A Secret is one of a client's secrets, value included, as the test
// support methods show it; the API never returns a listed value.
type Secret struct {
	// ID is the ClientSecretId, of the form <client-id>--<epoch milliseconds>.
	ID string
	// Value is the secret itself.
	Value string
	// Created is when the secret was added.
	Created time.Time
}

// Secrets returns the secrets of a client, oldest first, values included;
// nil when the pool or the client does not exist.
func (s *Server) Secrets(poolID, clientID string) []Secret {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pools[poolID]
	if !ok {
		return nil
	}
	if _, ok := p.clients[clientID]; !ok {
		return nil
	}
	out := make([]Secret, 0, len(p.secrets[clientID]))
	for _, cs := range p.secrets[clientID] {
		out = append(out, Secret{ID: cs.id, Value: cs.value, Created: cs.created})
	}
	return out
}

// AddSecret adds a secret to a client out of band, as someone with the
// console would: value, or a generated one when value is "". It follows the
// service's rules (a value of 24 to 64 characters [\w+], at most two
// secrets) and returns the new secret's id. It is not recorded as a call.
func (s *Server) AddSecret(poolID, clientID, value string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, c, err := s.existing(poolID, clientID)
	if err != nil {
		return "", err
	}
	if value != "" {
		if aerr := s.checkMember("ClientSecretType", "clientSecret", value); aerr != nil {
			return "", errors.New("cognitofake: AddSecret: " + aerr.Message)
		}
	}
	if len(p.secrets[clientID]) == 0 {
		return "", errors.New("cognitofake: AddSecret: client " + clientID + " has no secret (a public client)")
	}
	if len(p.secrets[clientID]) >= maxSecrets {
		return "", errors.New("cognitofake: AddSecret: client " + clientID + " already holds two secrets")
	}
	if value == "" {
		value = randomString(generatedSecretLength, clientSecretAlphabet)
	}
	return p.addSecret(c, value, false, s.now()).id, nil
}

// RemoveSecret deletes a client's secret out of band, as someone with the
// console would. It follows the service's rule: the last secret cannot be
// deleted. It is not recorded as a call.
func (s *Server) RemoveSecret(poolID, clientID, secretID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, c, err := s.existing(poolID, clientID)
	if err != nil {
		return err
	}
	if aerr := p.deleteSecret(c, secretID); aerr != nil {
		return errors.New("cognitofake: RemoveSecret: " + aerr.Message)
	}
	return nil
}

// Authenticates reports whether value is, right now, a secret a client
// authenticates with: one of its listed secrets. The fake makes an added
// secret valid at once and a deleted one invalid at once (ledger row 40).
func (s *Server) Authenticates(poolID, clientID, value string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pools[poolID]
	if !ok {
		return false
	}
	return slices.ContainsFunc(p.secrets[clientID], func(cs *clientSecret) bool { return cs.value == value })
}

// existing finds a pool and a client for the test support methods; the
// caller holds the lock.
func (s *Server) existing(poolID, clientID string) (*pool, *types.UserPoolClientType, error) {
	p, ok := s.pools[poolID]
	if !ok {
		return nil, nil, errors.New("cognitofake: no user pool " + poolID)
	}
	c, ok := p.clients[clientID]
	if !ok {
		return nil, nil, errors.New("cognitofake: no client " + clientID + " in user pool " + poolID)
	}
	return p, c, nil
}

// addSecret adds a secret to client c and returns it; original marks the
// secret of the client's creation, which Describe shows. The caller holds
// the lock and has checked the limit.
func (p *pool) addSecret(c *types.UserPoolClientType, value string, original bool, now time.Time) *clientSecret {
	id := *c.ClientId
	created := *stamp(now)
	// Ledger row 37: ids are <client-id>--<epoch of creation>; two secrets
	// added within the same millisecond still get two ids.
	for _, cs := range p.secrets[id] {
		if !cs.created.Before(created) {
			created = cs.created.Add(time.Millisecond)
		}
	}
	cs := &clientSecret{
		id:       id + "--" + strconv.FormatInt(created.UnixMilli(), 10),
		value:    value,
		created:  created,
		original: original,
	}
	p.secrets[id] = append(p.secrets[id], cs)
	if original {
		c.ClientSecret = ptr(value)
	}
	return cs
}

// deleteSecret deletes a secret of client c; the caller holds the lock.
func (p *pool) deleteSecret(c *types.UserPoolClientType, secretID string) *apiError {
	list := p.secrets[*c.ClientId]
	i := slices.IndexFunc(list, func(cs *clientSecret) bool { return cs.id == secretID })
	if i < 0 {
		return &apiError{Code: "ResourceNotFoundException", Message: fmt.Sprintf("Client secret %s does not exist.", secretID), Status: 400}
	}
	// Ledger rows 23 and 36: the last secret stays; the error type is
	// assumed.
	if len(list) == 1 {
		return invalidParameter("The last client secret of an app client can not be deleted.")
	}
	// Ledger row 28: once the original secret is gone, Describe shows
	// none, although the client still has one.
	if list[i].original {
		c.ClientSecret = nil
	}
	p.secrets[*c.ClientId] = slices.Delete(list, i, i+1)
	return nil
}

// hasSecret says whether a client has a secret: whether it lists one, not
// whether Describe shows one (ledger row 28). The caller holds the lock.
func (p *pool) hasSecret(clientID string) bool {
	return len(p.secrets[clientID]) > 0
}

// seedSecret gives a client stored by PutClient the secret it was stored
// with, as its original one, replacing any it had.
func (p *pool) seedSecret(c *types.UserPoolClientType, now time.Time) {
	delete(p.secrets, *c.ClientId)
	if c.ClientSecret != nil {
		p.addSecret(c, *c.ClientSecret, true, now)
	}
}

// createSecret gives a client being created the secret its request asks
// for, if any: a generated one (GenerateSecret) or a custom one
// (ClientSecret), never both (ledger row 38). The caller holds the lock.
func createSecret(req *clientRequest) (value string, err *apiError) {
	if req.ClientSecret == nil {
		if req.GenerateSecret {
			return randomString(generatedSecretLength, clientSecretAlphabet), nil
		}
		return "", nil
	}
	// Ledger row 38: documented as refused; the error type is assumed.
	if req.GenerateSecret {
		return "", invalidParameter("ClientSecret can not be given when GenerateSecret is true.")
	}
	return *req.ClientSecret, nil
}

// internalErrorCode is the internal error operation op declares: the
// client secret operations declare InternalServerException, the app client
// operations InternalErrorException.
func internalErrorCode(op string) string {
	switch op {
	case "AddUserPoolClientSecret", "DeleteUserPoolClientSecret", "ListUserPoolClientSecrets":
		return "InternalServerException"
	}
	return "InternalErrorException"
}

// secretRequest is the body of the three secret operations.
type secretRequest struct {
	UserPoolId     *string
	ClientId       *string
	ClientSecret   *string
	ClientSecretId *string
	NextToken      *string
}

// wireSecret is ClientSecretDescriptorType as the service writes it.
type wireSecret struct {
	ClientSecretId         string   `json:"ClientSecretId"`
	ClientSecretValue      *string  `json:"ClientSecretValue,omitempty"`
	ClientSecretCreateDate *float64 `json:"ClientSecretCreateDate,omitempty"`
}

func (cs *clientSecret) wire() wireSecret {
	return wireSecret{ClientSecretId: cs.id, ClientSecretCreateDate: epoch(&cs.created)}
}

func (s *Server) addClientSecret(body []byte) (any, *apiError) {
	var req secretRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	c, err := s.client(req.UserPoolId, req.ClientId)
	if err != nil {
		return nil, err
	}
	p := s.pools[*req.UserPoolId]
	// Ledger row 41: the operation is for confidential clients; the error
	// for a public one is assumed.
	if !p.hasSecret(*c.ClientId) {
		return nil, invalidParameter("AddUserPoolClientSecret is only supported for app clients with a client secret.")
	}
	// Ledger rows 23 and 35: two at most; the error type is assumed.
	if len(p.secrets[*c.ClientId]) >= maxSecrets {
		return nil, &apiError{Code: "LimitExceededException", Message: "An app client can have at most 2 client secrets.", Status: 400}
	}
	value := randomString(generatedSecretLength, clientSecretAlphabet)
	if req.ClientSecret != nil {
		value = *req.ClientSecret
	}
	out := p.addSecret(c, value, false, s.now()).wire()
	// Ledger rows 23 and 28: a generated value is returned once, here; a
	// custom one never.
	if req.ClientSecret == nil {
		out.ClientSecretValue = ptr(value)
	}
	return map[string]wireSecret{"ClientSecretDescriptor": out}, nil
}

func (s *Server) deleteClientSecret(body []byte) (any, *apiError) {
	var req secretRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	c, err := s.client(req.UserPoolId, req.ClientId)
	if err != nil {
		return nil, err
	}
	if err := s.pools[*req.UserPoolId].deleteSecret(c, *req.ClientSecretId); err != nil {
		return nil, err
	}
	return struct{}{}, nil
}

func (s *Server) listClientSecrets(body []byte) (any, *apiError) {
	var req secretRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	c, err := s.client(req.UserPoolId, req.ClientId)
	if err != nil {
		return nil, err
	}
	list := s.pools[*req.UserPoolId].secrets[*c.ClientId]
	start := 0
	if req.NextToken != nil {
		n, err := strconv.Atoi(*req.NextToken)
		if err != nil || n < 0 || n > len(list) {
			return nil, invalidParameter("Invalid pagination token.")
		}
		start = n
	}
	end := min(start+max(s.secretsPage, 1), len(list))
	out := struct {
		ClientSecrets []wireSecret
		NextToken     *string `json:",omitempty"`
	}{ClientSecrets: []wireSecret{}}
	// Ledger row 28: List never returns a value.
	for _, cs := range list[start:end] {
		out.ClientSecrets = append(out.ClientSecrets, cs.wire())
	}
	if end < len(list) {
		out.NextToken = ptr(strconv.Itoa(end))
	}
	return out, nil
}

// initiateAuth models only what tells a valid client secret from another:
// the USER_PASSWORD_AUTH flow's SECRET_HASH check (ledger row 40). The fake
// has no users, so a request whose secret hash verifies fails next on the
// user, as it would on a pool without that user.
func (s *Server) initiateAuth(body []byte) (any, *apiError) {
	var req struct {
		AuthFlow       *string
		ClientId       *string
		AuthParameters map[string]string
	}
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	if req.ClientId == nil {
		return nil, missing("clientId")
	}
	if req.AuthFlow == nil {
		return nil, missing("authFlow")
	}
	p, c := s.clientByID(*req.ClientId)
	if c == nil {
		return nil, clientNotFound(*req.ClientId)
	}
	if *req.AuthFlow != string(types.AuthFlowTypeUserPasswordAuth) {
		return nil, invalidParameter("The fake models only the USER_PASSWORD_AUTH flow.")
	}
	if !slices.Contains(c.ExplicitAuthFlows, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth) &&
		!slices.Contains(c.ExplicitAuthFlows, types.ExplicitAuthFlowsTypeUserPasswordAuth) {
		return nil, invalidParameter("USER_PASSWORD_AUTH flow not enabled for this client")
	}
	username := req.AuthParameters["USERNAME"]
	if username == "" {
		return nil, invalidParameter("Missing required parameter USERNAME")
	}
	if p.hasSecret(*c.ClientId) {
		hash := req.AuthParameters["SECRET_HASH"]
		if !slices.ContainsFunc(p.secrets[*c.ClientId], func(cs *clientSecret) bool {
			return hmac.Equal([]byte(hash), []byte(secretHash(cs.value, username, *c.ClientId)))
		}) {
			return nil, &apiError{Code: "NotAuthorizedException", Message: "Unable to verify secret hash for client " + *c.ClientId, Status: 400}
		}
	}
	if c.PreventUserExistenceErrors == types.PreventUserExistenceErrorTypesEnabled {
		return nil, &apiError{Code: "NotAuthorizedException", Message: "Incorrect username or password.", Status: 400}
	}
	return nil, &apiError{Code: "UserNotFoundException", Message: "User does not exist.", Status: 400}
}

// clientByID finds a client in any pool, as InitiateAuth does (it names no
// pool); the caller holds the lock.
func (s *Server) clientByID(clientID string) (*pool, *types.UserPoolClientType) {
	for _, p := range s.pools {
		if c, ok := p.clients[clientID]; ok {
			return p, c
		}
	}
	return nil, nil
}

// secretHash is the SECRET_HASH a client with secret sends for username:
// the Base64 HMAC-SHA256, keyed with the secret, of the username followed by
// the client id.
func secretHash(secret, username, clientID string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(username + clientID))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
