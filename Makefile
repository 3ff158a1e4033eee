# Every task of the project. `make demo` and `make test` are the front door.
SHELL := /bin/bash
GO ?= go
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20

# The Lambda's build flags, shared by `build`, SAM's makefile builder and the
# benchmarks: a static, stripped linux/arm64 binary without the legacy RPC mode.
LAMBDA_GOFLAGS := -trimpath -ldflags "-s -w" -tags lambda.norpc
LAMBDA_ENV := CGO_ENABLED=0 GOOS=linux GOARCH=arm64

# How long each fuzz target runs inside `make test`.
FUZZTIME ?= 3s

.PHONY: build build-CognitoUserPoolClientFunction test fuzz lint clean synth bench load demo invoke validate conformance-aws

build: ## bootstrap for linux/arm64 in ./build
	$(LAMBDA_ENV) $(GO) build $(LAMBDA_GOFLAGS) -o build/bootstrap ./lambda

# SAM's makefile builder calls this target (BuildMethod: makefile).
build-CognitoUserPoolClientFunction:
	$(LAMBDA_ENV) $(GO) build $(LAMBDA_GOFLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./lambda

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@# A go.mod makes node_modules a module of its own, so ./... skips the
	@# Go templates that the aws-cdk package ships.
	@echo "module node_modules" > node_modules/go.mod
	@touch $@

test: node_modules/.package-lock.json ## every test: unit, integration, brief fuzzing
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(MAKE) fuzz

fuzz: ## each fuzz target for $(FUZZTIME), from the committed seed corpus
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

# The CDK example (cdk/example, named by cdk.json) synthesized offline with the
# pinned aws-cdk CLI; the function is built locally, without Docker.
synth: node_modules/.package-lock.json ## the CDK example's CloudFormation template in ./cdk.out
	CDK_DISABLE_CLI_TELEMETRY=true npx --no-install cdk synth --quiet --no-notices
	@echo "cdk.out/CognitoClientExample.template.json"

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.7.0 ./...

clean:
	rm -rf build

bench: ## performance against the floor: sizes, cold start, RSS, per-event work, Cognito calls (not part of test)
	$(GO) run ./bench -- $(LAMBDA_GOFLAGS)

load: ## the load test (300 events, 50 in flight, Cognito's throttling) and its figures
	$(GO) test -count=1 -run '^TestLoad$$' -v ./lambda

demo: node_modules/.package-lock.json ## an app client's whole lifecycle on cognito-local, through the real binary, no AWS account
	$(GO) build -o build/demo ./cmd/demo
	build/demo

# The bootstrap is built for this machine; the function calls the endpoint in
# AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, or Amazon Cognito when it is unset.
invoke: ## one event through the real binary: make invoke EVENT=events/create-owned.json
	@test -n "$(EVENT)" || { echo "usage: make invoke EVENT=events/<file>.json" >&2; exit 2; }
	$(GO) build -o build/invoke ./cmd/invoke
	build/invoke $(EVENT)

validate: ## check the Custom::CognitoUserPoolClient resources of templates: make validate TEMPLATE="a.yaml b.json"
	@test -n "$(TEMPLATE)" || { echo "usage: make validate TEMPLATE=<template.yaml or .json> ..." >&2; exit 2; }
	$(GO) run ./cmd/validate $(TEMPLATE)

# Creates a temporary user pool with the standard AWS credentials and Region,
# and deletes it on every path; it prints its plan and needs CONFORMANCE_YES=1
# (or ARGS=--yes) before it touches anything.
conformance-aws: ## the ledger (docs/cognito-behaviour.md) checked against Amazon Cognito: make conformance-aws CONFORMANCE_YES=1
	$(GO) run ./cmd/conformance $(ARGS)
