// Command otlpsink is the OTLP/HTTP receiver of the end-to-end benchmark
// (BenchmarkE2E): a separate process, so that its work is not counted in
// the CPU time of the logging process. It accepts protobuf-encoded
// traces (POST /v1/traces) and logs (POST /v1/logs), gzip-compressed or
// not, decodes only enough of each request to count its spans or log
// records, and answers with an empty success response. GET /count
// returns the totals so far as JSON: {"spans":N,"logs":M,"requests":R,"rejected":X}.
//
// It listens on -addr (127.0.0.1:0 by default: a free port) and prints
// one line, "listening http://HOST:PORT", on stdout once it accepts
// connections. It runs until killed or its standard input closes.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync/atomic"

	"google.golang.org/protobuf/encoding/protowire"
)

// maxBody bounds a request body, compressed and decompressed alike.
const maxBody = 64 << 20

// Field numbers of the OTLP collector requests
// (opentelemetry-proto, collector/trace/v1 and collector/logs/v1): the
// request's resource_spans (resource_logs) = 1, their scope_spans
// (scope_logs) = 2, and those scopes' spans (log_records) = 2. Both
// signals nest the same way.
var itemPath = []protowire.Number{1, 2, 2}

// sink counts what it received.
type sink struct {
	spans, logs, requests, rejected atomic.Int64
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "otlpsink:", err)
		os.Exit(1)
	}
	s := &sink{}
	fmt.Printf("listening http://%s\n", ln.Addr())
	// The benchmark holds our standard input: when it exits, however it
	// exits, so do we.
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	if err := http.Serve(ln, s.handler()); err != nil {
		fmt.Fprintln(os.Stderr, "otlpsink:", err)
		os.Exit(1)
	}
}

// handler routes the two OTLP/HTTP paths and GET /count.
func (s *sink) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/traces", s.receive(&s.spans))
	mux.HandleFunc("POST /v1/logs", s.receive(&s.logs))
	mux.HandleFunc("GET /count", s.count)
	return mux
}

// receive returns the handler of one signal, adding the items of each
// request to n.
func (s *sink) receive(n *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(r)
		if err != nil {
			s.rejected.Add(1)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		items, err := countItems(body, itemPath)
		if err != nil {
			s.rejected.Add(1)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		n.Add(int64(items))
		s.requests.Add(1)
		// An empty Export*ServiceResponse: full success.
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	}
}

// readBody reads the request body, decompressing it when it is gzip, at
// most maxBody bytes either way.
func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxBody {
		return nil, errors.New("body too large")
	}
	switch r.Header.Get("Content-Encoding") {
	case "", "identity":
		return body, nil
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		out, err := io.ReadAll(io.LimitReader(zr, maxBody+1))
		if err != nil {
			return nil, err
		}
		if len(out) > maxBody {
			return nil, errors.New("decompressed body too large")
		}
		return out, nil
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", r.Header.Get("Content-Encoding"))
	}
}

// countItems counts the occurrences of the last field of path inside the
// messages reached by the fields before it, skipping every other field.
func countItems(b []byte, path []protowire.Number) (int, error) {
	n := 0
	for len(b) > 0 {
		num, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return 0, protowire.ParseError(l)
		}
		b = b[l:]
		if num != path[0] || typ != protowire.BytesType {
			l = protowire.ConsumeFieldValue(num, typ, b)
			if l < 0 {
				return 0, protowire.ParseError(l)
			}
			b = b[l:]
			continue
		}
		v, l := protowire.ConsumeBytes(b)
		if l < 0 {
			return 0, protowire.ParseError(l)
		}
		b = b[l:]
		if len(path) == 1 {
			n++
			continue
		}
		m, err := countItems(v, path[1:])
		if err != nil {
			return 0, err
		}
		n += m
	}
	return n, nil
}

// count writes the totals.
func (s *sink) count(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]int64{
		"spans":    s.spans.Load(),
		"logs":     s.logs.Load(),
		"requests": s.requests.Load(),
		"rejected": s.rejected.Load(),
	})
}
