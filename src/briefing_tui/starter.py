"""The commented starter briefing that `briefing-tui new FILE` writes. It validates as is."""

STARTER = """\
# A briefing for briefing-tui. Check it with:  briefing-tui validate {name}
# Open it with:  briefing-tui {name}
# Every field is described in docs/content-format.md; `briefing-tui schema` prints the JSON
# Schema, so an editor with a YAML language server can check the file as you type.

# A stable id for the whole briefing: letters, digits, '-', '_' or '.'. Progress is saved by it.
id: my-briefing
title: My briefing
summary: >-
  One or two sentences on what this briefing covers and who it is for.

# The documents the briefing was written from. Items name one of these by its id.
sources:
  - id: article-1
    file: article-1.txt          # the source's file name (or where to find it)
    title: The first source article

sections:
  - id: first-section
    title: First section
    summary: What this section is about.
    items:
      # Item ids must be unique across the whole briefing; keep them when you edit a title,
      # so checkmarks stay with their item.
      - id: first-item
        title: A short title for the first item
        source: article-1
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
