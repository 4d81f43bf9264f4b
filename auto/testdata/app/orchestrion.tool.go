//go:build tools

// The one file a program adds to be built with the rules.
package tools

import (
	_ "github.com/DataDog/orchestrion"
	_ "github.com/logspan/logspan/auto"
)
