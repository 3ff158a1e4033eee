package main

import (
	"context"
	"encoding/json"
	"fmt"
	"syscall"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-client-resource/cognitoclient/internal/lambdalocal"
	"github.com/cognito-client-resource/cognitoclient/internal/localrun"
)

// secureStage is the stage's Cognito fake behind a TLS front, and a response
// receiver over HTTPS, both on loopback with a certificate of the bench's
// own root: every call a process makes is HTTPS, as on Lambda, where
// Cognito and CloudFormation's response bucket are HTTPS endpoints.
type secureStage struct {
	*stage
	pki      *pki
	front    *httpsServer // Cognito
	receiver *httpsServer // the ResponseURL
}

func (s *stage) secure(dir string) (*secureStage, error) {
	p, err := newPKI(dir)
	if err != nil {
		return nil, err
	}
	front, err := serveHTTPS(p, s.fake.Handler())
	if err != nil {
		return nil, err
	}
	receiver, err := serveHTTPS(p, nil)
	if err != nil {
		front.close()
		return nil, err
	}
	return &secureStage{stage: s, pki: p, front: front, receiver: receiver}, nil
}

func (s *secureStage) close() {
	s.front.close()
	s.receiver.close()
}

// coldRun is one fresh process handling one owned Update: the times from
// just before its start, what its process used, and its Cognito requests.
type coldRun struct {
	// init: to the first Cognito request (its headers at the front).
	// cognito: from there to the last Cognito answer.
	// put: from there to the whole PUT read: the handler's work after its
	// last call, and the response's, its connection's included unless it
	// was open by then.
	// total: from the start to the function's result at the Runtime API.
	init, cognito, put, total time.Duration
	rss                       int64         // peak resident set, bytes
	cpu                       time.Duration // user and system
	calls                     int
}

// The Update of every cold run: an owned client whose access token validity
// and callback URLs change.
func (s *stage) updateProps() (old, updated map[string]any) {
	old = s.ownedProps()
	updated = s.ownedProps()
	updated["AccessTokenValidity"] = "1h"
	updated["CallbackURLs"] = []any{"https://app.example.com/callback", "https://www.example.com/callback"}
	return old, updated
}

// coldUpdate starts bin in a fresh process behind a fresh Runtime API, with
// an owned Update queued for its first poll, and measures it. The client is
// made anew for each run, as the old properties say.
func (s *secureStage) coldUpdate(bin string) (coldRun, error) {
	id := s.fake.PutClient(s.pool, types.UserPoolClientType{
		ClientName:                      aws.String("web"),
		AllowedOAuthFlowsUserPoolClient: aws.Bool(true),
		AllowedOAuthFlows:               []types.OAuthFlowType{types.OAuthFlowTypeCode},
		AllowedOAuthScopes:              []string{"openid", "email"},
		CallbackURLs:                    []string{"https://app.example.com/callback"},
		AccessTokenValidity:             aws.Int32(10),
		RefreshTokenValidity:            30,
		TokenValidityUnits: &types.TokenValidityUnitsType{
			AccessToken: types.TimeUnitsTypeHours, RefreshToken: types.TimeUnitsTypeDays,
		},
	})
	old, updated := s.updateProps()
	payload, path := s.eventAt(s.receiver.URL, cfn.RequestUpdate, id, updated, old)
	s.front.take()
	s.receiver.take()

	api, err := lambdalocal.New()
	if err != nil {
		return coldRun{}, err
	}
	defer api.Close()
	env := append(localrun.CognitoEnv(s.front.URL("")), s.pki.env()...)
	start := time.Now()
	proc, err := api.Start(bin, env, nil, nil)
	if err != nil {
		return coldRun{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), invocationTimeout)
	defer cancel()
	res, err := api.Invoke(ctx, payload, invocationTimeout)
	done := time.Now()
	var rss int64
	if err == nil {
		rss, err = proc.PeakRSS()
	}
	if stopErr := proc.Stop(); err == nil && stopErr != nil {
		err = fmt.Errorf("the process ended by itself: %w", stopErr)
	}
	if err == nil && res.Err != nil {
		err = fmt.Errorf("the function failed: %w", res.Err)
	}
	if err != nil {
		return coldRun{}, fmt.Errorf("%s: %w", bin, err)
	}

	calls := s.front.take()
	var put *hit
	for _, h := range s.receiver.take() {
		if h.path == path {
			put = &h
		}
	}
	switch {
	case len(calls) == 0:
		return coldRun{}, fmt.Errorf("%s: the Update made no Cognito request", bin)
	case put == nil:
		return coldRun{}, fmt.Errorf("%s: no response reached the receiver", bin)
	}
	var sent cfn.Response
	if err := json.Unmarshal(put.body, &sent); err != nil || sent.Status != cfn.StatusSuccess {
		return coldRun{}, fmt.Errorf("%s: the Update was not answered SUCCESS: %s %s (%v)", bin, sent.Status, sent.Reason, err)
	}
	usage, ok := proc.State().SysUsage().(*syscall.Rusage)
	if !ok {
		return coldRun{}, fmt.Errorf("no resource usage for the process of %s", bin)
	}
	return coldRun{
		init:    calls[0].arrived.Sub(start),
		cognito: calls[len(calls)-1].answered.Sub(calls[0].arrived),
		put:     put.read.Sub(calls[len(calls)-1].answered),
		total:   done.Sub(start),
		rss:     rss,
		cpu:     time.Duration(usage.Utime.Nano() + usage.Stime.Nano()),
		calls:   len(calls),
	}, nil
}
