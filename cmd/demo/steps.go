package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/duration"
	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
	"github.com/cognito-client-resource/cognitoclient/internal/wire"
)

// What CloudFormation puts in every event of the demo's stack: a stack of
// the local function's own account and Region, which it serves.
const (
	stackID      = "arn:aws:cloudformation:" + lambdalocal.Region + ":" + lambdalocal.Account + ":stack/demo/5b8c8a40-0000-11f0-0000-0a1b2c3d4e5f"
	serviceToken = lambdalocal.FunctionARN
	// responseQuery stands for the pre-signed URL's query; the function
	// must PUT to it as given, and log none of it.
	responseQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20250101T000000Z&X-Amz-Expires=7200" +
		"&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

const day = 24 * time.Hour

// demo is the state the steps share: the running pieces, and the clients
// the stack's two resources stand for.
type demo struct {
	out     io.Writer
	fn      *localrun.Function
	cognito *cip.Client // straight to cognito-local, for what happens out of band
	rec     *recorder
	events  int

	poolA, poolB string
	web          map[string]any // WebClient's properties, as last deployed
	webID        string         // WebClient's client id
	callbacks    map[string]any // DistributionCallbacks' properties
	existingID   string         // the client DistributionCallbacks manages
	start        startFunction  // another instance of the function, for another stack
	bin          string         // the bootstrap, for a function with another environment
}

// createOwned is step 1.
func (d *demo) createOwned(ctx context.Context) error {
	d.web = map[string]any{
		"UserPoolId":                 d.poolA,
		"ClientName":                 "demo-web",
		"AccessTokenValidity":        "10h",
		"IdTokenValidity":            "90m",
		"RefreshTokenValidity":       "30d",
		"AllowedOAuthFlows":          []string{"code"},
		"AllowedOAuthScopes":         []string{"openid", "email"},
		"CallbackURLs":               []string{"https://app.example.com/callback"},
		"SupportedIdentityProviders": []string{"COGNITO"},
		"PreventUserExistenceErrors": "ENABLED",
	}
	resp, calls, err := d.send(ctx, "Create", "WebClient", "", d.web, nil)
	if err != nil {
		return err
	}
	d.webID = resp.PhysicalResourceID
	c, err := d.show(ctx, d.poolA, d.webID)
	if err != nil {
		return err
	}
	ck := checks{out: d.out}
	ck.expect(resp.Status == cfn.StatusSuccess && props.IsClientID(d.webID), "SUCCESS; the PhysicalResourceId is the new client's id, so !Ref gives the client id")
	ck.expect(slices.Equal(ops(calls), []string{"CreateUserPoolClient"}), "one call to Cognito: CreateUserPoolClient")
	ck.expect(c != nil && c.AccessTokenValidity == 10*time.Hour && c.IdTokenValidity == 90*time.Minute && c.RefreshTokenValidity == 30*day,
		"the client has the declared durations: access 10h, ID 90m, refresh 30d")
	return ck.err()
}

// updateOwned is step 2.
func (d *demo) updateOwned(ctx context.Context) error {
	// An operator changes the client in the console, which sends a full
	// request, as the function does.
	before, err := d.describe(ctx, d.poolA, d.webID)
	if err != nil {
		return err
	}
	if before == nil {
		return errors.New("the client of step 1 is gone")
	}
	changed := *before
	changed.ExplicitAuthFlows = append(slices.Clone(before.ExplicitAuthFlows), "ALLOW_USER_PASSWORD_AUTH")
	changed.ReadAttributes = []string{"email", "name"}
	if _, err := d.cognito.UpdateUserPoolClient(ctx, wire.Update(d.poolA, d.webID, changed)); err != nil {
		return fmt.Errorf("changing the client out of band: %w", err)
	}
	fmt.Fprintln(d.out, "   meanwhile  in the console, an operator adds ALLOW_USER_PASSWORD_AUTH to ExplicitAuthFlows and sets ReadAttributes;")
	fmt.Fprintln(d.out, "              the template declares neither")

	old := d.web
	d.web = maps.Clone(old)
	d.web["AccessTokenValidity"] = "1h"
	d.web["LogoutURLs"] = []string{"https://app.example.com/signed-out"}
	resp, calls, err := d.send(ctx, "Update", "WebClient", d.webID, d.web, old)
	if err != nil {
		return err
	}
	c, err := d.show(ctx, d.poolA, d.webID)
	if err != nil {
		return err
	}
	update, _ := find(calls, "UpdateUserPoolClient")
	ck := checks{out: d.out}
	ck.expect(resp.Status == cfn.StatusSuccess && resp.PhysicalResourceID == d.webID, "SUCCESS, same client")
	ck.expect(slices.Equal(ops(calls), []string{"DescribeUserPoolClient", "UpdateUserPoolClient"}), "two calls to Cognito: DescribeUserPoolClient, then UpdateUserPoolClient")
	ck.expect(c != nil && c.AccessTokenValidity == time.Hour && slices.Equal(c.LogoutURLs, []string{"https://app.example.com/signed-out"}),
		"the declared changes are made: access 1h, a logout URL")
	ck.expect(c != nil && slices.Contains(c.ExplicitAuthFlows, "ALLOW_USER_PASSWORD_AUTH") && slices.Equal(c.ReadAttributes, []string{"email", "name"}),
		"the out-of-band changes survive")
	ck.expect(hasString(update.Body["ExplicitAuthFlows"], "ALLOW_USER_PASSWORD_AUTH") && hasString(update.Body["ReadAttributes"], "name"),
		fmt.Sprintf("the UpdateUserPoolClient request carried them (%d fields): Cognito resets what a request leaves out;", len(update.Body)))
	fmt.Fprintln(d.out, "     cognito-local merges instead, so the request, not the emulator, is what shows the update is safe on Cognito")
	return ck.err()
}

// attachCallbacks is step 3.
func (d *demo) attachCallbacks(ctx context.Context) error {
	made, err := d.cognito.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId:                      aws.String(d.poolA),
		ClientName:                      aws.String("made-in-console"),
		AccessTokenValidity:             aws.Int32(60),
		IdTokenValidity:                 aws.Int32(60),
		RefreshTokenValidity:            7,
		TokenValidityUnits:              &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes, IdToken: types.TimeUnitsTypeMinutes, RefreshToken: types.TimeUnitsTypeDays},
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthFlowsUserPoolClient: true,
		AllowedOAuthScopes:              []string{"openid", "profile"},
		CallbackURLs:                    []string{"https://www.example.com/callback"},
		SupportedIdentityProviders:      []string{"COGNITO"},
		ExplicitAuthFlows:               []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
		PreventUserExistenceErrors:      types.PreventUserExistenceErrorTypesEnabled,
		EnableTokenRevocation:           aws.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("creating a client in the emulator: %w", err)
	}
	d.existingID = aws.ToString(made.UserPoolClient.ClientId)
	fmt.Fprintln(d.out, "   meanwhile  a client is made in the console, outside the stack:")
	before, err := d.show(ctx, d.poolA, d.existingID)
	if err != nil {
		return err
	}

	// The classic use: the callback URL of a CloudFront distribution that
	// only exists once the stack has made it.
	d.callbacks = map[string]any{
		"UserPoolId":   d.poolA,
		"ClientId":     d.existingID,
		"CallbackURLs": []string{"https://www.example.com/callback", "https://d111111abcdef8.cloudfront.net/callback"},
	}
	resp, calls, err := d.send(ctx, "Create", "DistributionCallbacks", "", d.callbacks, nil)
	if err != nil {
		return err
	}
	after, err := d.show(ctx, d.poolA, d.existingID)
	if err != nil {
		return err
	}
	ck := checks{out: d.out}
	ck.expect(resp.Status == cfn.StatusSuccess && resp.PhysicalResourceID == d.existingID, "SUCCESS; the PhysicalResourceId is the existing client's id")
	ck.expect(slices.Equal(ops(calls), []string{"DescribeUserPoolClient", "UpdateUserPoolClient"}), "two calls to Cognito: DescribeUserPoolClient, then UpdateUserPoolClient")
	ck.expect(before != nil && after != nil && slices.Equal(props.Changed(*before, *after), []props.Name{props.CallbackURLs}),
		"only CallbackURLs changed: the client's name, durations, flows and scopes are as the console left them")
	return ck.err()
}

// rejectUpdate is step 4.
func (d *demo) rejectUpdate(ctx context.Context) error {
	before, err := d.describe(ctx, d.poolA, d.webID)
	if err != nil {
		return err
	}
	bad := maps.Clone(d.web)
	bad["AccessTokenValidity"] = "2d"
	bad["RefreshTokenValidity"] = "30 days"
	bad["CallbackURLs"] = []string{"https://app.example.com/callback", "http://app.example.com/callback"}
	delete(bad, "LogoutURLs")
	bad["LogoutUrls"] = []string{"https://app.example.com/signed-out"}
	resp, calls, err := d.send(ctx, "Update", "WebClient", d.webID, bad, d.web)
	if err != nil {
		return err
	}
	after, err := d.show(ctx, d.poolA, d.webID)
	if err != nil {
		return err
	}
	ck := checks{out: d.out}
	ck.expect(resp.Status == cfn.StatusFailed && resp.PhysicalResourceID == d.webID, "FAILED, with the event's own PhysicalResourceId")
	ck.expect(strings.HasPrefix(resp.Reason, "4 problems") && containsAll(resp.Reason, "AccessTokenValidity:", "RefreshTokenValidity:", "CallbackURLs[1]:", "LogoutUrls:"),
		"one Reason names all four mistakes, each with its property")
	ck.expect(len(calls) == 0, "no call to Cognito: mistakes in the properties are found before any")
	ck.expect(before != nil && after != nil && props.Changed(*before, *after) == nil, "the client is untouched")
	return ck.err()
}

// replace is step 5.
func (d *demo) replace(ctx context.Context) error {
	old, oldID := d.web, d.webID
	d.web = maps.Clone(old)
	d.web["UserPoolId"] = d.poolB
	resp, calls, err := d.send(ctx, "Update", "WebClient", oldID, d.web, old)
	if err != nil {
		return err
	}
	d.webID = resp.PhysicalResourceID
	c, err := d.show(ctx, d.poolB, d.webID)
	if err != nil {
		return err
	}
	stillThere, err := d.describe(ctx, d.poolA, oldID)
	if err != nil {
		return err
	}
	ck := checks{out: d.out}
	ck.expect(resp.Status == cfn.StatusSuccess && props.IsClientID(d.webID) && d.webID != oldID, "SUCCESS with a new PhysicalResourceId: a replacement")
	ck.expect(slices.Equal(ops(calls), []string{"CreateUserPoolClient"}), "one call to Cognito: CreateUserPoolClient, in the new pool")
	ck.expect(c != nil && c.ClientName == "demo-web" && c.AccessTokenValidity == time.Hour && c.IdTokenValidity == 90*time.Minute && c.RefreshTokenValidity == 30*day,
		"the new client has the declared settings (a new client starts from them: the out-of-band changes stay with the old one)")
	ck.expect(stillThere != nil, "the old client is still there: CloudFormation deletes it once the stack update succeeds")
	if err := ck.err(); err != nil {
		return err
	}

	// CloudFormation's clean-up: a Delete of the old id, with the old
	// resource's properties.
	resp, calls, err = d.send(ctx, "Delete", "WebClient", oldID, old, nil)
	if err != nil {
		return err
	}
	gone, err := d.describe(ctx, d.poolA, oldID)
	if err != nil {
		return err
	}
	ck = checks{out: d.out}
	ck.expect(resp.Status == cfn.StatusSuccess, "SUCCESS")
	ck.expect(slices.Equal(ops(calls), []string{"DeleteUserPoolClient"}) && gone == nil, "one call to Cognito, DeleteUserPoolClient: the old client is gone")
	return ck.err()
}

// deleteStack is step 6.
func (d *demo) deleteStack(ctx context.Context) error {
	resp, calls, err := d.send(ctx, "Delete", "WebClient", d.webID, d.web, nil)
	if err != nil {
		return err
	}
	gone, err := d.describe(ctx, d.poolB, d.webID)
	if err != nil {
		return err
	}
	ck := checks{out: d.out}
	ck.expect(resp.Status == cfn.StatusSuccess, "SUCCESS")
	ck.expect(slices.Equal(ops(calls), []string{"DeleteUserPoolClient"}) && gone == nil, "one call to Cognito, DeleteUserPoolClient: the owned client is gone")
	if err := ck.err(); err != nil {
		return err
	}

	resp, calls, err = d.send(ctx, "Delete", "DistributionCallbacks", d.existingID, d.callbacks, nil)
	if err != nil {
		return err
	}
	c, err := d.show(ctx, d.poolA, d.existingID)
	if err != nil {
		return err
	}
	ck = checks{out: d.out}
	ck.expect(resp.Status == cfn.StatusSuccess, "SUCCESS")
	ck.expect(len(calls) == 0, "no call to Cognito: the resource does not own the client")
	ck.expect(c != nil && len(c.CallbackURLs) == 2, "the client is left as it is, callback URLs included")
	return ck.err()
}

// send delivers one event as CloudFormation writes it (every scalar a
// string, the ServiceToken among the properties), prints it and the
// response, and returns the response with the calls the function made to
// Cognito for it.
func (d *demo) send(ctx context.Context, requestType, logicalID, physicalID string, properties, old map[string]any) (cfn.Response, []call, error) {
	resp, err := d.deliver(ctx, d.fn, requestType, logicalID, physicalID, properties, old)
	calls := d.rec.take()
	if err != nil {
		return cfn.Response{}, nil, err
	}
	if len(calls) == 0 {
		fmt.Fprintln(d.out, "   cognito    no call")
	} else {
		fmt.Fprintf(d.out, "   cognito    %s\n", strings.Join(ops(calls), ", "))
	}
	return resp, calls, nil
}

// deliver sends one event to fn as CloudFormation writes it, and prints the
// event and the response.
func (d *demo) deliver(ctx context.Context, fn *localrun.Function, requestType, logicalID, physicalID string, properties, old map[string]any) (cfn.Response, error) {
	d.printEvent(requestType, logicalID, physicalID, properties, old)
	payload, err := d.event(requestType, logicalID, physicalID, properties, old)
	if err != nil {
		return cfn.Response{}, err
	}
	resp, err := fn.Invoke(ctx, payload)
	if err != nil {
		return cfn.Response{}, err
	}
	printResponse(d.out, resp)
	return resp, nil
}

// responseKey is the key of an event's ResponseURL, escaped as
// CloudFormation does: only ':' and '|'; '/' stays literal.
func responseKey(logicalID, requestID string) string {
	return strings.NewReplacer(":", "%3A", "|", "%7C").Replace(stackID + "|" + logicalID + "|" + requestID)
}

// event writes one event as CloudFormation would send it.
func (d *demo) event(requestType, logicalID, physicalID string, properties, old map[string]any) ([]byte, error) {
	d.events++
	requestID := fmt.Sprintf("de300000-0000-4000-8000-%012d", d.events)
	e := map[string]any{
		"RequestType":        requestType,
		"ServiceToken":       serviceToken,
		"ResponseURL":        "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/" + responseKey(logicalID, requestID) + "?" + responseQuery,
		"StackId":            stackID,
		"RequestId":          requestID,
		"LogicalResourceId":  logicalID,
		"ResourceType":       "Custom::CognitoUserPoolClient",
		"ResourceProperties": withServiceToken(properties),
	}
	if physicalID != "" {
		e["PhysicalResourceId"] = physicalID
	}
	if old != nil {
		e["OldResourceProperties"] = withServiceToken(old)
	}
	return json.Marshal(e)
}

func withServiceToken(properties map[string]any) map[string]any {
	p := maps.Clone(properties)
	p["ServiceToken"] = serviceToken
	return p
}

// printEvent shows a Create's properties, an Update's changes and a
// Delete's target.
func (d *demo) printEvent(requestType, logicalID, physicalID string, properties, old map[string]any) {
	fmt.Fprintf(d.out, "   event      %s %s", requestType, logicalID)
	if physicalID != "" {
		fmt.Fprintf(d.out, " (PhysicalResourceId %s)", physicalID)
	}
	fmt.Fprintln(d.out)
	switch requestType {
	case "Create":
		for _, k := range sortedKeys(properties) {
			fmt.Fprintf(d.out, "                %s: %s\n", k, show(properties[k]))
		}
	case "Update":
		same := 0
		for _, k := range sortedKeys(properties, old) {
			if show(properties[k]) == show(old[k]) {
				same++
				continue
			}
			fmt.Fprintf(d.out, "                %s: %s -> %s\n", k, orNone(show(old[k])), orNone(show(properties[k])))
		}
		fmt.Fprintf(d.out, "                (%d other properties as before)\n", same)
	}
}

func printResponse(out io.Writer, r cfn.Response) {
	fmt.Fprintf(out, "   response   %s, PhysicalResourceId %s\n", r.Status, r.PhysicalResourceID)
	if len(r.Data) > 0 {
		fmt.Fprintf(out, "              Data: %s\n", strings.Join(sortedKeys(r.Data), ", "))
	}
	if r.Reason != "" {
		for line := range strings.SplitSeq(r.Reason, "\n") {
			fmt.Fprintf(out, "              | %s\n", line)
		}
	}
}

// describe returns the client as cognito-local describes it, read as
// Cognito's defaults fill what Describe leaves out, or nil when it does not
// exist.
func (d *demo) describe(ctx context.Context, pool, clientID string) (*props.Config, error) {
	out, err := d.cognito.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(clientID)})
	var nf *types.ResourceNotFoundException
	if errors.As(err, &nf) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("describing client %s: %w", clientID, err)
	}
	c := wire.FromClient(out.UserPoolClient)
	return &c, nil
}

// show describes a client, prints it and returns it (nil when it does not
// exist). It leaves out what cognito-local does not keep, rather than show
// Cognito's default in its place.
func (d *demo) show(ctx context.Context, pool, clientID string) (*props.Config, error) {
	c, err := d.describe(ctx, pool, clientID)
	if err != nil {
		return nil, err
	}
	if c == nil {
		fmt.Fprintf(d.out, "   client     %s does not exist in %s\n", clientID, pool)
		return nil, nil
	}
	fmt.Fprintf(d.out, "   client     %s in %s, as cognito-local describes it:\n", clientID, pool)
	for _, row := range settings(*c) {
		fmt.Fprintf(d.out, "                %-27s %s\n", row[0], row[1])
	}
	return c, nil
}

// settings lists the fields of c worth showing, durations with their units,
// skipping empty ones and those cognito-local drops.
func settings(c props.Config) [][2]string {
	rows := [][2]string{
		{"ClientName", c.ClientName},
		{"AccessTokenValidity", duration.Format(c.AccessTokenValidity)},
		{"IdTokenValidity", duration.Format(c.IdTokenValidity)},
		{"RefreshTokenValidity", duration.Format(c.RefreshTokenValidity)},
		{"AllowedOAuthFlows", show(c.AllowedOAuthFlows)},
		{"AllowedOAuthScopes", show(c.AllowedOAuthScopes)},
		{"CallbackURLs", show(c.CallbackURLs)},
		{"LogoutURLs", show(c.LogoutURLs)},
		{"DefaultRedirectURI", c.DefaultRedirectURI},
		{"ExplicitAuthFlows", show(c.ExplicitAuthFlows)},
		{"SupportedIdentityProviders", show(c.SupportedIdentityProviders)},
		{"ReadAttributes", show(c.ReadAttributes)},
		{"WriteAttributes", show(c.WriteAttributes)},
		{"PreventUserExistenceErrors", c.PreventUserExistenceErrors},
		{"EnableTokenRevocation", fmt.Sprint(c.EnableTokenRevocation)},
	}
	return slices.DeleteFunc(rows, func(r [2]string) bool { return r[1] == "" })
}

// show writes a property's value: a list as [a, b], nothing as "".
func show(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case []string:
		if len(v) == 0 {
			return ""
		}
		return "[" + strings.Join(v, ", ") + "]"
	default:
		return fmt.Sprint(v)
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// sortedKeys returns the keys of the maps, each once, sorted, without
// ServiceToken, which every event carries.
func sortedKeys[V any](ms ...map[string]V) []string {
	set := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			if k != "ServiceToken" {
				set[k] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// hasString reports whether v, a JSON list, holds s.
func hasString(v any, s string) bool {
	list, _ := v.([]any)
	return slices.Contains(list, any(s))
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// checks prints what a step expects, each with whether it held, and fails
// the step when one did not.
type checks struct {
	out          io.Writer
	held, failed int
}

func (c *checks) expect(ok bool, what string) {
	mark := "✓"
	if ok {
		c.held++
	} else {
		mark = "✗"
		c.failed++
	}
	fmt.Fprintf(c.out, "   %s %s\n", mark, what)
}

// err returns an error when any expectation failed.
func (c *checks) err() error {
	if c.failed > 0 {
		return fmt.Errorf("%d of %d expectations did not hold (marked ✗ above)", c.failed, c.held+c.failed)
	}
	return nil
}
