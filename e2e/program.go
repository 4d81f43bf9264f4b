package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The programs the test can run, chosen by LOGSPAN_E2E_PROGRAM.
const (
	programQuickstart = "quickstart" // examples/quickstart: the real thing, the default
	programStandin    = "standin"    // testdata/standin: raw OTel emitting the contract
)

// programUnderTest returns the program named by LOGSPAN_E2E_PROGRAM.
func programUnderTest() (string, error) {
	switch p := os.Getenv("LOGSPAN_E2E_PROGRAM"); p {
	case "", programQuickstart:
		return programQuickstart, nil
	case programStandin:
		return programStandin, nil
	default:
		return "", fmt.Errorf("LOGSPAN_E2E_PROGRAM=%q: want %q or %q", p, programQuickstart, programStandin)
	}
}

// buildProgram builds the named program into dir and returns its path.
//
// The quickstart is built in its module (../examples) with the caller's
// environment, so GOWORK=off or a workspace apply as they do to the test.
// The stand-in is its own module, outside any workspace.
func buildProgram(ctx context.Context, name, dir string) (string, error) {
	out := filepath.Join(dir, name)
	var cmd *exec.Cmd
	switch name {
	case programQuickstart:
		cmd = exec.CommandContext(ctx, "go", "build", "-o", out, "./quickstart")
		cmd.Dir = filepath.Join("..", "examples")
		cmd.Env = os.Environ()
	case programStandin:
		cmd = exec.CommandContext(ctx, "go", "build", "-o", out, ".")
		cmd.Dir = filepath.Join("testdata", "standin")
		cmd.Env = append(os.Environ(), "GOWORK=off")
	default:
		return "", fmt.Errorf("unknown program %q", name)
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building %s in %s: %w\n%s", name, cmd.Dir, err, b)
	}
	return out, nil
}

// runProgram runs bin with the OTEL_* variables in otelEnv and returns its
// combined output. The caller's own OTEL_* variables are dropped, so that a
// developer's shell (headers, another exporter, a sampler) cannot change
// what the program sends.
func runProgram(ctx context.Context, bin string, otelEnv map[string]string) (string, error) {
	cmd := exec.CommandContext(ctx, bin)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OTEL_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range otelEnv {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}
