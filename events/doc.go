// Package events holds sample CloudFormation events for the function, one
// JSON file each, for `make invoke EVENT=events/<file>.json` (with POOL= and
// CLIENT= naming a user pool and client of one's own) and
// `sam local invoke -e events/<file>.json`; README.md says what each one
// does and needs. It has no code: its test checks that each sample is an
// event CloudFormation could send, from a stack of the account and Region
// local runs give the function (012345678912, us-east-1: it serves no
// other), that its properties pass the function's validation, that each
// invalid-*.json sample is refused with exactly the message recorded in
// invalid-*.expected.txt (rewritten by `go test ./events -update`), and that
// README.md lists every file here, and no other, as the events have them.
package events
