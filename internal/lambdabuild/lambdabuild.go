// Package lambdabuild is the one recipe for building the Lambda function's
// bootstrap binary. The Makefile (LAMBDA_GOFLAGS and LAMBDA_ENV, which SAM's
// makefile builder uses too), the CDK provider's build at synth time, the
// local runs of cmd/demo and cmd/invoke, the end-to-end tests and the
// benchmarks all build with these flags; a test holds the Makefile to them.
//
// The binary is static (no cgo), stripped, built without the legacy RPC
// mode of aws-lambda-go, and reproducible: no file system paths and no
// version-control stamp, so one source tree gives one binary, whose hash the
// CDK uses to name the asset.
package lambdabuild

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// Package is the Lambda entry point, named by import path so that a build
// works from any directory of the module.
const Package = "github.com/cognito-client-resource/cognitoclient/lambda"

// Target is an operating system and architecture to build for.
type Target struct{ GOOS, GOARCH string }

// Lambda returns the function's platform: provided.al2023 on arm64.
func Lambda() Target { return Target{GOOS: "linux", GOARCH: "arm64"} }

// Host returns this machine's platform, for a binary that runs here.
func Host() Target { return Target{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH} }

// Flags returns the go build flags of every build of the function, each
// one argument (the Makefile writes them shell-quoted).
func Flags() []string {
	return []string{"-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-tags=lambda.norpc"}
}

// Env returns the environment variables of a build for t, on top of the
// caller's: no cgo, so the binary needs no C library; GOWORK=off, so the
// function is built with its own module's go.mod and go.sum whatever
// workspace surrounds it.
func Env(t Target) []string {
	return []string{"CGO_ENABLED=0", "GOOS=" + t.GOOS, "GOARCH=" + t.GOARCH, "GOWORK=off"}
}

// Command returns the go command that builds pkg (an import path, or a path
// relative to dir) for t into the file out, run in dir, with this process's
// environment plus [Env]. Its output is not redirected.
func Command(ctx context.Context, dir, pkg, out string, t Target) *exec.Cmd {
	args := append(append([]string{"build"}, Flags()...), "-o", out, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), Env(t)...)
	return cmd
}

// Build builds pkg for t into the file out, as [Command] does, and returns
// an error holding the compiler's output when the build fails.
func Build(ctx context.Context, dir, pkg, out string, t Target) error {
	if msg, err := Command(ctx, dir, pkg, out, t).CombinedOutput(); err != nil {
		return fmt.Errorf("building %s for %s/%s: %w\n%s", pkg, t.GOOS, t.GOARCH, err, msg)
	}
	return nil
}

// Bootstrap builds the function for t into dir/bootstrap, the file name
// Lambda runs, and returns that path. It runs the go command in the working
// directory, which must be inside this module.
func Bootstrap(ctx context.Context, dir string, t Target) (string, error) {
	bin := filepath.Join(dir, "bootstrap")
	if err := Build(ctx, "", Package, bin, t); err != nil {
		return "", err
	}
	return bin, nil
}
