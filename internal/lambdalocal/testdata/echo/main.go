// Command echo is a Lambda function for the lambdalocal tests. The event's
// "op" chooses what it does; its response describes what it saw.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type event struct {
	Op    string `json:"op"`
	Value string `json:"value"`
}

type seen struct {
	Value      string            `json:"value"`
	RequestID  string            `json:"request_id"`
	ARN        string            `json:"arn"`
	DeadlineMs int64             `json:"deadline_ms"`
	Env        map[string]string `json:"env"`
}

// held keeps what "hold" allocated.
var held []byte

func handle(ctx context.Context, e event) (seen, error) {
	fmt.Printf("op=%s\n", e.Op)
	switch e.Op {
	case "fail":
		return seen{}, errors.New("failed on purpose: " + e.Value)
	case "exit":
		os.Exit(3)
	case "hold": // Value MiB, written so that they are resident
		n, _ := strconv.Atoi(e.Value)
		held = make([]byte, n<<20)
		for i := range held {
			held[i] = 1
		}
	}
	lc, _ := lambdacontext.FromContext(ctx)
	deadline, _ := ctx.Deadline()
	env := map[string]string{}
	for _, k := range strings.Split(e.Value, ",") {
		env[k] = os.Getenv(k)
	}
	return seen{Value: e.Value, RequestID: lc.AwsRequestID, ARN: lc.InvokedFunctionArn, DeadlineMs: deadline.UnixMilli(), Env: env}, nil
}

func main() {
	if os.Getenv("ECHO_EXIT_AT_INIT") != "" {
		os.Exit(2)
	}
	// Reports an initialisation error as a runtime does before exiting.
	if msg := os.Getenv("ECHO_INIT_ERROR"); msg != "" {
		body := `{"errorMessage":"` + msg + `","errorType":"Runtime.TestInitError"}`
		resp, err := http.Post("http://"+os.Getenv("AWS_LAMBDA_RUNTIME_API")+"/2018-06-01/runtime/init/error", "application/json", strings.NewReader(body))
		if err == nil {
			resp.Body.Close()
		}
		os.Exit(1)
	}
	lambda.Start(handle)
}
