"""The public corrections log: what the site got wrong, what it says now, and the source."""
