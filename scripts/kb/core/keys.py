"""The shape of every key that names a source: bibliography keys, glossary slugs, fact ids."""

KEY_PATTERN = r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$"
