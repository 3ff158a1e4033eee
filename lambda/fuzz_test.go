package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

// Placeholders of the seed events, replaced in every input so that the
// fuzzer's events reach a real pool, client and receiver.
var (
	poolToken   = []byte("POOL")
	clientToken = []byte("CLIENT")
	urlToken    = []byte("RESPONSE_URL")
	samplePool  = regexp.MustCompile(`us-east-1_[0-9A-Za-z]+`)
)

// FuzzEvent delivers arbitrary bytes as the event, the way the Lambda
// runtime delivers it, to the assembled function (fake Cognito, receiver as
// CloudFormation), in this process: thousands of inputs a second. Whatever
// the bytes, the function must not panic, and:
//   - an event that decodes gets exactly one event line and at most one
//     accepted response, which is the function's result; it is delivered
//     exactly when the log line says so, nothing is sent without a
//     ResponseURL, a refused ResponseURL (its host, bucket or key) gets no
//     Cognito call and no PUT, and an event of an untrusted stack gets no
//     Cognito call;
//   - bytes that are not JSON never reach Cognito, and get one FAILED
//     response, sent at most once (where a usable ResponseURL was found in
//     them), and returned as the result;
//   - no log line holds the signature or a client secret.
//
// The seeds are the committed corpus (malformed and unusual events) and
// every events/*.json, with its pool id and a ResponseURL as placeholders.
// Each input gets a pool of its own, deleted after it, so that the work of
// one input does not grow with the inputs before it; the response's waits
// are milliseconds; Cognito's calls and the PUT are served in the
// invocation's goroutine, so that its coverage depends on the input alone
// (a server goroutine finishing an earlier request would make every input
// look new, and the fuzzer would spend its time minimizing them).
func FuzzEvent(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "events", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no sample events: %v", err)
	}
	var sampleClients []string // the clients the existing-mode samples name
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		raw = samplePool.ReplaceAll(raw, poolToken)
		f.Add(raw)
		var e map[string]any
		if err := json.Unmarshal(raw, &e); err != nil {
			f.Fatalf("%s: %v", name, err)
		}
		e["ResponseURL"] = string(urlToken)
		f.Add(mustJSON(f, e))
		if p, ok := e["ResourceProperties"].(map[string]any); ok {
			if id, ok := p["ClientId"].(string); ok {
				sampleClients = append(sampleClients, id)
			}
		}
	}

	h := newFn(f, fastDelivery, unkeptLogs, inProcess)
	f.Fuzz(func(t *testing.T, data []byte) {
		h.t = t
		h.fake.ResetCalls()
		h.pool = h.fake.CreatePool()
		defer h.fake.DeletePool(h.pool)
		client := h.fake.PutClient(h.pool, types.UserPoolClientType{
			ClientName:        new("made-elsewhere"),
			ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		})
		for _, id := range sampleClients {
			h.fake.PutClient(h.pool, types.UserPoolClientType{ClientId: new(id), ClientName: new("sample")})
		}
		payload := bytes.ReplaceAll(data, poolToken, []byte(h.pool))
		payload = bytes.ReplaceAll(payload, clientToken, []byte(client))
		signed := bytes.ReplaceAll(payload, urlToken, []byte(h.url("/fuzz")))
		if signedOnlyInURL(signed) {
			payload = signed
		} else {
			// The input moved the URL into another field, where the event
			// itself would show the signature in the logs: the signature
			// stays out, so the log scan keeps its meaning.
			payload = bytes.ReplaceAll(payload, urlToken, []byte(h.receiver.URL+"/fuzz"))
		}

		// What the function makes of the bytes: the first JSON value
		// (trailing bytes ignored, as aws-lambda-go decodes), every field
		// of the right type even when another has the wrong one.
		var raw json.RawMessage
		decodeErr := json.NewDecoder(bytes.NewReader(payload)).Decode(&raw)
		var e cfn.Event
		if decodeErr == nil {
			var typeErr *json.UnmarshalTypeError
			if err := json.Unmarshal(raw, &e); err != nil && !errors.As(err, &typeErr) {
				decodeErr = err
			}
		}

		resp, body, line, err := h.invokeRaw(payload, 20*time.Second)
		calls := len(h.fake.Calls())
		if err != nil || line == nil {
			t.Fatalf("the function returned %v and logged %v", err, line)
		}
		if decodeErr != nil {
			if resp.Status != cfn.StatusFailed || calls != 0 || h.puts.Load() > 1 ||
				(line["response"] == "delivered") != (body != nil) {
				t.Fatalf("an event that does not decode (%v): %s, response %v, %d PUTs, %d Cognito calls",
					decodeErr, resp.Status, line["response"], h.puts.Load(), calls)
			}
			return
		}
		if body != nil {
			sent := decodeBody(t, body)
			if sent.Status != resp.Status || sent.PhysicalResourceID != resp.PhysicalResourceID ||
				sent.Reason != resp.Reason || sent.RequestID != e.RequestID {
				t.Fatalf("sent %+v, the function returned %+v", sent, resp)
			}
		}
		if line["response"] == "duplicate" {
			// The fuzzer ran these exact bytes before: the first response is
			// returned again, with nothing sent and nothing called.
			if body != nil || h.puts.Load() != 0 || calls != 0 {
				t.Fatalf("a redelivered event made %d PUTs and %d Cognito calls", h.puts.Load(), calls)
			}
			return
		}
		if (line["response"] == "delivered") != (body != nil) {
			t.Fatalf("the line says %v, and the receiver accepted %d bytes", line["response"], len(body))
		}
		switch {
		case e.ResponseURL == "":
			if line["response"] != "none" || h.puts.Load() != 0 {
				t.Fatalf("no ResponseURL, yet response %v and %d PUTs", line["response"], h.puts.Load())
			}
		case response.CheckURL(e.ResponseURL, lambdalocal.Region, "amazonaws.com", true) != nil || response.CheckURLKey(e) != nil:
			if line["response"] != "refused" || h.puts.Load() != 0 || calls != 0 {
				t.Fatalf("a refused URL, yet response %v, %d PUTs, %d Cognito calls", line["response"], h.puts.Load(), calls)
			}
		}
		if response.CheckStackID(e.StackID, "aws", lambdalocal.Region, []string{lambdalocal.Account}) != nil &&
			(resp.Status != cfn.StatusFailed || calls != 0) {
			t.Fatalf("an untrusted StackId %q: %s after %d Cognito calls", e.StackID, resp.Status, calls)
		}
		if resp.Status != cfn.StatusSuccess && resp.Status != cfn.StatusFailed {
			t.Fatalf("status %q", resp.Status)
		}
	})
}

// signedOnlyInURL reports whether the signature occurs in payload only as
// part of its ResponseURL.
func signedOnlyInURL(payload []byte) bool {
	var e cfn.Event
	_ = json.NewDecoder(bytes.NewReader(payload)).Decode(&e)
	return bytes.Count(payload, []byte(signature)) == strings.Count(e.ResponseURL, signature)
}
