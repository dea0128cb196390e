"""File-level checks every source passes before it is parsed: encoding, line endings, size."""

from __future__ import annotations

from pathlib import Path

from kb.problems import Problem

MAX_BYTES = 512 * 1024  # the longest page is about 15 KB; a larger file is a mistake


def read_source(path: Path, shown: str) -> str | Problem:
    """The file's text, or the one problem that stops it being read."""
    data = path.read_bytes()
    if not data.strip():
        return Problem(shown, 1, "the file is empty", "write the content, or delete the file")
    if len(data) > MAX_BYTES:
        return Problem(shown, 1, f"the file is {len(data) // 1024} KB, over the {MAX_BYTES // 1024} KB "
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
