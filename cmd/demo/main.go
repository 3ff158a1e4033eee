// Command demo plays the lifecycle of a Custom::CognitoUserPoolClient on
// this machine, with no AWS account: `make demo`.
//
// It starts cognito-local (see internal/cognitolocal) on loopback, creates
// two user pools, and sends CloudFormation's events, as CloudFormation
// writes them, to the real bootstrap binary running under a local Lambda
// Runtime API, with a local receiver in place of the pre-signed response URL.
// After each step it prints the event, the response, the calls the function
// made to Cognito (through a recording proxy), the client as cognito-local
// describes it, and what was checked. The steps:
//
//  1. create an owned client, durations with units;
//  2. update it after a change made out of band: the change survives;
//  3. add callback URLs to a client made outside the stack (existing-client mode);
//  4. an update with several mistakes: one FAILED naming them all, nothing changed;
//  5. a replacement when the user pool changes, then the old client's Delete;
//  6. the stack's deletion: the owned client goes, the existing one stays;
//  7. two preview stacks add their URLs to one shared client at once, both
//     survive; one preview's deletion takes only its URLs;
//  8. client secrets, against the project's fakes of Cognito and Secrets
//     Manager (cognito-local has no secret operations): a client with a
//     generated secret, rotated in place (two valid secrets), rolled back
//     (no Cognito call that changes anything), then rotated to a custom
//     value from a pinned secretsmanager reference. Secret values are never
//     printed: their ids, which authenticate, and what the store records.
//
// It stops everything it started, also on Ctrl-C or failure, and exits with
// status 1 when a step's outcome is not the expected one.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitolocal"
	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
)

// limit bounds the whole demo, which takes seconds once the binary is built
// and cognito-local installed.
const limit = 5 * time.Minute

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// run plays the demo, writing its account to out. It returns an error when a
// step's outcome is not the expected one, or when the demo could not run.
func run(ctx context.Context, out io.Writer) (err error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	began := time.Now()

	fmt.Fprintln(out, "Building bootstrap and starting cognito-local on 127.0.0.1 ...")
	dir, err := os.MkdirTemp("", "demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin, err := localrun.Build(ctx, dir)
	if err != nil {
		return err
	}
	emu, err := cognitolocal.Start(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			fmt.Fprintf(out, "\ncognito-local's last output:\n%s\n", emu.Output())
		}
		emu.Close()
	}()
	rec, err := startRecorder(emu.Endpoint())
	if err != nil {
		return err
	}
	defer rec.Close()

	// The function's log lines are kept for a failure. Written only by the
	// process's one output copier (stdout and stderr share it), read once
	// the process is stopped.
	var logs strings.Builder
	env := localrun.CognitoEnv(rec.URL())
	fn, err := localrun.Start(bin, env, &logs, &logs)
	if err != nil {
		return err
	}
	defer func() {
		err = errors.Join(err, fn.Close())
		if err != nil {
			fmt.Fprintf(out, "\nThe function's log:\n%s", logs.String())
		}
	}()

	d := &demo{out: out, fn: fn, cognito: emu.Client(), rec: rec, bin: bin,
		start: func(logs io.Writer) (*localrun.Function, error) { return localrun.Start(bin, env, logs, logs) }}
	if d.poolA, err = emu.CreateUserPool(ctx, "demo-shop"); err != nil {
		return err
	}
	if d.poolB, err = emu.CreateUserPool(ctx, "demo-shop-eu"); err != nil {
		return err
	}
	fmt.Fprintf(out, "cognito-local at %s, user pools %s and %s.\n", emu.Endpoint(), d.poolA, d.poolB)
	fmt.Fprintln(out, "Each event goes to the real bootstrap under a local Lambda Runtime API; its ResponseURL is pointed at a local receiver.")

	steps := []struct {
		title string
		play  func(context.Context) error
	}{
		{"Create an owned client, durations with units", d.createOwned},
		{"Update it after a change made out of band: what the template does not declare survives", d.updateOwned},
		{"Add callback URLs to a client made in the console (existing-client mode)", d.attachCallbacks},
		{"An update with several mistakes: one FAILED that names them all, nothing changed", d.rejectUpdate},
		{"A new user pool replaces the client; CloudFormation then deletes the old one", d.replace},
		{"Delete the stack: the owned client is deleted, the existing one is left as it is", d.deleteStack},
		{"Two preview stacks add their URLs to one shared client at the same time; one is deleted", d.shareClient},
		{"Client secrets: create with a generated secret, rotate in place, roll back, rotate to a referenced custom value", d.rotateSecrets},
	}
	for i, s := range steps {
		fmt.Fprintf(out, "\n== %d/%d %s\n", i+1, len(steps), s.title)
		if err := s.play(ctx); err != nil {
			return fmt.Errorf("step %d (%s): %w", i+1, s.title, err)
		}
	}
	fmt.Fprintf(out, "\nAll %d steps went as expected, in %s.\n", len(steps), time.Since(began).Round(100*time.Millisecond))
	fmt.Fprintln(out, "cognito-local is not Cognito: it merges updates and does not keep AuthSessionValidity, RefreshTokenRotation")
	fmt.Fprintln(out, "or EnablePropagateAdditionalUserContextData, so this demo does not show those; `make test` covers them against a faithful fake.")
	return nil
}
