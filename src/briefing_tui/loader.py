"""Briefing file -> Briefing, or a ContentError listing every problem as FILE:LINE:COL: message.

`yaml_reader` turns the YAML into plain data (refusing anchors, tags, duplicate keys, deep
nesting...); the content schema (`schema.py`, pydantic) validates it; what passes becomes the
app's plain `model.Briefing`. Every problem is mapped back to the line and column it is on.
Then each item's `quote:` is looked for in its source file, when that file is at hand.

`check` also returns warnings: invisible and bidirectional control characters, which do not
stop a briefing being used (they are shown visibly on screen) but are rarely meant.
"""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from briefing_tui import files, quotes, schema
from briefing_tui.errors import ContentError, Issue, Loc
from briefing_tui.model import Briefing, Section, section_from_validated
from briefing_tui.schema import cross_reference_problems
from briefing_tui.text import INVISIBLE, first_line
from briefing_tui.yaml_reader import (
    KIND_WORDS,
    MAX_DEPTH,
    MAX_ISSUES,
    Locations,
    Where,
    build,
    decode,
    line_col,
    locate,
)

# --------------------------------------------------------------------------- entry points


def load(path: Path | str) -> Briefing:
    """Read and validate a briefing file. Raises ContentError, never anything else."""
    name = str(path)
    data = files.read_limited(Path(path), name)
    return load_bytes(data, name, Path(path).parent)


def check(path: Path | str) -> tuple[Briefing | None, list[Issue]]:
    """Validate a file for `briefing-tui validate`: the briefing (None if it has problems)
    and every problem and warning, in file order."""
    name = str(path)
    try:
        data = files.read_limited(Path(path), name)
        text = decode(data, name)
    except ContentError as error:
        return None, error.issues
    warnings = invisible_characters(text, name)
    try:
        briefing = load_bytes(data, name, Path(path).parent)
    except ContentError as error:
        return None, ContentError(error.issues + warnings).issues
    warnings += _value_warnings(text, name, {(w.line, w.col) for w in warnings})
    warnings += _sources_not_at_hand(briefing, Path(path).parent, text, name)
    return briefing, ContentError(warnings).issues


def _sources_not_at_hand(briefing: Briefing, folder: Path, text: str, name: str) -> list[Issue]:
    """A warning for each source whose items quote it but whose file is not where quotes are
    looked for: its quotes are not checked (a typo in `file:` would hide that)."""
    quoted = {item.source for section in briefing.sections for item in section.items if item.quote}
    missing = [
        (index, source)
        for index, source in enumerate(briefing.sources)
        if source.id in quoted and quotes.source_path(folder, source.file) is None
    ]
    if not missing:
        return []
    locations = locate(text, name)
    warnings = []
    for index, source in missing:
        where = _value_where(locations, ("sources", index, "file"))
        warnings.append(
            _issue_at(
                name,
                where,
                f"file: {first_line(source.file, 80)} is not beside the briefing nor in a "
                "seeds/ folder beside it or one level up, so the quotes from it are not checked",
                warning=True,
            )
        )
    return warnings


def _value_warnings(text: str, name: str, seen: set[tuple[int | None, int | None]]) -> list[Issue]:
    """Warnings about values as YAML reads them: an invisible character written as an escape
    ("\\u200b"), a title that breaks across lines, a source file named by a path."""
    value, _ = build(text, name)
    found: list[tuple[Loc, str]] = []

    def walk(node: Any, loc: Loc) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, (*loc, key))
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, (*loc, index))
        elif isinstance(node, str):
            if any(char in INVISIBLE for char in node):
                found.append(
                    (
                        loc,
                        "holds an invisible or bidirectional character (written "
                        "as an escape); it is shown as <U+…>. Remove it unless it is meant",
                    )
                )
            if loc and loc[-1] == "title" and "\n" in node.strip():
                found.append((loc, "breaks across lines; it is shown on one line"))
            if loc and loc[-1] == "file" and ("/" in node or "\\" in node):
                found.append(
                    (
                        loc,
                        "is a path; a source's file is looked for only beside "
                        "the briefing or in a seeds/ folder, so its quotes are not checked",
                    )
                )

    walk(value, ())
    if not found:
        return []
    locations = locate(text, name)
    warnings = []
    for loc, message in found:
        where = _value_where(locations, loc)
        line, col = (where.line, where.col) if where else (None, None)
        if (line, col) not in seen and not (message.startswith("holds") and _on_line(seen, line)):
            warnings.append(Issue(name, line, col, f"{_field_name(loc)}: {message}", warning=True))
    return warnings


def _on_line(seen: set[tuple[int | None, int | None]], line: int | None) -> bool:
    return any(seen_line == line for seen_line, _ in seen)


def load_bytes(data: bytes, name: str = "<briefing>", folder: Path | None = None) -> Briefing:
    """Validate briefing bytes; `name` is what error messages call the file, `folder` where
    it is (its sources' files are looked for from there, to check quotes)."""
    decode(data, name)  # UTF-8 text, free of control characters; the YAML reads the bytes
    value, issues = build(data, name)
    briefing = None if issues else _validated_by_section(value)
    if briefing is None:
        if not issues:
            value, issues = build(data, name)  # (validating by section let its data go)
        issues = issues + _schema_problems(value, data, name)
    elif folder is not None:
        issues = _quote_issues(briefing, folder, data, name)
    if issues:
        raise ContentError(issues[:MAX_ISSUES] + _overflow(issues, name))
    assert briefing is not None
    return briefing


def _validated_by_section(value: Any) -> Briefing | None:
    """The briefing, validated one section at a time, each section's data let go once it
    is made: a large file's data, pydantic's models of it and the briefing are never all
    held at once (10,000 items: ~6 MiB less at the peak). None if anything is wrong: the
    whole is validated again then, for its problems."""
    sections = value.get("sections") if isinstance(value, dict) else None
    if not isinstance(sections, list) or not sections:
        return None
    made: list[Section] = []
    try:
        first = schema.Section.model_validate(sections[0])
        head = schema.Briefing.model_validate({**value, "sections": [first]})
        for index, raw in enumerate(sections):
            validated = first if index == 0 else schema.Section.model_validate(raw)
            made.append(section_from_validated(validated))
            sections[index] = None
    except ValidationError:
        return None
    briefing = Briefing.from_validated(head, tuple(made))
    return None if cross_reference_problems(briefing) else briefing


def _schema_problems(value: Any, data: bytes, name: str) -> list[Issue]:
    """Every problem the schema finds in the file's data, at its line and column."""
    try:
        schema.Briefing.model_validate(value)
    except ValidationError as error:
        locations = locate(data, name)
        issues = _schema_issues(error, name, locations)
        # The model checks ids and sources only once every field is valid; look at the raw
        # data too, so an author sees those problems in the same run.
        if not any(e["type"] == "briefing_references" for e in error.errors()):
            issues += [
                _reference_issue(p, name, locations) for p in cross_reference_problems(value)
            ]
        return issues
    return []


def _overflow(issues: list[Issue], name: str) -> list[Issue]:
    if len(issues) <= MAX_ISSUES:
        return []
    return [Issue(name, None, None, f"... and {len(issues) - MAX_ISSUES} more problems")]


# --------------------------------------------------------------------------- warnings


def invisible_characters(text: str, name: str) -> list[Issue]:
    """A warning for each invisible or bidirectional control character (at most 20)."""
    warnings = []
    for match in re.finditer(f"[{''.join(INVISIBLE)}]", text):
        if match.start() == 0 and match.group() == "\ufeff":
            continue  # a byte-order mark at the start of the file is not content
        line, col = line_col(text, match.start())
        char = match.group()
        code = f"U+{ord(char):04X}"
        label = unicodedata.name(char, "invisible character").lower()
        what = (
            "reorders the text around it on some screens"
            if INVISIBLE[char] == "bidi"
            else "cannot be seen"
        )
        warnings.append(
            Issue(
                name,
                line,
                col,
                f"{code} ({label}) {what}; it is shown as <{code}>. Remove it unless it is meant",
                warning=True,
            )
        )
        if len(warnings) == 20:
            break
    return warnings


# --------------------------------------------------------------------------- quotes


def _quote_issues(briefing: Briefing, folder: Path, text: str | bytes, name: str) -> list[Issue]:
    seeds: dict[str, str | None] = {}
    missing: list[tuple[int, int, int, str]] = []
    for si, section in enumerate(briefing.sections):
        for ii, item in enumerate(section.items):
            if not item.quote:
                continue
            if item.source not in seeds:
                found = quotes.read_source(folder, briefing.source(item.source).file)
                seeds[item.source] = quotes.normalise(found) if found is not None else None
            seed = seeds[item.source]
            if seed is None:
                continue
            for qi, quote in enumerate(item.quote):
                if quotes.normalise(quote) not in seed:
                    missing.append((si, ii, qi, item.source))
    if not missing:
        return []
    locations = locate(text, name)
    issues = []
    for si, ii, qi, source_id in missing:
        loc: Loc = ("sections", si, "items", ii, "quote")
        where = locations.values.get((*loc, qi)) or _value_where(locations, loc)
        file = briefing.source(source_id).file
        issues.append(
            _issue_at(
                name,
                where,
                f"quote: not found word for word in {first_line(file, 80)} (the source "
                f"'{source_id}'); copy the passage exactly as the source has it",
            )
        )
    return issues


# --------------------------------------------------------------------------- schema errors


def _schema_issues(error: ValidationError, name: str, locations: Locations) -> list[Issue]:
    issues: list[Issue] = []
    for detail in error.errors(include_input=False, include_url=False):
        loc: Loc = tuple(detail["loc"])
        kind = detail["type"]
        if kind == "briefing_references":
            for problem in detail["ctx"]["problems"]:
                issues.append(_reference_issue(problem, name, locations))
            continue
        where = _value_where(locations, loc)
        field = _field_name(loc)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"unknown key '{first_line(key, 60)}'"
            choices = sorted(_fields_at(loc[:-1]))
            close = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
            message += (
                f" (did you mean '{close[0]}'?)"
                if close
                else (f"; expected one of: {', '.join(choices)}" if choices else "")
            )
            where = locations.keys.get(loc, where)
        elif kind == "missing":
            message = f"missing required key '{loc[-1]}'"
            where = _value_where(locations, loc[:-1])
        else:
            message = f"{field}: {_describe(kind, detail, locations.values.get(loc), loc)}"
        issues.append(_issue_at(name, where, message))
    return issues


def _reference_issue(problem: dict[str, Any], name: str, locations: Locations) -> Issue:
    where = _value_where(locations, tuple(problem["loc"]))
    message = problem["message"]
    if problem.get("first_loc") is not None:
        first = _value_where(locations, tuple(problem["first_loc"]))
        if first is not None and where is not None:
            message += f": lines {first.line} and {where.line}; ids must be unique"
    return _issue_at(name, where, message)


def _issue_at(name: str, where: Where | None, message: str, *, warning: bool = False) -> Issue:
    """An issue at `where`, or at no particular place when the value could not be found."""
    return Issue(
        name, where.line if where else None, where.col if where else None, message, warning
    )


def _value_where(locations: Locations, loc: Loc) -> Where | None:
    while True:
        if loc in locations.values:
            return locations.values[loc]
        if not loc:
            return None
        loc = loc[:-1]


def _field_name(loc: Loc) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "value"


def _describe(kind: str, detail: Any, where: Where | None, loc: Loc = ()) -> str:
    ctx = detail.get("ctx") or {}
    if kind == "string_type":
        if where is not None and where.kind == "null":
            return "is empty; write some text"
        if where is not None and where.kind is not None and where.raw is not None:
            raw = first_line(where.raw, 60)
            return f'expected text, got {KIND_WORDS[where.kind]} — quote it: "{raw}"'
        if where is not None and where.container is not None:
            return f"expected text, got a {where.container}"
        return "expected text"
    if kind in ("list_type",):
        got = _got(where)
        if _field_name(loc) == "quote":
            return f"expected a passage of text, or a list of them, got {got}"
        return f"expected a list (lines starting with '- '), got {got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of keys (key: value), got {_got(where)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "string_too_long":
        return f"is too long; the limit is {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        return (
            "is not a valid id; use letters, digits, '-', '_' or '.', starting with a letter "
            "or digit (no spaces)"
        )
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "finite_number"):
        return f"expected a number of minutes, got {_got(where)}"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    return str(detail.get("msg", kind))


def _got(where: Where | None) -> str:
    if where is None:
        return "something else"
    if where.container is not None:
        return f"a {where.container}"
    if where.kind == "null":
        return "nothing"
    if where.kind is not None:
        return KIND_WORDS[where.kind]
    return "text"


def _fields_at(loc: Loc) -> set[str]:
    """The keys allowed in the mapping at `loc`, by following the model's field types."""
    model: Any = schema.Briefing
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return set()
        field = model.model_fields.get(part)
        if field is None:
            return set()
        model = _inner_model(field.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return set(model.model_fields)
    return set()


def _inner_model(annotation: Any) -> Any:
    for arg in _flatten(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _flatten(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _flatten(arg)


__all__ = ["MAX_DEPTH", "ContentError", "Issue", "check", "load", "load_bytes"]
