//go:build tools

// Orchestrion reads the imports of this file as the rest of the
// configuration: each package holds the orchestrion.yml of one logger.
// They also keep the runtime packages in the go.mod of every program that
// imports this package from its own orchestrion.tool.go.
package auto

import (
	_ "github.com/logspan/logspan/auto/logrusauto"
	_ "github.com/logspan/logspan/auto/slogauto"
	_ "github.com/logspan/logspan/auto/zapauto"
	_ "github.com/logspan/logspan/auto/zerologauto"
)
