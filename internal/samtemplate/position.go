package samtemplate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
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
			return nil, nil, &SyntaxError{Line: line, Column: col, Msg: "invalid JSON: " + err.Error()}
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
	return line, t.text.column(line, column)
}

// column turns a column of the text YAML read into one of the file's text.
func (p positions) column(line, column int) int {
	shift := 0
	for _, c := range p.removed[line] {
		if c < column {
			shift++
		}
	}
	return column + shift
}

// yamlMessage is the message of an error of the YAML parser, without its
// "yaml: line N: " prefix, whose line is often not the problem's.
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 && strings.Trim(rest[:i], "0123456789") == "" {
			msg = rest[i+2:]
		}
	}
	return msg
}

// yamlProblem returns the 1-based line and column where the YAML parser
// meets the problem it reports as msg. yaml.v3 reports the line where the
// construct around the problem starts, and a 0-based one for some errors,
// never a column. The parser stops at its first problem, so a text cut
// after the problem fails with the same message and a text cut before it
// does not: the line is the first whose end gives the message, found by
// bisection (a few parses), and the column the first on that line that
// does; when none does alone, the line's first character that is not a
// space.
func yamlProblem(data []byte, msg string) (line, column int) {
	fails := func(text []byte) bool {
		var n yaml.Node
		err := yaml.NewDecoder(bytes.NewReader(text)).Decode(&n)
		return err != nil && !errors.Is(err, io.EOF) && yamlMessage(err) == msg
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	i := sort.Search(len(lines), func(i int) bool { return fails(bytes.Join(lines[:i+1], nil)) })
	if i == len(lines) {
		return 1, 1 // the whole text does not fail so: no better place
	}
	before := bytes.Join(lines[:i], nil)
	text := []rune(strings.TrimRight(string(lines[i]), "\r\n"))
	c := sort.Search(len(text), func(c int) bool { return fails(append(slices.Clip(before), string(text[:c+1])...)) })
	if c == len(text) {
		c = 0
		for c < len(text)-1 && text[c] == ' ' {
			c++
		}
	}
	return i + 1, c + 1
}
