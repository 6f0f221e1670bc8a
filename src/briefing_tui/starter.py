"""The commented starter briefing that `briefing-tui new FILE` writes. It validates as is."""

from __future__ import annotations

import re
from pathlib import Path


def starter(path: Path) -> str:
    """The starter for a file at `path`: its id and title come from the file name, so two
    starters never share an id (and with it, a progress file)."""
    stem = path.name.split(".")[0]
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-._")[:80] or "my-briefing"
    title = re.sub(r"[-_.]+", " ", slug).strip().capitalize() or "My briefing"
    name = " ".join(str(path).split())  # it goes in a comment line
    return STARTER.format(name=name, id=slug, title=title)


STARTER = """\
# A briefing for briefing-tui. Check it with:  briefing-tui validate {name}
# Open it with:  briefing-tui {name}
# Every field is described in docs/content-format.md; `briefing-tui schema` prints the JSON
# Schema, so an editor with a YAML language server can check the file as you type.

# A stable id for the whole briefing: letters, digits, '-', '_' or '.'. Progress is saved by it.
id: {id}
title: "{title}"
summary: >-
  One or two sentences on what this briefing covers and who it is for.
# Optional: the time slot, in minutes; while you walk through it (w), a clock shows
# whether you are ahead of or behind pace. Each section may have its share.
minutes: 20

# The documents the briefing was written from. Items name one of these by its id.
sources:
  - id: article-1
    file: article-1.txt          # the source's file name, beside this file or in seeds/
    title: The first source article   # its headline, as the source gives it
    publisher: The publisher, if the source names one
    kind: news report            # optional: news report, opinion piece, explainer, ...

sections:
  - id: first-section
    title: First section
    summary: What this section is about.
    minutes: 20
    items:
      # Item ids must be unique across the whole briefing; keep them when you edit a title,
      # so checkmarks stay with their item.
      - id: first-item
        title: A short title for the first item
        source: article-1
        # Optional: the passage(s) of the source the item rests on, word for word;
        # `briefing-tui validate` checks each one is in the source file when it is at hand.
        quote:
          - The exact words of the source.
        detail: |
          The detail is **Markdown**: paragraphs, lists, tables.

          - Write it in your own words.
          - Say only what the source supports.
      - id: second-item
        title: "Quote a title that YAML could misread, like: no"
        source: article-1
        detail: |
          Titles and details are always shown as plain text or Markdown;
          markup such as [bold] is shown exactly as written.
"""
