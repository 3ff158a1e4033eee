// Package localrun runs the real bootstrap binary as the Lambda function on
// this machine and plays CloudFormation's part, for the project's local tools
// (cmd/invoke and cmd/demo). It builds the binary, runs it behind
// lambdalocal's Runtime API, and collects the one response of each event,
// from a local receiver when the event has a ResponseURL.
package localrun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
)

// Timeout is the function's Timeout in template.yaml, 120 s. Each invocation
// gets that deadline, so the deadline guard and the retries behave as they
// do when deployed.
const Timeout = 120 * time.Second

// lambdaPackage is the Lambda entry point, named by import path so that
// Build works from any directory of the module.
const lambdaPackage = "github.com/cognito-client-resource/cognitoclient/lambda"

// Build compiles the Lambda entry point for this machine (local runs need
// no cross-compiling) into dir/bootstrap and returns that path. It runs the
// go command, from a working directory inside the module.
func Build(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "bootstrap")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-tags", "lambda.norpc", "-o", bin, lambdaPackage)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building bootstrap: %w\n%s", err, out)
	}
	return bin, nil
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
// gives a function (entries of env win), and its output (the JSON log lines)
// copied to logs. An event with a ResponseURL needs
// ALLOW_LOOPBACK_RESPONSE_URL=true in env, because the receiver is on
// loopback. Close the Function when done.
func Start(bin string, env []string, logs io.Writer) (*Function, error) {
	runtime, err := lambdalocal.New()
	if err != nil {
		return nil, err
	}
	proc, err := runtime.Start(bin, env, logs, logs)
	if err != nil {
		_ = runtime.Close()
		return nil, err
	}
	return &Function{runtime: runtime, proc: proc, receiver: lambdalocal.NewReceiver()}, nil
}

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

// Invoke sends event (raw JSON, as CloudFormation would send it) and returns
// the response CloudFormation would receive.
//
// An event with a ResponseURL has it pointed at the receiver first, its
// query (the signature) kept, and the response is the one the function PUT
// there: it must have PUT exactly one, and returned it as its result too.
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
	if hasURL {
		u, err := url.Parse(raw)
		if err != nil {
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
	var sent cfn.Response
	if err := json.Unmarshal(puts[0].Body, &sent); err != nil {
		return cfn.Response{}, fmt.Errorf("the body sent to the ResponseURL is not a response: %w", err)
	}
	if sent.Status != result.Status || sent.PhysicalResourceID != result.PhysicalResourceID || sent.Reason != result.Reason {
		return cfn.Response{}, errors.New("the function's result is not the response it sent")
	}
	return sent, nil
}
