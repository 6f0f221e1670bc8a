"""Loading briefing files: every problem reported at its line, never a traceback."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui import files, loader
from briefing_tui.loader import ContentError
from conftest import MINIMAL

Write = Callable[..., Path]


def problems(path: Path) -> list[str]:
    """The problems in a file, as 'LINE:COL: message' (the file name left off)."""
    with pytest.raises(ContentError) as caught:
        loader.load(path)
    return [str(issue).removeprefix(f"{path}:") for issue in caught.value.issues]


def test_minimal_briefing_loads(write_yaml: Write) -> None:
    briefing = loader.load(write_yaml(MINIMAL))
    assert [s.id for s in briefing.sections] == ["first", "second"]
    assert briefing.sections[0].items[0].detail == "Detail of **A**."


def test_bundled_briefing_is_found_and_valid() -> None:
    path = files.default_briefing_path()
    assert path.is_file()
    assert loader.load(path).id == "us-japan-defense"


def test_unknown_key_names_the_likely_key(write_yaml: Write) -> None:
    path = write_yaml(MINIMAL.replace("  - id: second\n    title:", "  - id: second\n    titel:"))
    assert problems(path) == [
        "18:5: missing required key 'title'",
        "19:5: unknown key 'titel' (did you mean 'title'?)",
    ]


def test_yes_no_where_text_is_expected(write_yaml: Write) -> None:
    path = write_yaml(MINIMAL.replace("title: Item B", "title: no"))
    assert problems(path) == ['16:16: title: expected text, got a yes/no value — quote it: "no"']


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("2024-11-05", "a date"),
        ("1.10", "a number"),
        ("0777", "a number"),
        ("on", "a yes/no value"),
    ],
)
def test_other_implicit_types_are_caught(write_yaml: Write, value: str, kind: str) -> None:
    path = write_yaml(MINIMAL.replace("title: Item B", f"title: {value}"))
    assert problems(path) == [f'16:16: title: expected text, got {kind} — quote it: "{value}"']


def test_quoted_values_stay_text(write_yaml: Write) -> None:
    path = write_yaml(MINIMAL.replace("title: Item B", 'title: "no"'))
    assert loader.load(path).sections[0].items[1].title == "no"


def test_duplicate_keys_report_both_lines(write_yaml: Write) -> None:
    path = write_yaml(MINIMAL.replace("title: Item B\n", "title: Item B\n        title: Again\n"))
    assert problems(path) == [
        "17:9: key 'title' appears twice in the same mapping: lines 16 and 17; remove one"
    ]


def test_a_second_sections_key_cannot_erase_the_briefing(write_yaml: Write) -> None:
    path = write_yaml(MINIMAL + "sections: []\n")
    assert problems(path) == [
        "24:1: key 'sections' appears twice in the same mapping: lines 7 and 24; remove one"
    ]


def test_duplicate_item_ids_report_both_lines(write_yaml: Write) -> None:
    path = write_yaml(MINIMAL.replace("id: c\n", "id: a\n"))
    assert problems(path) == [
        "21:13: item id 'a' is used twice: lines 11 and 21; ids must be unique"
    ]


def test_every_problem_is_reported_in_one_run(write_yaml: Write) -> None:
    text = (
        MINIMAL.replace("title: Item B", "title: yes")
        .replace("id: c\n", "id: a\n")
        .replace("source: s1\n        detail", "sourc: s1\n        detail")
    )
    found = problems(write_yaml(text))
    assert found == [
        "11:9: missing required key 'source'",
        "13:9: unknown key 'sourc' (did you mean 'source'?)",
        '16:16: title: expected text, got a yes/no value — quote it: "yes"',
        "21:13: item id 'a' is used twice: lines 11 and 21; ids must be unique",
    ]


def test_unknown_source(write_yaml: Write) -> None:
    path = write_yaml(
        MINIMAL.replace("title: Item C\n        source: s1", "title: Item C\n        source: s9")
    )
    assert problems(path) == ["23:17: source 's9' is not one of the briefing's sources (s1)"]


def test_empty_value(write_yaml: Write) -> None:
    path = write_yaml(MINIMAL.replace("title: Item B", "title:"))
    assert problems(path) == ["16:15: title: is empty; write some text"]


def test_syntax_error_has_its_line(write_yaml: Write) -> None:
    path = write_yaml(MINIMAL.replace("title: Item B", "title: [Item B"))
    [problem] = problems(path)
    # libyaml notices the missing ']' on the next line, and names the line it started on;
    # the hint says what was meant, in a form that loads.
    assert problem.startswith("17:15: YAML syntax error: ")
    assert "at line 16)" in problem
    assert problem.endswith('; if line 16 is text, put it in double quotes: title: "[Item B"')
    fixed = loader.load(write_yaml(MINIMAL.replace("title: Item B", 'title: "[Item B"')))
    assert fixed.sections[0].items[1].title == "[Item B"


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("[draft] Item B", '"[draft] Item B"'),
        ("Note: Item B", '"Note: Item B"'),
        ('@Item "B"', '"@Item \\"B\\""'),
    ],
)
def test_text_read_as_syntax_gets_the_quoted_form(
    write_yaml: Write, written: str, suggested: str
) -> None:
    path = write_yaml(MINIMAL.replace("title: Item B", f"title: {written}"))
    [problem] = problems(path)
    assert problem.endswith(f"put it in double quotes: title: {suggested}")
    fixed = loader.load(write_yaml(MINIMAL.replace("title: Item B", f"title: {suggested}")))
    assert fixed.sections[0].items[1].title == written


def test_no_quoting_hint_when_the_text_is_not_the_slip(write_yaml: Write) -> None:
    # A line indented one space short, under an item whose `tags: []` is fine as it is.
    broken = MINIMAL.replace(
        "title: Item B\n        source: s1", "title: Item B\n        tags: []\n       source: s1"
    )
    [problem] = problems(write_yaml(broken))
    assert problem.startswith("18:8: YAML syntax error: ")
    assert "double quotes" not in problem


def test_tab_indentation(write_yaml: Write) -> None:
    path = write_yaml(MINIMAL.replace("        title: Item B", "\ttitle: Item B"))
    assert problems(path) == [
        "16:1: a tab character is used here; YAML indentation must use spaces"
    ]


def test_byte_order_mark_is_accepted_and_lines_stay_right(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("title: Item B", "title: no").encode())
    assert problems(path) == ['16:16: title: expected text, got a yes/no value — quote it: "no"']


def test_non_utf8_bytes_say_where(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace("Item B", "Caf\xe9").encode("latin-1"))
    assert problems(path) == ["16:19: byte 0xE9 is not valid UTF-8; save the file as UTF-8"]


def test_raw_control_characters_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "esc.yaml"
    path.write_bytes(MINIMAL.replace("Item B", "Item \x1b[2J B").encode())
    assert problems(path) == ["16:21: control character U+001B is not allowed; remove it"]


def test_empty_file(write_yaml: Write) -> None:
    [problem] = problems(write_yaml(""))
    assert "the file is empty" in problem


def test_top_level_list(write_yaml: Write) -> None:
    assert problems(write_yaml("- a\n- b\n")) == [
        "1:1: value: expected a mapping of keys (key: value), got a list"
    ]


def test_billion_laughs_fails_fast(write_yaml: Write) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = write_yaml("\n".join(lines) + "\n")
    loader.load_bytes(MINIMAL.encode())  # build pydantic's validators outside the measurement
    tracemalloc.start()
    start = time.perf_counter()
    found = problems(path)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 2 * 1024 * 1024  # expanded, it would be 9**9 strings
    assert "1:4: anchors ('&a') are not allowed in briefings; write the value out in full" in found
    assert any("aliases ('*a') are not allowed" in p for p in found)


def test_deep_nesting_is_refused_quickly(write_yaml: Write) -> None:
    # libyaml's composer segfaults on very deep nesting; the loader reads events, which never
    # recurse. Whichever refuses it first (the loader's depth limit, or a parser that has a
    # limit of its own), the user gets one problem on the right line, at once, and no crash.
    path = write_yaml("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    start = time.perf_counter()
    [problem] = problems(path)
    assert time.perf_counter() - start < 1.0
    assert problem.startswith("1:")


def test_nesting_past_the_loaders_limit_is_named_where_it_starts(write_yaml: Write) -> None:
    depth = loader.MAX_DEPTH + 8  # deeper than the loader allows, shallower than any parser
    path = write_yaml("a: " + "[" * depth + "]" * depth + "\n")
    [problem] = problems(path)
    assert problem == f"1:{3 + loader.MAX_DEPTH}: nested more than {loader.MAX_DEPTH} levels deep"


def test_tags_are_refused(write_yaml: Write) -> None:
    path = write_yaml(MINIMAL.replace("title: Item B", "title: !!python/object:os.system x"))
    assert problems(path) == [
        "16:16: tags ('tag:yaml.org,2002:python/object:os.system') are not allowed in "
        "briefings; remove the tag"
    ]


def test_more_than_one_document(write_yaml: Write) -> None:
    [problem] = problems(write_yaml(MINIMAL + "---\n" + MINIMAL))
    assert problem.startswith("24:1: more than one YAML document")


def test_size_limit_is_stated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text(MINIMAL)
    [problem] = problems(path)
    assert "limited to" in problem and "MiB" in problem


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no such file"):
        loader.load(tmp_path / "nope.yaml")
    with pytest.raises(ContentError, match="is a directory"):
        loader.load(tmp_path)
