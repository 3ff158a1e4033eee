package cfnlint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// A Batch collects templates, to lint them all in one run of cfn-lint when
// a package's tests end (cfn-lint takes seconds to start): a test adds each
// template it synthesizes, TestMain runs the batch.
type Batch struct{ dir string }

// NewBatch starts an empty batch, in a temporary directory that Run removes.
func NewBatch() (*Batch, error) {
	dir, err := os.MkdirTemp("", "cfnlint")
	if err != nil {
		return nil, err
	}
	return &Batch{dir: dir}, nil
}

// unsafe are the characters not kept in a template's file name.
var unsafe = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// Add queues template under name, such as the test's name and the stack's;
// findings name its file, name.template.json.
func (b *Batch) Add(name string, template []byte) error {
	return os.WriteFile(filepath.Join(b.dir, unsafe.ReplaceAllString(name, "_")+".template.json"), template, 0o644)
}

// Run lints every queued template (see LintSynthesized), then removes them.
func (b *Batch) Run(ctx context.Context) ([]string, error) {
	defer os.RemoveAll(b.dir)
	files, err := filepath.Glob(filepath.Join(b.dir, "*.template.json"))
	if err != nil {
		return nil, fmt.Errorf("cfnlint: %w", err)
	}
	return LintSynthesized(ctx, files...)
}
