"""User settings: the theme, remapped keys, small options. No Textual.

A YAML file in the user config directory (`BRIEFING_TUI_CONFIG_DIR` overrides it)::

    theme: textual-light        # chosen in the app (Ctrl+P, "theme"): kept here
    keys:                       # a binding's id: the key(s) for it, comma-separated
      next-unchecked: ctrl+n
      walkthrough: w,W
    advance_after_check: true   # in the panes, Space checks and moves to the next item

A bad file never stops the app: each problem is reported as FILE:LINE:COL: message (read with
the briefing's own YAML reader) and the defaults are used for what is wrong. The app writes
only the `theme:` line, and never into a file it could not read.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing_tui import files, paths
from briefing_tui.errors import ContentError, Issue

CONFIG_DIR_ENV = "BRIEFING_TUI_CONFIG_DIR"
FILE_NAME = "settings.yaml"

#: Every binding a user can remap, by its id (Textual's `Binding(id=...)`): what it does.
BINDING_IDS: dict[str, str] = {
    "toggle": "check or uncheck the item",
    "walkthrough": "open the walkthrough",
    "next-unchecked": "next unchecked item",
    "previous-unchecked": "previous unchecked item",
    "note": "write a note",
    "undo": "undo",
    "search": "search",
    "filter": "unchecked items only",
    "source": "show the source",
    "export": "write the report",
    "runs": "runs",
    "reset-section": "reset the section",
    "reset-all": "reset the briefing",
    "help": "help",
    "quit": "quit",
    "first": "first item",
    "last": "last item",
    "check-and-next": "walkthrough: check, next",
    "next-item": "walkthrough: next item",
    "previous-item": "walkthrough: previous item",
    "pause": "walkthrough: pause the clock",
    "back": "walkthrough: back to the panes",
}
_KEY = re.compile(r"^[A-Za-z0-9_+\-]+(,[A-Za-z0-9_+\-]+)*$")
#: Textual's own themes (a test keeps this in step with textual.theme.BUILTIN_THEMES):
#: `config` checks a theme without importing Textual.
THEMES = (
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)
#: Keys the app keeps for itself: a binding remapped to one would never run.
RESERVED_KEYS = frozenset(
    {"ctrl+q", "ctrl+c", "ctrl+p", "ctrl+z", "tab", "shift+tab", "escape", "q"}
)


@dataclass
class Settings:
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    advance_after_check: bool = False
    #: Where they were read from, and what was wrong there (shown by the app and `config`).
    path: Path | None = None
    problems: list[Issue] = field(default_factory=list)


def config_dir() -> Path:
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(paths.APP_NAME, appauthor=False)


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def load(path: Path | None = None) -> Settings:
    """The settings (defaults where the file is missing or wrong). Never raises."""
    path = path or settings_path()
    settings = Settings(path=path)
    if not path.exists():
        return settings
    name = str(path)
    try:
        data = files.read_limited(path, name)
    except ContentError as error:
        settings.problems = error.issues
        return settings
    # Read the way briefings are: unchanged bytes come from a cache, without the YAML parser.
    entry = paths.cache_dir() / f"settings-{hashlib.sha256(data + name.encode()).hexdigest()}"
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
        theme, keys, advance, problems = marshal.loads(entry.read_bytes())
        settings.theme, settings.keys, settings.advance_after_check = theme, dict(keys), advance
        settings.problems = [Issue(*problem) for problem in problems]
        return settings
    _read(data, name, settings)
    with contextlib.suppress(OSError, ValueError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        problems = [(i.path, i.line, i.col, i.message) for i in settings.problems]
        cached = (settings.theme, settings.keys, settings.advance_after_check, problems)
        entry.write_bytes(marshal.dumps(cached))
    return settings


def _read(data: bytes, name: str, settings: Settings) -> None:
    from briefing_tui.yaml_reader import build, decode, locate

    try:
        text = decode(data, name)
        value, issues = build(text, name)
    except ContentError as error:
        settings.problems = error.issues
        return
    settings.problems = list(issues)
    if value is None:
        return
    if not isinstance(value, dict):
        settings.problems.append(Issue(name, 1, 1, "expected keys such as theme: and keys:"))
        return
    where = locate(text, name)

    def problem(loc: tuple[str | int, ...], message: str) -> None:
        spot = where.keys.get(loc) or where.values.get(loc)
        line, col = (spot.line, spot.col) if spot else (None, None)
        settings.problems.append(Issue(name, line, col, message))

    for key, item in value.items():
        if key == "theme":
            if isinstance(item, str) and item.strip() in THEMES:
                settings.theme = item.strip()
            else:
                problem(("theme",), f"theme: expected one of {', '.join(THEMES)}")
        elif key == "advance_after_check":
            if isinstance(item, bool):
                settings.advance_after_check = item
            else:
                problem((key,), f"{key}: expected true or false")
        elif key == "keys":
            settings.keys = _keys(item, problem)
        else:
            problem((key,), f"unknown setting '{key}'; known: theme, keys, advance_after_check")


def _keys(value: Any, problem: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        problem(("keys",), "keys: expected a binding id and its key on each line")
        return {}
    keys: dict[str, str] = {}
    taken: dict[str, str] = {}
    for binding_id, key in value.items():
        if binding_id not in BINDING_IDS:
            problem(
                ("keys", binding_id),
                f"keys: '{binding_id}' is not a binding; run 'briefing-tui config' to see them",
            )
        elif not isinstance(key, str) or not _KEY.match(key.replace(" ", "")):
            problem(("keys", binding_id), f"keys: {binding_id}: expected a key, e.g. ctrl+n")
        else:
            chosen = key.replace(" ", "").split(",")
            clash = [k for k in chosen if k in RESERVED_KEYS or k in taken]
            if clash:
                why = (
                    f"is the key of '{taken[clash[0]]}'"
                    if clash[0] in taken
                    else "is kept by the app (quit, copy, the palette, suspend, focus, close)"
                )
                problem(("keys", binding_id), f"keys: {binding_id}: {clash[0]} {why}")
                continue
            for one in chosen:
                taken[one] = str(binding_id)
            keys[binding_id] = ",".join(chosen)
    return keys


def save_theme(settings: Settings, theme: str) -> str | None:
    """Keep the theme chosen in the app: rewrite the `theme:` line (or add one), leaving
    every other line as it is. The reason it was not kept, or None."""
    path = settings.path or settings_path()
    if settings.problems:
        return f"{path} has problems; fix them and the theme will be kept"
    try:
        old = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot read {path}: {error}"
    line = f"theme: {theme}\n"
    new, count = re.subn(r"(?m)^theme:.*\n?", line, old, count=1)
    if not count:
        new = old + ("" if not old or old.endswith("\n") else "\n") + line
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomically(path, new)
    except OSError as error:
        return f"cannot write {path}: {error.strerror}"
    settings.theme = theme
    return None
