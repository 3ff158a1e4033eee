package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
		"ClientName":           "web",
		"AccessTokenValidity":  "10h",
		"RefreshTokenValidity": "30d",
		"AllowedOAuthFlows":    []any{"code"},
		"AllowedOAuthScopes":   []any{"openid", "email"},
		"CallbackURLs":         []any{"https://app.example.com/callback"},
	}
}

// event returns a CloudFormation event as CloudFormation sends it, with its
// ResponseURL at the stage's receiver.
func (s *stage) event(rt cfn.RequestType, physicalID string, properties, old map[string]any) []byte {
	b, _ := s.eventAt(s.receiver.URL, rt, physicalID, properties, old)
	return b
}

// eventAt returns a CloudFormation event whose ResponseURL is urlOf of a
// path of its own, and that path.
func (s *stage) eventAt(urlOf func(pathAndQuery string) string, rt cfn.RequestType, physicalID string, properties, old map[string]any) (event []byte, path string) {
	s.events++
	id := fmt.Sprintf("00000000-0000-4000-8000-%012d", s.events)
	path = "/cfn-response/" + id
	e := cfn.Event{
		RequestType:           rt,
		RequestID:             id,
		ResponseURL:           urlOf(path + "?X-Amz-Signature=bench"),
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
	return b, path
}

// function is one bootstrap process behind a fresh Runtime API.
type function struct {
	fn     *localrun.Function
	stderr bytes.Buffer // read only after stop
}

// launch starts bin.
func (s *stage) launch(bin string) (*function, error) {
	f := &function{}
	fn, err := localrun.Start(bin, s.env(), nil, &f.stderr)
	if err != nil {
		return nil, err
	}
	f.fn = fn
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
	if err != nil {
		return fmt.Errorf("%w; stderr:\n%s", err, f.stderr.String())
	}
	return nil
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
