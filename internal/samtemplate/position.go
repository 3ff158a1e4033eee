package samtemplate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// positions tells where the nodes of a template are in its file.
type positions struct {
	root *yaml.Node
	// removed holds, per line, the columns of the text YAML read after which
	// asYAML removed a character, so that columns count in the file's text.
	removed map[int][]int
}

// asYAML returns a JSON template as text that YAML reads the same way, and
// any other text unchanged. JSON is YAML but for two things: YAML accepts
// what JSON refuses (a trailing comma), so the text is checked as JSON
// first, with an error that gives the line and column; and YAML has no \/
// escape, which is rewritten to a plain /. removed records where a
// backslash was taken out: line, then the column of the / that followed it.
func asYAML(data []byte) (out []byte, removed map[int][]int, err error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return data, nil, nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line, col := lineColumn(data, syntax.Offset)
			return nil, nil, fmt.Errorf("invalid JSON at line %d, column %d: %w", line, col, err)
		}
		return nil, nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if !bytes.Contains(data, []byte(`\/`)) {
		return data, nil, nil
	}
	out = make([]byte, 0, len(data))
	removed = map[int][]int{}
	line, col := 1, 0 // col: characters written on this line, as YAML counts them
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line, col = line+1, 0
		case inString && c == '\\':
			// The text is valid JSON: a backslash in a string is followed
			// by the character it escapes.
			i++
			if data[i] == '/' {
				removed[line] = append(removed[line], col+1)
			} else {
				out = append(out, c)
				col++
			}
			c = data[i]
		case c == '"':
			inString = !inString
		}
		out = append(out, c)
		if utf8.RuneStart(c) && c != '\n' {
			col++
		}
	}
	return out, removed, nil
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
// Client. A mapping entry is located at its key; columns count characters. When
// path leads nowhere, the answer is the deepest node on the way that exists,
// at worst the start of the template, so a problem about a missing key
// points at its parent.
func (t *Template) Locate(path ...string) (line, column int) {
	n := t.text.root
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
			break
		}
		line, column = at.Line, at.Column
		n = next
	}
	shift := 0
	for _, c := range t.text.removed[line] {
		if c < column {
			shift++
		}
	}
	return line, column + shift
}
