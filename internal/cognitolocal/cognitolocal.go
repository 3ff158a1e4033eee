// Package cognitolocal runs cognito-local (the npm package, version 5.3.0 as
// pinned in the repository's _node/package.json) as a local Amazon Cognito user
// pool API for end-to-end tests and local runs.
//
// It is test support. The emulator is reached with the real SDK client, so
// the wire format, the endpoint resolution and the error mapping are the
// SDK's own; but it is not Cognito. What cognito-local 5.3.0 does, checked
// against its source (lib/targets/*.js) and by the tests here:
//
//   - It supports CreateUserPool, CreateUserPoolClient,
//     DescribeUserPoolClient, UpdateUserPoolClient and DeleteUserPoolClient.
//     An operation it does not support answers HTTP 500 with the error code
//     "CognitoLocal#Unsupported".
//   - UpdateUserPoolClient MERGES: a field left out of the request keeps its
//     current value, where Cognito resets it to its default. A test that
//     passes against it therefore does not prove that a request is full.
//   - It drops AuthSessionValidity, RefreshTokenRotation and
//     EnablePropagateAdditionalUserContextData on create and update, and
//     never returns them from Describe.
//   - CreateUserPoolClient fills in no defaults: validities,
//     ExplicitAuthFlows, PreventUserExistenceErrors and
//     EnableTokenRevocation are absent unless sent. TokenValidityUnits is
//     always returned, and defaults to hours, MINUTES (Cognito: hours) and
//     days for the access, ID and refresh tokens.
//   - It validates nothing in a client's settings (ranges, URLs, OAuth
//     rules).
//   - A missing pool or client is a ResourceNotFoundException, as in Cognito.
//   - User pool ids look like "local_AbCd1234"; client ids are 26 lower-case
//     letters and digits.
//   - It keeps its database in .cognito/ under its working directory; Start
//     gives each emulator a fresh temporary directory, removed by Close.
package cognitolocal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// NodeDir is the directory, relative to the repository root, that holds the
// project's Node packages (package.json and node_modules). The go command
// never looks into a directory whose name starts with "_", so whatever npm
// installs there cannot break a Go build, vet or test.
const NodeDir = "_node"

// Region is the region of the clients [Emulator.Client] returns; the
// emulator ignores it.
const Region = "us-east-1"

// readyLine is what cognito-local prints once it listens; with PORT=0 it is
// the only way to learn the port the kernel chose.
var readyLine = regexp.MustCompile(`Cognito Local running on (http://127\.0\.0\.1:[0-9]+)`)

// startTimeout bounds the emulator's start when ctx has no earlier deadline.
const startTimeout = 30 * time.Second

// Emulator is a running cognito-local. Its methods are safe for concurrent
// use.
type Emulator struct {
	endpoint string
	dir      string
	cmd      *exec.Cmd
	exited   chan struct{}
	output   *tail

	closeOnce sync.Once
}

// Start starts cognito-local from <repository root>/_node/node_modules/.bin,
// the root being the nearest directory above the working directory that
// holds a go.mod, on a free port of 127.0.0.1, in a temporary directory, and
// waits until it answers. If it is not installed, the error says how to
// install it. Close the Emulator when done.
func Start(ctx context.Context) (*Emulator, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(root, NodeDir, "node_modules", ".bin", "cognito-local")
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("cognitolocal: %s is missing; run `make test`, or `npm ci --ignore-scripts` in %s, to install the emulator: %w", bin, filepath.Join(root, NodeDir), err)
	}
	dir, err := os.MkdirTemp("", "cognito-local-")
	if err != nil {
		return nil, fmt.Errorf("cognitolocal: %w", err)
	}

	e := &Emulator{dir: dir, exited: make(chan struct{}), output: &tail{}}
	e.cmd = exec.Command(bin)
	e.cmd.Dir = dir
	e.cmd.Env = append(os.Environ(), "PORT=0", "HOST=127.0.0.1")
	found := make(chan string, 1)
	e.cmd.Stdout = &announceWriter{tail: e.output, found: found}
	e.cmd.Stderr = e.output
	// A group of its own lets Close stop node and anything it spawned.
	e.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	e.cmd.WaitDelay = 5 * time.Second
	if err := e.cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("cognitolocal: starting %s: %w", bin, err)
	}
	go func() {
		_ = e.cmd.Wait()
		close(e.exited)
	}()

	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	if err := e.waitReady(ctx, found); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// announceWriter keeps the emulator's stdout in a tail and reports, once,
// the endpoint it announces.
type announceWriter struct {
	tail  *tail
	found chan<- string // buffered 1
	done  bool          // written only by exec's single copying goroutine
}

func (w *announceWriter) Write(p []byte) (int, error) {
	n, err := w.tail.Write(p)
	if !w.done {
		if m := readyLine.FindStringSubmatch(w.tail.String()); m != nil {
			w.done = true
			w.found <- m[1]
		}
	}
	return n, err
}

func (e *Emulator) waitReady(ctx context.Context, found <-chan string) error {
	select {
	case e.endpoint = <-found:
	case <-e.exited:
		return fmt.Errorf("cognitolocal: cognito-local exited before listening; its output:\n%s", e.output)
	case <-ctx.Done():
		return fmt.Errorf("cognitolocal: cognito-local did not start: %w; its output:\n%s", ctx.Err(), e.output)
	}
	// The announcement follows listen(), so the first probe normally
	// succeeds; the loop only absorbs a slow first request.
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.endpoint+"/health", nil)
		if err != nil {
			return fmt.Errorf("cognitolocal: %w", err)
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-e.exited:
			return fmt.Errorf("cognitolocal: cognito-local exited; its output:\n%s", e.output)
		case <-ctx.Done():
			return fmt.Errorf("cognitolocal: cognito-local at %s does not answer: %w", e.endpoint, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Endpoint returns the emulator's base URL, http://127.0.0.1:<port>, for
// BaseEndpoint or AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER.
func (e *Emulator) Endpoint() string { return e.endpoint }

// Output returns the last lines the emulator printed, for diagnosing a
// failed test.
func (e *Emulator) Output() string { return e.output.String() }

// Close stops the emulator and its process group, waits for it to end and
// removes its working directory. It is idempotent.
func (e *Emulator) Close() {
	e.closeOnce.Do(func() {
		// The negative pid names the group; ESRCH means it is already gone.
		if err := syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
			_ = e.cmd.Process.Kill()
		}
		<-e.exited
		_ = os.RemoveAll(e.dir)
	})
}

// Client returns an SDK client for the emulator: its endpoint, static fake
// credentials, region [Region].
func (e *Emulator) Client() *cognitoidentityprovider.Client {
	return cognitoidentityprovider.New(cognitoidentityprovider.Options{
		BaseEndpoint: aws.String(e.endpoint),
		Region:       Region,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "local", SecretAccessKey: "local", Source: "cognitolocal"}, nil
		}),
	})
}

// CreateUserPool creates a user pool named name in the emulator and returns
// its id.
func (e *Emulator) CreateUserPool(ctx context.Context, name string) (string, error) {
	out, err := e.Client().CreateUserPool(ctx, &cognitoidentityprovider.CreateUserPoolInput{PoolName: aws.String(name)})
	if err != nil {
		return "", fmt.Errorf("cognitolocal: creating user pool %q: %w", name, err)
	}
	if out.UserPool == nil || aws.ToString(out.UserPool.Id) == "" {
		return "", fmt.Errorf("cognitolocal: creating user pool %q: no id in the answer", name)
	}
	return aws.ToString(out.UserPool.Id), nil
}

// repoRoot returns the nearest directory at or above the working directory
// that holds a go.mod.
func repoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("cognitolocal: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("cognitolocal: no go.mod at or above %s", wd)
		}
	}
}

// tail keeps the last tailSize bytes written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 16 << 10

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - tailSize; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.ToValidUTF8(string(t.buf), "")
}
