package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdabuild"
)

// The two programs compared, as package paths relative to the module root.
const (
	projectPkg = "./lambda"
	floorPkg   = "./bench/testdata/floor"
)

// moduleRoot returns the directory of the go.mod that the working directory
// belongs to, so that the bench builds the same packages from anywhere in
// the module.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("run the bench inside the module: no go.mod here")
	}
	return filepath.Dir(gomod), nil
}

// build compiles pkg for t with the function's build recipe, as a binary
// named bootstrap in a directory of its own under dir (Lambda runs the file
// called bootstrap), and returns its path.
func build(root, dir, pkg string, t lambdabuild.Target) (string, error) {
	out := filepath.Join(dir, t.GOOS+"_"+t.GOARCH, filepath.Base(pkg), "bootstrap")
	if err := lambdabuild.Build(context.Background(), root, pkg, out, t); err != nil {
		return "", err
	}
	return out, nil
}

// binaries are the builds of one program: for Lambda's architecture, whose
// size counts, and for this machine, which runs it.
type binaries struct {
	arm64, host string
}

func buildBoth(root, dir, pkg string) (binaries, error) {
	arm64, err := build(root, dir, pkg, lambdabuild.Lambda())
	if err != nil {
		return binaries{}, err
	}
	host, err := build(root, dir, pkg, lambdabuild.Host())
	if err != nil {
		return binaries{}, err
	}
	return binaries{arm64: arm64, host: host}, nil
}

// sizes are a binary's size and that of the deployment package holding it.
type sizes struct {
	binary, zip int64
}

// measureSizes returns the size of the binary at path and of a zip that holds
// it as an executable bootstrap at its root, which is the shape of the
// package that SAM and the CDK upload. It is deflated at the best
// compression of Go's compress/flate, which still comes out a few percent
// larger than the zlib that those tools use: the figure is an upper bound.
func measureSizes(path string) (sizes, error) {
	bin, err := os.ReadFile(path)
	if err != nil {
		return sizes{}, err
	}
	var buf bytes.Buffer
	if err := zipBootstrap(&buf, bin); err != nil {
		return sizes{}, fmt.Errorf("zipping %s: %w", path, err)
	}
	return sizes{binary: int64(len(bin)), zip: int64(buf.Len())}, nil
}

func zipBootstrap(w io.Writer, bin []byte) error {
	z := zip.NewWriter(w)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	f, err := z.CreateHeader(h)
	if err != nil {
		return err
	}
	if _, err := f.Write(bin); err != nil {
		return err
	}
	return z.Close()
}
