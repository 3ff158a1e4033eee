// Package events holds sample CloudFormation events for the function, one
// JSON file each, for `sam local invoke -e events/<file>.json` and
// `make invoke EVENT=events/<file>.json`. It has no code: its test checks that
// each sample is an event CloudFormation could send, from a stack of the
// account and Region local runs give the function (012345678912, us-east-1:
// it serves no other), that its properties pass
// the function's validation, and that each invalid-*.json sample is refused
// with exactly the message recorded in invalid-*.expected.txt (rewritten by
// `go test ./events -update`).
//
// create-secret.json and rotate-secret.json (a generated client secret, then
// its rotation in place: ClientSecretVersion 1 to 2) need Cognito's client
// secret operations and Secrets Manager: Amazon Cognito, or the project's
// fakes as `make demo`'s step 8 runs them; cognito-local has no secret
// operations. invalid-secret.json is refused before any call.
package events
