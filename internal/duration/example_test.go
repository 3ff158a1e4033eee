package duration_test

import (
	"fmt"
	"time"

	"github.com/cognito-client-resource/cognitoclient/internal/duration"
)

func ExampleParse() {
	for _, s := range []string{"1h30m", "10", "30m1h"} {
		d, hasUnit, err := duration.Parse(s, duration.Hours)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(d, hasUnit)
	}
	// Output:
	// 1h30m0s true
	// 10h0m0s false
	// "30m1h" is not a duration: give each unit at most once, largest unit first, such as "1h30m" or "1d12h"
}

func ExampleNormalize() {
	for _, d := range []time.Duration{24 * time.Hour, 90 * time.Minute, 3600 * time.Second} {
		n, u := duration.Normalize(d)
		fmt.Println(n, u)
	}
	// Output:
	// 1 days
	// 90 minutes
	// 1 hours
}

func ExampleFormat() {
	fmt.Println(duration.Format(24 * time.Hour))
	fmt.Println(duration.Format(10 * time.Hour))
	fmt.Println(duration.Format(90 * time.Minute))
	fmt.Println(duration.Format(45 * time.Second))
	// Output:
	// 1d
	// 10h
	// 90m
	// 45s
}
