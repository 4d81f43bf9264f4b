package otlptest

import (
	"context"
	"net/http"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

// LogRecords returns the log records received so far, in the order they
// arrived.
func (r *Receiver) LogRecords() []*logspb.LogRecord {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*logspb.LogRecord
	for _, rl := range r.logs {
		for _, sl := range rl.GetScopeLogs() {
			out = append(out, sl.GetLogRecords()...)
		}
	}
	return out
}

// ResourceLogs returns the logs received so far as they came, with their
// resources and instrumentation scopes.
func (r *Receiver) ResourceLogs() []*logspb.ResourceLogs {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*logspb.ResourceLogs(nil), r.logs...)
}

// LogBodies returns the string bodies of the log records received so far
// ("" for a body that is not a string).
func (r *Receiver) LogBodies() []string {
	var out []string
	for _, lr := range r.LogRecords() {
		out = append(out, lr.GetBody().GetStringValue())
	}
	return out
}

func (r *Receiver) addLogs(req *collogspb.ExportLogsServiceRequest, headers map[string][]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, req.GetResourceLogs()...)
	r.headers = append(r.headers, headers)
}

func (r *Receiver) serveLogs(w http.ResponseWriter, req *http.Request) {
	body, err := readBody(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var msg collogspb.ExportLogsServiceRequest
	if err := proto.Unmarshal(body, &msg); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.addLogs(&msg, req.Header.Clone())
	out, _ := proto.Marshal(&collogspb.ExportLogsServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(out)
}

type grpcLogsService struct {
	collogspb.UnimplementedLogsServiceServer
	r *Receiver
}

func (g grpcLogsService) Export(ctx context.Context, req *collogspb.ExportLogsServiceRequest) (*collogspb.ExportLogsServiceResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	g.r.addLogs(req, md)
	return &collogspb.ExportLogsServiceResponse{}, nil
}
