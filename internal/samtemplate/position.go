package samtemplate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"
)

// asYAML returns a JSON template as text that YAML reads the same way, and
// any other text unchanged. JSON is YAML but for two things: YAML accepts
// what JSON refuses (a trailing comma), so the text is checked as JSON
// first, with an error that gives the line and column; and YAML has no \/
// escape, which is rewritten to a plain /. The columns after a \/ on its line
// are then one less than in the file, a small price for not parsing twice.
func asYAML(data []byte) ([]byte, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return data, nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line, col := lineColumn(data, syntax.Offset)
			return nil, fmt.Errorf("invalid JSON at line %d, column %d: %w", line, col, err)
		}
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if !bytes.Contains(data, []byte(`\/`)) {
		return data, nil
	}
	out := make([]byte, 0, len(data))
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString && c == '\\':
			if data[i+1] != '/' {
				out = append(out, c)
			}
			i++
			out = append(out, data[i])
			continue
		case c == '"':
			inString = !inString
		}
		out = append(out, c)
	}
	return out, nil
}

// lineColumn returns the 1-based line and column, in bytes, of the last byte
// that encoding/json read before it found a syntax error at offset: the
// offending character, or the last one of a text cut short.
func lineColumn(data []byte, offset int64) (int, int) {
	before := data[:max(min(offset, int64(len(data)))-1, 0)]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// Locate returns the 1-based line and column of the node at path, a list of
// mapping keys and, inside a sequence, decimal indices: ("Resources",
// "Client", "Properties", "CallbackURLs", "2") is the third callback URL of
// Client. A mapping entry is located at its key. When path leads nowhere, the
// answer is the deepest node on the way that exists, at worst the start of
// the template, so a problem about a missing key points at its parent.
func (t *Template) Locate(path ...string) (line, column int) {
	n := t.root
	if n == nil {
		return 1, 1
	}
	line, column = n.Line, n.Column
	for _, step := range path {
		for n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		var next, at *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == step {
					at, next = n.Content[i], n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(step); err == nil && 0 <= i && i < len(n.Content) {
				at, next = n.Content[i], n.Content[i]
			}
		}
		if next == nil {
			return line, column
		}
		line, column = at.Line, at.Column
		n = next
	}
	return line, column
}
