// Package resource is the lifecycle of a Custom::CognitoUserPoolClient: which
// Cognito calls an event makes, in which mode, and what it answers.
//
// It never parses a string (package props does) and never writes a request
// field by hand (package request does); it decides and calls.
package resource

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/aws/aws-lambda-go/cfn"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/request"
	"github.com/cognito-client-resource/cognitoclient/internal/response"
)

// Cognito is the part of the Cognito API the resource uses. The SDK's
// *cognitoidentityprovider.Client satisfies it.
type Cognito interface {
	CreateUserPoolClient(context.Context, *cip.CreateUserPoolClientInput, ...func(*cip.Options)) (*cip.CreateUserPoolClientOutput, error)
	DescribeUserPoolClient(context.Context, *cip.DescribeUserPoolClientInput, ...func(*cip.Options)) (*cip.DescribeUserPoolClientOutput, error)
	UpdateUserPoolClient(context.Context, *cip.UpdateUserPoolClientInput, ...func(*cip.Options)) (*cip.UpdateUserPoolClientOutput, error)
	DeleteUserPoolClient(context.Context, *cip.DeleteUserPoolClientInput, ...func(*cip.Options)) (*cip.DeleteUserPoolClientOutput, error)
}

// Resource handles the events of one function instance.
type Resource struct {
	cognito Cognito
}

// New returns a Resource that calls c.
func New(c Cognito) *Resource { return &Resource{cognito: c} }

// Actions reported in the event's log line.
const (
	actionCreated   = "created"
	actionUpdated   = "updated"
	actionUnchanged = "unchanged"
	actionReplaced  = "replaced"
	actionDeleted   = "deleted"
	actionSkipped   = "skipped"
	actionFailed    = "failed"
)

// Handle decides and carries out one event. It is a response.Handler.
func (r *Resource) Handle(ctx context.Context, e cfn.Event) response.Outcome {
	switch e.RequestType {
	case cfn.RequestCreate:
		return r.create(ctx, e)
	case cfn.RequestUpdate:
		return r.update(ctx, e)
	case cfn.RequestDelete:
		return r.delete(ctx, e)
	default:
		return failed(fmt.Errorf("RequestType: %q is not Create, Update or Delete", e.RequestType))
	}
}

func (r *Resource) create(ctx context.Context, e cfn.Event) response.Outcome {
	s, ps := decode(e.ResourceProperties, e.LogicalResourceID)
	if s.Existing() {
		if len(ps) > 0 {
			return failed(ps)
		}
		return r.apply(ctx, s, nil, actionUpdated).Outcome
	}
	// A new client's effective configuration is known without any call, so
	// the rules that span properties join the problems of the properties
	// alone in one report.
	return r.createOwned(ctx, s, ps, actionCreated)
}

func (r *Resource) update(ctx context.Context, e cfn.Event) response.Outcome {
	s, ps := decode(e.ResourceProperties, e.LogicalResourceID)
	if len(ps) > 0 {
		return failed(ps)
	}
	// The old properties were accepted once; what of them still decodes is
	// what the template declared before.
	old, _ := decode(e.OldResourceProperties, e.LogicalResourceID)

	if replaces(s, old) {
		if s.Existing() {
			return r.apply(ctx, s, nil, actionReplaced).Outcome
		}
		return r.createOwned(ctx, s, nil, actionReplaced)
	}
	if s.Existing() {
		return r.apply(ctx, s, old.Declared, actionUpdated).Outcome
	}
	s.ClientId = e.PhysicalResourceID
	out := r.apply(ctx, s, old.Declared, actionUpdated)
	if errors.Is(out.err, errClientGone) {
		// Deleted out of band: a new client is the only way back to the
		// declared state. Its new id makes CloudFormation treat it as a
		// replacement; the Delete of the old id then finds nothing, which is success.
		s.ClientId = ""
		return r.createOwned(ctx, s, nil, actionReplaced)
	}
	return out.Outcome
}

func (r *Resource) delete(ctx context.Context, e cfn.Event) response.Outcome {
	done := response.Outcome{Status: cfn.StatusSuccess, PhysicalResourceID: e.PhysicalResourceID, Action: actionSkipped}
	// The Delete decision rests on the two identifiers alone: a Delete must not
	// fail because a property that does not matter here became invalid.
	if id, ok := e.ResourceProperties["ClientId"].(string); ok && id != "" {
		return done // existing-client mode never deletes what it did not create
	}
	if !props.IsClientID(e.PhysicalResourceID) {
		return done // the id a failed Create reported: there is no client
	}
	pool, _ := e.ResourceProperties["UserPoolId"].(string)
	if pool == "" {
		return failed(errors.New("UserPoolId: required to delete the client"))
	}
	_, err := r.cognito.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{
		UserPoolId: &pool,
		ClientId:   &e.PhysicalResourceID,
	})
	var notFound *types.ResourceNotFoundException
	if err != nil && !errors.As(err, &notFound) {
		return failed(fmt.Errorf("DeleteUserPoolClient: %w", err))
	}
	done.Action = actionDeleted
	return done
}

// replaces reports whether moving from old to s needs a new physical resource.
func replaces(s, old props.Settings) bool {
	return s.UserPoolId != old.UserPoolId ||
		s.ClientId != old.ClientId ||
		s.GenerateSecret != old.GenerateSecret
}

// createOwned creates the client that the settings declare, unless the
// properties had problems (ps) or the new configuration breaks a rule.
func (r *Resource) createOwned(ctx context.Context, s props.Settings, ps props.Problems, action string) response.Outcome {
	eff := request.Overlay(props.Defaults(), s, nil)
	if ps = ps.Merge(props.Check(eff, s.GenerateSecret, s.Declared, s.Refused)); len(ps) > 0 {
		return failed(ps)
	}
	out, err := r.cognito.CreateUserPoolClient(ctx, request.Create(s.UserPoolId, eff, s.GenerateSecret))
	if err != nil {
		return failed(fmt.Errorf("CreateUserPoolClient: %w", err))
	}
	c := out.UserPoolClient
	pool, id := s.UserPoolId, deref(c.ClientId)
	o := succeeded(c, action, declaredNames(s.Declared))
	o.Undo = func(ctx context.Context) error {
		_, err := r.cognito.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: &pool, ClientId: &id})
		return err
	}
	return o
}

var errClientGone = errors.New("the client does not exist")

// applied is an Outcome with the error that caused it, so that the caller can
// tell a missing client from other failures.
type applied struct {
	response.Outcome
	err error
}

// apply brings the existing client s.ClientId to the declared settings with
// at most one Describe and one Update. prev names the properties declared
// before this event (nil when there is no before for this client).
func (r *Resource) apply(ctx context.Context, s props.Settings, prev props.Fields, action string) applied {
	desc, err := r.cognito.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{
		UserPoolId: &s.UserPoolId,
		ClientId:   &s.ClientId,
	})
	var notFound *types.ResourceNotFoundException
	if errors.As(err, &notFound) {
		err = fmt.Errorf("ClientId: no client %s in user pool %s: %w", s.ClientId, s.UserPoolId, errClientGone)
		return applied{failed(err), err}
	}
	if err != nil {
		return applied{failed(fmt.Errorf("DescribeUserPoolClient: %w", err)), err}
	}
	cur := desc.UserPoolClient
	current := request.FromClient(cur)
	full := request.Overlay(current, s, prev)
	if ps := props.Check(full, cur.ClientSecret != nil, s.Declared, s.Refused); len(ps) > 0 {
		return applied{failed(ps), ps}
	}
	changed := request.Changed(current, full)
	if len(changed) == 0 {
		if action == actionUpdated {
			action = actionUnchanged
		}
		return applied{succeeded(cur, action, changed), nil}
	}
	out, err := r.cognito.UpdateUserPoolClient(ctx, request.Update(s.UserPoolId, s.ClientId, full))
	if err != nil {
		return applied{failed(fmt.Errorf("UpdateUserPoolClient: %w", err)), err}
	}
	return applied{succeeded(out.UserPoolClient, action, changed), nil}
}

// decode validates properties and fills the owned-mode default of ClientName.
// The settings hold what decoded validly even when there are problems.
func decode(properties map[string]any, logicalID string) (props.Settings, props.Problems) {
	s, err := props.Decode(properties)
	var ps props.Problems
	if err != nil && !errors.As(err, &ps) {
		ps = props.Problems{{Property: "ResourceProperties", Message: err.Error()}}
	}
	if s.Declared == nil {
		s.Declared = props.Fields{}
	}
	if !s.Existing() && !s.Declared["ClientName"] {
		s.Config.ClientName = logicalID[:min(len(logicalID), 128)]
		s.Declared["ClientName"] = true
	}
	return s, ps
}

func succeeded(c *types.UserPoolClientType, action string, changed []string) response.Outcome {
	data := map[string]any{
		"ClientId":   deref(c.ClientId),
		"ClientName": deref(c.ClientName),
		"UserPoolId": deref(c.UserPoolId),
	}
	o := response.Outcome{
		Status:             cfn.StatusSuccess,
		PhysicalResourceID: deref(c.ClientId),
		Data:               data,
		Action:             action,
		Changed:            changed,
	}
	if c.ClientSecret != nil {
		data["ClientSecret"] = *c.ClientSecret
		o.NoEcho = true
	}
	return o
}

func failed(err error) response.Outcome {
	return response.Outcome{Status: cfn.StatusFailed, Reason: err.Error(), Action: actionFailed}
}

func declaredNames(f props.Fields) []string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	return slices.Clip(names)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
