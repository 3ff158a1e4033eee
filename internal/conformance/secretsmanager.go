package conformance

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// deleteTimeout bounds the deletion of the run's secrets, which runs on a
// context of its own after an interrupt.
const deleteTimeout = 30 * time.Second

// The scenarios of the Secrets Manager table. Each secret a scenario
// creates costs one more call, its deletion at the end of the run.
func secretsManagerScenarios() []Scenario {
	return []Scenario{
		{
			Table: SecretsManager, Row: 1, Name: "secret-arn-and-ids", Calls: 5,
			Expected: "ARN: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>; read by name, ARN and partial ARN",
			observe: func(ctx context.Context, e *env) string {
				name, out, err := e.createSecret(ctx, "s1", "v0", nil)
				if err != nil {
					return "CreateSecret " + e.outcome(err)
				}
				got := "ARN: " + arnForm(aws.ToString(out.ARN), name, e.opts.SecretsManager.Options().Region)
				arn := aws.ToString(out.ARN)
				var unread []string
				for _, id := range []struct{ name, id string }{{"name", name}, {"ARN", arn}, {"partial ARN", arn[:max(len(arn)-7, 0)]}} {
					if _, err := e.getValue(ctx, id.id, nil, nil); err != nil {
						unread = append(unread, id.name+" "+e.outcome(err))
					}
				}
				if len(unread) > 0 {
					return got + "; not read by " + strings.Join(unread, ", ")
				}
				return got + "; read by name, ARN and partial ARN"
			},
		},
		{
			Table: SecretsManager, Row: 2, Name: "create-secret-first-version", Calls: 5,
			Expected: "versions: the token AWSCURRENT; KmsKeyId: absent; tags: as created; after TagResource: one replaced, one added",
			observe: func(ctx context.Context, e *env) string {
				name, out, err := e.createSecret(ctx, "s2", "v0", []smtypes.Tag{tag("a", "1"), tag("b", "2")})
				if err != nil {
					return "CreateSecret " + e.outcome(err)
				}
				d, err := e.describeSecret(ctx, name)
				if err != nil {
					return "DescribeSecret " + e.outcome(err)
				}
				got := "versions: " + stagesOf(d.VersionIdsToStages, map[string]string{aws.ToString(out.VersionId): "the token"})
				got += "; KmsKeyId: " + present(d.KmsKeyId, "present", "absent")
				got += "; tags: " + tagsAre(d.Tags, []smtypes.Tag{tag("a", "1"), tag("b", "2")}, "as created")
				if _, err := e.opts.SecretsManager.TagResource(ctx, &sm.TagResourceInput{SecretId: aws.String(name), Tags: []smtypes.Tag{tag("b", "3"), tag("c", "4")}}); err != nil {
					return got + "; TagResource " + e.outcome(err)
				}
				if d, err = e.describeSecret(ctx, name); err != nil {
					return got + "; DescribeSecret " + e.outcome(err)
				}
				return got + "; after TagResource: " + tagsAre(d.Tags, []smtypes.Tag{tag("a", "1"), tag("b", "3"), tag("c", "4")}, "one replaced, one added")
			},
		},
		{
			Table: SecretsManager, Row: 3, Name: "put-moves-stages", Calls: 6,
			Expected: "after two puts: v0 unlisted, v1 AWSPREVIOUS, v2 AWSCURRENT; v0 by its id: read",
			observe: func(ctx context.Context, e *env) string {
				name, out, err := e.createSecret(ctx, "s3", "v0", nil)
				if err != nil {
					return "CreateSecret " + e.outcome(err)
				}
				ids := map[string]string{aws.ToString(out.VersionId): "v0"}
				for _, v := range []string{"v1", "v2"} {
					put, err := e.putValue(ctx, name, newToken(), v)
					if err != nil {
						return "PutSecretValue " + e.outcome(err)
					}
					ids[aws.ToString(put.VersionId)] = v
				}
				d, err := e.describeSecret(ctx, name)
				if err != nil {
					return "DescribeSecret " + e.outcome(err)
				}
				got := "after two puts: " + stagesOf(d.VersionIdsToStages, ids)
				value, err := e.getValue(ctx, name, out.VersionId, nil)
				if err != nil {
					return got + "; v0 by its id " + e.outcome(err)
				}
				return got + "; v0 by its id: " + map[bool]string{true: "read", false: "another value"}[value == "v0"]
			},
		},
		{
			Table: SecretsManager, Row: 4, Name: "put-token-idempotent", Calls: 6,
			Expected: "same token and value: the same version, 2 listed; same token, another value: refused: ResourceExistsException",
			observe: func(ctx context.Context, e *env) string {
				name, _, err := e.createSecret(ctx, "s4", "v0", nil)
				if err != nil {
					return "CreateSecret " + e.outcome(err)
				}
				token := newToken()
				first, err := e.putValue(ctx, name, token, "v1")
				if err != nil {
					return "PutSecretValue " + e.outcome(err)
				}
				again, err := e.putValue(ctx, name, token, "v1")
				if err != nil {
					return "the same PutSecretValue again " + e.outcome(err)
				}
				same := map[bool]string{true: "the same version", false: "another version"}[aws.ToString(again.VersionId) == aws.ToString(first.VersionId)]
				d, err := e.describeSecret(ctx, name)
				if err != nil {
					return "DescribeSecret " + e.outcome(err)
				}
				got := fmt.Sprintf("same token and value: %s, %d listed", same, len(d.VersionIdsToStages))
				_, err = e.putValue(ctx, name, token, "v2")
				return got + "; same token, another value: " + e.outcome(err)
			},
		},
		{
			Table: SecretsManager, Row: 5, Name: "update-stage-moves-previous", Calls: 6,
			Expected: "without RemoveFromVersionId: refused: InvalidParameterException; with it: accepted; v0 AWSCURRENT, v1 AWSPREVIOUS",
			observe: func(ctx context.Context, e *env) string {
				name, out, err := e.createSecret(ctx, "s5", "v0", nil)
				if err != nil {
					return "CreateSecret " + e.outcome(err)
				}
				put, err := e.putValue(ctx, name, newToken(), "v1")
				if err != nil {
					return "PutSecretValue " + e.outcome(err)
				}
				move := func(from *string) error {
					_, err := e.opts.SecretsManager.UpdateSecretVersionStage(ctx, &sm.UpdateSecretVersionStageInput{
						SecretId: aws.String(name), VersionStage: aws.String("AWSCURRENT"), MoveToVersionId: out.VersionId, RemoveFromVersionId: from,
					})
					return err
				}
				got := "without RemoveFromVersionId: " + e.outcome(move(nil))
				err = move(put.VersionId)
				got += "; with it: " + e.outcome(err)
				if err != nil {
					return got
				}
				d, err := e.describeSecret(ctx, name)
				if err != nil {
					return got + "; DescribeSecret " + e.outcome(err)
				}
				return got + "; " + stagesOf(d.VersionIdsToStages, map[string]string{aws.ToString(out.VersionId): "v0", aws.ToString(put.VersionId): "v1"})
			},
		},
		{
			Table: SecretsManager, Row: 6, Name: "create-existing-name", Calls: 5,
			Expected: "an existing name: refused: ResourceExistsException; a name scheduled for deletion: refused: InvalidRequestException",
			observe: func(ctx context.Context, e *env) string {
				name, _, err := e.createSecret(ctx, "s6", "v0", nil)
				if err != nil {
					return "CreateSecret " + e.outcome(err)
				}
				recreate := func() error {
					_, err := e.opts.SecretsManager.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String(name), SecretString: aws.String("v0"), ClientRequestToken: newToken()})
					return err
				}
				got := "an existing name: " + e.outcome(recreate())
				if _, err := e.opts.SecretsManager.DeleteSecret(ctx, &sm.DeleteSecretInput{SecretId: aws.String(name), RecoveryWindowInDays: aws.Int64(7)}); err != nil {
					return got + "; DeleteSecret " + e.outcome(err)
				}
				return got + "; a name scheduled for deletion: " + e.outcome(recreate())
			},
		},
		{
			Table: SecretsManager, Row: 7, Name: "scheduled-deletion", Calls: 14,
			Expected: "a window with a forced delete: refused: InvalidParameterException; 31 days: refused: InvalidParameterException; " +
				"default window: 30 days; Describe: DeletedDate; GetSecretValue, PutSecretValue, UpdateSecretVersionStage, TagResource, DeleteSecret: refused: InvalidRequestException; " +
				"RestoreSecret: accepted; then read; RestoreSecret again: accepted",
			observe: func(ctx context.Context, e *env) string {
				name, out, err := e.createSecret(ctx, "s7", "v0", nil)
				if err != nil {
					return "CreateSecret " + e.outcome(err)
				}
				c := e.opts.SecretsManager
				del := func(window *int64, force *bool) (*sm.DeleteSecretOutput, error) {
					return c.DeleteSecret(ctx, &sm.DeleteSecretInput{SecretId: aws.String(name), RecoveryWindowInDays: window, ForceDeleteWithoutRecovery: force})
				}
				_, err = del(aws.Int64(7), aws.Bool(true))
				got := []string{"a window with a forced delete: " + e.outcome(err)}
				_, err = del(aws.Int64(31), nil)
				got = append(got, "31 days: "+e.outcome(err))
				deleted, err := del(nil, nil)
				if err != nil {
					return strings.Join(got, "; ") + "; DeleteSecret " + e.outcome(err)
				}
				d, err := e.describeSecret(ctx, name)
				if err != nil {
					return strings.Join(got, "; ") + "; DescribeSecret " + e.outcome(err)
				}
				window := "unknown"
				if deleted.DeletionDate != nil && d.DeletedDate != nil {
					window = fmt.Sprintf("%d days", int(deleted.DeletionDate.Sub(*d.DeletedDate).Round(time.Hour).Hours()/24))
				}
				got = append(got, "default window: "+window, "Describe: "+map[bool]string{true: "DeletedDate", false: "no DeletedDate"}[d.DeletedDate != nil])
				outcomes := map[string][]string{}
				for _, call := range []struct {
					name string
					do   func() error
				}{
					{"GetSecretValue", func() error { _, err := e.getValue(ctx, name, nil, nil); return err }},
					{"PutSecretValue", func() error { _, err := e.putValue(ctx, name, newToken(), "v1"); return err }},
					{"UpdateSecretVersionStage", func() error {
						_, err := c.UpdateSecretVersionStage(ctx, &sm.UpdateSecretVersionStageInput{SecretId: aws.String(name), VersionStage: aws.String("CONFORMANCE"), MoveToVersionId: out.VersionId})
						return err
					}},
					{"TagResource", func() error {
						_, err := c.TagResource(ctx, &sm.TagResourceInput{SecretId: aws.String(name), Tags: []smtypes.Tag{tag("k", "v")}})
						return err
					}},
					{"DeleteSecret", func() error { _, err := del(nil, nil); return err }},
				} {
					o := e.outcome(call.do())
					outcomes[o] = append(outcomes[o], call.name)
				}
				for _, o := range slices.Sorted(maps.Keys(outcomes)) {
					got = append(got, strings.Join(outcomes[o], ", ")+": "+o)
				}
				_, err = c.RestoreSecret(ctx, &sm.RestoreSecretInput{SecretId: aws.String(name)})
				got = append(got, "RestoreSecret: "+e.outcome(err))
				if _, err := e.getValue(ctx, name, nil, nil); err != nil {
					got = append(got, "then GetSecretValue "+e.outcome(err))
				} else {
					got = append(got, "then read")
				}
				_, err = c.RestoreSecret(ctx, &sm.RestoreSecretInput{SecretId: aws.String(name)})
				return strings.Join(append(got, "RestoreSecret again: "+e.outcome(err)), "; ")
			},
		},
		{
			Table: SecretsManager, Row: 8, Name: "force-delete-missing", Calls: 5,
			Expected: "a secret scheduled for deletion: accepted; a missing secret: accepted",
			observe: func(ctx context.Context, e *env) string {
				name, _, err := e.createSecret(ctx, "s8", "v0", nil)
				if err != nil {
					return "CreateSecret " + e.outcome(err)
				}
				c := e.opts.SecretsManager
				if _, err := c.DeleteSecret(ctx, &sm.DeleteSecretInput{SecretId: aws.String(name), RecoveryWindowInDays: aws.Int64(7)}); err != nil {
					return "DeleteSecret " + e.outcome(err)
				}
				force := func(id string) error {
					_, err := c.DeleteSecret(ctx, &sm.DeleteSecretInput{SecretId: aws.String(id), ForceDeleteWithoutRecovery: aws.Bool(true)})
					return err
				}
				got := "a secret scheduled for deletion: " + e.outcome(force(name))
				return got + "; a missing secret: " + e.outcome(force(e.opts.SecretPrefix+"never-created"))
			},
		},
		{
			Table: SecretsManager, Row: 10, Name: "get-version-mismatch", Calls: 5,
			Expected: "an id with another version's stage: refused: ResourceNotFoundException; a stage nothing holds: refused: ResourceNotFoundException",
			observe: func(ctx context.Context, e *env) string {
				name, out, err := e.createSecret(ctx, "s10", "v0", nil)
				if err != nil {
					return "CreateSecret " + e.outcome(err)
				}
				if _, err := e.putValue(ctx, name, newToken(), "v1"); err != nil {
					return "PutSecretValue " + e.outcome(err)
				}
				_, err = e.getValue(ctx, name, out.VersionId, aws.String("AWSCURRENT"))
				got := "an id with another version's stage: " + e.outcome(err)
				_, err = e.getValue(ctx, name, nil, aws.String("CONFORMANCE-NONE"))
				return got + "; a stage nothing holds: " + e.outcome(err)
			},
		},
	}
}

// createSecret creates a secret named after the run and suffix, with value
// as its first version, and records it for deletion at the end of the run.
func (e *env) createSecret(ctx context.Context, suffix, value string, tags []smtypes.Tag) (string, *sm.CreateSecretOutput, error) {
	name := e.opts.SecretPrefix + suffix
	e.secrets = append(e.secrets, name)
	out, err := e.opts.SecretsManager.CreateSecret(ctx, &sm.CreateSecretInput{
		Name: aws.String(name), SecretString: aws.String(value), ClientRequestToken: newToken(), Tags: tags,
	})
	return name, out, err
}

func (e *env) putValue(ctx context.Context, id string, token *string, value string) (*sm.PutSecretValueOutput, error) {
	return e.opts.SecretsManager.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String(id), ClientRequestToken: token, SecretString: aws.String(value)})
}

func (e *env) getValue(ctx context.Context, id string, version, stage *string) (string, error) {
	out, err := e.opts.SecretsManager.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String(id), VersionId: version, VersionStage: stage})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.SecretString), nil
}

func (e *env) describeSecret(ctx context.Context, id string) (*sm.DescribeSecretOutput, error) {
	return e.opts.SecretsManager.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String(id)})
}

// deleteSecrets deletes, without a recovery window, every secret the run
// created, on a context of its own: ctx may be done. A forced delete of a
// secret already gone is no error (ledger row S8).
func (e *env) deleteSecrets(ctx context.Context) error {
	if len(e.secrets) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), deleteTimeout)
	defer cancel()
	left := &SecretsLeftError{}
	for _, name := range e.secrets {
		_, err := e.opts.SecretsManager.DeleteSecret(ctx, &sm.DeleteSecretInput{SecretId: aws.String(name), ForceDeleteWithoutRecovery: aws.Bool(true)})
		if err != nil {
			left.Names = append(left.Names, name)
			left.Errs = append(left.Errs, err)
		}
	}
	if len(left.Names) == 0 {
		return nil
	}
	return left
}

// A SecretsLeftError names the secrets a run created and could not delete.
type SecretsLeftError struct {
	Names []string
	Errs  []error
}

// Error names the secrets left and why.
func (e *SecretsLeftError) Error() string {
	return fmt.Sprintf("%d secrets not deleted: %s: %v", len(e.Names), strings.Join(e.Names, ", "), errors.Join(e.Errs...))
}

// newToken returns a ClientRequestToken: a random value of the UUID's
// length, as the SDK makes them.
func newToken() *string {
	return aws.String(strings.ToLower(randomSecret()[:36]))
}

func tag(k, v string) smtypes.Tag { return smtypes.Tag{Key: aws.String(k), Value: aws.String(v)} }

// tagsAre says "same" when got holds the tags of want, in any order.
func tagsAre(got, want []smtypes.Tag, same string) string {
	flat := func(tags []smtypes.Tag) []string {
		var out []string
		for _, t := range tags {
			out = append(out, aws.ToString(t.Key)+"="+aws.ToString(t.Value))
		}
		slices.Sort(out)
		return out
	}
	if slices.Equal(flat(got), flat(want)) {
		return same
	}
	return strings.Join(flat(got), ",")
}

// stagesOf writes VersionIdsToStages with the versions named as names has
// them (a version names does not know is "another version"), and the
// versions of names that are not listed as "unlisted", sorted by name.
func stagesOf(stages map[string][]string, names map[string]string) string {
	var out []string
	for _, id := range slices.Sorted(maps.Keys(names)) {
		labels, ok := stages[id]
		switch {
		case !ok:
			out = append(out, names[id]+" unlisted")
		default:
			l := slices.Clone(labels)
			slices.Sort(l)
			out = append(out, names[id]+" "+strings.Join(l, ","))
		}
	}
	for id := range stages {
		if _, ok := names[id]; !ok {
			out = append(out, "another version")
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// arnForm says whether arn is a secret ARN for name in region, with the
// random suffix, and shows it otherwise.
func arnForm(arn, name, region string) string {
	re := regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:` + regexp.QuoteMeta(region) + `:\d{12}:secret:` + regexp.QuoteMeta(name) + `-[A-Za-z0-9]{6}$`)
	if re.MatchString(arn) {
		return "arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>"
	}
	return arn
}
