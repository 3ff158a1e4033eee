package lambdalocal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
)

// syncBuffer is a bytes.Buffer the child's output copier and the test can
// share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// buildEcho builds testdata/echo, a function driven by its event's "op".
func buildEcho(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bootstrap")
	out, err := exec.Command("go", "build", "-o", bin, "./testdata/echo").CombinedOutput()
	if err != nil {
		t.Fatalf("building testdata/echo: %v\n%s", err, out)
	}
	return bin
}

func newServer(t *testing.T) *lambdalocal.Server {
	t.Helper()
	s, err := lambdalocal.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func start(t *testing.T, s *lambdalocal.Server, bin string, env ...string) (*lambdalocal.Process, *syncBuffer) {
	t.Helper()
	var out syncBuffer
	p, err := s.Start(bin, env, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Stop() })
	return p, &out
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

type seen struct {
	Value      string            `json:"value"`
	RequestID  string            `json:"request_id"`
	ARN        string            `json:"arn"`
	DeadlineMs int64             `json:"deadline_ms"`
	Env        map[string]string `json:"env"`
}

func TestProcessInvocations(t *testing.T) {
	bin := buildEcho(t)

	t.Run("response carries the payload and the invocation's headers", func(t *testing.T) {
		s := newServer(t)
		p, out := start(t, s, bin, "AWS_REGION=eu-west-3", "EXTRA=given")
		ctx := testContext(t)
		select {
		case <-s.FirstNext():
		case <-ctx.Done():
			t.Fatal("the function never asked for an invocation")
		}

		const timeout = 42 * time.Second
		event := `{"op":"echo","value":"AWS_LAMBDA_FUNCTION_NAME,AWS_REGION,EXTRA,HOME,AWS_LAMBDA_RUNTIME_API"}`
		before := time.Now()
		res, err := s.Invoke(ctx, []byte(event), timeout)
		after := time.Now()
		if err != nil {
			t.Fatal(err)
		}
		if res.Err != nil {
			t.Fatalf("function error: %v", res.Err)
		}
		var got seen
		if err := json.Unmarshal(res.Payload, &got); err != nil {
			t.Fatalf("payload %q: %v", res.Payload, err)
		}
		if got.RequestID == "" || got.RequestID != res.RequestID {
			t.Errorf("function saw request id %q, Result has %q", got.RequestID, res.RequestID)
		}
		if got.ARN != "arn:aws:lambda:us-east-1:012345678912:function:"+lambdalocal.FunctionName {
			t.Errorf("function ARN = %q, want the local account's, which events/ use", got.ARN)
		}
		if lo, hi := before.Add(timeout).UnixMilli(), after.Add(timeout).UnixMilli(); got.DeadlineMs < lo || got.DeadlineMs > hi {
			t.Errorf("deadline = %d ms, want within [%d, %d]", got.DeadlineMs, lo, hi)
		}
		wantEnv := map[string]string{
			"AWS_LAMBDA_FUNCTION_NAME": lambdalocal.FunctionName,
			"AWS_REGION":               "eu-west-3", // given env wins over the defaults
			"EXTRA":                    "given",
			"HOME":                     "", // not inherited
			"AWS_LAMBDA_RUNTIME_API":   s.Addr(),
		}
		for k, want := range wantEnv {
			if got.Env[k] != want {
				t.Errorf("env %s = %q, want %q", k, got.Env[k], want)
			}
		}

		second, err := s.Invoke(ctx, []byte(`{"op":"echo","value":"x"}`), timeout)
		if err != nil || second.Err != nil {
			t.Fatalf("second invocation: %v, %v", err, second.Err)
		}
		if second.RequestID == res.RequestID {
			t.Errorf("two invocations share request id %q", res.RequestID)
		}
		if err := p.Stop(); err != nil {
			t.Errorf("Stop = %v, want nil for a process it killed", err)
		}
		if got := strings.Count(out.String(), "op=echo\n"); got != 2 {
			t.Errorf("stdout has %d op=echo lines, want 2:\n%s", got, out)
		}
	})

	t.Run("error report becomes Result.Err", func(t *testing.T) {
		s := newServer(t)
		start(t, s, bin)
		res, err := s.Invoke(testContext(t), []byte(`{"op":"fail","value":"boom"}`), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if res.Err == nil {
			t.Fatalf("Result.Err = nil, payload %q", res.Payload)
		}
		if res.Err.Message != "failed on purpose: boom" || res.Err.Type != "errorString" {
			t.Errorf("Result.Err = %+v", res.Err)
		}
	})

	t.Run("process exit ends the invocation with Runtime.ExitError", func(t *testing.T) {
		s := newServer(t)
		p, _ := start(t, s, bin)
		res, err := s.Invoke(testContext(t), []byte(`{"op":"exit"}`), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if res.Err == nil || res.Err.Type != "Runtime.ExitError" || !strings.Contains(res.Err.Message, "exit status 3") {
			t.Errorf("Result.Err = %+v, want a Runtime.ExitError with exit status 3", res.Err)
		}
		var exit *exec.ExitError
		if err := p.Stop(); !errors.As(err, &exit) || exit.ExitCode() != 3 {
			t.Errorf("Stop = %v, want exit status 3", err)
		}
	})

	t.Run("exit before the first invocation fails every invocation", func(t *testing.T) {
		s := newServer(t)
		p, _ := start(t, s, bin, "ECHO_EXIT_AT_INIT=1")
		for i := range 2 {
			res, err := s.Invoke(testContext(t), []byte(`{"op":"echo"}`), time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if res.Err == nil || res.Err.Type != "Runtime.ExitError" || !strings.Contains(res.Err.Message, "exit status 2") {
				t.Errorf("invocation %d: Result.Err = %+v, want a Runtime.ExitError with exit status 2", i, res.Err)
			}
		}
		if err := p.Stop(); err == nil {
			t.Error("Stop = nil, want the exit status of a process that ended by itself")
		}
	})

	t.Run("init error fails every invocation", func(t *testing.T) {
		s := newServer(t)
		p, _ := start(t, s, bin, "ECHO_INIT_ERROR=no config")
		for i := range 2 {
			res, err := s.Invoke(testContext(t), []byte(`{"op":"echo"}`), time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if res.Err == nil || res.Err.Type != "Runtime.TestInitError" || res.Err.Message != "no config" {
				t.Errorf("invocation %d: Result.Err = %+v", i, res.Err)
			}
		}
		<-p.Exited()
	})
}

func TestInvokeWithoutFunction(t *testing.T) {
	tests := []struct {
		name string
		// end ends the invocation's wait, given its cancel func.
		end  func(s *lambdalocal.Server, cancel context.CancelFunc)
		want error
	}{
		{"context ends", func(_ *lambdalocal.Server, cancel context.CancelFunc) { cancel() }, context.Canceled},
		{"server closes", func(s *lambdalocal.Server, _ context.CancelFunc) { _ = s.Close() }, lambdalocal.ErrClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			ctx, cancel := context.WithCancel(testContext(t))
			defer cancel()
			tt.end(s, cancel)
			_, err := s.Invoke(ctx, []byte(`{}`), time.Minute)
			if !errors.Is(err, tt.want) {
				t.Errorf("Invoke = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestRuntimeAPIStatusCodes speaks the Runtime API by hand, checking the
// status codes aws-lambda-go relies on.
func TestRuntimeAPIStatusCodes(t *testing.T) {
	tests := []struct {
		name string
		// path follows /2018-06-01/runtime/invocation/; "{id}" is replaced
		// by the id of the invocation in flight.
		path       string
		body       string
		header     http.Header
		wantStatus int
		wantResult lambdalocal.Result
	}{
		{
			name:       "response",
			path:       "{id}/response",
			body:       `{"ok":true}`,
			wantStatus: http.StatusAccepted,
			wantResult: lambdalocal.Result{Payload: []byte(`{"ok":true}`)},
		},
		{
			name:       "error with its type in the header",
			path:       "{id}/error",
			body:       `{"errorMessage":"bad"}`,
			header:     http.Header{"Lambda-Runtime-Function-Error-Type": {"Custom.Bad"}},
			wantStatus: http.StatusAccepted,
			wantResult: lambdalocal.Result{Err: &lambdalocal.ErrorBody{Message: "bad", Type: "Custom.Bad"}},
		},
		{
			name:       "error that is not JSON",
			path:       "{id}/error",
			body:       `plain text`,
			wantStatus: http.StatusAccepted,
			wantResult: lambdalocal.Result{Err: &lambdalocal.ErrorBody{Message: "plain text", Type: "Runtime.Unknown"}},
		},
		{
			name:       "unknown request id",
			path:       "not-an-id/response",
			body:       `{}`,
			wantStatus: http.StatusBadRequest,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			ctx := testContext(t)
			base := "http://" + s.Addr() + "/2018-06-01/runtime/invocation/"
			type outcome struct {
				res lambdalocal.Result
				err error
			}
			done := make(chan outcome, 1)
			go func() {
				res, err := s.Invoke(ctx, []byte(`{"n":1}`), time.Minute)
				done <- outcome{res, err}
			}()

			resp, err := http.Get(base + "next")
			if err != nil {
				t.Fatal(err)
			}
			payload, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
			if resp.StatusCode != http.StatusOK || string(payload) != `{"n":1}` || id == "" {
				t.Fatalf("next: %d %q id %q", resp.StatusCode, payload, id)
			}
			if resp.Header.Get("Lambda-Runtime-Deadline-Ms") == "" || resp.Header.Get("Lambda-Runtime-Trace-Id") == "" {
				t.Errorf("next lacks deadline or trace headers: %v", resp.Header)
			}

			req, _ := http.NewRequest(http.MethodPost, base+strings.ReplaceAll(tt.path, "{id}", id), strings.NewReader(tt.body))
			for k, v := range tt.header {
				req.Header[k] = v
			}
			resp, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("POST %s: status %d, want %d", tt.path, resp.StatusCode, tt.wantStatus)
			}
			if tt.wantStatus != http.StatusAccepted {
				return
			}
			o := <-done
			if o.err != nil {
				t.Fatal(o.err)
			}
			if o.res.RequestID != id {
				t.Errorf("RequestID = %q, want %q", o.res.RequestID, id)
			}
			if !bytes.Equal(o.res.Payload, tt.wantResult.Payload) {
				t.Errorf("Payload = %q, want %q", o.res.Payload, tt.wantResult.Payload)
			}
			if (o.res.Err == nil) != (tt.wantResult.Err == nil) ||
				o.res.Err != nil && (o.res.Err.Message != tt.wantResult.Err.Message || o.res.Err.Type != tt.wantResult.Err.Type) {
				t.Errorf("Err = %+v, want %+v", o.res.Err, tt.wantResult.Err)
			}
		})
	}
}

func TestReceiver(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		wantStatus int
	}{
		{"PUT is accepted", http.MethodPut, http.StatusOK},
		{"other methods are refused but recorded", http.MethodPost, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := lambdalocal.NewReceiver()
			defer r.Close()
			req, _ := http.NewRequest(tt.method, r.URL("/bucket/key?X-Amz-Signature=sig"), strings.NewReader(`{"Status":"SUCCESS"}`))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			got := r.Responses()
			if len(got) != 1 {
				t.Fatalf("recorded %d requests, want 1", len(got))
			}
			g := got[0]
			if g.Method != tt.method || g.Path != "/bucket/key" || g.Query != "X-Amz-Signature=sig" || string(g.Body) != `{"Status":"SUCCESS"}` {
				t.Errorf("recorded %+v", g)
			}
		})
	}
}

// PeakRSS is the process's own peak, what it wrote included, while it
// runs; State is how it ended, once it has.
func TestProcessUsage(t *testing.T) {
	s := newServer(t)
	p, _ := start(t, s, buildEcho(t))
	if p.State() != nil {
		t.Error("State is set while the process runs")
	}
	before, err := p.PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Invoke(testContext(t), []byte(`{"op":"hold","value":"64"}`), time.Minute)
	if err != nil || res.Err != nil {
		t.Fatalf("invocation: %v, %v", err, res.Err)
	}
	after, err := p.PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	if after < before+64<<20 {
		t.Errorf("peak RSS %d bytes after writing 64 MiB, %d before", after, before)
	}
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	if st := p.State(); st == nil || st.SysUsage() == nil {
		t.Errorf("State after Stop = %v, want the ended process's, with its usage", st)
	}
}
