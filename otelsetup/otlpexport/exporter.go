package otlpexport

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Version is the version of this package, sent in the default User-Agent.
const Version = "0.1.0"

// ErrShutdown is returned by ExportSpans after Shutdown.
var ErrShutdown = errors.New("otlpexport: exporter is shut down")

// maxKeep is the largest buffer a pooled encoder keeps between exports, so
// that one huge batch does not pin its memory.
const maxKeep = 4 << 20

var _ sdktrace.SpanExporter = (*Exporter)(nil)

// Exporter is an sdktrace.SpanExporter that posts spans to an OTLP/HTTP
// receiver as protobuf, writing the request bytes itself. It is safe for
// concurrent use: several ExportSpans calls may be in flight.
type Exporter struct {
	url       string
	header    http.Header
	gzip      bool
	gzipLevel int
	timeout   time.Duration
	retry     RetryConfig
	client    *http.Client
	transport *http.Transport // ours, closed by Shutdown; nil with WithHTTPClient

	pool sync.Pool // *encoder

	mu       sync.Mutex
	closed   bool
	inflight sync.WaitGroup
	done     chan struct{} // closed when the first Shutdown has finished
	stopCtx  context.Context
	stop     context.CancelFunc

	stats stats
}

// New returns an Exporter configured by opts. It fails on an invalid
// endpoint URL or an option conflict; it starts no goroutine and opens no
// connection.
func New(opts ...Option) (*Exporter, error) {
	c := newConfig(opts)
	// Errors never quote the URL: it may carry credentials (user
	// information, a token in the query).
	u, err := url.Parse(c.endpoint)
	if err != nil {
		return nil, errors.New("otlpexport: endpoint URL does not parse")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("otlpexport: endpoint URL with scheme %q: want http(s)://host[:port]/path", u.Scheme)
	}
	if _, err := gzip.NewWriterLevel(nil, c.gzipLevel); err != nil {
		return nil, fmt.Errorf("otlpexport: %w", err)
	}
	if c.client != nil && c.tls != nil {
		return nil, errors.New("otlpexport: WithHTTPClient and WithTLSConfig cannot be combined")
	}
	if c.retry.Enabled {
		d := DefaultRetryConfig
		if c.retry.InitialInterval <= 0 {
			c.retry.InitialInterval = d.InitialInterval
		}
		if c.retry.MaxInterval <= 0 {
			c.retry.MaxInterval = d.MaxInterval
		}
	}
	for k, v := range c.headers {
		if !validHeaderName(k) || !validHeaderValue(v) {
			return nil, fmt.Errorf("otlpexport: invalid header %q", k)
		}
	}
	if !validHeaderValue(c.userAgent) {
		return nil, errors.New("otlpexport: invalid User-Agent")
	}
	h := make(http.Header, len(c.headers)+3)
	if c.userAgent != "" {
		h.Set("User-Agent", c.userAgent)
	}
	for k, v := range c.headers {
		h.Set(k, v)
	}
	h.Set("Content-Type", "application/x-protobuf")
	h.Del("Content-Encoding")
	if c.gzip {
		h.Set("Content-Encoding", "gzip")
	}
	e := &Exporter{
		url:       u.String(),
		header:    h,
		gzip:      c.gzip,
		gzipLevel: c.gzipLevel,
		timeout:   c.timeout,
		retry:     c.retry,
		client:    c.client,
		done:      make(chan struct{}),
	}
	if e.client == nil {
		e.transport = newTransport(c.tls)
		e.client = &http.Client{Transport: e.transport, CheckRedirect: noRedirect}
	}
	e.stopCtx, e.stop = context.WithCancel(context.Background())
	e.pool.New = func() any { return newEncoder() }
	return e, nil
}

func newTransport(cfg *tls.Config) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's.
	t.MaxIdleConns = 32
	t.MaxIdleConnsPerHost = 16 // several exports in flight reuse their connections
	t.IdleConnTimeout = 90 * time.Second
	if cfg != nil {
		t.TLSClientConfig = cfg.Clone()
	}
	return t
}

// ExportSpans posts spans in one request (nil spans are skipped; no span,
// no request), retrying as the RetryConfig says, within the export timeout
// and ctx. The error, when not nil, is an *HTTPError for a status the
// receiver answered, a *PartialSuccessError when it accepted only part of
// the spans, ErrShutdown after Shutdown, or the network or context error.
func (e *Exporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return ErrShutdown
	}
	e.inflight.Add(1)
	e.mu.Unlock()
	defer e.inflight.Done()

	enc := e.pool.Get().(*encoder) //nolint:forcetypeassert // the pool holds only encoders.
	enc.reset(maxKeep)
	n := enc.encode(spans)
	if n == 0 {
		e.pool.Put(enc)
		return nil
	}
	return e.deliver(ctx, enc, n)
}

// deliver posts the request enc holds, of n spans (or log records), and
// counts the outcome. It gives enc back to the pool once no request body
// refers to its buffer.
func (e *Exporter) deliver(ctx context.Context, enc *encoder, n int) error {
	e.stats.exports.Add(1)
	e.stats.bytesEncoded.Add(uint64(len(enc.buf)))
	payload := enc.buf
	if e.gzip {
		var err error
		if payload, err = enc.compress(e.gzipLevel); err != nil {
			e.pool.Put(enc)
			e.fail(n)
			return fmt.Errorf("otlpexport: gzip: %w", err)
		}
	}

	if e.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, e.timeout)
		defer cancel()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(e.stopCtx, cancel)()

	var bodies bodyTracker
	rejected, err := e.send(ctx, payload, &bodies)
	// The transport may close a request body after Do returns; the buffer
	// is reused only once every body handed out is closed.
	if bodies.settled() {
		e.pool.Put(enc)
	}
	var ps *PartialSuccessError
	switch {
	case err == nil:
		e.stats.spansExported.Add(uint64(n))
	case errors.As(err, &ps):
		r := min(max(rejected, 0), int64(n))
		e.stats.spansRejected.Add(uint64(r))             //nolint:gosec // clamped.
		e.stats.spansExported.Add(uint64(n) - uint64(r)) //nolint:gosec // clamped.
	default:
		e.fail(n)
	}
	return err
}

func (e *Exporter) fail(n int) {
	e.stats.exportsFailed.Add(1)
	e.stats.spansFailed.Add(uint64(n)) //nolint:gosec // n > 0.
}

// send posts payload until it succeeds, fails for good, or the retry
// policy or ctx ends it. It returns the rejected span count of a partial
// success.
func (e *Exporter) send(ctx context.Context, payload []byte, bodies *bodyTracker) (int64, error) {
	start := time.Now()
	interval := e.retry.InitialInterval
	for {
		rejected, retryAfter, err := e.attempt(ctx, payload, bodies)
		if err == nil || retryAfter < 0 || !e.retry.Enabled {
			return rejected, err
		}
		if ctx.Err() != nil {
			return 0, err
		}
		// Backoff with ±50 % jitter, raised to Retry-After.
		delay := time.Duration(float64(interval) * (0.5 + rand.Float64())) //nolint:gosec // jitter needs no crypto.
		delay = max(delay, retryAfter)
		interval = min(time.Duration(float64(interval)*1.5), e.retry.MaxInterval)
		if m := e.retry.MaxElapsedTime; m > 0 && time.Since(start)+delay > m {
			return 0, fmt.Errorf("otlpexport: giving up after %s: %w", time.Since(start).Round(time.Millisecond), err)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
			return 0, fmt.Errorf("otlpexport: retry in %s would pass the export deadline: %w", delay.Round(time.Millisecond), err)
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return 0, errors.Join(err, ctx.Err())
		case <-t.C:
		}
		e.stats.retries.Add(1)
	}
}

// attempt makes one request. retryAfter is negative when the error must not
// be retried, else the wait the server asked for (zero when it did not).
func (e *Exporter) attempt(ctx context.Context, payload []byte, bodies *bodyTracker) (rejected int64, retryAfter time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, bodies.open(payload))
	if err != nil {
		return 0, -1, fmt.Errorf("otlpexport: %w", err)
	}
	req.Header = e.header.Clone()
	req.ContentLength = int64(len(payload))
	req.GetBody = func() (io.ReadCloser, error) { return bodies.open(payload), nil }
	e.stats.requests.Add(1)
	e.stats.bytesSent.Add(uint64(len(payload)))
	resp, err := e.client.Do(req)
	if err != nil {
		if ctx.Err() != nil || !retryableNetError(err) {
			return 0, -1, fmt.Errorf("otlpexport: %w", err)
		}
		return 0, 0, fmt.Errorf("otlpexport: %w", err)
	}
	defer func() {
		// Drain a bounded tail so that the connection can be reused.
		_, _ = io.CopyN(io.Discard, resp.Body, maxDrain)
		_ = resp.Body.Close()
	}()
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return readPartialSuccess(resp)
	}
	herr := readHTTPError(resp)
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return 0, parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()), herr
	default:
		return 0, -1, herr
	}
}

// validHeaderName reports whether k is an HTTP field name (an RFC 9110
// token), so that a bad header fails New rather than every request.
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := range len(k) {
		c := k[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// validHeaderValue reports whether v is an HTTP field value: no control
// character but tab.
func validHeaderValue(v string) bool {
	for i := range len(v) {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// retryableNetError says whether a transport error is worth another try: any
// but a certificate the client refuses or a TLS handshake with a plain
// HTTP server.
func retryableNetError(err error) bool {
	var (
		cv *tls.CertificateVerificationError
		ua x509.UnknownAuthorityError
		he x509.HostnameError
		ci x509.CertificateInvalidError
		rh tls.RecordHeaderError
	)
	return !errors.As(err, &cv) && !errors.As(err, &ua) && !errors.As(err, &he) &&
		!errors.As(err, &ci) && !errors.As(err, &rh)
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date
// (RFC 9110 §10.2.3). Anything else, or a date in the past, is zero.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		if s > int64(24*time.Hour/time.Second) { // past any export deadline anyway
			s = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// Shutdown stops the exporter: later ExportSpans calls return ErrShutdown.
// It waits for exports in flight until ctx is done, then cancels them and
// waits for them to return. Then it closes the idle connections of the
// exporter's own transport, so no goroutine or connection of the exporter
// remains. It returns ctx's error if ctx ended first. Calling it again is
// safe; a later call waits for the first to finish.
func (e *Exporter) Shutdown(ctx context.Context) error {
	e.mu.Lock()
	first := !e.closed
	e.closed = true
	e.mu.Unlock()
	if !first {
		select {
		case <-e.done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	defer close(e.done)
	idle := make(chan struct{})
	go func() {
		e.inflight.Wait()
		close(idle)
	}()
	var err error
	select {
	case <-idle:
	case <-ctx.Done():
		err = ctx.Err()
		e.stop()
		<-idle
	}
	e.stop()
	if e.transport != nil {
		e.transport.CloseIdleConnections()
	}
	return err
}

// Stats counts what the exporter did since New. Every field only grows.
type Stats struct {
	// Exports counts ExportSpans calls that had spans to send.
	Exports uint64
	// ExportsFailed counts those that delivered nothing (after retries).
	ExportsFailed uint64
	// Requests counts HTTP requests, retries included.
	Requests uint64
	// Retries counts requests that were retries.
	Retries uint64
	// SpansExported counts spans the receiver accepted.
	SpansExported uint64
	// SpansRejected counts spans a partial success reported rejected.
	SpansRejected uint64
	// SpansFailed counts spans of failed exports.
	SpansFailed uint64
	// BytesEncoded counts protobuf bytes encoded (before compression),
	// once per export.
	BytesEncoded uint64
	// BytesSent counts request body bytes sent (after compression), once
	// per request.
	BytesSent uint64
}

type stats struct {
	exports, exportsFailed, requests, retries atomic.Uint64
	spansExported, spansRejected, spansFailed atomic.Uint64
	bytesEncoded, bytesSent                   atomic.Uint64
}

// Stats returns the exporter's counters.
func (e *Exporter) Stats() Stats {
	s := &e.stats
	return Stats{
		Exports:       s.exports.Load(),
		ExportsFailed: s.exportsFailed.Load(),
		Requests:      s.requests.Load(),
		Retries:       s.retries.Load(),
		SpansExported: s.spansExported.Load(),
		SpansRejected: s.spansRejected.Load(),
		SpansFailed:   s.spansFailed.Load(),
		BytesEncoded:  s.bytesEncoded.Load(),
		BytesSent:     s.bytesSent.Load(),
	}
}

// compress gzips e.buf into e.zbuf.
func (e *encoder) compress(level int) ([]byte, error) {
	if e.zbuf == nil || e.zbuf.Cap() > maxKeep {
		e.zbuf = new(bytes.Buffer)
	}
	e.zbuf.Reset()
	if e.gz == nil {
		var err error
		if e.gz, err = gzip.NewWriterLevel(e.zbuf, level); err != nil {
			return nil, err
		}
	} else {
		e.gz.Reset(e.zbuf)
	}
	if _, err := e.gz.Write(e.buf); err != nil {
		return nil, err
	}
	if err := e.gz.Close(); err != nil {
		return nil, err
	}
	return e.zbuf.Bytes(), nil
}

// bodyTracker counts the request bodies handed to net/http and those it
// closed.
type bodyTracker struct {
	opened, closed atomic.Int32
}

func (t *bodyTracker) open(p []byte) io.ReadCloser {
	t.opened.Add(1)
	b := &body{t: t}
	b.r.Reset(p)
	return b
}

func (t *bodyTracker) settled() bool { return t.opened.Load() == t.closed.Load() }

type body struct {
	r    bytes.Reader
	t    *bodyTracker
	once sync.Once
}

func (b *body) Read(p []byte) (int, error) { return b.r.Read(p) }

func (b *body) Close() error {
	b.once.Do(func() { b.t.closed.Add(1) })
	return nil
}

// noRedirect refuses to follow redirects: OTLP needs none, and following
// one would send the request's headers (API keys, tokens) and spans to
// wherever the response points.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
