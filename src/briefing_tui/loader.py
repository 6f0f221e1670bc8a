"""YAML file -> Briefing, or a ContentError listing every problem as FILE:LINE:COL: message.

The YAML is read as a stream of parser events and built into plain dicts, lists and strings
by `_Builder`, which refuses what `yaml.safe_load` lets through: anchors and aliases (alias
bombs), tags, merge keys, duplicate keys (PyYAML keeps the last one silently), deep nesting
(libyaml's composer can segfault), and more than one document. Plain scalars that YAML 1.1
would turn into booleans, numbers, dates or null keep that type, so `title: no` is reported
instead of being shown as "False".

Locations are only needed to explain errors, so a valid file is built once without them; a
file that fails validation is built again with a location map, which costs nothing for users
whose file is fine.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from briefing_tui import files, schema
from briefing_tui.errors import ContentError, Issue
from briefing_tui.model import Briefing
from briefing_tui.schema import Loc, cross_reference_problems
from briefing_tui.text import first_line

# libyaml is several times faster; without it the pure-Python parser gives the same events.
_EventLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32
MAX_NODES = 5_000_000
MAX_ISSUES = 100


# --------------------------------------------------------------------------- entry points


def load(path: Path | str) -> Briefing:
    """Read and validate a briefing file. Raises ContentError, never anything else."""
    name = str(path)
    data = files.read_limited(Path(path), name)
    return load_bytes(data, name)


def load_bytes(data: bytes, name: str = "<briefing>") -> Briefing:
    """Validate briefing bytes; `name` is what error messages call the file."""
    text = decode(data, name)
    value, issues = _build(text, name)
    try:
        briefing = Briefing.from_dict(schema.Briefing.model_validate(value).model_dump())
    except ValidationError as error:
        locations = _locate(text, name)
        issues = issues + _schema_issues(error, name, locations)
        # The model checks ids and sources only once every field is valid; look at the raw
        # data too, so an author sees those problems in the same run.
        if not any(e["type"] == "briefing_references" for e in error.errors()):
            issues += [
                _reference_issue(p, name, locations) for p in cross_reference_problems(value)
            ]
    if issues:
        raise ContentError(issues[:MAX_ISSUES] + _overflow(issues, name))
    return briefing


def _overflow(issues: list[Issue], name: str) -> list[Issue]:
    if len(issues) <= MAX_ISSUES:
        return []
    return [Issue(name, None, None, f"... and {len(issues) - MAX_ISSUES} more problems")]


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a UTF-8 byte-order mark is allowed), free of control characters."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError([Issue(name, 1, 1, "the file is UTF-16; save it as UTF-8")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        col = len(data[line_start:start].decode("utf-8", "replace")) + 1
        bad = data[start : start + 1].hex().upper()
        raise ContentError(
            [Issue(name, line, col, f"byte 0x{bad} is not valid UTF-8; save the file as UTF-8")]
        ) from None
    issues = []
    for match in _CONTROL.finditer(text):
        line, col = _line_col(text, match.start())
        code = ord(match.group())
        issues.append(
            Issue(name, line, col, f"control character U+{code:04X} is not allowed; remove it")
        )
        if len(issues) >= MAX_ISSUES:
            break
    if issues:
        raise ContentError(issues)
    return text


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --------------------------------------------------------------------------- YAML -> data

#: PyYAML's C and Python parsers have different Mark classes with the same attributes.
_Mark = Any
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
#: What an author wrote, unquoted, that YAML 1.1 reads as something other than text.
_KIND_WORDS = {
    "bool": "a yes/no value",
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
    "null": "an empty value",
}


@dataclass(frozen=True)
class _Where:
    """Where a value (or key) starts in the file, and how a scalar was written."""

    line: int
    col: int
    raw: str | None = None  # the scalar as written
    kind: str | None = None  # "bool", "int", ... for plain scalars that are not text
    container: str | None = None  # "mapping" / "list" for collections


@dataclass
class _Locations:
    values: dict[Loc, _Where]
    keys: dict[Loc, _Where]


class _Frame:
    __slots__ = ("container", "first_key_line", "key", "key_mark", "loc")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc) -> None:
        self.container = container
        self.loc = loc
        self.key: str | None = None  # mappings: the key waiting for its value
        self.key_mark: _Mark | None = None
        self.first_key_line: dict[str, int] = {}


def _build(text: str, name: str) -> tuple[Any, list[Issue]]:
    """The file's data, and the problems that did not stop it being built."""
    builder = _run_builder(text, name, record=False)
    return builder.value, builder.issues


def _locate(text: str, name: str) -> _Locations:
    """Where every value and key is in the file."""
    builder = _run_builder(text, name, record=True)
    return _Locations(builder.values, builder.keys)


def _run_builder(text: str, name: str, *, record: bool) -> _Builder:
    builder = _Builder(name, record)
    try:
        builder.run(yaml.parse(text, Loader=_EventLoader))
    except yaml.MarkedYAMLError as error:
        raise ContentError([_syntax_issue(error, name)]) from None
    except yaml.YAMLError as error:  # pragma: no cover - errors without a mark are rare
        raise ContentError([Issue(name, None, None, f"YAML error: {error}")]) from None
    except _Stop:
        pass
    if builder.fatal:
        raise ContentError(builder.issues[:MAX_ISSUES])
    return builder


class _Stop(Exception):
    """Building gave up (too deep, too big); the issues say why."""


class _Builder:
    def __init__(self, name: str, record: bool) -> None:
        self.name = name
        self.record = record
        self.issues: list[Issue] = []
        self.fatal = False
        self.values: dict[Loc, _Where] = {}
        self.keys: dict[Loc, _Where] = {}
        self.value: Any = None

    def problem(self, mark: _Mark | None, message: str) -> None:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        self.issues.append(Issue(self.name, line, col, message))
        if len(self.issues) > MAX_ISSUES:
            self.fail(None, "too many problems; fix these first")

    def fail(self, mark: _Mark | None, message: str) -> None:
        self.fatal = True
        if message:
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
            self.issues.append(Issue(self.name, line, col, message))
        raise _Stop

    def run(self, events: Iterable[yaml.Event]) -> Any:
        stack: list[_Frame] = []
        documents = 0
        count = 0
        root: Any = None
        for event in events:
            count += 1
            if count > MAX_NODES:
                self.fail(event.start_mark, f"more than {MAX_NODES:,} YAML nodes; too big")
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.fail(
                        event.start_mark,
                        "more than one YAML document ('---') in the file; "
                        "put each briefing in its own file",
                    )
                continue
            if isinstance(
                event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
            ):
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if not stack:
                    root = frame.container
                continue

            parent = stack[-1] if stack else None
            # A mapping waiting for a key gets one now; keys must be plain text.
            if parent is not None and isinstance(parent.container, dict) and parent.key is None:
                self._take_key(parent, event)
                continue

            value, kind = self._node_value(event)
            loc = self._child_loc(parent)
            where: _Where | None = None
            if self.record:
                mark: _Mark = event.start_mark
                if isinstance(event, yaml.ScalarEvent):
                    where = _Where(mark.line + 1, mark.column + 1, event.value, kind)
                else:
                    container = "mapping" if isinstance(value, dict) else "list"
                    where = _Where(mark.line + 1, mark.column + 1, container=container)
                # A duplicate key's value is dropped; keep pointing at the one that is kept.
                self.values.setdefault(loc, where)
            self._attach(parent, value)
            if isinstance(value, (dict, list)):
                if len(stack) >= MAX_DEPTH:
                    self.fail(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
                stack.append(_Frame(value, loc))
            elif parent is None:
                root = value
        if documents == 0:
            self.fail(
                None,
                "the file is empty; a briefing needs at least: id, title, sources, sections "
                "(run 'briefing-tui new FILE' for a starter)",
            )
        self.value = root
        return root

    def _child_loc(self, parent: _Frame | None) -> Loc:
        if parent is None:
            return ()
        if isinstance(parent.container, dict):
            assert parent.key is not None
            return (*parent.loc, parent.key)
        return (*parent.loc, len(parent.container))

    def _attach(self, parent: _Frame | None, value: Any) -> None:
        if parent is None:
            return
        if isinstance(parent.container, list):
            parent.container.append(value)
            return
        key = parent.key
        assert key is not None
        parent.key = None
        if key in parent.first_key_line:
            # PyYAML would keep the last value silently; keep the first and say so.
            first = parent.first_key_line[key]
            self.problem(
                parent.key_mark,
                f"key '{first_line(key, 60)}' appears twice in the same mapping: "
                f"lines {first} and {parent.key_mark.line + 1 if parent.key_mark else '?'}; "
                "remove one",
            )
            return
        assert parent.key_mark is not None
        parent.first_key_line[key] = parent.key_mark.line + 1
        parent.container[key] = value

    def _take_key(self, parent: _Frame, event: yaml.Event) -> None:
        mark: _Mark = event.start_mark
        if not isinstance(event, yaml.ScalarEvent):
            self.fail(mark, "a key must be plain text, not a list, a mapping or an alias")
        assert isinstance(event, yaml.ScalarEvent)
        self._refuse_anchor_and_tag(event)
        if event.style in (None, "") and event.value == "<<":
            self.problem(mark, "merge keys ('<<') are not supported; write the keys out")
        parent.key = event.value
        parent.key_mark = mark
        if self.record:
            self.keys[(*parent.loc, event.value)] = _Where(mark.line + 1, mark.column + 1)

    def _refuse_anchor_and_tag(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            self.problem(
                event.start_mark,
                f"anchors ('&{first_line(event.anchor, 40)}') are not allowed in briefings; "
                "write the value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            self.problem(
                event.start_mark,
                f"tags ('{first_line(tag, 80)}') are not allowed in briefings; remove the tag",
            )

    def _node_value(self, event: yaml.Event) -> tuple[Any, str | None]:
        if isinstance(event, yaml.AliasEvent):
            self.problem(
                event.start_mark,
                f"aliases ('*{first_line(event.anchor or '', 40)}') are not allowed in "
                "briefings; write the value out in full",
            )
            return None, None
        assert isinstance(event, yaml.NodeEvent)
        self._refuse_anchor_and_tag(event)
        if isinstance(event, yaml.MappingStartEvent):
            return {}, None
        if isinstance(event, yaml.SequenceStartEvent):
            return [], None
        assert isinstance(event, yaml.ScalarEvent)
        if event.style not in (None, ""):  # quoted or block scalars are always text
            return event.value, None
        return _plain_scalar(event.value)


def _plain_scalar(raw: str) -> tuple[Any, str | None]:
    """A plain (unquoted) scalar as YAML 1.1 types it: text, or bool/int/float/date/null."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, raw, (True, False))  # type: ignore[no-untyped-call]
    if not tag.startswith(_TAG):
        return raw, None
    kind = tag[len(_TAG) :]
    if kind == "str":
        return raw, None
    if kind == "null":
        return None, "null"
    node = yaml.ScalarNode(tag, raw)
    try:
        constructor = getattr(_CONSTRUCTOR, f"construct_yaml_{kind}")
        return constructor(node), kind
    except (AttributeError, ValueError, yaml.YAMLError):
        return raw, None


def _syntax_issue(error: yaml.MarkedYAMLError, name: str) -> Issue:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "invalid YAML"
    if "'\\t'" in problem or "tab" in problem:
        message = "a tab character is used here; YAML indentation must use spaces"
    else:
        message = f"YAML syntax error: {problem}"
        if error.context:
            message += f" ({error.context}"
            if error.context_mark is not None and error.context_mark is not mark:
                message += f" at line {error.context_mark.line + 1}"
            message += ")"
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    return Issue(name, line, col, message)


# --------------------------------------------------------------------------- schema errors


def _schema_issues(error: ValidationError, name: str, locations: _Locations) -> list[Issue]:
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
            message = f"{field}: {_describe(kind, detail, locations.values.get(loc))}"
        issues.append(
            Issue(name, where.line if where else None, where.col if where else None, message)
        )
    return issues


def _reference_issue(problem: dict[str, Any], name: str, locations: _Locations) -> Issue:
    where = _value_where(locations, tuple(problem["loc"]))
    message = problem["message"]
    if problem.get("first_loc") is not None:
        first = _value_where(locations, tuple(problem["first_loc"]))
        if first is not None and where is not None:
            message += f": lines {first.line} and {where.line}; ids must be unique"
    return Issue(name, where.line if where else None, where.col if where else None, message)


def _value_where(locations: _Locations, loc: Loc) -> _Where | None:
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


def _describe(kind: str, detail: Any, where: _Where | None) -> str:
    ctx = detail.get("ctx") or {}
    if kind == "string_type":
        if where is not None and where.kind == "null":
            return "is empty; write some text"
        if where is not None and where.kind is not None and where.raw is not None:
            raw = first_line(where.raw, 60)
            return f'expected text, got {_KIND_WORDS[where.kind]} — quote it: "{raw}"'
        if where is not None and where.container is not None:
            return f"expected text, got a {where.container}"
        return "expected text"
    if kind in ("list_type",):
        got = _got(where)
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
    return str(detail.get("msg", kind))


def _got(where: _Where | None) -> str:
    if where is None:
        return "something else"
    if where.container is not None:
        return f"a {where.container}"
    if where.kind == "null":
        return "nothing"
    if where.kind is not None:
        return _KIND_WORDS[where.kind]
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


__all__ = ["MAX_DEPTH", "ContentError", "Issue", "load", "load_bytes"]
