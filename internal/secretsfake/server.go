// Package secretsfake is a fake AWS Secrets Manager for tests and local
// runs. It speaks the awsJson1_1 protocol of Secrets Manager
// (X-Amz-Target: secretsmanager.<Operation>) over HTTP on 127.0.0.1, so the
// real aws-sdk-go-v2 client is exercised end to end: point the client's
// BaseEndpoint, or AWS_ENDPOINT_URL_SECRETS_MANAGER, at [Server.URL].
//
// It models what the project relies on, as the Secrets Manager table of the
// project's ledger (docs/cognito-behaviour.md, rows S1, S2, ...) records
// it: ARNs with their random suffix and lookups by name, ARN or partial ARN;
// versions and how the staging labels AWSCURRENT and AWSPREVIOUS move
// between them; the ClientRequestToken's idempotency; tags; deletion with a
// recovery window, the refusals of a secret scheduled for deletion, and
// restoring it. Each behaviour cites its row; the conformance suite
// (internal/conformance) checks the fake and Secrets Manager against the
// same rows. Faults, lost answers among them, can be injected.
//
// Operations: CreateSecret, GetSecretValue, PutSecretValue,
// UpdateSecretVersionStage, DescribeSecret, TagResource, DeleteSecret,
// RestoreSecret. Not modelled: SecretBinary (refused), customer managed KMS
// keys (a KmsKeyId is kept and described, never used), resource policies,
// rotation, replication, and the quota of versions per secret.
package secretsfake

import (
	"crypto/rand"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultAccount is the account in the ARNs of a fake made without
// [WithAccount].
const DefaultAccount = "123456789012"

// defaultRegion is the Region of a secret created by a request that names
// none in its signature.
const defaultRegion = "us-east-1"

const targetPrefix = "secretsmanager."

// A Call is one request the server received.
type Call struct {
	// Operation is the operation name of the X-Amz-Target header,
	// e.g. "PutSecretValue".
	Operation string
	// Input is the request body as received: secret values included.
	Input json.RawMessage
	// Err is the error code of the response (e.g. "ResourceNotFoundException"),
	// "Hang", "ResetConnection", "LostAnswer" or "LostAnswerReset" for those
	// faults, and empty on success.
	Err string
}

// A Fault is a failure that [Server.Fail] injects.
type Fault int

// The faults. The API errors among them answer the way the service does
// (ledger row S9), so the SDK returns its typed error (e.g.
// *types.InternalServiceError) where it has one, and a smithy.APIError with
// that code otherwise.
const (
	// Throttle answers ThrottlingException (400), which the SDK's
	// retryer treats as throttling.
	Throttle Fault = iota + 1
	// Internal answers InternalServiceError (500).
	Internal
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
	// without the fault, then the answer is InternalServiceError (500), as
	// if the service failed after the change. The SDK retries a 500 by
	// default.
	LostAnswer
	// LostAnswerReset is a lost answer whose connection is reset: the
	// request takes effect, then the connection closes without a response.
	LostAnswerReset
)

// String returns the name of the fault as recorded in [Call.Err].
func (f Fault) String() string {
	switch f {
	case Throttle:
		return "ThrottlingException"
	case Internal:
		return "InternalServiceError"
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

// apiError returns the response of an API error fault, nil for the others.
func (f Fault) apiError() *apiError {
	switch f {
	case Throttle:
		return &apiError{Code: f.String(), Message: "Rate exceeded", Status: 400}
	case Internal, LostAnswer:
		return &apiError{Code: Internal.String(), Message: "An error occurred on the server side.", Status: 500}
	case LimitExceeded:
		return &apiError{Code: f.String(), Message: "The request failed because it would exceed one of the Secrets Manager quotas.", Status: 400}
	case NotFound:
		return notFound()
	}
	return nil
}

// An Option configures a [Server].
type Option func(*Server)

// WithAccount sets the account in the ARNs of the secrets the fake creates
// (default [DefaultAccount]).
func WithAccount(id string) Option {
	return func(s *Server) { s.account = id }
}

// withClock makes the fake read time from now, so that tests can move past
// a recovery window or a day without waiting.
func withClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	http *httptest.Server
	// done is closed by Close, to release hung requests.
	done      chan struct{}
	closeOnce sync.Once
	now       func() time.Time
	account   string

	mu      sync.Mutex
	secrets map[string]*secret // by name: active ones and those scheduled for deletion
	calls   []Call
	faults  []*faultRule
}

type faultRule struct {
	op    string
	left  int
	fault Fault
}

// New starts a fake on 127.0.0.1. Stop it with [Server.Close].
func New(opts ...Option) *Server {
	s := &Server{
		done:    make(chan struct{}),
		now:     time.Now,
		account: DefaultAccount,
		secrets: map[string]*secret{},
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

// Calls returns every request received since the start or the last
// [Server.ResetCalls], in the order received, failed ones included.
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

// ResetCalls forgets the calls recorded so far.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

// Fail makes the next n requests of operation op fail with f; op "" matches
// every operation. Rules apply in the order they were added, each request
// consuming at most one.
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

	fault, resp, aerr := s.handle(op, regionOf(r), body)
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
		writeError(w, &apiError{Code: "InternalServiceError", Message: "cannot encode the response", Status: 500})
		return
	}
	writeHeader(w, http.StatusOK)
	w.Write(out)
}

// handle records the call and decides its outcome under the lock; the
// response itself (or the hang) happens outside it.
func (s *Server) handle(op, region string, body []byte) (Fault, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Operation: op, Input: slices.Clone(body)})
	call := &s.calls[len(s.calls)-1]
	s.purge()

	if f, ok := s.takeFault(op); ok {
		call.Err = f.String()
		if f == LostAnswer || f == LostAnswerReset {
			// The request takes effect; its answer never reaches the
			// caller.
			s.dispatch(op, region, body)
		}
		return f, nil, f.apiError()
	}
	resp, aerr := s.dispatch(op, region, body)
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

// purge removes the secrets whose recovery window has ended (ledger row
// S7); the caller holds the lock.
func (s *Server) purge() {
	now := s.now()
	for name, sec := range s.secrets {
		if sec.deletedDate != nil && !now.Before(sec.deletionDate) {
			delete(s.secrets, name)
		}
	}
}

func (s *Server) dispatch(op, region string, body []byte) (any, *apiError) {
	switch op {
	case "CreateSecret":
		return s.createSecret(region, body)
	case "GetSecretValue":
		return s.getSecretValue(body)
	case "PutSecretValue":
		return s.putSecretValue(body)
	case "UpdateSecretVersionStage":
		return s.updateSecretVersionStage(body)
	case "DescribeSecret":
		return s.describeSecret(body)
	case "TagResource":
		return s.tagResource(body)
	case "DeleteSecret":
		return s.deleteSecret(body)
	case "RestoreSecret":
		return s.restoreSecret(body)
	}
	return nil, &apiError{Code: "UnknownOperationException", Status: 400}
}

// credentialRegion reads the Region of a SigV4 credential scope:
// Credential=<key>/<date>/<region>/<service>/aws4_request.
var credentialRegion = regexp.MustCompile(`Credential=[^/,]+/\d{8}/([^/,]+)/`)

// regionOf returns the Region a request was signed for, which is the
// Region of the endpoint a real client talks to.
func regionOf(r *http.Request) string {
	if m := credentialRegion.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		return m[1]
	}
	return defaultRegion
}

// apiError is an error response of the service: the code goes into __type,
// which the SDK maps to its typed errors.
type apiError struct {
	Code    string
	Message string
	Status  int
}

func writeHeader(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Requestid", randomString(32, lowerAlnum))
	w.WriteHeader(status)
}

func writeError(w http.ResponseWriter, e *apiError) {
	out, _ := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"Message,omitempty"`
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
