package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// target names the user pool and the app client an event is to act on
// instead of the ones it names, so that the samples in events/ run against a
// pool of one's own (cognito-local's, say) without editing them. Empty
// fields change nothing.
type target struct {
	// Pool replaces every UserPoolId of the event: its properties', and its
	// old properties'.
	Pool string
	// NewPool replaces the UserPoolId of an Update's new properties alone:
	// the user pool a replacement moves the client to (update-replace.json).
	NewPool string
	// Client replaces the ClientId of the properties and old properties,
	// where they have one, and the PhysicalResourceId, which is the id of
	// the client in every mode.
	Client string
}

func (t target) empty() bool { return t == target{} }

// retarget returns event with the pool and client of t in place of its
// own, and says what it changed. It refuses what would not run as the
// sample means it: a client for an event that names none, a new pool for an
// event that is not an Update, and a single pool for an Update that moves
// the client between two.
func retarget(event []byte, t target) ([]byte, string, error) {
	var e map[string]any
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber() // numbers reach the function as written
	if err := dec.Decode(&e); err != nil {
		return nil, "", fmt.Errorf("not a JSON event: %w", err)
	}
	properties, _ := e["ResourceProperties"].(map[string]any)
	if properties == nil {
		return nil, "", errors.New("the event has no ResourceProperties")
	}
	old, _ := e["OldResourceProperties"].(map[string]any)
	sets := []map[string]any{properties}
	if old != nil {
		sets = append(sets, old)
	}

	var changes []string
	change := func(name string, from any, to string) {
		changes = append(changes, fmt.Sprintf("%s %v -> %s", name, from, to))
	}
	if t.Pool != "" {
		if old != nil && !reflect.DeepEqual(old["UserPoolId"], properties["UserPoolId"]) && t.NewPool == "" {
			return nil, "", fmt.Errorf("the event moves the client from user pool %v to %v: give the new pool too (NEW_POOL=, -new-pool)", old["UserPoolId"], properties["UserPoolId"])
		}
		for _, p := range sets {
			if p["UserPoolId"] != t.Pool {
				change("UserPoolId", p["UserPoolId"], t.Pool)
				p["UserPoolId"] = t.Pool
			}
		}
	}
	if t.NewPool != "" {
		if e["RequestType"] != "Update" {
			return nil, "", fmt.Errorf("a new user pool (NEW_POOL=, -new-pool) is for an Update that moves the client; this event is a %v", e["RequestType"])
		}
		if properties["UserPoolId"] != t.NewPool {
			change("the new UserPoolId", properties["UserPoolId"], t.NewPool)
			properties["UserPoolId"] = t.NewPool
		}
	}
	if t.Client != "" {
		named := false
		for _, p := range sets {
			if id, ok := p["ClientId"]; ok {
				named = true
				if id != t.Client {
					change("ClientId", id, t.Client)
					p["ClientId"] = t.Client
				}
			}
		}
		if id, ok := e["PhysicalResourceId"]; ok {
			named = true
			if id != t.Client {
				change("PhysicalResourceId", id, t.Client)
				e["PhysicalResourceId"] = t.Client
			}
		}
		if !named {
			return nil, "", errors.New("the event names no app client (no ClientId, no PhysicalResourceId): CLIENT= (-client) is for one that does; a Create of a new client makes its own")
		}
	}
	out, err := json.Marshal(e)
	if err != nil {
		return nil, "", err
	}
	// A change made in both property sets is said once.
	return out, strings.Join(slices.Compact(changes), "; "), nil
}
