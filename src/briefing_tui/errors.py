"""Problems in content files, as FILE:LINE:COL: message. No parsing here, no Textual."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: A location inside a briefing, as pydantic spells it: ("sections", 2, "items", 5, "id").
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Issue:
    """One problem in a content file, at a 1-based line and column when known. A warning
    (`warning=True`) is worth knowing but does not stop the file being used."""

    path: str
    line: int | None
    col: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.col,
            "severity": "warning" if self.warning else "error",
            "message": self.message,
        }


class ContentError(Exception):
    """A briefing file that cannot be used, with every problem found in it."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=lambda i: (i.path, i.line or 0, i.col or 0))
        super().__init__("\n".join(str(issue) for issue in self.issues))
