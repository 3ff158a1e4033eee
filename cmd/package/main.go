// Command package packages the function for plain CloudFormation, for users
// without the SAM CLI: it builds the bootstrap with the project's one build
// recipe (internal/lambdabuild), zips it the same way every time, and writes
// template.yaml with the function's CodeUri pointing at the zip's S3 object,
// whose key is the zip's SHA-256. It calls no AWS API: it prints the upload
// and the deployment, to run with the AWS CLI.
//
//	make package BUCKET=<bucket> [PREFIX=<key prefix>]
//	go run ./cmd/package -bucket <bucket> [-prefix <key prefix>] [-out dist]
//
// It runs from the repository's root (the build needs the module, and the
// template is template.yaml there). Exit status: 0 when both files are
// written; 1 when the build or the packaging fails; 2 on a usage error.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdabuild"
	"github.com/cognito-client-resource/cognitoclient/internal/release"
)

const (
	// zipName is the zip's file name in the output directory; its S3 key
	// is named by its content instead.
	zipName = "cognito-user-pool-client.zip"
	// packagedName is the packaged template's file name.
	packagedName = "packaged.yaml"
	// stackName is the stack name the printed deployment uses, as the
	// README's SAM deployment does.
	stackName = "cognito-user-pool-client"
)

// The exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("package", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bucket := fs.String("bucket", "", "the S3 bucket for the zip, in the Region of the stack (required)")
	prefix := fs.String("prefix", "", "the key prefix of the zip in the bucket")
	out := fs.String("out", "dist", "the directory to write "+zipName+" and "+packagedName+" to")
	template := fs.String("template", "template.yaml", "the SAM template to package")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "package: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if *bucket == "" {
		fmt.Fprintln(stderr, "package: -bucket is required: the S3 bucket for the zip, in the Region of the stack")
		return exitUsage
	}
	for _, err := range []error{release.CheckBucket(*bucket), release.CheckPrefix(*prefix)} {
		if err != nil {
			fmt.Fprintf(stderr, "package: %v\n", err)
			return exitUsage
		}
	}

	src, err := os.ReadFile(*template)
	if err != nil {
		fmt.Fprintf(stderr, "package: %v\n", err)
		return exitFail
	}
	archive, err := buildZip(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "package: %v\n", err)
		return exitFail
	}
	key := release.Key(*prefix, archive)
	uri := "s3://" + *bucket + "/" + key
	packaged, err := release.Package(src, uri)
	if err != nil {
		fmt.Fprintf(stderr, "package: %s: %v\n", *template, err)
		return exitFail
	}

	zipPath, templatePath := filepath.Join(*out, zipName), filepath.Join(*out, packagedName)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "package: %v\n", err)
		return exitFail
	}
	for _, f := range []struct {
		path string
		data []byte
	}{{zipPath, archive}, {templatePath, packaged.YAML}} {
		if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
			fmt.Fprintf(stderr, "package: %v\n", err)
			return exitFail
		}
	}
	printNext(stdout, *template, zipPath, templatePath, uri, packaged)
	return exitOK
}

// buildZip builds the function for Lambda in a temporary directory and
// returns its zip.
func buildZip(ctx context.Context) ([]byte, error) {
	dir, err := os.MkdirTemp("", "cognitoclient-package-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bin, err := lambdabuild.Bootstrap(ctx, dir, lambdabuild.Lambda())
	if err != nil {
		return nil, err
	}
	binary, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	return release.Zip(binary)
}

// printNext says what was written and prints the two commands that deploy
// it. A required parameter's value is a quoted placeholder, so that a
// command pasted unchanged fails on the value rather than on the shell.
func printNext(w io.Writer, source, zipPath, templatePath, uri string, p release.Packaged) {
	overrides := ""
	if len(p.Required) > 0 {
		var values []string
		for _, name := range p.Required {
			values = append(values, fmt.Sprintf(`"%s=<%s>"`, name, name))
		}
		overrides = " \\\n    --parameter-overrides " + strings.Join(values, " ")
	}
	fmt.Fprintf(w, `Wrote %[1]s (bootstrap for linux/arm64, key named by its SHA-256)
  and %[2]s (%[3]s's CodeUri: %[4]s).

Upload the zip to the bucket, which must be in the stack's Region, then deploy with the AWS CLI
(replace each <...>; %[5]s lists every parameter):

  aws s3 cp %[1]s %[4]s
  aws cloudformation deploy --template-file %[2]s --stack-name %[6]s \
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND%[7]s
`, zipPath, templatePath, p.Function, uri, source, stackName, overrides)
}
