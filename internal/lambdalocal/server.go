// Package lambdalocal runs a Lambda function locally, the way the Lambda
// service runs a custom runtime: a [Server] implements the Lambda Runtime API
// (the HTTP API a bootstrap binary polls through AWS_LAMBDA_RUNTIME_API), a
// [Process] is the bootstrap binary pointed at it, and a [Receiver] stands in
// for CloudFormation's pre-signed response URL.
//
// It is test and tool support: end-to-end tests, local invocations and
// benchmarks use it to exercise the real binary without AWS. Everything
// listens on 127.0.0.1 only. Process handling relies on process groups, so
// the package targets Linux and macOS.
package lambdalocal

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// The Runtime API's paths and headers, as documented at
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html and as
// github.com/aws/aws-lambda-go/lambda uses them.
const (
	apiPrefix = "/2018-06-01/runtime/"

	headerRequestID   = "Lambda-Runtime-Aws-Request-Id"
	headerDeadline    = "Lambda-Runtime-Deadline-Ms"
	headerFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
	headerTraceID     = "Lambda-Runtime-Trace-Id"
	headerErrorType   = "Lambda-Runtime-Function-Error-Type"
	// trailerErrorBody carries a base64 JSON error when a function fails
	// while its response is being streamed; aws-lambda-go sends it, with
	// the error type in headerErrorType, as HTTP trailers.
	trailerErrorBody = "Lambda-Runtime-Function-Error-Body"
)

// FunctionName is the function's name as the Server and [Server.Start]
// present it: in its ARN and in AWS_LAMBDA_FUNCTION_NAME. A fixed name keeps
// logs stable between runs.
const FunctionName = "cognito-user-pool-client-local"

// Account is the function's account in local runs, in the ARN the Server
// gives each invocation: the one the Lambda runtime interface emulator
// (which `sam local invoke` runs) gives too, so that the events of events/,
// whose StackIds are in this account, pass the function's account rule
// under either runtime. Every local runner and test event uses it.
const Account = "012345678912"

// Region is the function's Region in local runs: AWS_REGION, unless the
// caller's environment sets another, and the Region of [FunctionARN].
const Region = "us-east-1"

// FunctionARN is the invoked function's ARN the Server gives every
// invocation.
const FunctionARN = "arn:aws:lambda:" + Region + ":" + Account + ":function:" + FunctionName

// maxPayload is the Lambda service's limit for a synchronous response.
const maxPayload = 6 << 20

// ErrClosed is returned by [Server.Invoke] when the Server is closed before
// the invocation completes.
var ErrClosed = errors.New("lambdalocal: server closed")

// ErrorBody is the error a function reports for an invocation or for its
// initialisation, in the Runtime API's JSON shape.
type ErrorBody struct {
	Message    string          `json:"errorMessage"`
	Type       string          `json:"errorType"`
	StackTrace json.RawMessage `json:"stackTrace,omitempty"`
}

// Error returns the type and the message, so that an ErrorBody reads well
// where an error is expected.
func (e *ErrorBody) Error() string { return e.Type + ": " + e.Message }

// Result is the outcome of one invocation: exactly one of Payload (the
// function's response, possibly empty) or Err is meaningful.
type Result struct {
	// RequestID is the id the Server gave the invocation.
	RequestID string
	// Payload is the body the function posted as its response.
	Payload []byte
	// Err is the error the function reported, or a synthetic error of type
	// "Runtime.ExitError" when its process ended during the invocation, or
	// the initialisation error it reported.
	Err *ErrorBody
}

// invocation is one queued or in-flight event.
type invocation struct {
	id       string
	payload  []byte
	deadline time.Time
	traceID  string
	done     chan Result // buffered 1; written once
	once     sync.Once
}

func (inv *invocation) finish(r Result) {
	inv.once.Do(func() {
		r.RequestID = inv.id
		inv.done <- r
	})
}

// Server is a local Lambda Runtime API for one function. It serves
// invocations one at a time, in the order [Server.Invoke] queued them, to
// whichever process polls it. Its methods are safe for concurrent use.
type Server struct {
	ln        net.Listener
	http      *http.Server
	queue     chan *invocation
	closed    chan struct{}
	closeOnce sync.Once
	firstNext chan struct{}
	nextOnce  sync.Once

	// The function fails for good when it reports an initialisation error
	// or its process ends by itself; deadErr says how, once dead is closed.
	deadOnce sync.Once
	dead     chan struct{}
	deadErr  *ErrorBody

	mu       sync.Mutex
	inFlight map[string]*invocation
}

// New starts a Server on a free port of 127.0.0.1. Close it when done.
func New() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("lambdalocal: listening on 127.0.0.1: %w", err)
	}
	s := &Server{
		ln:        ln,
		queue:     make(chan *invocation),
		closed:    make(chan struct{}),
		firstNext: make(chan struct{}),
		dead:      make(chan struct{}),
		inFlight:  make(map[string]*invocation),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+apiPrefix+"invocation/next", s.next)
	mux.HandleFunc("POST "+apiPrefix+"invocation/{id}/response", s.response)
	mux.HandleFunc("POST "+apiPrefix+"invocation/{id}/error", s.invocationError)
	mux.HandleFunc("POST "+apiPrefix+"init/error", s.postInitError)
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	return s, nil
}

// Addr returns the Server's host:port, the value of AWS_LAMBDA_RUNTIME_API.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// FirstNext returns a channel that is closed when a function first asks for
// an invocation, that is when its initialisation is over.
func (s *Server) FirstNext() <-chan struct{} { return s.firstNext }

// Close stops the Server. Invocations not yet completed end with
// [ErrClosed]; a function still polling gets a connection error.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return s.http.Close()
}

// Invoke queues one event and waits until the function posts its response
// or its error, the function's process ends, ctx is done or the Server is
// closed. timeout sets the Lambda-Runtime-Deadline-Ms header (now + timeout);
// the Server itself does not stop a function that overruns it, so bound ctx.
//
// A function's failure is a Result with Err set, not an error. So is the
// failure of the function as a whole: once it has reported an
// initialisation error, or its process (see [Server.Start]) has ended by
// itself, every invocation, queued, in flight or new, ends with that error.
// The error is for ctx or [ErrClosed].
func (s *Server) Invoke(ctx context.Context, payload []byte, timeout time.Duration) (Result, error) {
	inv := &invocation{
		id:       newRequestID(),
		payload:  payload,
		deadline: time.Now().Add(timeout),
		traceID:  newTraceID(),
		done:     make(chan Result, 1),
	}
	select {
	case s.queue <- inv:
	case <-s.dead:
		return Result{RequestID: inv.id, Err: s.deadErr}, nil
	case <-ctx.Done():
		return Result{RequestID: inv.id}, fmt.Errorf("lambdalocal: invocation %s was never picked up: %w", inv.id, ctx.Err())
	case <-s.closed:
		return Result{RequestID: inv.id}, ErrClosed
	}
	select {
	case r := <-inv.done:
		return r, nil
	case <-s.dead:
		// The invocation may have been answered just before.
		select {
		case r := <-inv.done:
			return r, nil
		default:
		}
		s.forget(inv.id)
		return Result{RequestID: inv.id, Err: s.deadErr}, nil
	case <-ctx.Done():
		s.forget(inv.id)
		return Result{RequestID: inv.id}, fmt.Errorf("lambdalocal: invocation %s: %w", inv.id, ctx.Err())
	case <-s.closed:
		return Result{RequestID: inv.id}, ErrClosed
	}
}

func (s *Server) forget(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.inFlight, id)
}

// take removes and returns the in-flight invocation id, or nil.
func (s *Server) take(id string) *invocation {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.inFlight[id]
	delete(s.inFlight, id)
	return inv
}

// fail makes the function fail for good with e, unless it already has, and
// ends every invocation it has taken but not answered.
func (s *Server) fail(e *ErrorBody) {
	s.deadOnce.Do(func() {
		s.deadErr = e
		close(s.dead)
	})
	s.mu.Lock()
	invs := s.inFlight
	s.inFlight = make(map[string]*invocation)
	s.mu.Unlock()
	for _, inv := range invs {
		inv.finish(Result{Err: s.deadErr})
	}
}

func (s *Server) next(w http.ResponseWriter, r *http.Request) {
	s.nextOnce.Do(func() { close(s.firstNext) })
	select {
	case inv := <-s.queue:
		s.mu.Lock()
		s.inFlight[inv.id] = inv
		s.mu.Unlock()
		h := w.Header()
		h.Set(headerRequestID, inv.id)
		h.Set(headerDeadline, strconv.FormatInt(inv.deadline.UnixMilli(), 10))
		h.Set(headerFunctionARN, FunctionARN)
		h.Set(headerTraceID, inv.traceID)
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(inv.payload)
	case <-r.Context().Done():
	case <-s.closed:
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

func (s *Server) response(w http.ResponseWriter, r *http.Request) {
	inv := s.invocationFor(w, r)
	if inv == nil {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPayload))
	if err != nil {
		inv.finish(Result{Err: &ErrorBody{Type: "Function.ResponseSizeTooLarge", Message: err.Error()}})
		writeError(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", err.Error())
		return
	}
	// Trailers are only known once the body has been read.
	if t := r.Trailer.Get(headerErrorType); t != "" {
		inv.finish(Result{Err: decodeTrailerError(t, r.Trailer.Get(trailerErrorBody))})
	} else {
		inv.finish(Result{Payload: body})
	}
	w.WriteHeader(http.StatusAccepted)
}

func (s *Server) invocationError(w http.ResponseWriter, r *http.Request) {
	inv := s.invocationFor(w, r)
	if inv == nil {
		return
	}
	inv.finish(Result{Err: readErrorBody(w, r)})
	w.WriteHeader(http.StatusAccepted)
}

func (s *Server) postInitError(w http.ResponseWriter, r *http.Request) {
	s.fail(readErrorBody(w, r))
	w.WriteHeader(http.StatusAccepted)
}

// invocationFor takes the in-flight invocation the request names, or
// answers 400 as the Lambda service does for an unknown request id.
func (s *Server) invocationFor(w http.ResponseWriter, r *http.Request) *invocation {
	id := r.PathValue("id")
	inv := s.take(id)
	if inv == nil {
		writeError(w, http.StatusBadRequest, "InvalidRequestID", "no invocation in flight with request id "+strconv.Quote(id))
	}
	return inv
}

// readErrorBody reads a function's error report. The type comes from the
// body, else from the Lambda-Runtime-Function-Error-Type header; a body that
// is not the documented JSON is kept whole as the message.
func readErrorBody(w http.ResponseWriter, r *http.Request) *ErrorBody {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPayload))
	if err != nil {
		return &ErrorBody{Type: "Runtime.InvalidErrorBody", Message: err.Error()}
	}
	var e ErrorBody
	if json.Unmarshal(raw, &e) != nil {
		e = ErrorBody{Message: string(raw)}
	}
	if e.Type == "" {
		e.Type = r.Header.Get(headerErrorType)
	}
	if e.Type == "" {
		e.Type = "Runtime.Unknown"
	}
	return &e
}

func decodeTrailerError(typ, body string) *ErrorBody {
	e := ErrorBody{Type: typ}
	if raw, err := base64.StdEncoding.DecodeString(body); err == nil {
		_ = json.Unmarshal(raw, &e)
	}
	if e.Type == "" {
		e.Type = typ
	}
	return &e
}

func writeError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(ErrorBody{Type: typ, Message: msg})
}

// newRequestID returns a random UUID (version 4), the shape of Lambda's
// request ids.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// newTraceID returns an X-Ray trace header value in Lambda's format.
func newTraceID() string {
	var b [20]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return fmt.Sprintf("Root=1-%08x-%s;Parent=%s;Sampled=0", time.Now().Unix(), h[:24], h[24:40])
}
