"""The JSON Schema of the JSON report (`briefing-tui export --format json --schema`).

Kept in step with `export.json_document` by a test that validates reports against it.
"""

from __future__ import annotations

from typing import Any

from briefing_tui.export import FORMAT, VERSION

_TIME = {"type": ["string", "null"], "description": "UTC, ISO 8601 (2026-12-02T14:05:00Z)"}
REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "briefing-tui report",
    "description": "The report of one run of a briefing (briefing-tui export --format json).",
    "type": "object",
    "required": ["format", "version", "briefing", "run", "sections"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
        "briefing": {
            "type": "object",
            "required": ["id", "title", "minutes", "sources"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "minutes": {"type": ["number", "null"]},
                "sources": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "title", "publisher", "kind", "file", "url"],
                        "additionalProperties": False,
                        "properties": {
                            key: {"type": "string"}
                            if key in ("id", "title", "file")
                            else {"type": ["string", "null"]}
                            for key in ("id", "title", "publisher", "kind", "file", "url")
                        },
                    },
                },
            },
        },
        "run": {
            "type": "object",
            "required": [
                "name",
                "started_at",
                "changed_at",
                "checked",
                "total",
                "seconds",
                "notices",
            ],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string"},
                "started_at": _TIME,
                "changed_at": _TIME,
                "checked": {"type": "integer", "minimum": 0},
                "total": {"type": "integer", "minimum": 0},
                "seconds": {"type": "number", "minimum": 0},
                "notices": {"type": "array", "items": {"type": "string"}},
            },
        },
        "sections": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "title", "minutes", "seconds", "checked", "total", "items"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "minutes": {"type": ["number", "null"]},
                    "seconds": {"type": "number", "minimum": 0},
                    "checked": {"type": "integer", "minimum": 0},
                    "total": {"type": "integer", "minimum": 0},
                    "items": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "title", "checked", "checked_at", "seconds", "note"],
                            "additionalProperties": False,
                            "properties": {
                                "id": {"type": "string"},
                                "title": {"type": "string"},
                                "checked": {"type": "boolean"},
                                "checked_at": _TIME,
                                "seconds": {"type": "number", "minimum": 0},
                                "note": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    },
}
