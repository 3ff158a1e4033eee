# Every task of the project. `make demo` and `make test` are the front door;
# `make` alone lists the targets (`make help`).
SHELL := /bin/bash
GO ?= go
# Bare `make` explains rather than acts: the first target used to build a
# linux/arm64 binary without a word, which tells a newcomer nothing. Every
# target a user runs has a `## what it does` comment, which `help` prints.
.DEFAULT_GOAL := help
# The checkout, wherever make runs (make -f path/to/Makefile), and the
# directory the caller ran make from: make -C changes directory but not the
# shell's PWD. `validate` reads relative paths from there, as a command would.
REPO_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
CALLER_DIR := $(or $(PWD),$(CURDIR))
# jsii (the CDK's bridge to Node) prints a large banner, which looks like an
# error, on a Node release it no longer supports; it is a warning. The value
# lists the Node majors to keep quiet about (cdk.json sets it for the CLI).
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 18,20

# The Lambda's build recipe, for `build` and SAM's makefile builder: a static,
# stripped, reproducible linux/arm64 binary without the legacy RPC mode. It is
# internal/lambdabuild's, which the CDK provider, the local runs and the
# benchmarks use; a test there fails when these lines disagree with it.
LAMBDA_GOFLAGS := -trimpath -buildvcs=false -ldflags="-s -w" -tags=lambda.norpc
LAMBDA_ENV := CGO_ENABLED=0 GOOS=linux GOARCH=arm64 GOWORK=off

# The Node side (cognito-local, the aws-cdk CLI) lives in _node: the go command
# never looks into a directory whose name starts with "_", so whatever npm puts
# there cannot break a Go build. No install scripts run (--ignore-scripts).
NODE_DIR := _node
NODE_BIN := $(NODE_DIR)/node_modules/.bin
NODE_DEPS := $(NODE_DIR)/node_modules/.package-lock.json

# The local tools `demo` and `invoke` are built here, never in build/, which
# holds only the bootstrap (it is the CDK's BootstrapDir).
TOOLS_BIN := bin

# `package` writes the zip and the packaged template here, not in build/, for
# the same reason.
DIST_DIR := dist

# Linters are pinned in tools/go.mod, a module of their own, so that users of
# the cdk package do not inherit them.
GO_TOOL := $(GO) tool -modfile=tools/go.mod

# How long each fuzz target runs inside `make test`; `make fuzz FUZZTIME=10m`
# for a longer search.
FUZZTIME ?= 2s

.PHONY: build build-CognitoUserPoolClientFunction test fuzz lint clean synth bench load demo invoke validate conformance-aws

build: ## bootstrap for linux/arm64 in ./build
	$(LAMBDA_ENV) $(GO) build $(LAMBDA_GOFLAGS) -o build/bootstrap ./lambda

# SAM's makefile builder calls this target (BuildMethod: makefile).
build-CognitoUserPoolClientFunction:
	$(LAMBDA_ENV) $(GO) build $(LAMBDA_GOFLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./lambda

$(NODE_DEPS): $(NODE_DIR)/package-lock.json
	cd $(NODE_DIR) && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

.PHONY: check test-short

check: lint test ## what CI runs: lint, then every test

test: $(NODE_DEPS) ## every test: unit, integration, CDK synths, brief fuzzing
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	@# Each benchmark once, so that none rots between two `make bench`.
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./internal/resource/ ./internal/wire/
	$(MAKE) fuzz

# The cdk packages are left out: any use of the CDK starts Node through jsii,
# which alone costs seconds; `make test` runs them.
test-short: ## the fast loop: every test but the CDK's, cognito-local and those that wait in real time
	$(GO) test -count=1 -short $$($(GO) list ./... | grep -v '/cdk\(/\|$$\)')

fuzz: ## each fuzz target for FUZZTIME (2s unless set), from the committed seed corpus
	@set -e; for file in $$(git grep -l '^func Fuzz' -- '*_test.go'); do \
	  for f in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$file); do \
	    echo "fuzz ./$$(dirname $$file) $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./$$(dirname $$file); \
	  done; \
	done

# The CDK example (cdk/example, named by cdk.json) synthesized offline with the
# pinned aws-cdk CLI; the function is built locally, without Docker.
synth: $(NODE_DEPS) ## the CDK example's CloudFormation template in ./cdk.out
	CDK_DISABLE_CLI_TELEMETRY=true $(NODE_BIN)/cdk synth --quiet --no-notices
	@echo "cdk.out/CognitoClientExample.template.json"

lint: ## go vet, gofmt and staticcheck (pinned in tools/go.mod)
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO_TOOL) staticcheck ./...

clean: ## remove what the targets built: build/, bin/ and dist/
	rm -rf build $(TOOLS_BIN) $(DIST_DIR)

bench: ## performance against the floor: sizes, cold start, RSS, per-event work, hostile events, Cognito calls; writes docs/performance.md
	$(GO) run ./bench -o docs/performance.md

load: ## the load test (300 events, 50 in flight, Cognito's throttling) and its figures
	$(GO) test -count=1 -run '^TestLoad$$' -v ./lambda

demo: $(NODE_DEPS) ## an app client's whole lifecycle on cognito-local, through the real binary, no AWS account
	$(GO) build -o $(TOOLS_BIN)/demo ./cmd/demo
	$(TOOLS_BIN)/demo

# The bootstrap is built for this machine; the function calls the endpoint in
# AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, or Amazon Cognito when it is unset.
# A FAILED response is an answer, not a failure of the target: invoke's status 1
# (FAILED) ends the target normally; 2 (no response) fails it. POOL, NEW_POOL
# and CLIENT put a user pool and an app client of one's own in place of the
# event's (events/README.md).
invoke: ## one event through the real binary: make invoke EVENT=events/create-owned.json [POOL=<user pool id>] [CLIENT=<client id>] [NEW_POOL=<user pool id>]
	@test -n "$(EVENT)" || { echo "usage: make invoke EVENT=events/<file>.json [POOL=<user pool id>] [CLIENT=<client id>] [NEW_POOL=<user pool id>]" >&2; exit 2; }
	$(GO) build -o $(TOOLS_BIN)/invoke ./cmd/invoke
	@$(TOOLS_BIN)/invoke -pool '$(POOL)' -new-pool '$(NEW_POOL)' -client '$(CLIENT)' '$(EVENT)' || [ $$? -eq 1 ]

# TEMPLATE's relative paths are read from the directory make was run from
# (make -C included). Make ends with status 2 on any failure, so the line
# below says the command's own status (1: problems found, 2: a template could
# not be read), which make's "Error N" line shows too; a script that needs it
# runs the command itself: bin/validate, or `go install ./cmd/validate`.
validate: ## check the Custom::CognitoUserPoolClient resources of templates: make validate TEMPLATE="a.yaml b.json"
	@test -n "$(TEMPLATE)" || { echo "usage: make validate TEMPLATE=<template.yaml or .json> ..." >&2; exit 2; }
	@$(GO) -C "$(REPO_DIR)" build -o "$(REPO_DIR)/$(TOOLS_BIN)/validate" ./cmd/validate
	@cd "$(CALLER_DIR)" && "$(REPO_DIR)/$(TOOLS_BIN)/validate" $(TEMPLATE); status=$$?; \
	  if [ $$status -ne 0 ]; then \
	    echo "validate: exit status $$status (1: problems found, 2: a template could not be read); make exits 2 on any failure: for the status itself run $(REPO_DIR)/$(TOOLS_BIN)/validate, or go install ./cmd/validate" >&2; \
	  fi; exit $$status

# Creates a temporary user pool with the standard AWS credentials and Region,
# and deletes it on every path; it prints its plan and needs CONFORMANCE_YES=1
# (or ARGS=--yes) before it touches anything.
conformance-aws: ## the ledger (docs/cognito-behaviour.md) checked against Amazon Cognito and Secrets Manager: make conformance-aws CONFORMANCE_YES=1
	$(GO) run ./cmd/conformance $(ARGS)

# Mutation testing (gremlins, pinned in tools/go.mod) of the packages that
# decide what a user sees: the properties' rules, the request, the response
# and the lifecycle. Not part of `make test`: a run takes tens of minutes on
# two cores. Each package prints its survivors and gremlins' summary, then
# the efficacy without the equivalent mutants that docs/mutation.md lists
# (file:line:column and mutator); a survivor it does not list is marked NEW.
MUTATION_PKGS ?= props wire response resource
MUTATION_WORKERS ?= 2
.PHONY: mutation
mutation: ## mutation scores of internal/props, wire, response and resource (tens of minutes): make mutation [MUTATION_PKGS="props wire"]
	@set -eo pipefail; for p in $(MUTATION_PKGS); do \
	  echo "== internal/$$p"; \
	  (cd internal/$$p && $(GO) tool -modfile=$(REPO_DIR)/tools/go.mod gremlins unleash --workers $(MUTATION_WORKERS) --timeout-coefficient 10) | \
	  awk -v pkg="internal/$$p" -v listed="$$(cat docs/mutation.md)" ' \
	    /^ *KILLED / { next } \
	    / LIVED / { loc = pkg "/" $$NF; if (index(listed, "`" loc "` | " $$2 " |")) { eq++; print $$0 "  (equivalent)" } else print $$0 "  NEW"; next } \
	    { print } \
	    /^Killed: / { k = $$2 + 0; l = $$4 + 0 } \
	    END { if (k + l - eq > 0) printf "Efficacy without the %d equivalent mutants: %.2f%%\n", eq, 100 * k / (k + l - eq) }'; \
	done

.PHONY: help package

# The target names and their `##` comments, in the Makefile's order.
help: ## this list of targets (what bare `make` prints)
	@echo "usage: make <target> [VARIABLE=value ...]"
	@awk '/^[A-Za-z0-9_.-]+:.*## / { name = substr($$0, 1, index($$0, ":") - 1); \
	  text = $$0; sub(/^[^#]*## /, "", text); names[++n] = name; texts[n] = text; \
	  if (length(name) > width) width = length(name) } \
	  END { format = "  %-" width "s  %s\n"; for (i = 1; i <= n; i++) printf format, names[i], texts[i] }' \
	  $(firstword $(MAKEFILE_LIST))

# For plain CloudFormation, without the SAM CLI: the zip of the bootstrap,
# content-addressed in S3, and template.yaml with its CodeUri pointing there.
# Nothing is uploaded; the command prints the upload and the deployment.
package: ## the function's zip and a template for `aws cloudformation deploy`, no SAM CLI: make package BUCKET=<bucket> [PREFIX=<key prefix>]
	@test -n "$(BUCKET)" || { echo "usage: make package BUCKET=<S3 bucket in the stack's Region> [PREFIX=<key prefix>]" >&2; exit 2; }
	$(GO) run ./cmd/package -bucket '$(BUCKET)' -prefix '$(PREFIX)' -out $(DIST_DIR)
