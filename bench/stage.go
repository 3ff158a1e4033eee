package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
)

// invocationTimeout is the Lambda timeout every invocation gets, and the
// bound on how long the bench waits for one.
const invocationTimeout = 30 * time.Second

// stage is the loopback world a bootstrap runs in: a Cognito fake with one
// user pool, and a receiver standing in for CloudFormation's response URL.
type stage struct {
	fake     *cognitofake.Server
	pool     string
	receiver *lambdalocal.Receiver
	events   int // numbers the events, so that every request id differs
}

func newStage() *stage {
	fake := cognitofake.New()
	return &stage{fake: fake, pool: fake.CreatePool(), receiver: lambdalocal.NewReceiver()}
}

func (s *stage) close() {
	_ = s.receiver.Close()
	s.fake.Close()
}

// env is what a bootstrap needs on top of the Lambda environment: Cognito at
// the fake, credentials, and responses allowed to the loopback receiver.
func (s *stage) env() []string { return localrun.CognitoEnv(s.fake.URL()) }

// ownedProps are the properties of a typical owned client.
func (s *stage) ownedProps() map[string]any {
	return map[string]any{
		"ServiceToken":         lambdalocal.FunctionARN,
		"UserPoolId":           s.pool,
		"AccessTokenValidity":  "10h",
		"RefreshTokenValidity": "30d",
		"AllowedOAuthFlows":    []any{"code"},
		"AllowedOAuthScopes":   []any{"openid", "email"},
		"CallbackURLs":         []any{"https://app.example.com/callback"},
	}
}

// event returns a CloudFormation event as CloudFormation sends it.
func (s *stage) event(rt cfn.RequestType, physicalID string, properties, old map[string]any) []byte {
	s.events++
	id := fmt.Sprintf("00000000-0000-4000-8000-%012d", s.events)
	e := cfn.Event{
		RequestType:           rt,
		RequestID:             id,
		ResponseURL:           s.receiver.URL("/cfn-response/" + id + "?X-Amz-Signature=bench"),
		ResourceType:          "Custom::CognitoUserPoolClient",
		LogicalResourceID:     "WebClient",
		StackID:               "arn:aws:cloudformation:" + lambdalocal.Region + ":" + lambdalocal.Account + ":stack/bench/8f1f2a40",
		PhysicalResourceID:    physicalID,
		ResourceProperties:    properties,
		OldResourceProperties: old,
	}
	b, err := json.Marshal(e)
	if err != nil {
		panic(err) // maps of strings and lists always encode
	}
	return b
}

// function is one bootstrap process behind a fresh Runtime API.
type function struct {
	fn      *localrun.Function
	stderr  bytes.Buffer   // read only after stop
	started time.Time      // just before the process was started
	next    chan time.Time // when the process first polled; never sent if it did not
	stopped chan struct{}
}

// launch starts bin and notes when it first asks for an invocation.
func (s *stage) launch(bin string) (*function, error) {
	f := &function{next: make(chan time.Time, 1), stopped: make(chan struct{})}
	f.started = time.Now()
	fn, err := localrun.Start(bin, s.env(), nil, &f.stderr)
	if err != nil {
		close(f.stopped)
		return nil, err
	}
	f.fn = fn
	go func() {
		select {
		case <-fn.FirstNext():
			f.next <- time.Now()
		case <-f.stopped:
		}
	}()
	return f, nil
}

// invoke sends one event and returns the response the function returned,
// which is the response it sent CloudFormation.
func (f *function) invoke(payload []byte) (cfn.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), invocationTimeout)
	defer cancel()
	res, err := f.fn.InvokeRaw(ctx, payload)
	if err != nil {
		return cfn.Response{}, err
	}
	if res.Err != nil {
		return cfn.Response{}, fmt.Errorf("the function failed: %w", res.Err)
	}
	var resp cfn.Response
	if err := json.Unmarshal(res.Payload, &resp); err != nil {
		return cfn.Response{}, fmt.Errorf("the function's result is not a response: %w", err)
	}
	return resp, nil
}

// stop ends the process and the Runtime API. The error says how the process
// failed, with what it wrote to stderr.
func (f *function) stop() error {
	err := f.fn.Close()
	close(f.stopped)
	if err != nil {
		return fmt.Errorf("%w; stderr:\n%s", err, f.stderr.String())
	}
	return nil
}

// coldStart is one fresh process's start: to its first request for an
// invocation, and to its response to a Create sent as soon as it started.
type coldStart struct {
	toNext, toResponse time.Duration
}

// startOnce runs bin for one owned Create and stops it.
func (s *stage) startOnce(bin string) (coldStart, error) {
	payload := s.event(cfn.RequestCreate, "", s.ownedProps(), nil)
	f, err := s.launch(bin)
	if err != nil {
		return coldStart{}, err
	}
	resp, err := f.invoke(payload)
	responded := time.Now()
	var cs coldStart
	if err == nil {
		// A response means the process polled: its time is there, sent
		// before stop can end the watch.
		cs = coldStart{toNext: (<-f.next).Sub(f.started), toResponse: responded.Sub(f.started)}
	}
	if stopErr := f.stop(); err == nil {
		err = stopErr
	}
	if err == nil && resp.Status != cfn.StatusSuccess {
		err = fmt.Errorf("the Create failed: %s", resp.Reason)
	}
	if err != nil {
		return coldStart{}, fmt.Errorf("%s: %w", bin, err)
	}
	return cs, nil
}

// printPeakRSS runs bin for one Create and prints the peak resident set size
// of its process, in bytes. It relies on this process having no other child:
// the kernel keeps the peak RSS of the largest child waited for, and the
// process is waited for by lambdalocal, which does not expose its
// ProcessState.
func printPeakRSS(w io.Writer, bin string) error {
	s := newStage()
	defer s.close()
	if _, err := s.startOnce(bin); err != nil {
		return err
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return err
	}
	maxRSS := int64(ru.Maxrss) * 1024 // kilobytes on Linux
	if runtime.GOOS == "darwin" {
		maxRSS = int64(ru.Maxrss) // bytes on macOS
	}
	_, err := fmt.Fprintln(w, maxRSS)
	return err
}

// peakRSS returns the peak RSS, in bytes, of a process of bin that handled
// one Create, measured by this program run again with -rss-of in a process of
// its own, whose only child is the function.
func peakRSS(bin string) (int64, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	var stderr bytes.Buffer
	cmd := exec.Command(self, "-rss-of", bin)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("measuring the RSS of %s: %w\n%s", bin, err, stderr.String())
	}
	return strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
}

// callCount is the number of Cognito requests one kind of event made.
type callCount struct {
	event string
	calls int
	max   int // the maximum of docs/reference.md §3
}

// countCalls runs the events whose Cognito calls docs/reference.md §3 bounds through one
// process of bin, and counts the requests the fake received for each.
func (s *stage) countCalls(bin string) (counts []callCount, err error) {
	existing := s.fake.PutClient(s.pool, types.UserPoolClientType{
		ClientName:                      aws.String("made-elsewhere"),
		AllowedOAuthFlowsUserPoolClient: aws.Bool(true),
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthScopes:              []string{"openid"},
	})
	existingProps := map[string]any{
		"UserPoolId":   s.pool,
		"ClientId":     existing,
		"CallbackURLs": []any{"https://cdn.example.com/callback"},
	}
	updated := s.ownedProps()
	updated["AccessTokenValidity"] = "1h"

	f, err := s.launch(bin)
	if err != nil {
		return nil, err
	}
	defer func() {
		if stopErr := f.stop(); err == nil {
			err = stopErr
		}
	}()
	var owned string // the owned client's id, known once it is created
	steps := []struct {
		name  string
		max   int
		event func() []byte
	}{
		{"owned Create", 1, func() []byte { return s.event(cfn.RequestCreate, "", s.ownedProps(), nil) }},
		{"owned Update", 2, func() []byte { return s.event(cfn.RequestUpdate, owned, updated, s.ownedProps()) }},
		{"owned Delete", 1, func() []byte { return s.event(cfn.RequestDelete, owned, updated, nil) }},
		{"existing-client Create", 2, func() []byte { return s.event(cfn.RequestCreate, "", existingProps, nil) }},
		{"existing-client Delete", 0, func() []byte { return s.event(cfn.RequestDelete, existing, existingProps, nil) }},
	}
	for _, step := range steps {
		s.fake.ResetCalls()
		resp, err := f.invoke(step.event())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", step.name, err)
		}
		if resp.Status != cfn.StatusSuccess {
			return nil, fmt.Errorf("%s failed: %s", step.name, resp.Reason)
		}
		if owned == "" {
			owned = resp.PhysicalResourceID
		}
		counts = append(counts, callCount{event: step.name, calls: len(s.fake.Calls()), max: step.max})
	}
	return counts, nil
}
