package core

import "go.opentelemetry.io/otel/attribute"

// tagsField is the field key that carries Logfire tags: logfire.tags is
// span-level in Logfire (logfire.span(..., _tags=...), the tags column), so
// a top-level field named "tags" holding a string or strings
// ([Encoder.AddString], [Encoder.AddStrings], and what reaches them: a
// []string, a JSON array of strings) becomes logfire.tags and not a
// field; under a group ("req.tags"), or holding anything else, it stays a
// field. zap's Named chains are logger names (logfire.logger_name), not
// tags.
const tagsField attribute.Key = "tags"

// isTags reports whether an attribute key is the tags field's.
func isTags(k attribute.Key) bool { return len(k) == len(tagsField) && k == tagsField }
