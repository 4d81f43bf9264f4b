//go:build !manual

package main

func manual() {}
