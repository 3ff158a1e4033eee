package response

import (
	"crypto/sha256"
	"sync"

	"github.com/aws/aws-lambda-go/cfn"
)

// recentMax bounds how many responses an instance remembers. Duplicates
// arrive soon after the first delivery, and an entry is a few hundred bytes.
const recentMax = 64

// recent remembers the responses that stood (delivered, or with nowhere to
// deliver them) for the last events an instance handled, keyed by a hash of
// the event's exact bytes.
//
// Lambda's asynchronous delivery is at least once: the same event can come
// twice. Run twice, an owned Create would leave a second client behind, so a
// redelivery gets the first response back, with no Cognito call and no
// second PUT (CloudFormation has it already). A redelivery is byte-identical
// to the first; any other event, even one reusing a RequestId, runs.
// Lambda runs one invocation at a time per instance, so a redelivery that
// reaches this instance always finds the first one finished. One that reaches
// another instance cannot be recognised with the four Cognito actions the
// function is allowed: docs/choices.md says so.
type recent struct {
	mu    sync.Mutex
	resp  map[[sha256.Size]byte]cfn.Response
	order [][sha256.Size]byte // oldest first
}

func (r *recent) lookup(key [sha256.Size]byte) (cfn.Response, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	resp, ok := r.resp[key]
	return resp, ok
}

func (r *recent) remember(key [sha256.Size]byte, resp cfn.Response) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.resp == nil {
		r.resp = make(map[[sha256.Size]byte]cfn.Response, recentMax)
	}
	if _, ok := r.resp[key]; ok {
		return
	}
	if len(r.order) == recentMax {
		delete(r.resp, r.order[0])
		r.order = r.order[1:]
	}
	r.resp[key] = resp
	r.order = append(r.order, key)
}
