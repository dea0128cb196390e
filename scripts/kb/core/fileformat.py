"""File-level checks every source passes before it is parsed: encoding, line endings, size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kb.core.problems import Problem

MAX_BYTES = 512 * 1024  # the longest page is about 15 KB; a larger file is a mistake
MAX_BIBLIOGRAPHY_BYTES = 64 * 1024 * 1024  # one file for every reference: room for 50x today's


def read_source(path: Path, shown: str, max_bytes: int = MAX_BYTES) -> str | Problem:
    """The file's text, or the one problem that stops it being read."""
    data = path.read_bytes()
    if not data.strip():
        return Problem(shown, 1, "the file is empty", "write the content, or delete the file")
    if len(data) > max_bytes:
        return Problem(shown, 1, f"the file is {len(data) // 1024} KB, over the {max_bytes // 1024} KB "
                       "limit", "split it into several pages, or remove pasted data")
    if data.startswith(b"\xef\xbb\xbf"):
        return Problem(shown, 1, "the file starts with a byte order mark (BOM)",
                       "save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return Problem(shown, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset "
                       f"{error.start})", "save the file as UTF-8")
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        return Problem(shown, line, "Windows (CRLF) or old Mac (CR) line endings",
                       "save the file with Unix (LF) line endings")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return Problem(shown, line, "the file contains a NUL character", "remove it")
    return text


def read_yaml_files(directory: Path, root: Path, problems: list[Problem]) -> Iterator[tuple[Path, str, str]]:
    """Each ``*.yml`` in ``directory``, sorted, as (path, name shown in messages, text).

    A file that cannot be read is reported in ``problems`` and skipped; a missing directory has
    no files.
    """
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        shown = path.relative_to(root).as_posix()
        text = read_source(path, shown)
        if isinstance(text, Problem):
            problems.append(text)
        else:
            yield path, shown, text
