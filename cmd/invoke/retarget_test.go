package main

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestRetarget(t *testing.T) {
	const pool, pool2, client = "local_AbCd1234", "local_EfGh5678", "1a2b3c4d5e6f7g8h9i0j1k2l3m"
	tests := []struct {
		name   string
		event  string
		target target
		// want lists, by path, the values the event must have after;
		// "-" for a key it must not have.
		want    map[string]string
		changes string
		wantErr string
	}{
		{name: "an owned Create takes the pool", event: "create-owned.json", target: target{Pool: pool},
			want:    map[string]string{"ResourceProperties.UserPoolId": pool, "ResourceProperties.ClientId": "-", "PhysicalResourceId": "-"},
			changes: "UserPoolId us-east-1_Ab12Cd34E -> " + pool},
		{name: "an additional Update takes the pool and the client everywhere", event: "update-additional.json", target: target{Pool: pool, Client: client},
			want: map[string]string{
				"ResourceProperties.UserPoolId": pool, "OldResourceProperties.UserPoolId": pool,
				"ResourceProperties.ClientId": client, "OldResourceProperties.ClientId": client, "PhysicalResourceId": client,
			},
			changes: "UserPoolId us-east-1_Ab12Cd34E -> " + pool + "; ClientId 7k3j5h1g9f2d4s6a8q0w1e3r5t -> " + client + "; PhysicalResourceId 7k3j5h1g9f2d4s6a8q0w1e3r5t -> " + client},
		{name: "an owned Update's physical id is its client", event: "update-owned.json", target: target{Client: client},
			want:    map[string]string{"PhysicalResourceId": client, "ResourceProperties.ClientId": "-", "ResourceProperties.UserPoolId": "us-east-1_Ab12Cd34E"},
			changes: "PhysicalResourceId 4v2m8q6r1t3y5u7i9o0p2a4s6d -> " + client},
		{name: "an existing-client Create takes the client as ClientId", event: "create-existing.json", target: target{Client: client},
			want:    map[string]string{"ResourceProperties.ClientId": client, "PhysicalResourceId": "-"},
			changes: "ClientId 7k3j5h1g9f2d4s6a8q0w1e3r5t -> " + client},
		{name: "a replacement takes both pools", event: "update-replace.json", target: target{Pool: pool, NewPool: pool2, Client: client},
			want: map[string]string{"OldResourceProperties.UserPoolId": pool, "ResourceProperties.UserPoolId": pool2, "PhysicalResourceId": client},
			changes: "UserPoolId us-east-1_Zy98Xw76V -> " + pool + "; UserPoolId us-east-1_Ab12Cd34E -> " + pool + "; the new UserPoolId " + pool + " -> " + pool2 +
				"; PhysicalResourceId 4v2m8q6r1t3y5u7i9o0p2a4s6d -> " + client},
		{name: "nothing to change", event: "create-owned.json", target: target{Pool: "us-east-1_Ab12Cd34E"},
			want: map[string]string{"ResourceProperties.UserPoolId": "us-east-1_Ab12Cd34E"}},
		{name: "a replacement given one pool is refused", event: "update-replace.json", target: target{Pool: pool},
			wantErr: "the event moves the client from user pool us-east-1_Ab12Cd34E to us-east-1_Zy98Xw76V: give the new pool too"},
		{name: "a client for an event that names none is refused", event: "create-owned.json", target: target{Client: client},
			wantErr: "the event names no app client"},
		{name: "a new pool for a Create is refused", event: "create-owned.json", target: target{NewPool: pool2},
			wantErr: "this event is a Create"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := os.ReadFile("../../events/" + tt.event)
			if err != nil {
				t.Fatal(err)
			}
			out, changes, err := retarget(raw, tt.target)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if changes != tt.changes {
				t.Errorf("changes\n%q, want\n%q", changes, tt.changes)
			}
			var before, after map[string]any
			if err := json.Unmarshal(raw, &before); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out, &after); err != nil {
				t.Fatal(err)
			}
			for path, want := range tt.want {
				got, ok := lookup(after, path)
				if want == "-" && ok || want != "-" && got != want {
					t.Errorf("%s = %v (present: %v), want %s", path, got, ok, want)
				}
				set(before, path, got, ok)
			}
			// Nothing else changed.
			if !reflect.DeepEqual(before, after) {
				t.Errorf("more changed than the pool and client:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func lookup(e map[string]any, path string) (any, bool) {
	parent, key, nested := strings.Cut(path, ".")
	if !nested {
		v, ok := e[path]
		return v, ok
	}
	m, _ := e[parent].(map[string]any)
	v, ok := m[key]
	return v, ok
}

func set(e map[string]any, path string, v any, ok bool) {
	if !ok {
		return
	}
	if parent, key, nested := strings.Cut(path, "."); nested {
		e[parent].(map[string]any)[key] = v
		return
	}
	e[path] = v
}
