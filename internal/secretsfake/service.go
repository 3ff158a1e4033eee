package secretsfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The staging labels Secrets Manager moves by itself.
const (
	StageCurrent  = "AWSCURRENT"
	StagePrevious = "AWSPREVIOUS"
)

const (
	// keptVersions is how many versions a secret keeps before it drops
	// deprecated ones, and keptFor how young a version is kept anyway
	// (ledger row S3).
	keptVersions = 100
	keptFor      = 24 * time.Hour
	// defaultRecoveryDays is DeleteSecret's recovery window when the
	// request gives none (ledger row S7).
	defaultRecoveryDays = 30
	maxTags             = 50
)

var namePattern = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]+$`)

type secret struct {
	name, arn   string
	kmsKeyID    string // "" for the default key, aws/secretsmanager
	description *string
	tags        []tag
	versions    []*version // oldest first, deprecated ones included
	created     time.Time
	changed     time.Time
	accessed    *time.Time
	// deletedDate is set while the secret is scheduled for deletion, until
	// deletionDate.
	deletedDate  *time.Time
	deletionDate time.Time
}

type version struct {
	id      string
	value   string
	stages  []string
	created time.Time
}

type tag struct {
	Key   string
	Value string
}

// lookup finds a secret by name, full ARN or partial ARN (the ARN without
// its random suffix; ledger row S1). The caller holds the lock.
func (s *Server) lookup(id *string) (*secret, *apiError) {
	if id == nil {
		return nil, missing("SecretId")
	}
	if n := len(*id); n < 1 || n > 2048 {
		return nil, invalidParameter("Invalid SecretId: it must be 1 to 2048 characters.")
	}
	if !strings.HasPrefix(*id, "arn:") {
		if sec, ok := s.secrets[*id]; ok {
			return sec, nil
		}
		return nil, notFound()
	}
	for _, sec := range s.secrets {
		if sec.arn == *id || sec.arn[:len(sec.arn)-len("-XXXXXX")] == *id {
			return sec, nil
		}
	}
	return nil, notFound()
}

// active finds a secret that is not scheduled for deletion: every operation
// but DescribeSecret, DeleteSecret and RestoreSecret refuses one that is
// (ledger row S7).
func (s *Server) active(id *string) (*secret, *apiError) {
	sec, err := s.lookup(id)
	if err != nil {
		return nil, err
	}
	if sec.deletedDate != nil {
		return nil, invalidRequest("You can't perform this operation on the secret because it was marked for deletion.")
	}
	return sec, nil
}

// holder returns the version that holds stage, nil when none does.
func (sec *secret) holder(stage string) *version {
	for _, v := range sec.versions {
		if slices.Contains(v.stages, stage) {
			return v
		}
	}
	return nil
}

func (sec *secret) version(id string) *version {
	for _, v := range sec.versions {
		if v.id == id {
			return v
		}
	}
	return nil
}

// attach moves stage to v, from whichever version held it. Moving
// AWSCURRENT also moves AWSPREVIOUS to the version AWSCURRENT left
// (ledger rows S3 and S5).
func (sec *secret) attach(stage string, v *version) {
	from := sec.holder(stage)
	if from == v {
		return
	}
	if from != nil {
		from.stages = slices.DeleteFunc(from.stages, func(s string) bool { return s == stage })
	}
	v.stages = append(v.stages, stage)
	if stage == StageCurrent && from != nil {
		sec.attach(StagePrevious, from)
	}
}

// addVersion adds a version with the given stages (AWSCURRENT when stages
// is nil, or when no version holds it yet) and drops deprecated versions
// beyond the ones a secret keeps (ledger rows S2 and S3).
func (sec *secret) addVersion(id, value string, stages []string, now time.Time) *version {
	v := &version{id: id, value: value, created: now}
	sec.versions = append(sec.versions, v)
	if stages == nil || sec.holder(StageCurrent) == nil {
		sec.attach(StageCurrent, v)
	}
	for _, stage := range stages {
		sec.attach(stage, v)
	}
	for i := 0; len(sec.versions) > keptVersions && i < len(sec.versions); {
		old := sec.versions[i]
		if len(old.stages) == 0 && now.Sub(old.created) >= keptFor {
			sec.versions = slices.Delete(sec.versions, i, i+1)
			continue
		}
		i++
	}
	sec.changed = now
	return v
}

type createRequest struct {
	Name               *string
	ClientRequestToken *string
	Description        *string
	KmsKeyId           *string
	SecretString       *string
	SecretBinary       []byte
	Tags               []tag
}

func (s *Server) createSecret(region string, body []byte) (any, *apiError) {
	var req createRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	if req.Name == nil {
		return nil, missing("Name")
	}
	if err := checkName(*req.Name); err != nil {
		return nil, err
	}
	if err := checkValue(req.SecretString, req.SecretBinary, false); err != nil {
		return nil, err
	}
	if err := checkToken(req.ClientRequestToken, req.SecretString != nil); err != nil {
		return nil, err
	}
	if err := checkTags(nil, req.Tags); err != nil {
		return nil, err
	}
	now := s.clock()
	if sec, ok := s.secrets[*req.Name]; ok {
		// Ledger row S6: the name of a secret scheduled for deletion is not
		// free until the secret is gone.
		if sec.deletedDate != nil {
			return nil, invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.")
		}
		// Ledger row S4: the same request again (same token, same value)
		// is ignored.
		if v := sec.version(aString(req.ClientRequestToken)); v != nil && req.SecretString != nil && v.value == *req.SecretString {
			return map[string]string{"ARN": sec.arn, "Name": sec.name, "VersionId": v.id}, nil
		}
		return nil, &apiError{Code: "ResourceExistsException", Message: fmt.Sprintf("The operation failed because the secret %s already exists.", *req.Name), Status: 400}
	}
	sec := &secret{
		name: *req.Name,
		// Ledger row S1: the ARN ends with a hyphen and six random
		// characters.
		arn:         fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s-%s", region, s.account, *req.Name, randomString(6, mixedAlnum)),
		kmsKeyID:    aString(req.KmsKeyId),
		description: req.Description,
		tags:        slices.Clone(req.Tags),
		created:     now,
		changed:     now,
	}
	s.secrets[sec.name] = sec
	out := map[string]string{"ARN": sec.arn, "Name": sec.name}
	if req.SecretString != nil {
		// Ledger row S2: the first version is AWSCURRENT, with the token
		// as its id.
		out["VersionId"] = sec.addVersion(*req.ClientRequestToken, *req.SecretString, nil, now).id
	}
	return out, nil
}

type valueRequest struct {
	SecretId           *string
	VersionId          *string
	VersionStage       *string
	ClientRequestToken *string
	SecretString       *string
	SecretBinary       []byte
	VersionStages      []string
}

// wireValue is GetSecretValue's answer.
type wireValue struct {
	ARN           string   `json:"ARN"`
	Name          string   `json:"Name"`
	VersionId     string   `json:"VersionId"`
	SecretString  string   `json:"SecretString"`
	VersionStages []string `json:"VersionStages,omitempty"`
	CreatedDate   float64  `json:"CreatedDate"`
}

func (s *Server) getSecretValue(body []byte) (any, *apiError) {
	var req valueRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	sec, err := s.active(req.SecretId)
	if err != nil {
		return nil, err
	}
	var v *version
	switch {
	case req.VersionId != nil:
		// Ledger row S3: a deprecated version is still read by its id.
		v = sec.version(*req.VersionId)
		// Ledger row S10: a stage given too must be on that version.
		if v != nil && req.VersionStage != nil && !slices.Contains(v.stages, *req.VersionStage) {
			v = nil
		}
	default:
		v = sec.holder(orDefault(req.VersionStage, StageCurrent))
	}
	if v == nil {
		return nil, &apiError{Code: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret value for " + versionName(req), Status: 400}
	}
	// The service records the day of the last access, not the time.
	day := s.clock().UTC().Truncate(24 * time.Hour)
	sec.accessed = &day
	return wireValue{
		ARN: sec.arn, Name: sec.name, VersionId: v.id, SecretString: v.value,
		VersionStages: slices.Clone(v.stages), CreatedDate: epoch(v.created),
	}, nil
}

// versionName names the version a GetSecretValue asked for, in the way the
// service's message does.
func versionName(req valueRequest) string {
	switch {
	case req.VersionId != nil && req.VersionStage != nil:
		return "VersionId: " + *req.VersionId + " and staging label: " + *req.VersionStage
	case req.VersionId != nil:
		return "VersionId: " + *req.VersionId
	}
	return "staging label: " + orDefault(req.VersionStage, StageCurrent)
}

func (s *Server) putSecretValue(body []byte) (any, *apiError) {
	var req valueRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	if err := checkValue(req.SecretString, req.SecretBinary, true); err != nil {
		return nil, err
	}
	if err := checkToken(req.ClientRequestToken, true); err != nil {
		return nil, err
	}
	if err := checkStages(req.VersionStages); err != nil {
		return nil, err
	}
	sec, err := s.active(req.SecretId)
	if err != nil {
		return nil, err
	}
	// Ledger row S4: a token that names a version is a repeat: the same
	// value is ignored (stages left as they are), another one refused.
	if v := sec.version(*req.ClientRequestToken); v != nil {
		if v.value != *req.SecretString {
			return nil, &apiError{Code: "ResourceExistsException", Message: "You can't modify an existing version, you can only create a new version.", Status: 400}
		}
		return map[string]any{"ARN": sec.arn, "Name": sec.name, "VersionId": v.id, "VersionStages": slices.Clone(v.stages)}, nil
	}
	v := sec.addVersion(*req.ClientRequestToken, *req.SecretString, req.VersionStages, s.clock())
	return map[string]any{"ARN": sec.arn, "Name": sec.name, "VersionId": v.id, "VersionStages": slices.Clone(v.stages)}, nil
}

func (s *Server) updateSecretVersionStage(body []byte) (any, *apiError) {
	var req struct {
		SecretId            *string
		VersionStage        *string
		MoveToVersionId     *string
		RemoveFromVersionId *string
	}
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	if req.VersionStage == nil {
		return nil, missing("VersionStage")
	}
	if err := checkStages([]string{*req.VersionStage}); err != nil {
		return nil, err
	}
	sec, err := s.active(req.SecretId)
	if err != nil {
		return nil, err
	}
	stage := *req.VersionStage
	from := sec.holder(stage)
	// Ledger row S5: a label attached elsewhere moves only when the request
	// names the version it leaves.
	if from != nil && (req.MoveToVersionId == nil || *req.MoveToVersionId != from.id) &&
		(req.RemoveFromVersionId == nil || *req.RemoveFromVersionId != from.id) {
		return nil, invalidParameter(fmt.Sprintf("The staging label %s is attached to version %s: name it in RemoveFromVersionId.", stage, from.id))
	}
	if req.MoveToVersionId == nil {
		if from == nil || req.RemoveFromVersionId == nil {
			return nil, invalidParameter("The request moves no staging label: give MoveToVersionId, or RemoveFromVersionId with the version that holds the label.")
		}
		// Ledger row S5: every secret keeps a current version.
		if stage == StageCurrent {
			return nil, invalidParameter("You can't remove the staging label AWSCURRENT from a version without attaching it to another.")
		}
		from.stages = slices.DeleteFunc(from.stages, func(s string) bool { return s == stage })
		sec.changed = s.clock()
		return map[string]string{"ARN": sec.arn, "Name": sec.name}, nil
	}
	to := sec.version(*req.MoveToVersionId)
	if to == nil {
		return nil, invalidParameter("Secrets Manager can't find the version " + *req.MoveToVersionId + ".")
	}
	sec.attach(stage, to)
	sec.changed = s.clock()
	return map[string]string{"ARN": sec.arn, "Name": sec.name}, nil
}

// wireDescription is DescribeSecret's answer: members that are not set are
// absent.
type wireDescription struct {
	ARN                string              `json:"ARN"`
	Name               string              `json:"Name"`
	Description        *string             `json:"Description,omitempty"`
	KmsKeyId           string              `json:"KmsKeyId,omitempty"`
	CreatedDate        float64             `json:"CreatedDate"`
	LastChangedDate    float64             `json:"LastChangedDate"`
	LastAccessedDate   *float64            `json:"LastAccessedDate,omitempty"`
	DeletedDate        *float64            `json:"DeletedDate,omitempty"`
	Tags               []tag               `json:"Tags,omitempty"`
	VersionIdsToStages map[string][]string `json:"VersionIdsToStages,omitempty"`
}

func (s *Server) describeSecret(body []byte) (any, *apiError) {
	var req valueRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	sec, err := s.lookup(req.SecretId)
	if err != nil {
		return nil, err
	}
	out := wireDescription{
		ARN: sec.arn, Name: sec.name, Description: sec.description,
		// Ledger row S2: the default key is left out.
		KmsKeyId:    sec.kmsKeyID,
		CreatedDate: epoch(sec.created), LastChangedDate: epoch(sec.changed),
		Tags: slices.Clone(sec.tags),
	}
	if sec.accessed != nil {
		out.LastAccessedDate = ptr(epoch(*sec.accessed))
	}
	// Ledger row S7: a secret scheduled for deletion is described, with
	// the date it was scheduled.
	if sec.deletedDate != nil {
		out.DeletedDate = ptr(epoch(*sec.deletedDate))
	}
	// Ledger row S3: versions without a label are left out.
	for _, v := range sec.versions {
		if len(v.stages) == 0 {
			continue
		}
		if out.VersionIdsToStages == nil {
			out.VersionIdsToStages = map[string][]string{}
		}
		out.VersionIdsToStages[v.id] = slices.Clone(v.stages)
	}
	return out, nil
}

func (s *Server) tagResource(body []byte) (any, *apiError) {
	var req struct {
		SecretId *string
		Tags     []tag
	}
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	if req.Tags == nil {
		return nil, missing("Tags")
	}
	sec, err := s.active(req.SecretId)
	if err != nil {
		return nil, err
	}
	if err := checkTags(sec.tags, req.Tags); err != nil {
		return nil, err
	}
	// Ledger row S2: a tag whose key the secret has replaces its value.
	for _, t := range req.Tags {
		if i := slices.IndexFunc(sec.tags, func(o tag) bool { return o.Key == t.Key }); i >= 0 {
			sec.tags[i].Value = t.Value
		} else {
			sec.tags = append(sec.tags, t)
		}
	}
	sec.changed = s.clock()
	return struct{}{}, nil
}

func (s *Server) deleteSecret(body []byte) (any, *apiError) {
	var req struct {
		SecretId                   *string
		RecoveryWindowInDays       *int64
		ForceDeleteWithoutRecovery *bool
	}
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	force := req.ForceDeleteWithoutRecovery != nil && *req.ForceDeleteWithoutRecovery
	// Ledger row S7.
	if force && req.RecoveryWindowInDays != nil {
		return nil, invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
	}
	days := int64(defaultRecoveryDays)
	if req.RecoveryWindowInDays != nil {
		if days = *req.RecoveryWindowInDays; days < 7 || days > 30 {
			return nil, invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
		}
	}
	now := s.clock()
	sec, err := s.lookup(req.SecretId)
	if force {
		// Ledger row S8: a forced delete of a secret that does not exist
		// is no error. The name is free at once in the fake; the service
		// frees it after a short delay.
		out := map[string]any{"DeletionDate": epoch(now)}
		if err != nil {
			out[identifierKey(*req.SecretId)] = *req.SecretId
			return out, nil
		}
		delete(s.secrets, sec.name)
		out["ARN"], out["Name"] = sec.arn, sec.name
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	if sec.deletedDate != nil {
		return nil, invalidRequest("You tried to perform the operation on a secret that's currently marked deleted.")
	}
	sec.deletedDate = &now
	sec.deletionDate = now.Add(time.Duration(days) * 24 * time.Hour)
	return map[string]any{"ARN": sec.arn, "Name": sec.name, "DeletionDate": epoch(sec.deletionDate)}, nil
}

// identifierKey is the member that names a secret given by id: ARN for an
// ARN, Name otherwise.
func identifierKey(id string) string {
	if strings.HasPrefix(id, "arn:") {
		return "ARN"
	}
	return "Name"
}

func (s *Server) restoreSecret(body []byte) (any, *apiError) {
	var req valueRequest
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	sec, err := s.lookup(req.SecretId)
	if err != nil {
		return nil, err
	}
	// Ledger row S7: restoring ends the scheduled deletion; restoring a
	// secret that is not scheduled changes nothing.
	sec.deletedDate = nil
	return map[string]string{"ARN": sec.arn, "Name": sec.name}, nil
}

// checkName and the other checks apply the limits of the API reference
// (ledger row S11).
func checkName(name string) *apiError {
	if n := len(name); n < 1 || n > 512 {
		return invalidParameter("Invalid name: it must be 1 to 512 characters.")
	}
	if !namePattern.MatchString(name) {
		return invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")
	}
	return nil
}

// checkValue applies the rules of a secret's value: SecretString at most
// 65536 characters; PutSecretValue needs one (required), CreateSecret may
// make a secret without a version. SecretBinary is not modelled.
func checkValue(str *string, bin []byte, required bool) *apiError {
	switch {
	case bin != nil:
		return invalidParameter("The fake models SecretString only, not SecretBinary.")
	case str == nil && required:
		return invalidParameter("You must provide either SecretString or SecretBinary.")
	case str != nil && len(*str) > 65536:
		return invalidParameter("SecretString must be at most 65536 characters.")
	}
	return nil
}

// checkToken applies ClientRequestToken's length, 32 to 64. The SDK fills
// one in; a raw request that creates a version must have one.
func checkToken(token *string, needed bool) *apiError {
	switch {
	case token == nil && needed:
		return invalidParameter("You must provide a ClientRequestToken for a request that creates a version.")
	case token != nil && (len(*token) < 32 || len(*token) > 64):
		return invalidParameter("ClientRequestToken must be 32 to 64 characters.")
	}
	return nil
}

func checkStages(stages []string) *apiError {
	if stages != nil && (len(stages) < 1 || len(stages) > 20) {
		return invalidParameter("VersionStages must hold 1 to 20 staging labels.")
	}
	for _, st := range stages {
		if n := len(st); n < 1 || n > 256 {
			return invalidParameter("A staging label must be 1 to 256 characters.")
		}
	}
	return nil
}

// checkTags applies the tag limits to the tags a secret would have.
func checkTags(have, add []tag) *apiError {
	keys := map[string]bool{}
	for _, t := range have {
		keys[t.Key] = true
	}
	for _, t := range add {
		if n := len([]rune(t.Key)); n < 1 || n > 128 {
			return invalidParameter("A tag key must be 1 to 128 characters.")
		}
		if len([]rune(t.Value)) > 256 {
			return invalidParameter("A tag value must be at most 256 characters.")
		}
		keys[t.Key] = true
	}
	if len(keys) > maxTags {
		return invalidParameter("A secret can have at most 50 tags.")
	}
	return nil
}

func decode(body []byte, v any) *apiError {
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(v); err != nil {
		return &apiError{Code: "SerializationException", Message: "Cannot read the request body.", Status: 400}
	}
	return nil
}

func missing(member string) *apiError {
	return invalidParameter(fmt.Sprintf("You must provide %s.", member))
}

func invalidParameter(msg string) *apiError {
	return &apiError{Code: "InvalidParameterException", Message: msg, Status: 400}
}

func invalidRequest(msg string) *apiError {
	return &apiError{Code: "InvalidRequestException", Message: msg, Status: 400}
}

func notFound() *apiError {
	return &apiError{Code: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret.", Status: 400}
}

// epoch writes a date as the service does: seconds since the epoch, with
// millisecond precision.
func epoch(t time.Time) float64 {
	return float64(t.UnixMilli()) / 1000
}

func aString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func orDefault(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}

func ptr[T any](v T) *T { return &v }

// clock returns now in the precision the wire keeps, so that a stored date
// and the one a client reads back compare equal.
func (s *Server) clock() time.Time {
	return time.UnixMilli(s.now().UnixMilli()).UTC()
}
