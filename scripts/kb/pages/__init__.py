"""Pages: the front-matter model and every rule a page body must pass."""
