package otelsetup

import (
	"context"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// resourceOf builds the resource for env and opts, as Setup does.
func resourceOf(t *testing.T, env map[string]string, opts ...Option) map[string]attribute.Value {
	t.Helper()
	cfg, err := readEnv(lookupMap(env))
	require.NoError(t, err)
	res, err := newResource(t.Context(), cfg, newSettings(opts))
	require.NoError(t, err)
	out := map[string]attribute.Value{}
	for _, kv := range res.Attributes() {
		out[string(kv.Key)] = kv.Value
	}
	return out
}

// The resource carries what Logfire's Services and Hosts views read,
// detected, as Logfire's SDK sends it.
func TestResourceDetected(t *testing.T) {
	res := resourceOf(t, nil)
	assert.Equal(t, int64(os.Getpid()), res["process.pid"].AsInt64())
	assert.Equal(t, "go", res["process.runtime.name"].AsString())
	assert.NotEmpty(t, res["process.runtime.version"].AsString())
	assert.NotEmpty(t, res["process.runtime.description"].AsString())
	host, _ := os.Hostname()
	assert.Equal(t, host, res["host.name"].AsString())
	assert.NotEmpty(t, res["host.arch"].AsString())
	assert.NotEmpty(t, res["os.type"].AsString())
	assert.Equal(t, "go", res["telemetry.sdk.language"].AsString())
	assert.Regexp(t, regexp.MustCompile(`^unknown_service:`), res["service.name"].AsString())
	for _, key := range []string{"process.command_args", "process.executable.path", "process.owner", "host.id"} {
		assert.NotContains(t, res, key, "not sent unless asked")
	}

	// service.instance.id: a version 4 UUID as 32 hex digits (Logfire's
	// uuid4().hex), the same for the whole process.
	id := res["service.instance.id"].AsString()
	assert.Regexp(t, `^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$`, id)
	assert.Equal(t, id, resourceOf(t, nil)["service.instance.id"].AsString())
}

// Lowest to highest: detected, LOGFIRE_RESOURCE_ATTRIBUTES, the dedicated
// LOGFIRE_* variables, OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME, then
// the options.
func TestResourcePrecedence(t *testing.T) {
	lf := map[string]string{
		"LOGFIRE_RESOURCE_ATTRIBUTES": "service.name=a,service.version=a,deployment.environment.name=a,host.name=a,team=a",
		"LOGFIRE_SERVICE_NAME":        "b",
		"LOGFIRE_SERVICE_VERSION":     "b",
		"LOGFIRE_ENVIRONMENT":         "b",
	}
	res := resourceOf(t, lf)
	assert.Equal(t, "b", res["service.name"].AsString())
	assert.Equal(t, "b", res["service.version"].AsString())
	assert.Equal(t, "b", res["deployment.environment.name"].AsString())
	assert.Equal(t, "a", res["host.name"].AsString(), "LOGFIRE_RESOURCE_ATTRIBUTES wins over what is detected")
	assert.Equal(t, "a", res["team"].AsString())

	lf["OTEL_RESOURCE_ATTRIBUTES"] = "service.name=c,service.version=c,deployment.environment.name=c,service.instance.id=c"
	res = resourceOf(t, lf)
	for _, k := range []string{"service.name", "service.version", "deployment.environment.name", "service.instance.id"} {
		assert.Equal(t, "c", res[k].AsString(), "OTEL_RESOURCE_ATTRIBUTES wins for %s", k)
	}

	lf["OTEL_SERVICE_NAME"] = "d"
	assert.Equal(t, "d", resourceOf(t, lf)["service.name"].AsString())
	res = resourceOf(t, lf, WithServiceName("e"), WithResourceAttributes(attribute.String("service.version", "e")))
	assert.Equal(t, "e", res["service.name"].AsString())
	assert.Equal(t, "e", res["service.version"].AsString())

	// LOGFIRE_RESOURCE_ATTRIBUTES' service.name, when nothing else names
	// the service.
	assert.Equal(t, "a", resourceOf(t, map[string]string{"LOGFIRE_RESOURCE_ATTRIBUTES": "service.name=a"})["service.name"].AsString())
}

// service.version defaults to the binary's module version, never
// "(devel)"; the variables win.
func TestResourceBuildVersion(t *testing.T) {
	prev := buildVersion
	t.Cleanup(func() { buildVersion = prev })
	buildVersion = func() string { return "v1.4.2" }
	assert.Equal(t, "v1.4.2", resourceOf(t, nil)["service.version"].AsString())
	assert.Equal(t, "v9", resourceOf(t, map[string]string{"LOGFIRE_SERVICE_VERSION": "v9"})["service.version"].AsString())
	assert.Equal(t, "v8", resourceOf(t, map[string]string{"OTEL_RESOURCE_ATTRIBUTES": "service.version=v8"})["service.version"].AsString())
	buildVersion = func() string { return "" }
	assert.NotContains(t, resourceOf(t, nil), "service.version")

	assert.Empty(t, moduleVersion("(devel)"))
	assert.Equal(t, "v1.0.0", moduleVersion("v1.0.0"))
	assert.Equal(t, "", moduleVersion(""))
}

func TestHostArch(t *testing.T) {
	for give, want := range map[string]string{"amd64": "amd64", "arm64": "arm64", "386": "x86", "arm": "arm32",
		"ppc64le": "ppc64", "s390x": "s390x", "wasm": ""} {
		assert.Equal(t, want, hostArch(give), give)
	}
}

// The spans Setup's provider makes carry that resource.
func TestResourceOnSpans(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	p, err := New(t.Context(), WithEnv(lookupMap(map[string]string{
		"OTEL_TRACES_EXPORTER": "none", "LOGFIRE_ENVIRONMENT": "prod", "LOGFIRE_SERVICE_NAME": "checkout",
	})), WithSpanProcessor(rec), WithErrorOutput(&stringsBuilder{}))
	require.NoError(t, err)
	defer func() { require.NoError(t, p.Shutdown(context.Background())) }()
	_, span := p.TracerProvider().Tracer("t").Start(t.Context(), "op")
	span.End()
	require.Len(t, rec.Ended(), 1)
	got := map[string]string{}
	for _, kv := range rec.Ended()[0].Resource().Attributes() {
		got[string(kv.Key)] = kv.Value.Emit()
	}
	assert.Equal(t, "prod", got["deployment.environment.name"])
	assert.Equal(t, "checkout", got["service.name"])
	assert.NotEmpty(t, got["service.instance.id"])
	assert.NotEmpty(t, got["process.pid"])
}
