// Package cognitofake is a fake Amazon Cognito user pools service for tests.
// It speaks the awsJson1_1 protocol of cognito-idp over HTTP on 127.0.0.1,
// so the real aws-sdk-go-v2 client is exercised end to end: point the
// client's BaseEndpoint at [Server.URL].
//
// Unlike general-purpose emulators, it reproduces the semantics this project
// depends on, as the project's ledger of Cognito's behaviour
// (docs/cognito-behaviour.md) records them: UpdateUserPoolClient resets
// every member the request leaves out to its default (it never merges) but
// keeps the refresh token rotation, DescribeUserPoolClient leaves out what
// the service leaves out, and the service-side validation answers with the
// service's error codes. Every request is first checked against the API
// model (package cognitomodel: every length, pattern, range, enum, list size
// and required member, ledger row 22), then against the service's rules
// beyond it. Each behaviour cites its ledger row in a comment;
// the conformance suite (internal/conformance) checks the fake and real
// Cognito against the same rows. Faults, lost answers, throttling and
// lagging reads can be injected.
//
// A client's secrets (AddUserPoolClientSecret, DeleteUserPoolClientSecret,
// ListUserPoolClientSecrets, a custom ClientSecret at Create) are modelled
// as the ledger has them, and InitiateAuth's SECRET_HASH check says which
// values authenticate; see secrets.go.
//
// An empty list in a request is the same as a list left out. Not modelled:
// users (InitiateAuth checks the client and its secret hash, then finds no
// user), resource servers and identity providers (any scope and any
// provider name the model allows is accepted), the attributes of a pool
// (any attribute name is accepted), and the URL rules of callback and
// logout URLs beyond the model's pattern.
package cognitofake

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitomodel"
)

// Region is the region in the user pool ids the fake makes.
const Region = "us-east-1"

const targetPrefix = "AWSCognitoIdentityProviderService."

// A Call is one request the server received.
type Call struct {
	// Operation is the operation name of the X-Amz-Target header,
	// e.g. "UpdateUserPoolClient".
	Operation string
	// Input is the request body as received.
	Input json.RawMessage
	// Err is the error code of the response (e.g. "TooManyRequestsException"),
	// "Hang", "ResetConnection", "LostAnswer" or "LostAnswerReset" for
	// those faults, and empty on success.
	Err string
}

// A Fault is a failure that [Server.Fail] injects.
type Fault int

// The faults. The API errors among them answer the way the service does, so
// the SDK returns its typed error (e.g. *types.TooManyRequestsException) where
// the operation declares it, and a smithy.APIError with that code otherwise.
const (
	// Throttle answers TooManyRequestsException (400).
	Throttle Fault = iota + 1
	// Internal answers the operation's internal error (500):
	// InternalServerException for the client secret operations, which
	// declare that one, InternalErrorException for the others.
	Internal
	// ConcurrentModification answers ConcurrentModificationException (400),
	// which Cognito answers when updates of one client overlap (ledger
	// row 20); the fake does not detect overlaps itself.
	ConcurrentModification
	// LimitExceeded answers LimitExceededException (400).
	LimitExceeded
	// NotFound answers ResourceNotFoundException (400).
	NotFound
	// Hang never answers: the request blocks until the client gives up
	// (its context is done) or the server is closed.
	Hang
	// ResetConnection closes the TCP connection with a reset, after the
	// request is read and before anything is written.
	ResetConnection
	// LostAnswer is a lost answer: the request takes effect as it would
	// without the fault, then the answer is the operation's internal error
	// (500), as if the service failed after the change. The SDK retries a
	// 500 by default, so a caller that must not repeat the call turns its
	// retries off.
	LostAnswer
	// LostAnswerReset is a lost answer whose connection is reset: the
	// request takes effect, then the connection closes without a response.
	LostAnswerReset
)

// String returns the name of the fault as recorded in [Call.Err].
func (f Fault) String() string {
	switch f {
	case Throttle:
		return "TooManyRequestsException"
	case Internal:
		return "InternalErrorException"
	case ConcurrentModification:
		return "ConcurrentModificationException"
	case LimitExceeded:
		return "LimitExceededException"
	case NotFound:
		return "ResourceNotFoundException"
	case Hang:
		return "Hang"
	case ResetConnection:
		return "ResetConnection"
	case LostAnswer:
		return "LostAnswer"
	case LostAnswerReset:
		return "LostAnswerReset"
	}
	return "Fault(" + strconv.Itoa(int(f)) + ")"
}

// apiError returns the response of an API error fault to a request of
// operation op, nil for the others.
func (f Fault) apiError(op string) *apiError {
	switch f {
	case Throttle:
		return &apiError{Code: f.String(), Message: "Rate exceeded", Status: 400}
	case Internal, LostAnswer:
		return &apiError{Code: internalErrorCode(op), Message: "Internal server error.", Status: 500}
	case ConcurrentModification:
		return &apiError{Code: f.String(), Message: "A concurrent modification occurred.", Status: 400}
	case LimitExceeded:
		return &apiError{Code: f.String(), Message: "Limit exceeded for the resource.", Status: 400}
	case NotFound:
		return &apiError{Code: f.String(), Message: "Resource not found.", Status: 400}
	}
	return nil
}

// An Option configures a [Server].
type Option func(*Server)

// WithRateLimit throttles like the service: for each operation and user pool,
// at most perSecond requests are served in any one-second window; the others
// get TooManyRequestsException. Throttled requests do not count.
//
//	s := cognitofake.New(cognitofake.WithRateLimit(5))
func WithRateLimit(perSecond int) Option {
	return func(s *Server) { s.rate = perSecond }
}

// WithUnitsFilledIn makes Describe return TokenValidityUnits (hours, hours,
// days) for a client that never set them. Without it, Describe leaves them
// out, which is what the ledger holds more likely (row 3: recorded against
// real Cognito by terraform-provider-aws, while cognito-local claims the
// service fills them in); a caller must read both the same way.
func WithUnitsFilledIn() Option {
	return func(s *Server) { s.fillUnits = true }
}

// WithSecretsPageSize makes ListUserPoolClientSecrets answer at most n
// secrets a page, with a NextToken for the rest. The service answers every
// secret of a client at once (there are two at most), but its API has a
// NextToken, which a caller should follow: this lets a test prove it does.
func WithSecretsPageSize(n int) Option {
	return func(s *Server) { s.secretsPage = n }
}

// withClock makes the rate limit read time from now, so tests can count
// requests without depending on how fast they run.
func withClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	http *httptest.Server
	// done is closed by Close, to release hung requests so that Close does
	// not wait forever for them.
	done      chan struct{}
	closeOnce sync.Once
	now       func() time.Time
	rate      int
	fillUnits bool
	// secretsPage is the page size of ListUserPoolClientSecrets.
	secretsPage int
	// model is the API model every request is checked against, as the
	// service's own request validation does (ledger row 22).
	model *cognitomodel.Model

	mu     sync.Mutex
	pools  map[string]*pool
	calls  []Call
	faults []*faultRule
	served map[rateKey][]time.Time
	lag    map[string]int // client id → Describe calls left to answer not-found

	latency latencies // SetLatency; its own lock, so waiting holds no other
}

type pool struct {
	name    string
	created time.Time
	clients map[string]*types.UserPoolClientType
	order   []string                   // client ids, oldest first
	secrets map[string][]*clientSecret // client id → its secrets, oldest first
}

type faultRule struct {
	op    string
	left  int
	fault Fault
}

type rateKey struct{ op, pool string }

// New starts a fake on 127.0.0.1. Stop it with [Server.Close].
//
// The fake reads the API model (package cognitomodel) when it starts, rather
// than from code generated from it: one file then holds the limits, for the
// fake and for the properties' model test alike, with nothing to regenerate
// when it changes; reading it costs well under a millisecond.
func New(opts ...Option) *Server {
	model, err := cognitomodel.Load()
	if err != nil {
		panic(err) // the embedded model is broken: cognitomodel's tests fail too
	}
	s := &Server{
		model:  model,
		done:   make(chan struct{}),
		now:    time.Now,
		pools:  map[string]*pool{},
		served: map[rateKey][]time.Time{},
		lag:    map[string]int{},
		// A client has two secrets at most, and the service lists them
		// all at once.
		secretsPage: maxSecrets,
	}
	for _, o := range opts {
		o(s)
	}
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// URL is the endpoint to give the SDK client as BaseEndpoint.
func (s *Server) URL() string { return s.http.URL }

// Close stops the server: hung requests are released, and Close returns once
// every request has finished. It may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.http.Close()
	})
}

// CreatePool creates an empty user pool and returns its id, of the form
// "us-east-1_AbC123xyz". It is not recorded as a call.
func (s *Server) CreatePool() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createPool("pool")
}

// DeletePool deletes a user pool and its clients; an unknown id is ignored.
// It is not recorded as a call.
func (s *Server) DeletePool(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pools, id)
}

// PutClient stores c as is in the pool, the way the console or another
// stack would have left it, and returns its id. No validation and no
// defaults are applied. ClientId is generated when nil, UserPoolId is set to
// poolID, and CreationDate and LastModifiedDate are set when nil. An existing
// client with the same id is replaced. PutClient panics if the pool does not
// exist.
//
// A client the service really holds has what Describe shows, so a seed that
// stands for one should too: the service-linked RoleArn beside an
// ApplicationArn (ledger row 13), a RefreshTokenRotation of {DISABLED, 0}
// when rotation was never set (row 9), and no ALLOW_REFRESH_TOKEN_AUTH while
// rotation is enabled (row 11).
func (s *Server) PutClient(poolID string, c types.UserPoolClientType) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pools[poolID]
	if !ok {
		panic("cognitofake: PutClient: no user pool " + poolID)
	}
	c = cloneClient(c)
	if c.ClientId == nil {
		c.ClientId = ptr(randomString(26, lowerAlnum))
	}
	c.UserPoolId = ptr(poolID)
	now := stamp(s.now())
	if c.CreationDate == nil {
		c.CreationDate = now
	}
	if c.LastModifiedDate == nil {
		c.LastModifiedDate = clonePtr(now)
	}
	p.put(&c)
	p.seedSecret(p.clients[*c.ClientId], s.now())
	return *c.ClientId
}

// Client returns a copy of the stored state of a client, secret included,
// with the members the service leaves out of Describe nil. ok is false when
// the pool or the client does not exist.
func (s *Server) Client(poolID, clientID string) (c types.UserPoolClientType, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pools[poolID]
	if !ok {
		return c, false
	}
	stored, ok := p.clients[clientID]
	if !ok {
		return c, false
	}
	return cloneClient(*stored), true
}

// Clients returns copies of the clients of a pool, oldest first; nil when
// the pool does not exist.
func (s *Server) Clients(poolID string) []types.UserPoolClientType {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pools[poolID]
	if !ok {
		return nil
	}
	out := make([]types.UserPoolClientType, 0, len(p.order))
	for _, id := range p.order {
		out = append(out, cloneClient(*p.clients[id]))
	}
	return out
}

// Calls returns every request received since the start or the last
// [Server.ResetCalls], in the order received, failed and throttled ones
// included.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		c.Input = slices.Clone(c.Input)
		out[i] = c
	}
	return out
}

// ResetCalls forgets the calls recorded so far.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

// CallCount returns how many requests of operation op were received since
// the start or the last [Server.ResetCalls], failed ones included.
func (s *Server) CallCount(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Operation == op {
			n++
		}
	}
	return n
}

// Fail makes the next n requests of operation op fail with f; op "" matches
// every operation. Rules apply in the order they were added, each request
// consuming at most one. A fault takes precedence over the rate limit.
func (s *Server) Fail(op string, n int, f Fault) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{op: op, left: n, fault: f})
}

// ClearFaults drops the faults that [Server.Fail] set and no request used
// up, so that a test can stop failing calls, as after a restart.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// LagReads makes the next n DescribeUserPoolClient calls for client
// clientID answer ResourceNotFoundException, with the service's message,
// while the client exists: a read that has not caught up with a write
// (ledger row 21). Calls for other clients, and calls while the client does
// not exist, neither lag nor use up the n. A later LagReads for the same
// client replaces n; n <= 0 ends the lag.
func (s *Server) LagReads(clientID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		delete(s.lag, clientID)
		return
	}
	s.lag[clientID] = n
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		panic(http.ErrAbortHandler) // the client is gone mid-request
	}
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	if r.Method != http.MethodPost || !ok {
		writeError(w, &apiError{Code: "UnknownOperationException", Status: 400})
		return
	}

	s.wait(r.Context(), op)
	fault, resp, aerr := s.handle(op, body)
	switch fault {
	case Hang:
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		// Returning normally would send an empty 200, which the SDK reads
		// as success; aborting drops the connection without a response.
		panic(http.ErrAbortHandler)
	case ResetConnection, LostAnswerReset:
		resetConnection(w)
		return
	}
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	out, err := json.Marshal(resp)
	if err != nil {
		writeError(w, &apiError{Code: "InternalErrorException", Message: "cannot encode the response", Status: 500})
		return
	}
	writeHeader(w, http.StatusOK)
	w.Write(out)
}

// handle records the call and decides its outcome under the lock; the
// response itself (or the hang) happens outside it.
func (s *Server) handle(op string, body []byte) (Fault, any, *apiError) {
	var target struct{ UserPoolId string }
	_ = json.Unmarshal(body, &target) // a malformed body is reported by the operation

	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Operation: op, Input: slices.Clone(body)})
	call := &s.calls[len(s.calls)-1]

	if f, ok := s.takeFault(op); ok {
		call.Err = f.String()
		aerr := f.apiError(op)
		switch {
		case f == LostAnswer || f == LostAnswerReset:
			// The request takes effect; its answer never reaches the
			// caller.
			s.dispatch(op, body)
		case aerr != nil:
			call.Err = aerr.Code
		}
		return f, nil, aerr
	}
	if !s.admit(rateKey{op, target.UserPoolId}) {
		call.Err = Throttle.String()
		return 0, nil, Throttle.apiError(op)
	}
	resp, aerr := s.dispatch(op, body)
	if aerr != nil {
		call.Err = aerr.Code
	}
	return 0, resp, aerr
}

func (s *Server) takeFault(op string) (Fault, bool) {
	for i, r := range s.faults {
		if r.op != "" && r.op != op {
			continue
		}
		r.left--
		if r.left == 0 {
			s.faults = slices.Delete(s.faults, i, i+1)
		}
		return r.fault, true
	}
	return 0, false
}

// admit applies the rate limit with a sliding one-second window.
func (s *Server) admit(k rateKey) bool {
	if s.rate <= 0 {
		return true
	}
	now := s.now()
	recent := s.served[k]
	i := 0
	for i < len(recent) && !recent[i].After(now.Add(-time.Second)) {
		i++
	}
	recent = recent[i:]
	if len(recent) >= s.rate {
		s.served[k] = recent
		return false
	}
	s.served[k] = append(recent, now)
	return true
}

func (s *Server) dispatch(op string, body []byte) (any, *apiError) {
	if s.model.Input(op) != "" {
		found, err := s.model.Validate(op, body)
		if err != nil {
			return nil, &apiError{Code: "SerializationException", Message: "Cannot read the request body.", Status: 400}
		}
		if err := modelError(found); err != nil {
			return nil, err
		}
	}
	switch op {
	case "CreateUserPoolClient":
		return s.createClient(body)
	case "DescribeUserPoolClient":
		return s.describeClient(body)
	case "UpdateUserPoolClient":
		return s.updateClient(body)
	case "DeleteUserPoolClient":
		return s.deleteClient(body)
	case "ListUserPoolClients":
		return s.listClients(body)
	case "AddUserPoolClientSecret":
		return s.addClientSecret(body)
	case "DeleteUserPoolClientSecret":
		return s.deleteClientSecret(body)
	case "ListUserPoolClientSecrets":
		return s.listClientSecrets(body)
	case "InitiateAuth":
		return s.initiateAuth(body)
	case "CreateUserPool":
		var in struct{ PoolName *string }
		if err := decode(body, &in); err != nil {
			return nil, err
		}
		if in.PoolName == nil {
			return nil, missing("poolName")
		}
		id := s.createPool(*in.PoolName)
		return map[string]wirePool{"UserPool": s.pools[id].wire(id)}, nil
	case "DeleteUserPool":
		var in struct{ UserPoolId *string }
		if err := decode(body, &in); err != nil {
			return nil, err
		}
		if _, err := s.pool(in.UserPoolId); err != nil {
			return nil, err
		}
		delete(s.pools, *in.UserPoolId)
		return struct{}{}, nil
	}
	return nil, &apiError{Code: "UnknownOperationException", Status: 400}
}

func (s *Server) createClient(body []byte) (any, *apiError) {
	var req clientRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	p, err := s.pool(req.UserPoolId)
	if err != nil {
		return nil, err
	}
	secret, err := createSecret(&req)
	if err != nil {
		return nil, err
	}
	c, err := configure(&req, secret != "", nil, s.fillUnits)
	if err != nil {
		return nil, err
	}
	c.UserPoolId = ptr(*req.UserPoolId)
	c.ClientId = ptr(randomString(26, lowerAlnum))
	c.ClientName = ptr(*req.ClientName)
	c.CreationDate = stamp(s.now())
	c.LastModifiedDate = clonePtr(c.CreationDate)
	p.put(&c)
	if secret != "" {
		// Ledger row 37: the secret set at Create is listed, and Describe
		// shows it, custom or generated (row 28).
		p.addSecret(&c, secret, true, *c.CreationDate)
	}
	return map[string]wireClient{"UserPoolClient": toWire(c)}, nil
}

func (s *Server) describeClient(body []byte) (any, *apiError) {
	var req clientRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	c, err := s.client(req.UserPoolId, req.ClientId)
	if err != nil {
		return nil, err
	}
	if n := s.lag[*c.ClientId]; n > 0 {
		// Ledger row 21: a lagging read answers as if the client were gone.
		if n == 1 {
			delete(s.lag, *c.ClientId)
		} else {
			s.lag[*c.ClientId] = n - 1
		}
		return nil, clientNotFound(*c.ClientId)
	}
	return map[string]wireClient{"UserPoolClient": toWire(*c)}, nil
}

func (s *Server) updateClient(body []byte) (any, *apiError) {
	var req clientRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	old, err := s.client(req.UserPoolId, req.ClientId)
	if err != nil {
		return nil, err
	}
	c, err := configure(&req, s.pools[*req.UserPoolId].hasSecret(*old.ClientId), old, s.fillUnits)
	if err != nil {
		return nil, err
	}
	c.UserPoolId = old.UserPoolId
	c.ClientId = old.ClientId
	c.ClientSecret = old.ClientSecret
	c.CreationDate = old.CreationDate
	c.LastModifiedDate = stamp(s.now())
	// ClientName is the one member an update does not reset: the API
	// reference lists it without a default, and a client always has a name,
	// so a request without one keeps the current name.
	c.ClientName = old.ClientName
	if req.ClientName != nil {
		c.ClientName = ptr(*req.ClientName)
	}
	*old = c
	return map[string]wireClient{"UserPoolClient": toWire(c)}, nil
}

func (s *Server) deleteClient(body []byte) (any, *apiError) {
	var req clientRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	if _, err := s.client(req.UserPoolId, req.ClientId); err != nil {
		return nil, err
	}
	p := s.pools[*req.UserPoolId]
	delete(p.clients, *req.ClientId)
	delete(p.secrets, *req.ClientId)
	p.order = slices.DeleteFunc(p.order, func(id string) bool { return id == *req.ClientId })
	return struct{}{}, nil
}

func (s *Server) listClients(body []byte) (any, *apiError) {
	var in struct {
		UserPoolId *string
		MaxResults *int32
		NextToken  *string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	p, err := s.pool(in.UserPoolId)
	if err != nil {
		return nil, err
	}
	limit := 60
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 60 {
			var v violations
			v.add("maxResults", fmt.Sprint(*in.MaxResults), "Member must have value between 1 and 60")
			return nil, v.err()
		}
		limit = int(*in.MaxResults)
	}
	start := 0
	if in.NextToken != nil {
		n, err := strconv.Atoi(*in.NextToken)
		if err != nil || n < 0 || n > len(p.order) {
			return nil, invalidParameter("Invalid pagination token.")
		}
		start = n
	}
	end := min(start+limit, len(p.order))
	out := struct {
		UserPoolClients []wireDescription
		NextToken       *string `json:",omitempty"`
	}{UserPoolClients: []wireDescription{}}
	for _, id := range p.order[start:end] {
		c := p.clients[id]
		out.UserPoolClients = append(out.UserPoolClients, wireDescription{ClientId: c.ClientId, ClientName: c.ClientName, UserPoolId: c.UserPoolId})
	}
	if end < len(p.order) {
		out.NextToken = ptr(strconv.Itoa(end))
	}
	return out, nil
}

// pool finds a pool; the caller holds the lock.
func (s *Server) pool(id *string) (*pool, *apiError) {
	if id == nil {
		return nil, missing("userPoolId")
	}
	if err := s.checkMember("UserPoolIdType", "userPoolId", *id); err != nil {
		return nil, err
	}
	p, ok := s.pools[*id]
	if !ok {
		return nil, poolNotFound(*id)
	}
	return p, nil
}

// client finds a client; the caller holds the lock.
func (s *Server) client(poolID, clientID *string) (*types.UserPoolClientType, *apiError) {
	p, err := s.pool(poolID)
	if err != nil {
		return nil, err
	}
	if clientID == nil {
		return nil, missing("clientId")
	}
	if err := s.checkMember("ClientIdType", "clientId", *clientID); err != nil {
		return nil, err
	}
	c, ok := p.clients[*clientID]
	if !ok {
		return nil, clientNotFound(*clientID)
	}
	return c, nil
}

// checkMember checks one value against a shape of the API model, for the
// operations the model does not have (CreateUserPool and its kin take a
// pool id too).
func (s *Server) checkMember(shape, path, value string) *apiError {
	return modelError(s.model.Check(shape, path, value))
}

// modelError is the service's answer to the violations of the API model
// found in a request; nil when there is none.
func modelError(found []cognitomodel.Violation) *apiError {
	v := make(violations, len(found))
	for i, f := range found {
		v[i] = f.String()
	}
	return v.err()
}

// createPool adds a pool and returns its id; the caller holds the lock.
func (s *Server) createPool(name string) string {
	id := Region + "_" + randomString(9, mixedAlnum)
	s.pools[id] = &pool{name: name, created: s.now(), clients: map[string]*types.UserPoolClientType{}, secrets: map[string][]*clientSecret{}}
	return id
}

func (p *pool) put(c *types.UserPoolClientType) {
	if _, ok := p.clients[*c.ClientId]; !ok {
		p.order = append(p.order, *c.ClientId)
	}
	p.clients[*c.ClientId] = c
}

func (p *pool) wire(id string) wirePool {
	t := *epoch(stamp(p.created))
	return wirePool{
		Id:               id,
		Name:             p.name,
		Arn:              "arn:aws:cognito-idp:" + Region + ":123456789012:userpool/" + id,
		CreationDate:     t,
		LastModifiedDate: t,
	}
}

func decode(body []byte, v any) *apiError {
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(v); err != nil {
		return &apiError{Code: "SerializationException", Message: "Cannot read the request body.", Status: 400}
	}
	return nil
}

func missing(member string) *apiError {
	v := violations{fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", member)}
	return v.err()
}

func writeHeader(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Requestid", randomString(32, lowerAlnum))
	w.WriteHeader(status)
}

func writeError(w http.ResponseWriter, e *apiError) {
	out, _ := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"message,omitempty"`
	}{e.Code, e.Message})
	writeHeader(w, e.Status)
	w.Write(out)
}

// resetConnection drops the connection with a TCP reset, as a failing load
// balancer would, so the client sees an error and no response.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	conn.Close()
}

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	mixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
