"""The glossary: term files, their validation and rendering, term linking and exports."""
