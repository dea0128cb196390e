"""Load YAML while remembering the line of every mapping key, for ``file:line`` messages."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kb.core.problems import Problem

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass
class LocatedYaml:
    """A parsed YAML document plus the 1-based line of each top-level key (and of list items)."""

    data: Any
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: list[int] = field(default_factory=list)
    item_key_lines: list[dict[str, int]] = field(default_factory=list)


def _mapping_lines(node: yaml.Node, offset: int) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): key.start_mark.line + 1 + offset
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }


def _duplicate_key(root: yaml.Node) -> tuple[str, int, int] | None:
    """The first key that a mapping anywhere in the tree has twice: (key, first line, second line)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + 1
                    if key.value in seen:
                        return str(key.value), seen[key.value], line
                    seen[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map", "merge"))


class _Unusual(Exception):
    """A node the fast constructor leaves to PyYAML's (tags, merge keys, aliases)."""


def _construct(loader: Any, node: yaml.Node) -> Any:
    """The document's data, as ``loader.construct_document(node)`` makes it.

    PyYAML's constructor makes every list and mapping through a generator and records each
    node it built (for aliases and recursion): at 10x content, most of the parse. Plain
    mappings, sequences and strings are built here directly, every other scalar (numbers,
    dates, booleans) by PyYAML's own code; anything else, a repeated node (an alias) or a merge
    key, goes back to PyYAML for the whole document."""
    seen: set[int] = set()

    def build(item: yaml.Node) -> Any:
        if id(item) in seen:
            raise _Unusual
        seen.add(id(item))
        if isinstance(item, yaml.ScalarNode):
            return item.value if item.tag == _STR else loader.construct_object(item)
        if isinstance(item, yaml.SequenceNode) and item.tag == _SEQ:
            return [build(child) for child in item.value]
        if isinstance(item, yaml.MappingNode) and item.tag == _MAP:
            mapping = {}
            for key, value in item.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE:
                    raise _Unusual
                mapping[build(key)] = build(value)
            return mapping
        raise _Unusual

    try:
        return build(node)
    except _Unusual:
        return loader.construct_document(node)


def load_located(text: str, file: str, line_offset: int = 0) -> LocatedYaml | Problem:
    """Parse ``text``; return the data with key lines, or a :class:`Problem` naming the bad line.

    ``line_offset`` is added to every line so YAML embedded in a larger file (front matter)
    reports lines of the whole file.
    """
    # Parsing only allocates (trees without cycles), yet each allocation counts towards the
    # cyclic collector's thresholds, and each full collection walks the whole growing tree:
    # a 4.5 MB references.yml took 4.8 s with it on and 1.0 s with it off.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_located(text, file, line_offset)
    finally:
        if collecting:
            gc.enable()


def _load_located(text: str, file: str, line_offset: int) -> LocatedYaml | Problem:
    # One parse with libyaml's C parser (PyYAML's pure-Python one was most of the build's
    # validation time), keeping the node tree for line numbers.
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        data = _construct(loader, node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        # The context mark is where the broken construct began (an unclosed bracket or quote);
        # the problem mark can point past the end of the file.
        mark = error.context_mark or error.problem_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        what = error.problem or error.context or "invalid YAML"
        return Problem(file, line, f"malformed YAML: {what}",
                       "check indentation, colons and quotes on this line")
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML parse error is marked
        return Problem(file, line_offset + 1, f"malformed YAML: {error}", "fix the YAML syntax")
    finally:
        loader.dispose()
    duplicate = _duplicate_key(node) if node is not None else None
    if duplicate is not None:
        key, first, again = duplicate
        return Problem(file, again + line_offset, f"duplicate key '{key}' (also on line "
                       f"{first + line_offset})",
                       "keep one of them: YAML silently keeps only the last")
    located = LocatedYaml(data=data, key_lines=_mapping_lines(node, line_offset) if node else {})
    if isinstance(node, yaml.SequenceNode):
        located.item_lines = [item.start_mark.line + 1 + line_offset for item in node.value]
        located.item_key_lines = [_mapping_lines(item, line_offset) for item in node.value]
    return located


def validation_problems(
    error: Any, file: str, key_lines: dict[str, int], default_line: int, subject: str = ""
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into problems located at the offending key's line."""
    problems = []
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        top = location[0] if location else ""
        line = key_lines.get(top, default_line)
        path = ".".join(location) or "(document)"
        kind = item["type"]
        message = str(item["msg"]).removeprefix("Value error, ")
        if not location:
            prefix = f"{subject}: " if subject else ""
            problems.append(Problem(file, line, f"{prefix}{message}", "add or correct that field"))
            continue
        if kind == "extra_forbidden":
            message = "unknown field"
            fix = f"remove '{path}' or correct its spelling"
        elif kind == "missing":
            message = "required field is missing"
            fix = f"add '{path}'"
        else:
            fix = f"correct '{path}'"
        prefix = f"{subject}: " if subject else ""
        problems.append(Problem(file, line, f"{prefix}{path}: {message}", fix))
    return problems


def load_model(text: str, file: str, model: type[ModelT], not_a_mapping: Problem,
               line_offset: int = 0) -> tuple[ModelT, LocatedYaml] | list[Problem]:
    """Parse ``text`` as one YAML mapping and validate it with ``model``.

    Returns the model and the located YAML (for key lines), or every problem: a YAML syntax error,
    ``not_a_mapping`` when the document is not a mapping, or each field error at its key's line.
    """
    located = load_located(text, file, line_offset)
    if isinstance(located, Problem):
        return [located]
    if not isinstance(located.data, dict):
        return [not_a_mapping]
    try:
        return model.model_validate(located.data), located
    except ValidationError as error:
        return validation_problems(error, file, located.key_lines, 1)
