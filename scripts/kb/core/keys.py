"""The shape of every key that names a source: bibliography keys, glossary slugs, fact ids."""

import re
from typing import Annotated

from pydantic import AfterValidator, Field

KEY_PATTERN = r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$"


def bibliography_keys(keys: list[str]) -> list[str]:
    """Validate a list of references.yml keys (for pydantic validators); return it unchanged."""
    for key in keys:
        if not re.match(KEY_PATTERN, key):
            raise ValueError(f"'{key}' is not a bibliography key (lowercase letters, digits, dashes)")
    return keys


# A non-empty list of references.yml keys, as model fields declare it (evidence, corrections).
SourceKeys = Annotated[list[str], Field(min_length=1), AfterValidator(bibliography_keys)]
