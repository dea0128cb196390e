"""Shared foundations: one problem format, YAML with line numbers, file checks, citations, prose."""
