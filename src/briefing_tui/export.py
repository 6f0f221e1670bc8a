"""The report of a run, to hand over: Markdown, HTML or JSON. No Textual, no I/O.

"What did we cover, what did the Secretary ask, what is left?" — the briefing's title and
sources, the run (its name, when it started and last changed), a summary of what is not
covered per section, then every section (checked of total, time against its minutes) and
every item once: checked or not, when, the time spent on it, and its note.

Everything from the briefing and the notes is text: escaped for Markdown and HTML, so a title
like `<script>` or `[@click=app.quit]` is shown as written and never runs. The JSON form is
versioned (`export_schema.REPORT_SCHEMA`) and stable: the same run gives the same bytes.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from briefing_tui.model import Briefing
from briefing_tui.pace import duration
from briefing_tui.progress.format import ItemState, Progress
from briefing_tui.text import sanitize

FORMAT = "briefing-tui-report"
VERSION = 1
FORMATS = ("md", "html", "json")


@dataclass(frozen=True)
class ItemRow:
    id: str
    title: str
    checked: bool
    checked_at: float | None
    seconds: float
    note: str


@dataclass(frozen=True)
class SectionRow:
    id: str
    title: str
    minutes: float | None
    seconds: float
    items: tuple[ItemRow, ...]

    @property
    def checked(self) -> int:
        return sum(1 for item in self.items if item.checked)


@dataclass(frozen=True)
class Report:
    briefing: Briefing
    run: str
    started_at: float | None
    changed_at: float | None
    sections: tuple[SectionRow, ...]
    #: What reading the run's file found (damage, entries left out): said in the report.
    notices: tuple[str, ...] = ()

    @property
    def checked(self) -> int:
        return sum(section.checked for section in self.sections)

    @property
    def total(self) -> int:
        return sum(len(section.items) for section in self.sections)

    @property
    def seconds(self) -> float:
        return sum(section.seconds for section in self.sections)


def build(
    briefing: Briefing,
    progress: Progress,
    changed_at: float | None = None,
    notices: tuple[str, ...] = (),
) -> Report:
    """The report of `progress`, a run of `briefing`; `changed_at`: when its file was last
    written (None: never saved)."""
    states = progress.items
    empty = ItemState()
    sections = []
    for section in briefing.sections:
        rows = []
        for item in section.items:
            state = states.get(item.id, empty)
            rows.append(
                ItemRow(
                    item.id,
                    item.title,
                    state.checked,
                    state.changed_at if state.checked else None,
                    state.seconds,
                    state.note,
                )
            )
        sections.append(
            SectionRow(
                section.id,
                section.title,
                section.minutes,
                sum(row.seconds for row in rows),
                tuple(rows),
            )
        )
    started = progress.started_at if progress.started_at > 0 else None
    return Report(briefing, progress.run, started, changed_at, tuple(sections), notices)


# ---------------------------------------------------------------------------- shared


def when(timestamp: float | None) -> str:
    """A moment as people read it: 2026-12-02 14:05 UTC."""
    if timestamp is None:
        return "-"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


def iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def budget(seconds: float, minutes: float | None) -> str:
    spent = duration(seconds)
    return f"{spent} of {duration(minutes * 60)}" if minutes else spent


def _left(report: Report) -> list[tuple[SectionRow, int]]:
    return [(s, len(s.items) - s.checked) for s in report.sections]


def render(report: Report, kind: str) -> str:
    if kind == "md":
        return markdown(report)
    if kind == "html":
        return html_page(report)
    if kind == "json":
        return json_text(report)
    raise ValueError(f"unknown report format {kind!r}; one of {', '.join(FORMATS)}")


# ---------------------------------------------------------------------------- Markdown

#: Characters Markdown (CommonMark, GitHub, pandoc with its math and super/subscripts)
#: could read as syntax, or as HTML. Others are left alone, so the text reads well as text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$^])")


def md_text(text: str) -> str:
    """Content as Markdown text: escaped, so it reads as written and renders as written."""
    text = sanitize(text)
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    # A line that starts like a list or a heading would become one: escape its first mark.
    escaped = re.sub(r"(?m)^(\s*)([-+=#])", r"\1\\\2", escaped)
    return re.sub(r"(?m)^(\s*\d+)([.)])", r"\1\\\2", escaped)


def markdown(report: Report) -> str:
    b = report.briefing
    out = [f"# {md_text(b.title)}", ""]
    out += [
        f"**Run:** {md_text(report.run)}  ",
        f"**Started:** {when(report.started_at)} · **Last change:** {when(report.changed_at)}  ",
        f"**Covered:** {report.checked} of {report.total} items · **Time:** "
        f"{budget(report.seconds, b.minutes)}",
        "",
    ]
    for notice in report.notices:
        out += [f"> **Note:** {md_text(notice)}", ""]
    out += ["## What is left", ""]
    left = [(s, n) for s, n in _left(report) if n]
    if not left:
        out += ["Nothing: every item is checked.", ""]
    for section, count in left:
        out.append(f"- {md_text(section.title)}: {count} of {len(section.items)} not covered")
    out += ["", "## Sources", ""]
    for source in b.sources:
        about = ", ".join(p for p in (source.publisher, source.kind) if p)
        line = f"- {md_text(source.title)}"
        line += f" ({md_text(about)})" if about else ""
        line += f" — `{source.file.replace('`', '')}`"
        out.append(line + (f" <{md_text(source.url)}>" if source.url else ""))
    for section in report.sections:
        out += [
            "",
            f"## {md_text(section.title)}",
            "",
            f"{section.checked} of {len(section.items)} checked · time "
            f"{budget(section.seconds, section.minutes)}",
            "",
        ]
        for item in section.items:
            mark = "x" if item.checked else " "
            facts = []
            if item.checked_at is not None:
                facts.append(f"checked {when(item.checked_at)}")
            if item.seconds >= 1:
                facts.append(f"{duration(item.seconds)} spent")
            tail = f" — {', '.join(facts)}" if facts else ""
            out.append(f"- [{mark}] {md_text(item.title)}{tail}")
            if item.note:
                out += [f"  > {md_text(line) or ' '}" for line in item.note.splitlines()]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------- HTML

_CSS = """
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .3rem; }
h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #bbb; }
.meta, .count { color: #444; }
ul.items { list-style: none; padding-left: 0; }
ul.items li { margin: .35rem 0; break-inside: avoid; }
.box { font-family: ui-monospace, monospace; }
.note { margin: .2rem 0 .2rem 2.2rem; padding-left: .6rem; border-left: 3px solid #999;
        white-space: pre-wrap; }
.notice { border: 1px solid #c60; padding: .4rem .6rem; }
@media print {
  @page { margin: 16mm 14mm; }  /* fits A4 and Letter alike */
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
}
"""


def _h(text: str) -> str:
    return html.escape(sanitize(text), quote=True)


def html_page(report: Report) -> str:
    b = report.briefing
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # No script, no fetch: a page that works offline and runs nothing.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_h(b.title)} — {_h(report.run)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{_h(b.title)}</h1>",
        f'<p class="meta">Run: <strong>{_h(report.run)}</strong> · started '
        f"{when(report.started_at)} · last change {when(report.changed_at)}<br>"
        f"Covered: {report.checked} of {report.total} items · time "
        f"{budget(report.seconds, b.minutes)}</p>",
    ]
    parts += [f'<p class="notice">{_h(n)}</p>' for n in report.notices]
    parts.append("<h2>What is left</h2><ul>")
    left = [(s, n) for s, n in _left(report) if n]
    parts += [f"<li>{_h(s.title)}: {n} of {len(s.items)} not covered</li>" for s, n in left] or [
        "<li>Nothing: every item is checked.</li>"
    ]
    parts.append("</ul><h2>Sources</h2><ul>")
    for source in b.sources:
        about = ", ".join(p for p in (source.publisher, source.kind) if p)
        parts.append(
            f"<li>{_h(source.title)}{f' ({_h(about)})' if about else ''} — "
            f"<code>{_h(source.file)}</code>{f' — {_h(source.url)}' if source.url else ''}</li>"
        )
    parts.append("</ul>")
    for section in report.sections:
        parts.append(
            f'<h2>{_h(section.title)}</h2><p class="count">{section.checked} of '
            f"{len(section.items)} checked · time {budget(section.seconds, section.minutes)}</p>"
            '<ul class="items">'
        )
        for item in section.items:
            facts = []
            if item.checked_at is not None:
                facts.append(f"checked {when(item.checked_at)}")
            if item.seconds >= 1:
                facts.append(f"{duration(item.seconds)} spent")
            box = "[x]" if item.checked else "[ ]"
            parts.append(
                f'<li><span class="box">{box}</span> {_h(item.title)}'
                + (f' <span class="count">— {", ".join(facts)}</span>' if facts else "")
                + (f'<div class="note">{_h(item.note)}</div>' if item.note else "")
                + "</li>"
            )
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------------------- JSON


def json_document(report: Report) -> dict[str, Any]:
    b = report.briefing
    return {
        "format": FORMAT,
        "version": VERSION,
        "briefing": {
            "id": b.id,
            "title": b.title,
            "minutes": b.minutes,
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    "publisher": s.publisher,
                    "kind": s.kind,
                    "file": s.file,
                    "url": s.url,
                }
                for s in b.sources
            ],
        },
        "run": {
            "name": report.run,
            "started_at": iso(report.started_at),
            "changed_at": iso(report.changed_at),
            "checked": report.checked,
            "total": report.total,
            "seconds": round(report.seconds, 1),
            "notices": list(report.notices),
        },
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "minutes": s.minutes,
                "seconds": round(s.seconds, 1),
                "checked": s.checked,
                "total": len(s.items),
                "items": [
                    {
                        "id": i.id,
                        "title": i.title,
                        "checked": i.checked,
                        "checked_at": iso(i.checked_at),
                        "seconds": round(i.seconds, 1),
                        "note": i.note,
                    }
                    for i in s.items
                ],
            }
            for s in report.sections
        ],
    }


def json_text(report: Report) -> str:
    return json.dumps(json_document(report), indent=2, ensure_ascii=False) + "\n"
