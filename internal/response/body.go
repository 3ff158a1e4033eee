package response

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"github.com/aws/aws-lambda-go/cfn"
)

// MaxBody is the largest response body CloudFormation accepts, in bytes.
const MaxBody = 4096

// cutMark ends a Reason that was cut to fit MaxBody.
const cutMark = "…"

// FailedCreateID returns the PhysicalResourceId of a Create that failed. It
// contains '-', which a Cognito client id ([\w+]+) never does, so the Delete
// that CloudFormation sends after a failed Create can be recognised and never
// touches a real client.
func FailedCreateID(requestID string) string {
	return "failed-create-" + requestID
}

// build returns the response to e for out, whose Status is SUCCESS or FAILED.
func build(e cfn.Event, out Outcome) cfn.Response {
	r := cfn.Response{
		Status:            out.Status,
		RequestID:         e.RequestID,
		LogicalResourceID: e.LogicalResourceID,
		StackID:           e.StackID,
	}
	if out.Status == cfn.StatusSuccess {
		r.PhysicalResourceID = out.PhysicalResourceID
		r.Data = out.Data
		r.NoEcho = out.NoEcho
		return r
	}
	r.PhysicalResourceID = e.PhysicalResourceID
	if e.RequestType == cfn.RequestCreate {
		r.PhysicalResourceID = FailedCreateID(e.RequestID)
	}
	// JSON would replace invalid bytes anyway; doing it here keeps the
	// returned response equal to the one sent.
	r.Reason = strings.ToValidUTF8(out.Reason, "\uFFFD")
	fitReason(&r)
	return r
}

// encode returns the body sent for r. HTML escaping is off: '<' and '&' in a
// Reason would otherwise take six bytes each of the MaxBody budget. It fails
// only when Data holds a value JSON cannot encode.
func encode(r cfn.Response) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// fitReason cuts the end of r.Reason, at a UTF-8 boundary and marked with
// cutMark, to the longest prefix for which the whole body fits MaxBody. The
// start is kept because it is the summary line. Data is never cut: it is empty
// on FAILED, the only status with a Reason.
func fitReason(r *cfn.Response) {
	if fits(*r) {
		return
	}
	// Escaping never makes text shorter, so no prefix longer than MaxBody
	// bytes can fit: searching only the first MaxBody bytes (less a rune cut
	// in two) bounds the work for a reason of any size.
	full := strings.ToValidUTF8(r.Reason[:min(len(r.Reason), MaxBody)], "")
	cuts := make([]int, 0, len(full)+1)
	for i := range full { // the start of every rune
		cuts = append(cuts, i)
	}
	cuts = append(cuts, len(full))
	// The encoded length grows with the prefix, however each rune is
	// escaped, so the fitting cuts are a leading run of cuts.
	n := sort.Search(len(cuts), func(k int) bool {
		r.Reason = full[:cuts[k]] + cutMark
		return !fits(*r)
	})
	// With n == 0 not even the mark fits beside the other fields, which
	// CloudFormation bounds well below MaxBody; the mark alone is sent then.
	r.Reason = full[:cuts[max(n-1, 0)]] + cutMark
}

func fits(r cfn.Response) bool {
	b, err := encode(r)
	return err == nil && len(b) <= MaxBody
}
