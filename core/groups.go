package core

// depthMarker stands for what is nested past the depth limit.
const depthMarker = "<max depth exceeded>"

// groupStack is the stack of open groups (slog groups, zap namespaces)
// whose names prefix every key. The one rule for every adapter: a group
// adds "name." to the keys inside it; past the depth limit the groups add
// one marker segment between them, however many there are.
type groupStack struct {
	prefix string
	// ends[i] is len(prefix) after the i-th open group; a group that added
	// nothing (empty name, or past the limit) repeats the previous end.
	ends     []int
	maxDepth int
	maxBytes int
	// cut is set once a group was refused for the depth or the length
	// limit: the marker is in the prefix, and later groups add nothing.
	cut int // len(ends) when the marker went in, plus one; 0 when none
}

func (g *groupStack) reset(maxDepth, maxBytes int) {
	g.prefix, g.ends, g.maxDepth, g.maxBytes, g.cut = "", g.ends[:0], maxDepth, maxBytes, 0
}

func (g *groupStack) depth() int { return len(g.ends) }

func (g *groupStack) copyFrom(o *groupStack) {
	g.prefix, g.cut = o.prefix, o.cut
	g.ends = append(g.ends[:0], o.ends...)
}

func (g *groupStack) open(name string) {
	switch {
	case g.cut > 0:
		// Past a limit already: the marker stands for this group too.
	case len(g.ends) >= g.maxDepth || len(g.prefix)+len(name)+1 > g.maxBytes:
		g.prefix += depthMarker + "."
		g.cut = len(g.ends) + 1
	case name != "":
		g.prefix += name + "."
	}
	g.ends = append(g.ends, len(g.prefix))
}

func (g *groupStack) close() {
	if len(g.ends) == 0 {
		return
	}
	g.ends = g.ends[:len(g.ends)-1]
	if len(g.ends) < g.cut {
		g.cut = 0
	}
	end := 0
	if n := len(g.ends); n > 0 {
		end = g.ends[n-1]
	}
	g.prefix = g.prefix[:end]
}

// clone returns a stack that shares nothing with g.
func (g *groupStack) clone() groupStack {
	return groupStack{prefix: g.prefix, ends: clip(g.ends), maxDepth: g.maxDepth, maxBytes: g.maxBytes, cut: g.cut}
}
