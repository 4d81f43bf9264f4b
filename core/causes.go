package core

import "reflect"

// causesKey is the suffix of the attribute holding a multi-error's causes,
// the name zap's JSON encoder gives them ("errorCauses" for an "error"
// field).
const causesKey = "Causes"

// errorGroup is what zap reads a multi-error's causes from (go.uber.org/
// multierr implements it).
type errorGroup interface{ Errors() []error }

// joinedError is Go's multi-error (errors.Join, fmt.Errorf with several %w).
type joinedError interface{ Unwrap() []error }

// addCauses adds key+"Causes" for a multi-error: a JSON array with one
// {"error": message} object per non-nil cause, a cause that is itself a
// multi-error carrying its own "errorCauses", the way zap's JSON encoder
// writes a group (it reads Errors() []error; Unwrap() []error is read
// too). The walk stops at the depth limit and once the value passes the
// length limit, so a cyclic or huge group costs no more than the limits
// allow.
func (e *Encoder) addCauses(key string, err error) {
	causes := causesOf(err)
	if len(causes) == 0 {
		return
	}
	w := e.BeginJSON()
	writeCauses(w, causes)
	e.EndJSON(key + causesKey)
}

// causesOf returns err's causes if it is a multi-error. A method that
// panics (a nil receiver, say) gives none.
func causesOf(err error) (causes []error) {
	defer func() {
		if recover() != nil {
			causes = nil
		}
	}()
	switch m := err.(type) {
	case errorGroup:
		return m.Errors()
	case joinedError:
		return m.Unwrap()
	}
	return nil
}

func writeCauses(w *JSONWriter, causes []error) {
	if w.TooDeep() {
		w.DepthExceeded()
		return
	}
	w.BeginArray()
	for _, c := range causes {
		if w.Truncated() {
			break // nothing more would be kept: do not walk the rest
		}
		if c != nil {
			writeCause(w, c)
		}
	}
	w.EndArray()
}

func writeCause(w *JSONWriter, err error) {
	if w.TooDeep() {
		w.DepthExceeded()
		return
	}
	w.BeginObject()
	w.Key("error")
	w.String(causeMessage(err))
	if causes := causesOf(err); len(causes) > 0 {
		w.Key("error" + causesKey)
		writeCauses(w, causes)
	}
	w.EndObject()
}

// causeMessage is err.Error(), or "<nil>" for a nil pointer whose Error
// panics (as zap writes it), or the guarded panic text for another panic.
func causeMessage(err error) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			if v := reflect.ValueOf(err); v.Kind() == reflect.Pointer && v.IsNil() {
				msg = "<nil>"
				return
			}
			msg = panicText(r)
		}
	}()
	return err.Error()
}
