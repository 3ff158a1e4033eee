package secretsfake

import (
	"slices"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// A Secret is a copy of a secret's state, values included, for assertions.
type Secret struct {
	Name string
	ARN  string
	// KmsKeyID is the key the secret was created with, "" for the
	// default key aws/secretsmanager.
	KmsKeyID string
	Tags     []types.Tag
	Created  time.Time
	// DeletedDate is when the secret was scheduled for deletion; nil when
	// it is not.
	DeletedDate *time.Time
	// Versions are oldest first, deprecated ones (without a staging label)
	// included until the secret drops them.
	Versions []Version
}

// A Version is one version of a secret.
type Version struct {
	ID      string
	Value   string
	Stages  []string
	Created time.Time
}

// Stage returns the version that holds staging label stage, ok false when
// none does.
func (s Secret) Stage(stage string) (v Version, ok bool) {
	for _, v := range s.Versions {
		if slices.Contains(v.Stages, stage) {
			return v, true
		}
	}
	return Version{}, false
}

// Secret returns a copy of the secret named id (a name, an ARN or a partial
// ARN, as the API takes them), scheduled for deletion or not; ok is false
// when there is none.
func (s *Server) Secret(id string) (Secret, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purge()
	sec, err := s.lookup(&id)
	if err != nil {
		return Secret{}, false
	}
	return sec.snapshot(), true
}

// Secrets returns copies of every secret, scheduled ones included, by name.
func (s *Server) Secrets() []Secret {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purge()
	out := make([]Secret, 0, len(s.secrets))
	for _, sec := range s.secrets {
		out = append(out, sec.snapshot())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (sec *secret) snapshot() Secret {
	out := Secret{Name: sec.name, ARN: sec.arn, KmsKeyID: sec.kmsKeyID, Created: sec.created}
	for _, t := range sec.tags {
		out.Tags = append(out.Tags, types.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
	}
	if sec.deletedDate != nil {
		d := *sec.deletedDate
		out.DeletedDate = &d
	}
	for _, v := range sec.versions {
		out.Versions = append(out.Versions, Version{ID: v.id, Value: v.value, Stages: slices.Clone(v.stages), Created: v.created})
	}
	return out
}
