// Package cognito configures the Cognito client the Lambda uses: which errors
// are retried, for how long, and the per-event count of requests sent.
package cognito

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/cognito-client-resource/cognitoclient/internal/calls"
)

// MaxAttempts bounds the attempts of one call. The context's deadline is the
// real bound: attempts stop when the deadline guard cancels the event.
const MaxAttempts = 12

// NewClient returns the Cognito client for cfg, with [Configure] applied.
func NewClient(cfg aws.Config, optFns ...func(*cip.Options)) *cip.Client {
	return cip.NewFromConfig(cfg, append([]func(*cip.Options){Configure}, optFns...)...)
}

// Configure sets the retry policy and the call counter on o.
//
// Retried, with capped exponential backoff and jitter: throttling
// (TooManyRequestsException), InternalErrorException, InternalServerException
// (the client secret operations' name for it) and 5xx,
// ConcurrentModificationException, and connection errors. Never retried:
// LimitExceededException, which the SDK counts as throttling by default but
// which Cognito uses for "this pool has too many app clients" and for a
// third client secret: retrying it only wastes the deadline.
// AddUserPoolClientSecret is the exception: see [AddSecretOnce].
//
// The client-side retry quota is switched off: it is shared by every call of
// the process, so under a burst of throttling it would turn retryable errors
// into failures long before the deadline. The deadline bounds retries instead.
func Configure(o *cip.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = MaxAttempts
		so.MaxBackoff = 8 * time.Second
		so.RateLimiter = ratelimit.None
		so.Retryables = append([]retry.IsErrorRetryable{retry.IsErrorRetryableFunc(neverRetried)}, so.Retryables...)
		so.Retryables = append(so.Retryables, retry.RetryableErrorCode{Codes: map[string]struct{}{
			"TooManyRequestsException":        {},
			"InternalErrorException":          {},
			"InternalServerException":         {},
			"ConcurrentModificationException": {},
		}})
	})
	o.APIOptions = append(o.APIOptions, addAttemptCounter)
}

// AddSecretOnce is the option of every AddUserPoolClientSecret call: it is
// never retried blindly. The SDK's retryer would send it again after any
// 5xx or broken connection, and an Add that took effect but whose answer was
// lost would then add a second secret (or be refused as a third). Only
// TooManyRequestsException is retried: a throttled request is refused
// before it runs. After any other error the caller lists the client's
// secrets to learn whether the Add took effect (docs/reference.md §8).
func AddSecretOnce(o *cip.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = MaxAttempts
		so.MaxBackoff = 8 * time.Second
		so.RateLimiter = ratelimit.None
		so.Retryables = []retry.IsErrorRetryable{retry.RetryableErrorCode{Codes: map[string]struct{}{
			"TooManyRequestsException": {},
		}}}
	})
}

func neverRetried(err error) aws.Ternary {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() == "LimitExceededException" {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}

// addAttemptCounter counts each attempt (after the retry middleware), so that
// the event's log line reports every request sent, retries included.
func addAttemptCounter(stack *middleware.Stack) error {
	return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("CountAttempt",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			calls.Add(ctx)
			return next.HandleFinalize(ctx, in)
		}), "Retry", middleware.After)
}
