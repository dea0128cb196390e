"""Key facts: every safety-critical number stated once, with the source's own words beside it."""
