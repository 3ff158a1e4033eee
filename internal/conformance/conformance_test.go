package conformance

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
	"github.com/cognito-client-resource/cognitoclient/internal/secretsfake"
)

const testApplicationArn = "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef0123456789abcdef"

// fakes are the two fakes a run is checked against, with a user pool.
type fakes struct {
	cognito *cognitofake.Server
	secrets *secretsfake.Server
	pool    string
}

// calls is how many requests the fakes received.
func (f fakes) calls() int { return len(f.cognito.Calls()) + len(f.secrets.Calls()) }

// against returns the fakes, an SDK client for the Cognito one, options
// with a client for the Secrets Manager one (the clients without retries,
// so that every call is one request) and every scenario's needs.
func against(t *testing.T, opts ...cognitofake.Option) (fakes, *cip.Client, Options) {
	t.Helper()
	f := fakes{cognito: cognitofake.New(opts...), secrets: secretsfake.New()}
	t.Cleanup(f.cognito.Close)
	t.Cleanup(f.secrets.Close)
	f.pool = f.cognito.CreatePool()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	creds := credentials.NewStaticCredentialsProvider("AKIDCONFORMANCE", "not-a-secret", "")
	c := cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(f.cognito.URL()),
		Credentials:  creds,
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Transport: tr},
	})
	secrets := sm.New(sm.Options{
		Region:       "eu-central-1",
		BaseEndpoint: aws.String(f.secrets.URL()),
		Credentials:  creds,
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Transport: tr},
	})
	return f, c, Options{AnalyticsApplicationArn: testApplicationArn, SecretsManager: secrets, SecretPrefix: "conformance-test/"}
}

// callsAgainstTheFakes is how many calls the scenarios that keep make
// against the fakes, which never lag: every call but the polls.
func callsAgainstTheFakes(keep func(Scenario) bool) int {
	n := 0
	for _, s := range Scenarios() {
		if keep(s) {
			n += s.Calls - s.Polls
		}
	}
	return n
}

func every(Scenario) bool { return true }

// TestTheFakeFollowsTheLedger is the suite of make test: every scenario
// against the fakes, each expected to agree, and no secret left behind.
func TestTheFakeFollowsTheLedger(t *testing.T) {
	t.Parallel()
	f, c, opts := against(t)
	results, err := Run(context.Background(), c, f.pool, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != len(Scenarios()) {
		t.Errorf("%d results for %d scenarios", len(results), len(Scenarios()))
	}
	for _, r := range results {
		if !r.Agrees || r.Skipped {
			t.Errorf("ledger row %s (%s):\n expected %s\n observed %s\n messages %q", r.Label(), r.Scenario, r.Expected, r.Observed, r.Messages)
		}
	}
	if got, want := f.calls(), callsAgainstTheFakes(every); got != want {
		t.Errorf("the run made %d calls, the scenarios' estimates without their polls say %d", got, want)
	}
	if left := f.secrets.Secrets(); len(left) != 0 {
		t.Errorf("the run left %d secrets, the first %s", len(left), left[0].Name)
	}
}

// TestTheSuiteSeesAFakeThatDrifts shows that a fake that does not follow a
// row, or a call that fails, makes that row's scenario disagree, and only
// that one.
func TestTheSuiteSeesAFakeThatDrifts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		opts     []cognitofake.Option
		setup    func(fakes)
		disagree []string
		message  string // in the messages of the first row that disagrees
	}{
		{name: "units filled in", opts: []cognitofake.Option{cognitofake.WithUnitsFilledIn()}, disagree: []string{"3"}},
		{
			name:  "the first update fails",
			setup: func(f fakes) { f.cognito.Fail("UpdateUserPoolClient", 1, cognitofake.NotFound) },
			// Row 7 makes the run's first update.
			disagree: []string{"7"}, message: "ResourceNotFoundException",
		},
		{
			name:     "the minimal client cannot be created",
			setup:    func(f fakes) { f.cognito.Fail("CreateUserPoolClient", 1, cognitofake.LimitExceeded) },
			disagree: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, message: "LimitExceededException",
		},
		{
			name:  "the first secret added is refused",
			setup: func(f fakes) { f.cognito.Fail("AddUserPoolClientSecret", 1, cognitofake.LimitExceeded) },
			// Row 28 adds the run's first secret.
			disagree: []string{"28"}, message: "LimitExceededException",
		},
		{
			name:  "the first put of a secret value fails",
			setup: func(f fakes) { f.secrets.Fail("PutSecretValue", 1, secretsfake.Internal) },
			// Row S3 makes the run's first put.
			disagree: []string{"S3"}, message: "InternalServiceError",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c, opts := against(t, tt.opts...)
			if tt.setup != nil {
				tt.setup(f)
			}
			results, err := Run(context.Background(), c, f.pool, opts)
			if err != nil {
				t.Fatal(err)
			}
			var disagree []string
			var messages []string
			for _, r := range results {
				if !r.Agrees {
					if disagree == nil {
						messages = r.Messages
					}
					disagree = append(disagree, r.Label())
				}
			}
			if !slices.Equal(disagree, tt.disagree) {
				t.Errorf("rows %v disagree, want %v", disagree, tt.disagree)
			}
			if tt.message != "" && !strings.Contains(strings.Join(messages, "\n"), tt.message) {
				t.Errorf("messages %q do not hold %q", messages, tt.message)
			}
		})
	}
}

// Rows 13, 14 and 30 need an analytics application, the Secrets Manager rows a
// client: without them they are skipped, make no call, and count as no
// disagreement.
func TestScenariosSkipWithoutWhatTheyNeed(t *testing.T) {
	t.Parallel()
	f, c, _ := against(t)
	results, err := Run(context.Background(), c, f.pool, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var skipped, wantSkipped []string
	for _, s := range Scenarios() {
		if s.NeedsAnalytics || s.Table == SecretsManager {
			wantSkipped = append(wantSkipped, s.Label())
		}
	}
	for _, r := range results {
		switch {
		case r.Skipped:
			skipped = append(skipped, r.Label())
			if r.Agrees {
				t.Errorf("row %s: skipped and agrees", r.Label())
			}
		case !r.Agrees:
			t.Errorf("row %s: observed %s, expected %s", r.Label(), r.Observed, r.Expected)
		}
	}
	if !slices.Equal(skipped, wantSkipped) || !slices.Contains(skipped, "13") || !slices.Contains(skipped, "30") || !slices.Contains(skipped, "S1") {
		t.Errorf("skipped rows %v, want %v", skipped, wantSkipped)
	}
	want := callsAgainstTheFakes(func(s Scenario) bool { return !s.NeedsAnalytics && s.Table != SecretsManager })
	if got := f.calls(); got != want {
		t.Errorf("%d calls, want %d", got, want)
	}
}

func TestRunStopsWhenTheContextIsDone(t *testing.T) {
	t.Parallel()
	f, c, opts := against(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results, err := Run(ctx, c, f.pool, opts)
	if !errors.Is(err, context.Canceled) || len(results) != 0 {
		t.Errorf("Run = %d results, %v; want none and context.Canceled", len(results), err)
	}
	if n := f.calls(); n != 0 {
		t.Errorf("%d calls after the context was done", n)
	}
}

// The secrets a run creates are deleted on every path: after an interrupt
// (with a context of their own), and those that cannot be are named.
func TestRunDeletesItsSecrets(t *testing.T) {
	t.Parallel()
	t.Run("interrupted", func(t *testing.T) {
		t.Parallel()
		f, c, opts := against(t)
		f.secrets.Fail("PutSecretValue", 1, secretsfake.Hang)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() {
			_, err := Run(ctx, c, f.pool, opts)
			done <- err
		}()
		for i := 0; f.secrets.CallCount("PutSecretValue") == 0; i++ {
			if i == 2000 {
				t.Fatal("the run never reached the hung put")
			}
			time.Sleep(5 * time.Millisecond)
		}
		if len(f.secrets.Secrets()) == 0 {
			t.Fatal("no secret to delete")
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run: %v, want context.Canceled", err)
		}
		if left := f.secrets.Secrets(); len(left) != 0 {
			t.Errorf("%d secrets left after an interrupt", len(left))
		}
	})
	t.Run("deletions refused", func(t *testing.T) {
		t.Parallel()
		f, c, opts := against(t)
		f.secrets.Fail("DeleteSecret", 1000, secretsfake.Internal)
		_, err := Run(context.Background(), c, f.pool, opts)
		var left *SecretsLeftError
		if !errors.As(err, &left) {
			t.Fatalf("Run: %v, want a SecretsLeftError", err)
		}
		var names []string
		for _, s := range f.secrets.Secrets() {
			names = append(names, s.Name)
		}
		slices.Sort(left.Names)
		if len(names) == 0 || !slices.Equal(left.Names, names) {
			t.Errorf("the error names %v, the fake holds %v", left.Names, names)
		}
		if !strings.Contains(err.Error(), "conformance-test/s1") {
			t.Errorf("the error does not name the secrets: %v", err)
		}
	})
}

// ledgerRow is one row of the ledger's tables.
type ledgerRow struct {
	table      Table
	n          int
	observable bool
	scenario   string
}

func (r ledgerRow) label() string { return r.table.Label(r.n) }

// readLedger reads the tables of docs/cognito-behaviour.md: the Cognito
// rows (1, 2, ...) and the Secrets Manager rows (S1, S2, ...).
func readLedger(t *testing.T) []ledgerRow {
	t.Helper()
	f, err := os.Open("../../docs/cognito-behaviour.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []ledgerRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		r := ledgerRow{}
		id, ok := strings.CutPrefix(cells[0], "S")
		if ok {
			r.table = SecretsManager
		}
		if r.n, err = strconv.Atoi(id); err != nil {
			continue // a header
		}
		if len(cells) != 7 {
			t.Fatalf("ledger row %s has %d cells, want 7", r.label(), len(cells))
		}
		for i, name := range []string{"Behaviour", "Evidence", "Confidence", "Observable", "Scenario", "Fake"} {
			if cells[i+1] == "" {
				t.Errorf("ledger row %s: %s is empty", r.label(), name)
			}
		}
		switch obs := cells[4]; {
		case strings.HasPrefix(obs, "yes"):
			r.observable = true
			r.scenario = strings.Trim(cells[5], "`")
		case strings.HasPrefix(obs, "no: "):
			if cells[5] != "—" {
				t.Errorf("ledger row %s is not observable but names scenario %s", r.label(), cells[5])
			}
		default:
			t.Errorf("ledger row %s: Observable %q is neither \"yes\" nor \"no: <why>\"", r.label(), obs)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestLedgerAndScenariosMatch holds the ledger and the suite to each other:
// each table's rows numbered upwards, none twice (numbers are kept for
// good, so a table may have a gap while a row is written elsewhere); every
// observable row has its scenario, and every scenario checks an observable
// row that names it.
func TestLedgerAndScenariosMatch(t *testing.T) {
	t.Parallel()
	rows := readLedger(t)
	if len(rows) < 23 {
		t.Fatalf("the ledger has %d rows, want at least 23", len(rows))
	}
	byRow := map[string]Scenario{}
	for _, s := range Scenarios() {
		if _, dup := byRow[s.Label()]; dup {
			t.Errorf("two scenarios for row %s", s.Label())
		}
		byRow[s.Label()] = s
	}
	seen := map[string]bool{}
	last := map[Table]int{}
	for _, r := range rows {
		if r.n <= last[r.table] {
			t.Errorf("ledger row %s comes after row %s", r.label(), r.table.Label(last[r.table]))
		}
		last[r.table] = r.n
		seen[r.label()] = true
		s, ok := byRow[r.label()]
		switch {
		case r.observable && !ok:
			t.Errorf("ledger row %s is observable, but no scenario checks it", r.label())
		case r.observable && s.Name != r.scenario:
			t.Errorf("ledger row %s names scenario %q, the suite's is %q", r.label(), r.scenario, s.Name)
		case !r.observable && ok:
			t.Errorf("scenario %s checks ledger row %s, which the ledger says is not observable", s.Name, r.label())
		}
	}
	if last[Cognito] < 23 || last[SecretsManager] == 0 {
		t.Errorf("the ledger's last rows are %d and S%d", last[Cognito], last[SecretsManager])
	}
	for label, s := range byRow {
		if !seen[label] {
			t.Errorf("scenario %s checks row %s, which the ledger does not have", s.Name, label)
		}
	}
}
