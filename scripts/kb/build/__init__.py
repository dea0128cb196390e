"""Build wiring: load and cross-validate the whole site once, render pages, MkDocs hooks."""
