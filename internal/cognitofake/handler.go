package cognitofake

import "net/http"

// Handler returns the fake's HTTP handler, for a client that serves its
// requests in its own goroutine instead of over loopback: a fuzzer wants
// every input to run the same code, with no server goroutine still at work
// when the next one starts. The faults that act on the connection (Hang,
// ResetConnection) need the loopback server.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }
