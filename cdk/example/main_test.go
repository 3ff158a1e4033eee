package main

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// TestExampleSynthesizes synthesizes the example, with the function built
// from lambda/, and checks that CloudFormation can order its resources.
func TestExampleSynthesizes(t *testing.T) {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir())})
	stack := NewSiteStack(app, "Example")
	var template struct {
		Resources map[string]map[string]any
	}
	b, err := json.Marshal(assertions.Template_FromStack(stack, nil).ToJSON())
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &template); err != nil {
		t.Fatal(err)
	}
	deps := dependencies(template.Resources)
	if c := cycle(deps); c != nil {
		t.Fatalf("dependency cycle: %s", strings.Join(c, " → "))
	}

	byType := map[string][]string{}
	for id, r := range template.Resources {
		byType[r["Type"].(string)] = append(byType[r["Type"].(string)], id)
	}
	if n := len(byType["AWS::Lambda::Function"]); n != 1 {
		t.Errorf("%d functions, want the one provider", n)
	}
	custom := byType["Custom::CognitoUserPoolClient"]
	if len(custom) != 2 {
		t.Fatalf("custom resources %v, want the client and its callback settings", custom)
	}
	client, settings := custom[0], custom[1]
	if strings.HasPrefix(client, "CallbackSettings") {
		client, settings = settings, client
	}
	distribution := byType["AWS::CloudFront::Distribution"][0]
	for _, want := range []string{client, distribution} {
		if !deps[settings][want] {
			t.Errorf("%s does not depend on %s", settings, want)
		}
	}
	ps := template.Resources[client]["Properties"].(map[string]any)
	for key, want := range map[string]any{
		"AccessTokenValidity": "90m", "IdTokenValidity": "1h", "RefreshTokenValidity": "30d",
		"AuthSessionValidity": "5m", "GenerateSecret": "true", "ServiceTimeout": "300",
	} {
		if !reflect.DeepEqual(ps[key], want) {
			t.Errorf("client %s = %v, want %v", key, ps[key], want)
		}
	}
}

// TestPreviewStackAddsItsURLs synthesizes a preview stack: it adds its own
// distribution's URLs to the shared client it finds in SSM, and replaces no
// list.
func TestPreviewStackAddsItsURLs(t *testing.T) {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir())})
	stack := NewPreviewStack(app, "Preview", "pr-42")
	var template struct {
		Parameters map[string]map[string]any
		Resources  map[string]map[string]any
	}
	b, err := json.Marshal(assertions.Template_FromStack(stack, nil).ToJSON())
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &template); err != nil {
		t.Fatal(err)
	}
	if c := cycle(dependencies(template.Resources)); c != nil {
		t.Fatalf("dependency cycle: %s", strings.Join(c, " → "))
	}
	var custom []map[string]any
	for _, r := range template.Resources {
		if r["Type"] == "Custom::CognitoUserPoolClient" {
			custom = append(custom, r["Properties"].(map[string]any))
		}
	}
	if len(custom) != 1 {
		t.Fatalf("%d custom resources, want the preview's URLs", len(custom))
	}
	ps := custom[0]
	for _, replacing := range []string{"CallbackURLs", "LogoutURLs", "AllowedOAuthFlows"} {
		if _, ok := ps[replacing]; ok {
			t.Errorf("the preview declares %s: it must only add URLs", replacing)
		}
	}
	added, _ := json.Marshal([]any{ps["AdditionalCallbackURLs"], ps["AdditionalLogoutURLs"]})
	if !strings.Contains(string(added), "DomainName") || !strings.Contains(string(added), "callback") {
		t.Errorf("added URLs %s, want the distribution's domain", added)
	}
	ref, _ := ps["ClientId"].(map[string]any)["Ref"].(string)
	if p, ok := template.Parameters[ref]; !ok || p["Default"] != clientIDParameter {
		t.Errorf("ClientId %v, want the SSM parameter %s", ps["ClientId"], clientIDParameter)
	}
}

func TestCycle(t *testing.T) {
	tests := []struct {
		name      string
		resources string
		want      []string
	}{
		{"none", `{"A": {"Properties": {"X": {"Ref": "B"}}}, "B": {}}`, nil},
		{"parameters are not resources", `{"A": {"Properties": {"X": {"Ref": "AWS::Region"}}}}`, nil},
		{"Ref and GetAtt", `{"A": {"Properties": {"X": {"Ref": "B"}}}, "B": {"Properties": {"Y": {"Fn::GetAtt": ["A", "Arn"]}}}}`, []string{"A", "B", "A"}},
		{"Sub", `{"A": {"Properties": {"X": {"Fn::Sub": "https://${B.DomainName}/"}}}, "B": {"DependsOn": "A"}}`, []string{"A", "B", "A"}},
		{"DependsOn list", `{"A": {"DependsOn": ["B"]}, "B": {"Properties": {"L": [{"Fn::Join": ["", [{"Ref": "A"}]]}]}}}`, []string{"A", "B", "A"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs map[string]map[string]any
			if err := json.Unmarshal([]byte(tt.resources), &rs); err != nil {
				t.Fatal(err)
			}
			if got := cycle(dependencies(rs)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cycle = %v, want %v", got, tt.want)
			}
		})
	}
}

// dependencies returns, for each resource, the resources it refers to
// through Ref, Fn::GetAtt, Fn::Sub or DependsOn: those CloudFormation
// creates before it.
func dependencies(resources map[string]map[string]any) map[string]map[string]bool {
	subRef := regexp.MustCompile(`\$\{([^!.}][^.}]*)(?:\.[^}]*)?\}`)
	deps := map[string]map[string]bool{}
	for id, r := range resources {
		deps[id] = map[string]bool{}
		add := func(target string) {
			if _, ok := resources[target]; ok {
				deps[id][target] = true
			}
		}
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					switch k {
					case "Ref":
						if s, ok := e.(string); ok {
							add(s)
						}
					case "Fn::GetAtt":
						if l, ok := e.([]any); ok && len(l) > 0 {
							add(l[0].(string))
						} else if s, ok := e.(string); ok {
							add(strings.SplitN(s, ".", 2)[0])
						}
					case "Fn::Sub":
						s, _ := e.(string)
						if l, ok := e.([]any); ok && len(l) > 0 {
							s, _ = l[0].(string)
						}
						for _, m := range subRef.FindAllStringSubmatch(s, -1) {
							add(m[1])
						}
					}
					walk(e)
				}
			case []any:
				for _, e := range x {
					walk(e)
				}
			}
		}
		walk(r["Properties"])
		switch d := r["DependsOn"].(type) {
		case string:
			add(d)
		case []any:
			for _, e := range d {
				add(e.(string))
			}
		}
	}
	return deps
}

// cycle returns a dependency cycle (its first resource repeated at the end),
// or nil when there is none.
func cycle(deps map[string]map[string]bool) []string {
	const (
		unvisited = iota
		onPath
		done
	)
	state := map[string]int{}
	var path []string
	var visit func(id string) []string
	visit = func(id string) []string {
		state[id] = onPath
		path = append(path, id)
		for _, next := range sortedKeys(deps[id]) {
			switch state[next] {
			case onPath:
				return append(slices.Clone(path[slices.Index(path, next):]), next)
			case unvisited:
				if c := visit(next); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		state[id] = done
		return nil
	}
	for _, id := range sortedKeys(deps) {
		if state[id] == unvisited {
			if c := visit(id); c != nil {
				return c
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
