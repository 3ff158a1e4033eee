package response

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/cfn"
)

func TestSalvage(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want cfn.Event
	}{
		{name: "truncated after the fields", in: `{"RequestType":"Delete","RequestId":"r","StackId":"s","LogicalResourceId":"L","PhysicalResourceId":"p","ResponseURL":"https://h/x","ResourceProperties":{"A":`,
			want: cfn.Event{RequestType: "Delete", RequestID: "r", StackID: "s", LogicalResourceID: "L", PhysicalResourceID: "p", ResponseURL: "https://h/x"}},
		{name: "escapes decoded", in: `{"ResponseURL":"https://h/x?a=1\u0026b=\"2\"","Request\u0049d":"r"`,
			want: cfn.Event{ResponseURL: `https://h/x?a=1&b="2"`, RequestID: "r"}},
		{name: "nested fields are not the event's", in: `{"ResourceProperties":{"ResponseURL":"https://inner/","RequestId":"inner"},"RequestId":"outer",`,
			want: cfn.Event{RequestID: "outer"}},
		{name: "inside a list", in: `{"L":["RequestId",{"RequestId":"no"}],"RequestId":"yes"`,
			want: cfn.Event{RequestID: "yes"}},
		{name: "a value that looks like a key", in: `{"X":"RequestId","Y":":","RequestId":"r"}`,
			want: cfn.Event{RequestID: "r"}},
		{name: "brackets inside strings", in: `{"X":"}}]]{{","RequestId":"r"`,
			want: cfn.Event{RequestID: "r"}},
		{name: "white space around the colons", in: "{ \"RequestId\" : \"r\",\n\t\"StackId\"\r\n:\n \"s\" , \"ResourceProperties\": {",
			want: cfn.Event{RequestID: "r", StackID: "s"}},
		{name: "keys in any letter case", in: `{"requestid":"r","RESPONSEURL":"u"`, want: cfn.Event{RequestID: "r", ResponseURL: "u"}},
		{name: "repeated key, last wins", in: `{"RequestId":"a","RequestId":"b"`, want: cfn.Event{RequestID: "b"}},
		{name: "a key that does not decode, then a brace in a value", in: `{"\q":"}","RequestId":"r"}`, want: cfn.Event{RequestID: "r"}},
		{name: "a field of another type", in: `{"RequestId":7,"StackId":"s"`, want: cfn.Event{StackID: "s"}},
		{name: "after the object ends", in: `{"RequestId":"r"} {"StackId":"s"}`, want: cfn.Event{RequestID: "r"}},
		{name: "not an object", in: `["RequestId","r"]`},
		{name: "an unterminated string", in: `{"RequestId":"r`},
		{name: "truncated after a colon", in: `{"StackId":"s","RequestId":`, want: cfn.Event{StackID: "s"}},
		{name: "truncated after a colon and space", in: "{\"StackId\":\"s\",\"RequestId\": \n", want: cfn.Event{StackID: "s"}},
		{name: "empty", in: ``},
		{name: "deep nesting before the fields", in: `{"X":` + strings.Repeat("[", 100_000) + `,"RequestId":"r"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := salvage([]byte(tt.in)); got.RequestType != tt.want.RequestType || got.RequestID != tt.want.RequestID ||
				got.StackID != tt.want.StackID || got.LogicalResourceID != tt.want.LogicalResourceID ||
				got.PhysicalResourceID != tt.want.PhysicalResourceID || got.ResponseURL != tt.want.ResponseURL {
				t.Errorf("salvage = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCheckShape(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"an event", `{"ResourceProperties":{"CallbackURLs":["a"],"T":{"A":"1"}}}`, nil},
		{"at the depth limit", strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth), nil},
		{"one level past it", strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), errTooDeep},
		{"objects and lists mixed", strings.Repeat(`{"a":[`, MaxDepth/2) + `{}` + strings.Repeat(`]}`, MaxDepth/2), errTooDeep},
		{"brackets in strings", `{"a":"` + strings.Repeat("[", 2*MaxDepth) + `","b":"\"` + strings.Repeat("{", 2*MaxContainers) + `"}`, nil},
		{"siblings do not add up in depth", "[" + strings.Repeat("[[[]]],", 300) + "[]]", nil},
		{"at the container limit", "[" + strings.Repeat("{},", MaxContainers-2) + "{}]", nil},
		{"one container past it", "[" + strings.Repeat("{},", MaxContainers-1) + "{}]", errTooMany},
		{"truncated deep", strings.Repeat(`{"a":`, MaxDepth+1), errTooDeep},
		{"an unterminated string", `{"a":"` + strings.Repeat("[", 2*MaxDepth), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkShape([]byte(tt.in)); got != tt.want {
				t.Errorf("checkShape = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzSalvage: any bytes are scanned without a panic, and on a valid event
// salvage finds what encoding/json finds.
func FuzzSalvage(f *testing.F) {
	for _, s := range []string{`{"RequestId":"r"}`, `{"requestID":"r","RequestId":"s"}`, `{"a":[{"b":"}"}],"ResponseURL":"u\"v"}`, `{`, `"`, `{"\`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := salvage(b)
		var want cfn.Event
		if json.Unmarshal(b, &want) != nil {
			return // only valid events have an answer to compare with
		}
		if got.RequestType != want.RequestType || got.RequestID != want.RequestID || got.StackID != want.StackID ||
			got.LogicalResourceID != want.LogicalResourceID || got.PhysicalResourceID != want.PhysicalResourceID ||
			got.ResponseURL != want.ResponseURL {
			t.Fatalf("salvage(%q) = %+v, encoding/json reads %+v", b, got, want)
		}
	})
}
