// Package release makes what a release gives users without the SAM CLI: the
// function's zip, the same bytes for the same binary so that its S3 key can
// name its content, and template.yaml packaged for plain CloudFormation, its
// function's CodeUri pointing at that object. cmd/package is its command;
// docs/reference.md §10 says how the pieces fit.
package release

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Bootstrap is the name of the one file in the zip: the executable that
// Lambda's provided runtimes start.
const Bootstrap = "bootstrap"

// BootstrapMode is the bootstrap's file mode in the zip: Lambda runs the
// file as it is unpacked, so it must be executable by everyone.
const BootstrapMode = 0o755

// Zip returns a zip archive that holds bootstrap alone, deflated, with mode
// [BootstrapMode] and the earliest time a zip entry can carry (1980-01-01,
// UTC), so that the archive depends on the binary and on nothing else.
func Zip(bootstrap []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	h := &zip.FileHeader{
		Name:     Bootstrap,
		Method:   zip.Deflate,
		Modified: ZipTime(),
	}
	h.SetMode(BootstrapMode)
	f, err := w.CreateHeader(h)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(bootstrap); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ZipTime is the modification time of the zip's entry.
func ZipTime() time.Time { return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) }

// Key returns the S3 key of archive: the hex SHA-256 of its bytes plus
// ".zip", under prefix (with or without its trailing "/"; an empty prefix is
// the bucket's root). A new binary gets a new key, which is how
// CloudFormation sees that the function's code changed; the same binary
// keeps its key, and the objects of older versions stay where their stacks
// point.
func Key(prefix string, archive []byte) string {
	sum := sha256.Sum256(archive)
	name := hex.EncodeToString(sum[:]) + ".zip"
	if prefix = strings.TrimSuffix(prefix, "/"); prefix == "" {
		return name
	}
	return prefix + "/" + name
}

// bucketName is the shape of a general purpose S3 bucket's name: 3 to 63
// lower-case letters, digits, dots and hyphens, starting and ending with a
// letter or a digit.
var bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// CheckBucket reports why name cannot be an S3 bucket's name, or nil.
func CheckBucket(name string) error {
	switch {
	case strings.Contains(name, "://"):
		return fmt.Errorf("bucket %q: give the bucket's name, not a URL", name)
	case !bucketName.MatchString(name):
		return fmt.Errorf("bucket %q: a bucket name is 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or a digit", name)
	case strings.Contains(name, ".."):
		return fmt.Errorf("bucket %q: a bucket name has no two dots in a row", name)
	case net.ParseIP(name) != nil:
		return fmt.Errorf("bucket %q: a bucket name is not an IP address", name)
	}
	return nil
}

// prefixChars are the characters S3 calls safe in an object key: a key made
// of them needs no quoting in a URL or on a shell's command line.
var prefixChars = regexp.MustCompile(`^[A-Za-z0-9!_.*'()/-]*$`)

// CheckPrefix reports why prefix cannot start the zip's S3 key, or nil.
func CheckPrefix(prefix string) error {
	switch {
	case !prefixChars.MatchString(prefix):
		return fmt.Errorf("prefix %q: use letters, digits, / and !-_.*'() only", prefix)
	case strings.HasPrefix(prefix, "/"):
		return fmt.Errorf("prefix %q: a key prefix does not start with /", prefix)
	case strings.Contains(prefix, "//"):
		return fmt.Errorf("prefix %q: a key prefix has no empty part (//)", prefix)
	case len(prefix) > 512:
		return fmt.Errorf("prefix %q: longer than 512 characters", prefix)
	}
	return nil
}

// The template's names that packaging reads or changes.
const (
	serverlessFunction = "AWS::Serverless::Function"
	// sarMetadata is the top-level Metadata key that `sam publish` reads.
	sarMetadata = "AWS::ServerlessRepo::Application"
	// buildMethod is the function Metadata key that tells `sam build` how
	// to build the code that CodeUri names locally.
	buildMethod = "BuildMethod"
)

// Packaged is a template packaged for plain CloudFormation.
type Packaged struct {
	// YAML is the packaged template.
	YAML []byte
	// Function is the logical id of the function whose CodeUri was set.
	Function string
	// Required lists the parameters without a default, in the template's
	// order: a deployment gives each of them a value.
	Required []string
}

// Package returns the SAM template src packaged for CloudFormation: its one
// function whose code SAM builds from a local directory gets codeURI as its
// CodeUri and loses its BuildMethod, and the Serverless Application
// Repository metadata is left out (its LicenseUrl and ReadmeUrl name local
// files that only `sam package` uploads, for `sam publish`; CloudFormation
// never reads it). Everything else is kept: comments, short-form
// intrinsics, the order of keys, the Transform that CloudFormation expands.
// The text is re-emitted by yaml.v3, which joins folded lines and drops
// blank lines without changing any value.
func Package(src []byte, codeURI string) (Packaged, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return Packaged{}, fmt.Errorf("reading the template: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return Packaged{}, errors.New("reading the template: it is not a YAML mapping")
	}
	root := doc.Content[0]

	id, fn, err := localFunction(root)
	if err != nil {
		return Packaged{}, err
	}
	codeURINode := value(value(fn, "Properties"), "CodeUri")
	*codeURINode = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: codeURI}
	removeKey(fn, "Metadata", buildMethod)
	removeKey(root, "Metadata", sarMetadata)

	doc.HeadComment = "Packaged by `make package` (cmd/package) from template.yaml, for aws cloudformation deploy:\n" +
		"the function's code is " + codeURI + ". Edit template.yaml, not this file."

	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return Packaged{}, err
	}
	if err := enc.Close(); err != nil {
		return Packaged{}, err
	}
	return Packaged{YAML: out.Bytes(), Function: id, Required: required(root)}, nil
}

// localFunction returns the one serverless function whose CodeUri is a
// local path, and its logical id.
func localFunction(root *yaml.Node) (string, *yaml.Node, error) {
	resources := value(root, "Resources")
	if resources == nil || resources.Kind != yaml.MappingNode {
		return "", nil, errors.New("the template has no Resources mapping")
	}
	var ids []string
	var found *yaml.Node
	for i := 0; i+1 < len(resources.Content); i += 2 {
		r := resources.Content[i+1]
		if t := value(r, "Type"); t == nil || t.Value != serverlessFunction {
			continue
		}
		uri := value(value(r, "Properties"), "CodeUri")
		if uri == nil || uri.Kind != yaml.ScalarNode || uri.Tag != "!!str" || strings.HasPrefix(uri.Value, "s3://") {
			continue
		}
		ids = append(ids, resources.Content[i].Value)
		found = r
	}
	if len(ids) != 1 {
		return "", nil, fmt.Errorf("the template has %d functions built from a local CodeUri (%s), want exactly 1: the package holds one bootstrap", len(ids), strings.Join(ids, ", "))
	}
	return ids[0], found, nil
}

// required returns the names of the parameters that have no Default.
func required(root *yaml.Node) []string {
	params := value(root, "Parameters")
	if params == nil || params.Kind != yaml.MappingNode {
		return nil
	}
	var names []string
	for i := 0; i+1 < len(params.Content); i += 2 {
		if value(params.Content[i+1], "Default") == nil {
			names = append(names, params.Content[i].Value)
		}
	}
	return names
}

// value returns the value of key in the mapping m, or nil when m is not a
// mapping or has no such key.
func value(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// removeKey removes key from the mapping under section in m, and the section
// itself when nothing is left in it.
func removeKey(m *yaml.Node, section, key string) {
	s := value(m, section)
	if s == nil || s.Kind != yaml.MappingNode {
		return
	}
	s.Content = without(s.Content, key)
	if len(s.Content) == 0 {
		m.Content = without(m.Content, section)
	}
}

// without returns the key-value pairs of a mapping's content without key's.
func without(content []*yaml.Node, key string) []*yaml.Node {
	out := content[:0:0]
	for i := 0; i+1 < len(content); i += 2 {
		if content[i].Value != key {
			out = append(out, content[i], content[i+1])
		}
	}
	return out
}
