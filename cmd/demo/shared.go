package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
	"github.com/cognito-client-resource/cognitoclient/internal/props"
)

// shareClient is step 7: two preview stacks, each with its own function (the
// recommended deployment), add their URLs to one shared client at the same
// time; both sets survive. Then one preview is deleted, and only its URLs go.
func (d *demo) shareClient(ctx context.Context) (err error) {
	const main, mainOut = "https://app.example.com/callback", "https://app.example.com/"
	made, err := d.cognito.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId:                      aws.String(d.poolA),
		ClientName:                      aws.String("shared-by-previews"),
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthFlowsUserPoolClient: true,
		AllowedOAuthScopes:              []string{"openid", "email"},
		CallbackURLs:                    []string{main},
		LogoutURLs:                      []string{mainOut},
		SupportedIdentityProviders:      []string{"COGNITO"},
	})
	if err != nil {
		return fmt.Errorf("creating a client in the emulator: %w", err)
	}
	shared := aws.ToString(made.UserPoolClient.ClientId)
	fmt.Fprintln(d.out, "   meanwhile  the main stack makes the client that preview stacks share:")
	before, err := d.show(ctx, d.poolA, shared)
	if err != nil {
		return err
	}

	var otherLogs strings.Builder
	other, err := d.start(&otherLogs)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := other.Close(); cerr != nil || err != nil {
			err = errors.Join(err, cerr, fmt.Errorf("the second function's log:\n%s", otherLogs.String()))
		}
	}()

	preview := func(pr string) map[string]any {
		return map[string]any{
			"UserPoolId":             d.poolA,
			"ClientId":               shared,
			"AdditionalCallbackURLs": []string{"https://" + pr + ".preview.example.com/callback"},
			"AdditionalLogoutURLs":   []string{"https://" + pr + ".preview.example.com/"},
		}
	}
	stacks := []struct {
		logicalID string
		fn        *localrun.Function
		props     map[string]any
		resp      cfn.Response
		err       error
	}{
		{logicalID: "PreviewPr41", fn: d.fn, props: preview("pr-41")},
		{logicalID: "PreviewPr42", fn: other, props: preview("pr-42")},
	}
	payloads := make([][]byte, len(stacks))
	for i, s := range stacks {
		d.printEvent("Create", s.logicalID, "", s.props, nil)
		if payloads[i], err = d.event("Create", s.logicalID, "", s.props, nil); err != nil {
			return err
		}
	}
	fmt.Fprintln(d.out, "   both events are sent at once, each to its own stack's function")
	var wg sync.WaitGroup
	for i := range stacks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stacks[i].resp, stacks[i].err = stacks[i].fn.Invoke(ctx, payloads[i])
		}()
	}
	wg.Wait()
	calls := d.rec.take()
	for _, s := range stacks {
		if s.err != nil {
			return s.err
		}
		printResponse(d.out, s.resp)
	}
	fmt.Fprintf(d.out, "   cognito    %d calls from the two functions: %s\n", len(calls), strings.Join(ops(calls), ", "))
	after, err := d.show(ctx, d.poolA, shared)
	if err != nil {
		return err
	}
	ck := checks{out: d.out}
	ck.expect(stacks[0].resp.Status == cfn.StatusSuccess && stacks[1].resp.Status == cfn.StatusSuccess &&
		stacks[0].resp.PhysicalResourceID == shared && stacks[1].resp.PhysicalResourceID == shared,
		"SUCCESS for both; each PhysicalResourceId is the shared client's id")
	ck.expect(after != nil && sameItems(after.CallbackURLs, []string{main, "https://pr-41.preview.example.com/callback", "https://pr-42.preview.example.com/callback"}) &&
		sameItems(after.LogoutURLs, []string{mainOut, "https://pr-41.preview.example.com/", "https://pr-42.preview.example.com/"}),
		"both previews' URLs are on the client, beside the main stack's: each function read the client again after its write, and wrote again if the other had undone it")
	ck.expect(before != nil && after != nil && onlyURLsChanged(*before, *after), "nothing but the URL lists changed: flows, scopes and the OAuth flag are as the main stack left them")
	if err := ck.err(); err != nil {
		return err
	}

	resp, calls, err := d.send(ctx, "Delete", "PreviewPr41", shared, stacks[0].props, nil)
	if err != nil {
		return err
	}
	gone, err := d.show(ctx, d.poolA, shared)
	if err != nil {
		return err
	}
	ck = checks{out: d.out}
	ck.expect(resp.Status == cfn.StatusSuccess, "SUCCESS")
	ck.expect(slices.Equal(ops(calls), []string{"DescribeUserPoolClient", "UpdateUserPoolClient", "DescribeUserPoolClient"}),
		"three calls to Cognito: read, write without pr-41's URLs, read again to check the write stuck")
	ck.expect(gone != nil && sameItems(gone.CallbackURLs, []string{main, "https://pr-42.preview.example.com/callback"}) &&
		sameItems(gone.LogoutURLs, []string{mainOut, "https://pr-42.preview.example.com/"}),
		"only pr-41's URLs are gone: the main stack's and pr-42's stay")
	return ck.err()
}

// sameItems reports whether a and b hold the same strings, in any order: two
// writers racing decide the order of their URLs.
func sameItems(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// onlyURLsChanged reports whether a and b differ in their URL lists alone.
func onlyURLsChanged(a, b props.Config) bool {
	for _, n := range props.Changed(a, b) {
		if n != props.CallbackURLs && n != props.LogoutURLs {
			return false
		}
	}
	return true
}

// startFunction is how the demo starts one more instance of the function,
// for a step that plays two stacks at once.
type startFunction func(logs io.Writer) (*localrun.Function, error)
