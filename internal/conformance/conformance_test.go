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

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-client-resource/cognitoclient/internal/cognitofake"
)

const testApplicationArn = "arn:aws:mobiletargeting:us-east-1:123456789012:apps/conformance"

// against returns the fake, an SDK client for it without retries (so that
// every call is one request), and a user pool.
func against(t *testing.T, opts ...cognitofake.Option) (*cognitofake.Server, *cip.Client, string) {
	t.Helper()
	s := cognitofake.New(opts...)
	t.Cleanup(s.Close)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c := cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(s.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDCONFORMANCE", "not-a-secret", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Transport: tr},
	})
	return s, c, s.CreatePool()
}

// TestTheFakeFollowsTheLedger is the suite of make test: every scenario
// against the fake, each expected to agree.
func TestTheFakeFollowsTheLedger(t *testing.T) {
	t.Parallel()
	s, c, pool := against(t)
	results, err := Run(context.Background(), c, pool, Options{AnalyticsApplicationArn: testApplicationArn})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != len(Scenarios()) {
		t.Errorf("%d results for %d scenarios", len(results), len(Scenarios()))
	}
	for _, r := range results {
		if !r.Agrees || r.Skipped {
			t.Errorf("ledger row %d (%s):\n expected %s\n observed %s\n messages %q", r.Row, r.Scenario, r.Expected, r.Observed, r.Messages)
		}
	}
	if got := len(s.Calls()); got != EstimatedCalls() {
		t.Errorf("the run made %d calls, EstimatedCalls says %d", got, EstimatedCalls())
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
		setup    func(*cognitofake.Server)
		disagree []int
		message  string // in the messages of the first row that disagrees
	}{
		{name: "units filled in", opts: []cognitofake.Option{cognitofake.WithUnitsFilledIn()}, disagree: []int{3}},
		{
			name:  "the first update fails",
			setup: func(s *cognitofake.Server) { s.Fail("UpdateUserPoolClient", 1, cognitofake.NotFound) },
			// Row 7 makes the run's first update.
			disagree: []int{7}, message: "ResourceNotFoundException",
		},
		{
			name:     "the minimal client cannot be created",
			setup:    func(s *cognitofake.Server) { s.Fail("CreateUserPoolClient", 1, cognitofake.LimitExceeded) },
			disagree: []int{1, 2, 3, 4, 5, 6, 7, 8, 9}, message: "LimitExceededException",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c, pool := against(t, tt.opts...)
			if tt.setup != nil {
				tt.setup(s)
			}
			results, err := Run(context.Background(), c, pool, Options{AnalyticsApplicationArn: testApplicationArn})
			if err != nil {
				t.Fatal(err)
			}
			var disagree []int
			var messages []string
			for _, r := range results {
				if !r.Agrees {
					if disagree == nil {
						messages = r.Messages
					}
					disagree = append(disagree, r.Row)
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

// Rows 13 and 14 need an analytics application: without one they are
// skipped, make no call, and count as no disagreement.
func TestAnalyticsScenariosSkipWithoutAnApplication(t *testing.T) {
	t.Parallel()
	s, c, pool := against(t)
	results, err := Run(context.Background(), c, pool, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var skipped []int
	for _, r := range results {
		switch {
		case r.Skipped:
			skipped = append(skipped, r.Row)
			if r.Agrees {
				t.Errorf("row %d: skipped and agrees", r.Row)
			}
		case !r.Agrees:
			t.Errorf("row %d: observed %s, expected %s", r.Row, r.Observed, r.Expected)
		}
	}
	if !slices.Equal(skipped, []int{13, 14}) {
		t.Errorf("skipped rows %v, want [13 14]", skipped)
	}
	if got, want := len(s.Calls()), EstimatedCalls()-3; got != want {
		t.Errorf("%d calls, want %d", got, want)
	}
}

func TestRunStopsWhenTheContextIsDone(t *testing.T) {
	t.Parallel()
	s, c, pool := against(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results, err := Run(ctx, c, pool, Options{AnalyticsApplicationArn: testApplicationArn})
	if !errors.Is(err, context.Canceled) || len(results) != 0 {
		t.Errorf("Run = %d results, %v; want none and context.Canceled", len(results), err)
	}
	if n := len(s.Calls()); n != 0 {
		t.Errorf("%d calls after the context was done", n)
	}
}

// ledgerRow is one row of the ledger's tables.
type ledgerRow struct {
	n          int
	table      int // which table of the file, from 0
	observable bool
	scenario   string
}

// readLedger reads the tables of docs/cognito-behaviour.md (Cognito's, and
// CloudFormation's side).
func readLedger(t *testing.T) []ledgerRow {
	t.Helper()
	f, err := os.Open("../../docs/cognito-behaviour.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []ledgerRow
	table, inTable := -1, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "| ") {
			inTable = false
			continue
		}
		if !inTable {
			table, inTable = table+1, true
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		n, err := strconv.Atoi(cells[0])
		if err != nil {
			continue // the header
		}
		if len(cells) != 7 {
			t.Fatalf("ledger row %d has %d cells, want 7", n, len(cells))
		}
		for i, name := range []string{"Behaviour", "Evidence", "Confidence", "Observable", "Scenario", "Fake"} {
			if cells[i+1] == "" {
				t.Errorf("ledger row %d: %s is empty", n, name)
			}
		}
		r := ledgerRow{n: n, table: table}
		switch obs := cells[4]; {
		case strings.HasPrefix(obs, "yes"):
			r.observable = true
			r.scenario = strings.Trim(cells[5], "`")
		case strings.HasPrefix(obs, "no: "):
			if cells[5] != "—" {
				t.Errorf("ledger row %d is not observable but names scenario %s", n, cells[5])
			}
		default:
			t.Errorf("ledger row %d: Observable %q is neither \"yes\" nor \"no: <why>\"", n, obs)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestLedgerAndScenariosMatch holds the ledger and the suite to each other:
// every row has a number of its own, rising down each table (a number, once
// given, never changes, and work in progress may hold numbers whose rows
// are not in yet); every observable row has its scenario, and every
// scenario checks an observable row that names it.
func TestLedgerAndScenariosMatch(t *testing.T) {
	t.Parallel()
	rows := readLedger(t)
	if len(rows) < 23 {
		t.Fatalf("the ledger has %d rows, want at least 23", len(rows))
	}
	byRow := map[int]Scenario{}
	for _, s := range Scenarios() {
		if _, dup := byRow[s.Row]; dup {
			t.Errorf("two scenarios for row %d", s.Row)
		}
		byRow[s.Row] = s
	}
	seen := map[int]bool{}
	for i, r := range rows {
		switch {
		case r.n < 1 || seen[r.n]:
			t.Errorf("ledger row %d is numbered %d, a number already given or not a row number", i+1, r.n)
		case i > 0 && rows[i-1].table == r.table && rows[i-1].n > r.n:
			t.Errorf("ledger row %d comes after row %d in its table", r.n, rows[i-1].n)
		}
		seen[r.n] = true
		s, ok := byRow[r.n]
		switch {
		case r.observable && !ok:
			t.Errorf("ledger row %d is observable, but no scenario checks it", r.n)
		case r.observable && s.Name != r.scenario:
			t.Errorf("ledger row %d names scenario %q, the suite's is %q", r.n, r.scenario, s.Name)
		case !r.observable && ok:
			t.Errorf("scenario %s checks ledger row %d, which the ledger says is not observable", s.Name, r.n)
		}
	}
	for n, s := range byRow {
		if !seen[n] {
			t.Errorf("scenario %s checks row %d, which the ledger does not have", s.Name, n)
		}
	}
}
