package main

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"sync"
	"time"
)

// httpsServer is a loopback HTTPS server of the bench that notes, for each
// request, when its connection was accepted, when the request arrived (its
// headers), when its body had been read and when it was answered.
type httpsServer struct {
	ln   *acceptLog
	http *http.Server

	mu   sync.Mutex
	hits []hit
}

// hit is one request an httpsServer received.
type hit struct {
	method, path string
	accepted     time.Time // its connection's accept
	arrived      time.Time // its headers
	read         time.Time // its whole body
	answered     time.Time // its answer, written
	body         []byte
}

// serveHTTPS starts an httpsServer that records each request, reads its
// body whole, and then passes it on to next with the body read again from
// memory; a nil next answers 200.
func serveHTTPS(p *pki, next http.Handler) (*httpsServer, error) {
	ln, err := listenLogged()
	if err != nil {
		return nil, err
	}
	s := &httpsServer{ln: ln}
	s.http = &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, next) }),
		TLSConfig:         p.serverConfig(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // a process killed mid-connection is no error of the bench
	}
	go func() { _ = s.http.ServeTLS(ln, "", "") }()
	return s, nil
}

func (s *httpsServer) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	h := hit{method: r.Method, path: r.URL.Path, arrived: time.Now(), accepted: s.ln.acceptedAt(r.RemoteAddr)}
	body, err := io.ReadAll(r.Body)
	h.read, h.body = time.Now(), body
	switch {
	case err != nil:
		w.WriteHeader(http.StatusBadRequest)
	case next == nil:
		w.WriteHeader(http.StatusOK)
	default:
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	}
	h.answered = time.Now()
	s.mu.Lock()
	s.hits = append(s.hits, h)
	s.mu.Unlock()
}

// URL returns the server's address followed by pathAndQuery.
func (s *httpsServer) URL(pathAndQuery string) string {
	return "https://" + s.ln.Addr().String() + pathAndQuery
}

// take returns the requests received since the last take, and forgets them.
func (s *httpsServer) take() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hits
	s.hits = nil
	return h
}

func (s *httpsServer) close() { _ = s.http.Close() }
