package release_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/semver"
	"gopkg.in/yaml.v3"

	"github.com/cognito-client-resource/cognitoclient/internal/cfnlint"
	"github.com/cognito-client-resource/cognitoclient/internal/samtemplate"
)

// A release's version is written in three places that must agree: the
// CHANGELOG's latest section, the SemanticVersion that template.yaml gives
// the Serverless Application Repository (and examples/per-stack.yaml
// deploys), and the tag vX.Y.Z of the release's commit.

// version is one version section of the CHANGELOG.
type version struct {
	Version string // X.Y.Z
	Date    time.Time
}

var (
	// sectionHeading is a version's heading: ## [X.Y.Z] - YYYY-MM-DD.
	sectionHeading = regexp.MustCompile(`^## \[([^\]]+)\] - (\S+)$`)
	// versionCore is X.Y.Z, with an optional pre-release or build suffix
	// (semver.IsValid alone also takes X and X.Y).
	versionCore = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)([-+].*)?$`)
	// tagName is a release tag.
	tagName = regexp.MustCompile(`^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$`)
)

// parseChangelog returns the CHANGELOG's versions in the file's order, and
// fails on any second-level heading that is neither [Unreleased], first,
// nor a version section, on a version that is not semantic, on a date that
// is not a date, and on versions or dates out of order.
func parseChangelog(text string) ([]version, error) {
	var out []version
	for i, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "## ") {
			continue
		}
		n := i + 1
		if line == "## [Unreleased]" {
			if len(out) > 0 {
				return nil, fmt.Errorf("line %d: [Unreleased] comes before every version", n)
			}
			continue
		}
		m := sectionHeading.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("line %d: %q is not '## [X.Y.Z] - YYYY-MM-DD'", n, line)
		}
		if !versionCore.MatchString(m[1]) || !semver.IsValid("v"+m[1]) {
			return nil, fmt.Errorf("line %d: %q is not a semantic version", n, m[1])
		}
		date, err := time.Parse(time.DateOnly, m[2])
		if err != nil {
			return nil, fmt.Errorf("line %d: %q is not a date (YYYY-MM-DD)", n, m[2])
		}
		r := version{Version: m[1], Date: date}
		if len(out) > 0 {
			prev := out[len(out)-1]
			if semver.Compare("v"+r.Version, "v"+prev.Version) >= 0 {
				return nil, fmt.Errorf("line %d: %s comes after %s: newest first", n, r.Version, prev.Version)
			}
			if r.Date.After(prev.Date) {
				return nil, fmt.Errorf("line %d: %s is dated after %s, a later version", n, r.Version, prev.Version)
			}
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no version section")
	}
	return out, nil
}

func TestParseChangelog(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []string // versions; nil when the text is refused
		problem    string
	}{
		{"versions under Unreleased", "# Changelog\n\n## [Unreleased]\n\n- x\n\n## [0.2.0] - 2026-11-30\n\n### Added\n\n## [0.1.0] - 2026-11-23\n", []string{"0.2.0", "0.1.0"}, ""},
		{"pre-release", "## [1.0.0] - 2027-01-02\n## [1.0.0-rc.1] - 2027-01-01\n", []string{"1.0.0", "1.0.0-rc.1"}, ""},
		{"no version", "# Changelog\n\n## [Unreleased]\n", nil, "no version section"},
		{"Unreleased below a version", "## [0.1.0] - 2026-11-23\n## [Unreleased]\n", nil, "[Unreleased] comes before"},
		{"no date", "## [0.1.0]\n", nil, "is not '## [X.Y.Z] - YYYY-MM-DD'"},
		{"two parts", "## [0.1] - 2026-11-23\n", nil, `"0.1" is not a semantic version`},
		{"a v", "## [v0.1.0] - 2026-11-23\n", nil, "is not a semantic version"},
		{"a leading zero", "## [0.01.0] - 2026-11-23\n", nil, "is not a semantic version"},
		{"not a date", "## [0.1.0] - 2026-13-01\n", nil, `"2026-13-01" is not a date`},
		{"oldest first", "## [0.1.0] - 2026-11-23\n## [0.2.0] - 2026-11-30\n", nil, "0.2.0 comes after 0.1.0"},
		{"twice", "## [0.1.0] - 2026-11-23\n## [0.1.0] - 2026-11-23\n", nil, "0.1.0 comes after 0.1.0"},
		{"dates out of order", "## [0.2.0] - 2026-11-01\n## [0.1.0] - 2026-11-23\n", nil, "0.1.0 is dated after 0.2.0"},
		{"another heading", "## [0.1.0] - 2026-11-23\n## Notes\n", nil, `"## Notes" is not`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseChangelog(tt.text)
			var versions []string
			for _, r := range got {
				versions = append(versions, r.Version)
			}
			switch {
			case tt.want != nil && (err != nil || !slices.Equal(versions, tt.want)):
				t.Errorf("parseChangelog = %q, %v; want %q", versions, err, tt.want)
			case tt.want == nil && (err == nil || !strings.Contains(err.Error(), tt.problem)):
				t.Errorf("parseChangelog = %q, %v; want an error saying %q", versions, err, tt.problem)
			}
		})
	}
}

// changelog returns the repository's CHANGELOG versions, newest first.
func changelog(t *testing.T) []version {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	releases, err := parseChangelog(string(data))
	if err != nil {
		t.Fatalf("CHANGELOG.md: %v", err)
	}
	return releases
}

func TestChangelog(t *testing.T) {
	t.Parallel()
	releases := changelog(t)
	if first := releases[len(releases)-1]; first.Version != "0.1.0" {
		t.Errorf("the first version is %s, want 0.1.0", first.Version)
	}
}

// sarApp is the AWS::ServerlessRepo::Application metadata that `sam publish`
// reads.
type sarApp struct {
	Name            string   `yaml:"Name"`
	Description     string   `yaml:"Description"`
	Author          string   `yaml:"Author"`
	SpdxLicenseID   string   `yaml:"SpdxLicenseId"`
	LicenseURL      string   `yaml:"LicenseUrl"`
	ReadmeURL       string   `yaml:"ReadmeUrl"`
	Labels          []string `yaml:"Labels"`
	HomePageURL     string   `yaml:"HomePageUrl"`
	SemanticVersion string   `yaml:"SemanticVersion"`
	SourceCodeURL   string   `yaml:"SourceCodeUrl"`
}

func serverlessRepoApp(t *testing.T) sarApp {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Metadata map[string]yaml.Node `yaml:"Metadata"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	node, ok := doc.Metadata["AWS::ServerlessRepo::Application"]
	if !ok {
		t.Fatal("template.yaml has no Metadata.AWS::ServerlessRepo::Application")
	}
	var app sarApp
	if err := node.Decode(&app); err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := node.Decode(&fields); err != nil {
		t.Fatal(err)
	}
	if len(fields) != 10 {
		t.Errorf("the metadata has %d fields, want the 10 of sarApp: %v", len(fields), fields)
	}
	return app
}

// modulePath returns go.mod's module path, which names the repository.
func modulePath(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^module (\S+)$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	return string(m[1])
}

// TestServerlessRepoMetadata holds template.yaml's publishing metadata to
// the rules of the Serverless Application Repository (the SAM developer
// guide's "Metadata section properties": lengths and patterns) and to the
// repository: the license, the readme, the source URL and the version.
func TestServerlessRepoMetadata(t *testing.T) {
	t.Parallel()
	app := serverlessRepoApp(t)
	repo := "https://" + modulePath(t)
	check := func(field string, ok bool, want string) {
		t.Helper()
		if !ok {
			t.Errorf("%s: want %s", field, want)
		}
	}

	check("Name "+app.Name, regexp.MustCompile(`^[a-zA-Z0-9-]{1,140}$`).MatchString(app.Name) && app.Name == "cognito-user-pool-client",
		"cognito-user-pool-client (1-140 letters, digits, hyphens)")
	check("Description", len(app.Description) >= 1 && len(app.Description) <= 256 && strings.Contains(app.Description, "Custom::CognitoUserPoolClient"),
		"1-256 characters naming Custom::CognitoUserPoolClient")
	check("Author "+app.Author, len(app.Author) <= 127 && regexp.MustCompile(`^[a-z0-9]([a-z0-9]|-[a-z0-9])*$`).MatchString(app.Author),
		"1-127 lower-case letters and digits, single hyphens inside")
	check("SpdxLicenseId "+app.SpdxLicenseID, app.SpdxLicenseID == "Apache-2.0", "Apache-2.0")
	license, err := os.ReadFile(filepath.Join(root, app.LicenseURL))
	check("LicenseUrl "+app.LicenseURL, err == nil && app.LicenseURL == "LICENSE" &&
		strings.Contains(string(license), "Apache License") && strings.Contains(string(license), "Version 2.0"),
		"LICENSE, the Apache License 2.0")
	readme, err := os.Stat(filepath.Join(root, app.ReadmeURL))
	check("ReadmeUrl "+app.ReadmeURL, err == nil && app.ReadmeURL == "README.md" && readme.Size() <= 5<<20,
		"README.md, at most 5 MB")
	label := regexp.MustCompile(`^[a-zA-Z0-9+\-_:/@]{1,127}$`)
	check(fmt.Sprintf("Labels %q", app.Labels), len(app.Labels) >= 1 && len(app.Labels) <= 10 &&
		!slices.ContainsFunc(app.Labels, func(l string) bool { return !label.MatchString(l) }) &&
		slices.Contains(app.Labels, "cognito") && slices.Contains(app.Labels, "custom-resource"),
		"1 to 10 labels of 1-127 letters, digits and +-_:/@, cognito and custom-resource among them")
	check("HomePageUrl "+app.HomePageURL, app.HomePageURL == repo, repo+", the repository go.mod names")
	check("SourceCodeUrl "+app.SourceCodeURL, app.SourceCodeURL == repo, repo+", the repository go.mod names")

	latest := changelog(t)[0].Version
	check("SemanticVersion "+app.SemanticVersion, app.SemanticVersion == latest, latest+", the CHANGELOG's latest version")
}

// releaseTags returns the release tags (vX.Y.Z) among tags.
func releaseTags(tags []string) []string {
	var out []string
	for _, tag := range tags {
		if tagName.MatchString(tag) {
			out = append(out, tag)
		}
	}
	return out
}

func TestReleaseTags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tags []string
		want []string
	}{
		{"none", nil, nil},
		{"a release", []string{"v0.3.0"}, []string{"v0.3.0"}},
		{"other tags", []string{"v0.3.0-rc.1", "0.3.0", "latest", "v0.3", "v0.3.0"}, []string{"v0.3.0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := releaseTags(tt.tags); !slices.Equal(got, tt.want) {
				t.Errorf("releaseTags(%q) = %q, want %q", tt.tags, got, tt.want)
			}
		})
	}
}

// TestReleaseTagIsTheVersion: when HEAD is a release (a vX.Y.Z tag points
// at it), that tag is the CHANGELOG's latest version and the template's.
// Outside a git checkout (an archive) there is no tag to compare.
func TestReleaseTagIsTheVersion(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skip("not a git checkout: no tag to compare")
	}
	out, err := exec.CommandContext(t.Context(), "git", "-C", root, "tag", "--points-at", "HEAD").Output()
	if err != nil {
		t.Fatalf("git tag --points-at HEAD: %v", err)
	}
	want := "v" + changelog(t)[0].Version
	for _, tag := range releaseTags(strings.Fields(string(out))) {
		if tag != want {
			t.Errorf("HEAD is tagged %s, but the CHANGELOG's latest version is %s", tag, want)
		}
	}
	if v := serverlessRepoApp(t).SemanticVersion; "v"+v != want {
		t.Errorf("SemanticVersion %s, want the CHANGELOG's %s", v, want)
	}
}

// perStackLocations returns examples/per-stack.yaml as it is (Location, a
// local path) and with the commented Serverless Application Repository
// form in its place.
func perStackLocations(t *testing.T) (local, published []byte) {
	t.Helper()
	local, err := os.ReadFile(filepath.Join(root, "examples", "per-stack.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(local), "\n")
	start := slices.Index(lines, "      #   Location:")
	if start < 0 {
		t.Fatal("examples/per-stack.yaml has no commented '#   Location:' form")
	}
	var form []string
	for _, l := range lines[start:] {
		if !strings.HasPrefix(l, "      #   ") {
			break
		}
		form = append(form, "      "+strings.TrimPrefix(l, "      #   "))
	}
	at := slices.Index(lines, "      Location: ../template.yaml")
	if at < 0 {
		t.Fatal("examples/per-stack.yaml does not nest ../template.yaml")
	}
	out := slices.Concat(lines[:at], form, lines[at+1:])
	return local, []byte(strings.Join(out, "\n"))
}

// TestPerStackExampleLocations: the nested application of
// examples/per-stack.yaml is a local path to template.yaml, and its
// comments give the published form, which names this application and its
// latest version.
func TestPerStackExampleLocations(t *testing.T) {
	t.Parallel()
	local, published := perStackLocations(t)
	app := serverlessRepoApp(t)

	tpl, err := samtemplate.Parse(local)
	if err != nil {
		t.Fatal(err)
	}
	if got := tpl.Resources["ClientResource"].Properties["Location"]; got != "../template.yaml" {
		t.Errorf("Location %v, want ../template.yaml", got)
	}
	if _, err := os.Stat(filepath.Join(root, "template.yaml")); err != nil {
		t.Error(err)
	}

	tpl, err = samtemplate.Parse(published)
	if err != nil {
		t.Fatalf("the published form does not parse: %v\n%s", err, published)
	}
	loc, ok := tpl.Resources["ClientResource"].Properties["Location"].(map[string]any)
	if !ok || len(loc) != 2 {
		t.Fatalf("the published Location is %v, want {ApplicationId, SemanticVersion}", tpl.Resources["ClientResource"].Properties["Location"])
	}
	arn := regexp.MustCompile(`^arn:aws:serverlessrepo:[a-z]{2}(-[a-z]+)+-\d:\d{12}:applications/` + regexp.QuoteMeta(app.Name) + `$`)
	if id, _ := loc["ApplicationId"].(string); !arn.MatchString(id) {
		t.Errorf("ApplicationId %v, want arn:aws:serverlessrepo:<Region>:<account>:applications/%s", loc["ApplicationId"], app.Name)
	}
	if v := loc["SemanticVersion"]; v != app.SemanticVersion {
		t.Errorf("SemanticVersion %v, want %s, the one template.yaml publishes", v, app.SemanticVersion)
	}
}

// TestTemplatesPassCfnLint: template.yaml with its publishing metadata, the
// examples, and the per-stack example in its published form are templates
// that cfn-lint accepts.
func TestTemplatesPassCfnLint(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cfn-lint (Python), seconds")
	}
	t.Parallel()
	paths, err := filepath.Glob(filepath.Join(root, "examples", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	_, published := perStackLocations(t)
	// The published form names no file, so it can be checked anywhere.
	path := filepath.Join(t.TempDir(), "per-stack-published.yaml")
	if err := os.WriteFile(path, published, 0o644); err != nil {
		t.Fatal(err)
	}
	paths = append(paths, filepath.Join(root, "template.yaml"), path)
	if err := cfnlint.Check(t.Context(), paths...); err != nil {
		t.Error(err)
	}
}
