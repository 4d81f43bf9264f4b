package otelsetup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
)

// Resource attribute keys otelsetup sets itself (OpenTelemetry semantic
// conventions; the keys Logfire's SDK sets, config.py _build_resource).
const (
	keyServiceName       = "service.name"
	keyServiceVersion    = "service.version"
	keyServiceInstanceID = "service.instance.id"
	keyEnvironment       = "deployment.environment.name"
	keyHostArch          = "host.arch"
)

// newResource builds the resource every span carries. From the lowest
// precedence to the highest, as Logfire's SDK orders them except that the
// OTEL_* variables win over the LOGFIRE_* ones:
//
//  1. what is detected: telemetry.sdk.*, process.pid,
//     process.runtime.{name,version,description}, host.name, host.arch,
//     os.type, os.description, a random service.instance.id for the
//     process, and service.version from the binary's build information
//     (a module version, not "(devel)");
//  2. LOGFIRE_RESOURCE_ATTRIBUTES;
//  3. LOGFIRE_SERVICE_NAME, LOGFIRE_SERVICE_VERSION (or OTEL_SERVICE_VERSION)
//     and LOGFIRE_ENVIRONMENT (deployment.environment.name);
//  4. OTEL_RESOURCE_ATTRIBUTES, then OTEL_SERVICE_NAME;
//  5. WithServiceName, then WithResourceAttributes.
//
// Not detected, on purpose: the command line (process.command_args may
// hold credentials), the executable's path, the owner and host.id, which
// Logfire's SDK does not send either unless asked.
func newResource(ctx context.Context, cfg config, s settings) (*resource.Resource, error) {
	var attrs []attribute.KeyValue
	add := func(m map[string]string) {
		for k, v := range m {
			attrs = append(attrs, attribute.String(k, v))
		}
	}
	attrs = append(attrs, attribute.String(keyServiceInstanceID, instanceID()))
	if arch := hostArch(runtime.GOARCH); arch != "" {
		attrs = append(attrs, attribute.String(keyHostArch, arch))
	}
	if v := buildVersion(); v != "" {
		attrs = append(attrs, attribute.String(keyServiceVersion, v))
	}
	add(cfg.lf.resource)
	if cfg.lf.serviceVersion != "" {
		attrs = append(attrs, attribute.String(keyServiceVersion, cfg.lf.serviceVersion))
	}
	if cfg.lf.environment != "" {
		attrs = append(attrs, attribute.String(keyEnvironment, cfg.lf.environment))
	}
	add(cfg.resource)

	name := cfg.serviceName // OTEL_SERVICE_NAME
	for _, n := range []string{cfg.resource[keyServiceName], cfg.lf.serviceName, cfg.lf.resource[keyServiceName]} {
		if name == "" {
			name = n
		}
	}
	if s.serviceName != "" {
		name = s.serviceName
	}
	if name == "" {
		name = defaultServiceName()
	}
	attrs = append(attrs, attribute.String(keyServiceName, name))
	attrs = append(attrs, s.attrs...)
	// resource.New merges in order, the later value winning for a key:
	// the detectors first, then the attributes above, in their order.
	res, err := resource.New(ctx,
		resource.WithTelemetrySDK(),
		resource.WithProcessPID(),
		resource.WithProcessRuntimeName(),
		resource.WithProcessRuntimeVersion(),
		resource.WithProcessRuntimeDescription(),
		resource.WithHost(),
		resource.WithOSType(),
		resource.WithOSDescription(),
		resource.WithAttributes(attrs...),
	)
	if err != nil && !(errors.Is(err, resource.ErrPartialResource) && res != nil) {
		return nil, fmt.Errorf("otelsetup: resource: %w", err)
	}
	// A partial resource (a host name or OS description that could not be
	// read) is still the resource: the spans matter more than one
	// attribute.
	return res, nil
}

// instanceID is service.instance.id: random, one per process, as
// Logfire's SDK makes it (uuid4().hex: a version 4 UUID as 32 hex digits),
// so that Logfire tells two replicas of a service apart.
var instanceID = sync.OnceValue(func() string {
	var b [16]byte
	_, _ = rand.Read(b[:])  // crypto/rand.Read never fails (Go 1.24)
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return hex.EncodeToString(b[:])
})

// buildVersion is the main module's version from the binary's build
// information, when it is a real version: "(devel)" is what a build
// outside a tagged module says. A variable, for tests.
var buildVersion = func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	return moduleVersion(bi.Main.Version)
}

// moduleVersion drops the versions that say nothing.
func moduleVersion(v string) string {
	if v == "(devel)" {
		return ""
	}
	return v
}

// hostArch maps GOARCH to the semantic conventions' host.arch values; an
// architecture they do not name is left out.
func hostArch(goarch string) string {
	switch goarch {
	case "amd64", "arm64", "s390x":
		return goarch
	case "386":
		return "x86"
	case "arm":
		return "arm32"
	case "ppc64", "ppc64le":
		return "ppc64"
	case "ppc":
		return "ppc32"
	}
	return ""
}

// defaultServiceName follows the specification: unknown_service plus the
// executable's name.
func defaultServiceName() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown_service"
	}
	for i := len(exe) - 1; i >= 0; i-- {
		if os.IsPathSeparator(exe[i]) {
			exe = exe[i+1:]
			break
		}
	}
	return "unknown_service:" + exe
}
