"""YAML text -> plain data (dicts, lists, strings), refusing what a briefing never needs.

The YAML is read as a stream of parser events and built into plain dicts, lists and strings
by `_Builder`, which refuses what `yaml.safe_load` lets through: anchors and aliases (alias
bombs), tags, merge keys, duplicate keys (PyYAML keeps the last one silently), deep nesting
(libyaml's composer can segfault), and more than one document. Plain scalars that YAML 1.1
would turn into booleans, numbers, dates or null keep that type, so `title: no` is reported
instead of being shown as "False".

Locations are only needed to explain errors, so a valid file is built once without them
(`build`); a file that fails validation is built again with a location map (`locate`).

Both read the file's bytes as well as its text: libyaml reads UTF-8 bytes (given text, it
encodes a copy first), so a large file checked from its bytes holds one copy of itself, not
three (bytes, text, libyaml's copy). `decode` checks the bytes are text first.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import yaml

from briefing_tui.errors import ContentError, Issue
from briefing_tui.text import first_line

#: A location inside a briefing, as pydantic spells it: ("sections", 2, "items", 5, "id").
Loc = tuple[str | int, ...]

# libyaml is several times faster; without it the pure-Python parser gives the same events.
EventLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32
MAX_NODES = 5_000_000
MAX_ISSUES = 100


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
        line, col = line_col(text, match.start())
        code = ord(match.group())
        issues.append(
            Issue(name, line, col, f"control character U+{code:04X} is not allowed; remove it")
        )
        if len(issues) >= MAX_ISSUES:
            break
    if issues:
        raise ContentError(issues)
    return text


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --------------------------------------------------------------------------- YAML -> data

#: PyYAML's C and Python parsers have different Mark classes with the same attributes.
_Mark = Any
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
#: What an author wrote, unquoted, that YAML 1.1 reads as something other than text.
KIND_WORDS = {
    "bool": "a yes/no value",
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
    "null": "an empty value",
}


@dataclass(frozen=True)
class Where:
    """Where a value (or key) starts in the file, and how a scalar was written."""

    line: int
    col: int
    raw: str | None = None  # the scalar as written
    kind: str | None = None  # "bool", "int", ... for plain scalars that are not text
    container: str | None = None  # "mapping" / "list" for collections


@dataclass
class Locations:
    values: dict[Loc, Where]
    keys: dict[Loc, Where]


class _Frame:
    __slots__ = ("container", "first_key_line", "key", "key_mark", "loc")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc) -> None:
        self.container = container
        self.loc = loc
        self.key: str | None = None  # mappings: the key waiting for its value
        self.key_mark: _Mark | None = None
        self.first_key_line: dict[str, int] = {}


def build(text: str | bytes, name: str) -> tuple[Any, list[Issue]]:
    """The file's data, and the problems that did not stop it being built (its bytes: once
    `decode` has accepted them)."""
    builder = _run_builder(text, name, record=False)
    return builder.value, builder.issues


def locate(text: str | bytes, name: str) -> Locations:
    """Where every value and key is in the file."""
    builder = _run_builder(text, name, record=True)
    return Locations(builder.values, builder.keys)


def build_events(events: Iterable[yaml.Event], name: str) -> tuple[Any, list[Issue]]:
    """Like `build`, from parser events (raises ContentError and yaml.YAMLError)."""
    builder = _Builder(name, record=False)
    with contextlib.suppress(_Stop):
        builder.run(events)
    if builder.fatal:
        raise ContentError(builder.issues[:MAX_ISSUES])
    return builder.value, builder.issues


def _run_builder(source: str | bytes, name: str, *, record: bool) -> _Builder:
    builder = _Builder(name, record)
    try:
        builder.run(yaml.parse(source, Loader=EventLoader))
    except yaml.MarkedYAMLError as error:
        text = source if isinstance(source, str) else source.decode("utf-8-sig", "replace")
        raise ContentError([_syntax_issue(error, name, text)]) from None
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
        self.values: dict[Loc, Where] = {}
        self.keys: dict[Loc, Where] = {}
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
        # Called for every event of the file (~10 per item): the checks are ordered by how
        # often they match, by exact type rather than isinstance, and locations are only
        # worked out when they are recorded (a file with problems, read a second time).
        stack: list[_Frame] = []
        documents = 0
        count = 0
        root: Any = None
        record = self.record
        scalar_event, end_events = yaml.ScalarEvent, (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        skipped = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
        for event in events:
            count += 1
            if count > MAX_NODES:
                self.fail(event.start_mark, f"more than {MAX_NODES:,} YAML nodes; too big")
            kind_of_event = type(event)
            if kind_of_event in end_events:
                frame = stack.pop()
                if not stack:
                    root = frame.container
                continue
            if kind_of_event is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.fail(
                        event.start_mark,
                        "more than one YAML document ('---') in the file; "
                        "put each briefing in its own file",
                    )
                continue
            if kind_of_event in skipped:
                continue

            parent = stack[-1] if stack else None
            # A mapping waiting for a key gets one now; keys must be plain text.
            if parent is not None and parent.key is None and type(parent.container) is dict:
                self._take_key(parent, event)
                continue

            scalar = cast(yaml.ScalarEvent, event)
            value: Any
            kind: str | None
            if (
                kind_of_event is scalar_event
                and scalar.anchor is None
                and scalar.tag is None
                and scalar.style not in (None, "")
            ):
                value, kind = scalar.value, None  # quoted or block: text, whatever it says
            else:
                value, kind = self._node_value(event)
            loc = self._child_loc(parent)
            where: Where | None = None
            if record:
                mark: _Mark = event.start_mark
                if isinstance(event, yaml.ScalarEvent):
                    where = Where(mark.line + 1, mark.column + 1, event.value, kind)
                else:
                    container = "mapping" if isinstance(value, dict) else "list"
                    where = Where(mark.line + 1, mark.column + 1, container=container)
                # A duplicate key's value is dropped; keep pointing at the one that is kept.
                self.values.setdefault(loc, where)
            self._attach(parent, value)
            if isinstance(value, (dict, list)):
                if len(stack) >= MAX_DEPTH:
                    self.fail(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
                stack.append(_Frame(value, loc))
            elif parent is None:
                root = value
        if documents == 0:  # nothing but blank lines and comments: the problem starts at 1:1
            self.issues.append(
                Issue(
                    self.name,
                    1,
                    1,
                    "the file is empty; a briefing needs at least: id, title, sources, "
                    "sections (run 'briefing-tui new FILE' for a starter)",
                )
            )
            self.fatal = True
            raise _Stop
        self.value = root
        return root

    def _child_loc(self, parent: _Frame | None) -> Loc:
        if parent is None or not self.record:
            return ()  # locations are only needed when they are recorded
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
        if type(event) is not yaml.ScalarEvent:
            self.fail(mark, "a key must be plain text, not a list, a mapping or an alias")
        assert isinstance(event, yaml.ScalarEvent)
        if event.anchor is not None or event.tag is not None:
            self._refuse_anchor_and_tag(event)
        if event.value == "<<" and event.style in (None, ""):
            self.problem(mark, "merge keys ('<<') are not supported; write the keys out")
        parent.key = event.value
        parent.key_mark = mark
        if self.record:
            self.keys[(*parent.loc, event.value)] = Where(mark.line + 1, mark.column + 1)

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


#: The first characters of every plain scalar YAML 1.1 reads as something other than text
#: (booleans, numbers, dates, null, merge, value): any other is text, without asking.
_TYPED_STARTS = frozenset("yYnNtTfFoO~+-.0123456789<=")


def _plain_scalar(raw: str) -> tuple[Any, str | None]:
    """A plain (unquoted) scalar as YAML 1.1 types it: text, or bool/int/float/date/null."""
    if raw and raw[0] not in _TYPED_STARTS:
        return raw, None
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


def _syntax_issue(error: yaml.MarkedYAMLError, name: str, text: str = "") -> Issue:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "invalid YAML"
    # libyaml words a tab at the start of a line as "cannot start any token": look at it.
    at_tab = mark is not None and _char_at(text, mark.line, mark.column) == "\t"
    if at_tab or "'\\t'" in problem or "tab" in problem:
        message = "a tab character is used here; YAML indentation must use spaces"
    else:
        message = f"YAML syntax error: {problem}"
        if error.context:
            message += f" ({error.context}"
            if error.context_mark is not None and error.context_mark is not mark:
                message += f" at line {error.context_mark.line + 1}"
            message += ")"
        hint = _quoting_hint(text, error.problem_mark, error.context_mark)
        if hint:
            message += f"; {hint}"
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    return Issue(name, line, col, message)


# `key: value` or `- value` on one line; the value is what YAML may have misread.
_LINE_VALUE = re.compile(r"^\s*(?:-\s+)?(?:(?P<key>[A-Za-z_][\w-]*):\s+)?(?P<value>\S.*?)\s*$")
# Starts that make YAML read a value as syntax (a list, a mapping, an alias, a tag...).
_SYNTAX_STARTS = tuple("[]{}*&!@`%")


def _quoting_hint(text: str, problem: yaml.Mark | None, context: yaml.Mark | None) -> str | None:
    """What to write instead when a syntax error comes from text YAML read as syntax: the most
    common slip in a briefing is a title like `[draft] x` or `Note: y` left unquoted."""
    source_lines = text.split("\n")
    for mark in (problem, context):
        if mark is None or mark.line >= len(source_lines):
            continue
        found = _LINE_VALUE.match(source_lines[mark.line])
        if found is None:
            continue
        value = found["value"]
        # ": " in a value is read as a nested key, an error only on the line it is found;
        # a value that starts like syntax is a slip only if it is not valid syntax alone.
        misread = (mark is problem and ": " in value) or (
            value.startswith(_SYNTAX_STARTS) and not _loads(value)
        )
        if not misread or value[0] in "\"'":
            continue
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        key = f"{found['key']}: " if found["key"] else "- "
        return f"if line {mark.line + 1} is text, put it in double quotes: {key}{quoted}"
    return None


def _loads(value: str) -> bool:
    """Whether `value` alone is valid YAML (read as events, as everything here is)."""
    try:
        for _ in yaml.parse(value, Loader=EventLoader):
            pass
    except yaml.YAMLError:
        return False
    return True


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column of `text` ("" if there is none)."""
    lines = text.split("\n", line + 1)
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""
