// Package localrun is the one way to run the real bootstrap binary on this
// machine: it builds it with internal/lambdabuild's recipe, runs it as the
// Lambda function behind internal/lambdalocal's Runtime API, points it at a
// Cognito endpoint, and plays CloudFormation's part, collecting the one
// response of each event from a local receiver. cmd/invoke, cmd/demo, the
// end-to-end tests and the benchmarks all run the function through it.
package localrun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdabuild"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
)

// Timeout is the function's Timeout in template.yaml, 120 s. Each invocation
// gets that deadline, so the deadline guard and the retries behave as they
// do when deployed.
const Timeout = 120 * time.Second

// Build compiles the Lambda entry point into dir/bootstrap with the
// function's build flags, for this machine (a local run needs no
// cross-compiling), and returns that path. It runs the go command, from a
// working directory inside the module.
func Build(ctx context.Context, dir string) (string, error) {
	return lambdabuild.Bootstrap(ctx, dir, lambdabuild.Host())
}

// EndpointVar is the variable that points the SDK's Cognito client, and so
// the function's, at another endpoint than Amazon Cognito's.
const EndpointVar = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"

// CognitoEnv returns the environment that points the function at the local
// Cognito endpoint (cognito-local, or a fake): the endpoint, fake
// credentials (a local endpoint checks none, and the SDK wants some), and
// ALLOW_LOOPBACK_RESPONSE_URL=true, because the receiver that stands in for
// CloudFormation's response URL is on loopback.
func CognitoEnv(endpoint string) []string {
	return []string{
		EndpointVar + "=" + endpoint,
		"AWS_ACCESS_KEY_ID=local",
		"AWS_SECRET_ACCESS_KEY=local",
		"ALLOW_LOOPBACK_RESPONSE_URL=true",
	}
}

// Function is the bootstrap binary running as the Lambda function, with a
// receiver standing in for CloudFormation's response URLs. It is not safe
// for concurrent use: Lambda, too, gives one instance one event at a time.
type Function struct {
	runtime  *lambdalocal.Server
	proc     *lambdalocal.Process
	receiver *lambdalocal.Receiver
	invoked  int // names each invocation's path at the receiver
}

// Start runs bin as the function, with env added to the environment Lambda
// gives a function (entries of env win; see [lambdalocal.Server.Start]), and
// its stdout (the JSON log lines) and stderr copied to the given writers
// (nil discards; one writer given twice is written by one goroutine). An
// event with a ResponseURL needs ALLOW_LOOPBACK_RESPONSE_URL=true in env, as
// [CognitoEnv] sets it, because the receiver is on loopback. Close the
// Function when done.
func Start(bin string, env []string, stdout, stderr io.Writer) (*Function, error) {
	runtime, err := lambdalocal.New()
	if err != nil {
		return nil, err
	}
	proc, err := runtime.Start(bin, env, stdout, stderr)
	if err != nil {
		_ = runtime.Close()
		return nil, err
	}
	return &Function{runtime: runtime, proc: proc, receiver: lambdalocal.NewReceiver()}, nil
}

// FirstNext returns a channel that is closed when the function first asks
// for an invocation: the end of its initialisation, for timing a cold start.
func (f *Function) FirstNext() <-chan struct{} { return f.runtime.FirstNext() }

// Process returns the function's process, for its resource usage.
func (f *Function) Process() *lambdalocal.Process { return f.proc }

// Close stops the function's process (and its process group), the Runtime
// API and the receiver. It reports how the process ended if it ended by
// itself, which a healthy function never does.
func (f *Function) Close() error {
	err := f.proc.Stop()
	_ = f.runtime.Close()
	_ = f.receiver.Close()
	if err != nil {
		return fmt.Errorf("the function's process ended by itself: %w", err)
	}
	return nil
}

// InvokeRaw sends payload to the function as it is, with [Timeout] as its
// deadline, and returns the invocation's outcome, playing no part of
// CloudFormation: the event's ResponseURL, if any, is left as it is, and
// nothing is checked. It is for measuring the function on any event,
// malformed or hostile ones included.
func (f *Function) InvokeRaw(ctx context.Context, payload []byte) (lambdalocal.Result, error) {
	return f.runtime.Invoke(ctx, payload, Timeout)
}

// Invoke sends event (raw JSON, as CloudFormation would send it) and returns
// the response CloudFormation would receive.
//
// An event with a ResponseURL has it pointed at the receiver first, its
// query (the signature) kept, and the response is the one the function sent
// there: it must have sent exactly one, as a PUT to that URL, query
// unchanged, and returned it as its result too.
// Without a ResponseURL the function sends nothing, and its result is the
// response (as with `sam local invoke`).
func (f *Function) Invoke(ctx context.Context, event []byte) (cfn.Response, error) {
	var e map[string]any
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber() // numbers reach the function as written
	if err := dec.Decode(&e); err != nil {
		return cfn.Response{}, fmt.Errorf("the event is not a JSON object: %w", err)
	}
	f.invoked++
	path := "/response/" + strconv.Itoa(f.invoked)
	raw, hasURL := e["ResponseURL"].(string)
	var u *url.URL
	if hasURL {
		var err error
		if u, err = url.Parse(raw); err != nil {
			// url.Parse's error quotes the URL, signature included.
			return cfn.Response{}, errors.New("the event's ResponseURL is not a URL")
		}
		e["ResponseURL"] = f.receiver.URL(path + "?" + u.RawQuery)
	}
	payload, err := json.Marshal(e)
	if err != nil {
		return cfn.Response{}, err
	}

	res, err := f.runtime.Invoke(ctx, payload, Timeout)
	if err != nil {
		return cfn.Response{}, err
	}
	if res.Err != nil {
		return cfn.Response{}, fmt.Errorf("the function failed instead of returning its response: %w", res.Err)
	}
	var result cfn.Response
	if err := json.Unmarshal(res.Payload, &result); err != nil {
		// Never quoted: a result can hold a client secret.
		return cfn.Response{}, fmt.Errorf("the function's result is not a response: %w", err)
	}
	if !hasURL {
		return result, nil
	}

	var puts []lambdalocal.Received
	for _, r := range f.receiver.Responses() {
		if r.Path == path {
			puts = append(puts, r)
		}
	}
	if len(puts) != 1 {
		return cfn.Response{}, fmt.Errorf("the function sent %d responses to the ResponseURL, want exactly 1 (a loopback URL needs ALLOW_LOOPBACK_RESPONSE_URL=true)", len(puts))
	}
	if puts[0].Method != http.MethodPut {
		return cfn.Response{}, fmt.Errorf("the function sent its response with %s, want PUT", puts[0].Method)
	}
	if puts[0].Query != u.RawQuery {
		// Neither query is quoted: both hold the signature.
		return cfn.Response{}, errors.New("the function sent its response to the ResponseURL with another query than the event's")
	}
	var sent cfn.Response
	if err := json.Unmarshal(puts[0].Body, &sent); err != nil {
		return cfn.Response{}, fmt.Errorf("the body sent to the ResponseURL is not a response: %w", err)
	}
	if sent.Status != result.Status || sent.PhysicalResourceID != result.PhysicalResourceID || sent.Reason != result.Reason {
		return cfn.Response{}, errors.New("the function's result is not the response it sent")
	}
	return sent, nil
}
