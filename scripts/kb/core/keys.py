"""The shape of every key that names a source: bibliography keys, glossary slugs, fact ids."""

import re

KEY_PATTERN = r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$"


def bibliography_keys(keys: list[str]) -> list[str]:
    """Validate a list of references.yml keys (for pydantic validators); return it unchanged."""
    for key in keys:
        if not re.match(KEY_PATTERN, key):
            raise ValueError(f"'{key}' is not a bibliography key (lowercase letters, digits, dashes)")
    return keys
