"""A large briefing's first part, read before the whole file is checked, and what opens it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from briefing_tui import cache, first_part, loader
from briefing_tui.app import BriefingApp
from briefing_tui.errors import ContentError, Issue
from briefing_tui.model import Briefing
from briefing_tui.screens.search import SearchScreen
from conftest import (
    MINIMAL,
    big_briefing,
    checked_ids,
    open_session,
    saved_checked_ids,
    screen_text,
)


def test_the_first_part_is_the_title_the_sources_and_the_first_section() -> None:
    text = big_briefing()
    part = first_part.read(text.encode(), "big.yaml")
    whole = loader.load_bytes(text.encode(), "big.yaml")
    assert part is not None
    assert (part.id, part.title, part.sources) == (whole.id, whole.title, whole.sources)
    assert part.sections == whole.sections[:1]  # stripped as the schema strips them


def test_a_long_first_section_is_cut() -> None:
    part = first_part.read(big_briefing(items=40).encode(), "big.yaml", max_items=25)
    assert part is not None
    assert [item.id for item in part.sections[0].items] == [f"s1-{i}" for i in range(1, 26)]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (("title: A big briefing\n", ""), "no title before the sections"),
        (("title: Item 3 of section 1\n", "title: 3\n"), "a number for a title"),
        (("detail: Detail of s1-2.", "detail: &a Detail of s1-2."), "an anchor"),
        (("source: s\n", "source: s\n        source: s\n", 1), "a duplicate key"),
        (("Detail of s1-5.", "Detail of s1-5.\x1b[2J"), "a control character"),
        (("Detail of s1-6.", "Detail of s1-6 \udcff."), "bytes that are not UTF-8"),
        (("sections:\n", "sections: 5\nother:\n"), "sections that are not a list"),
        (("sections:\n", "sections: []\nother:\n"), "no sections"),
        (("        source: s\n", "        source: t\n", 1), "a source that is not listed"),
        (("id: s1-2\n", "id: s1-1\n"), "an item id twice"),
    ],
)
def test_anything_unexpected_means_no_first_part(change: tuple[str, ...], why: str) -> None:
    old, new, *count = change
    text = big_briefing().replace(old, new, *count)
    data = text.encode("utf-8", "surrogateescape")
    assert first_part.read(data, "big.yaml") is None, why


def test_what_comes_after_the_first_part_is_not_read() -> None:
    # A problem further on is for the whole file's check to find, not the first part.
    text = big_briefing(tail="  - id: [broken\n")
    assert first_part.read(text.encode(), "big.yaml") is not None
    with pytest.raises(ContentError):
        loader.load_bytes(text.encode(), "big.yaml")


def test_a_large_file_opens_as_its_first_part_and_is_checked_whole_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "FIRST_PART_BYTES", 1000)
    path = tmp_path / "big.yaml"
    path.write_text(big_briefing(), encoding="utf-8")
    opening = cache.load_for_screen(path, tmp_path / "cache", part=True)
    assert opening.whole is not None and opening.keep is None
    assert len(opening.briefing.sections) == 1
    whole = opening.whole()
    assert whole == loader.load(path)
    # Checked once: from now on it opens whole, from the cache.
    again = cache.load_for_screen(path, tmp_path / "cache", part=True)
    assert again == cache.Opening(whole)


def test_small_files_and_the_walkthrough_are_checked_before_they_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(big_briefing(), encoding="utf-8")
    small = cache.load_for_screen(path, tmp_path / "cache", part=True)  # under FIRST_PART_BYTES
    assert small.whole is None and small.keep is not None
    monkeypatch.setattr(cache, "FIRST_PART_BYTES", 1000)
    other = tmp_path / "other.yaml"
    other.write_text(big_briefing(sections=2), encoding="utf-8")
    said: list[int] = []
    walkthrough = cache.load_for_screen(
        other, tmp_path / "cache", part=False, long_check=said.append
    )
    assert walkthrough.whole is None and len(walkthrough.briefing.sections) == 2
    assert said == [other.stat().st_size]  # the command line says it is checking it
    walkthrough.keep()  # (written once its screen is up)
    cache.load_for_screen(other, tmp_path / "cache", part=False, long_check=said.append)
    assert said == [other.stat().st_size]  # from the cache: nothing to check


def test_a_large_file_with_problems_is_refused_when_checked_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "FIRST_PART_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text(big_briefing(tail=MINIMAL.split("sections:\n")[1]), encoding="utf-8")
    opening = cache.load_for_screen(path, tmp_path / "cache", part=True)
    assert opening.whole is not None
    with pytest.raises(ContentError) as caught:
        opening.whole()
    assert any(issue.line for issue in caught.value.issues)  # placed in the file
    assert not list((tmp_path / "cache").glob("*"))  # nothing kept


# --------------------------------------------------------------------------- in the app

SIZE = (120, 36)


def partial_app(briefing: Briefing, data: Path, whole: Callable[[], Briefing]) -> BriefingApp:
    """The app as a large file's first launch opens it: the first section only, the whole
    briefing coming from `whole` (in a thread)."""
    session = open_session(replace(briefing, sections=briefing.sections[:1]), data)
    session.partial = True
    return BriefingApp(session, whole=whole)


def checked_when_set(briefing: Briefing) -> tuple[threading.Event, Callable[[], Briefing]]:
    """A check of the whole briefing that finishes when the test sets the event."""
    done = threading.Event()

    def whole() -> Briefing:
        done.wait(10)
        return briefing

    return done, whole


async def wait_until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError("it never happened")


async def test_the_first_part_is_shown_as_being_checked_and_keys_wait_for_the_whole(
    sample: Briefing, data_dir: Path
) -> None:
    checked_whole, whole = checked_when_set(sample)
    app = partial_app(sample, data_dir, whole)
    first, second = sample.sections[:2]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_text(app)
        assert "checking the rest of the briefing; its start is shown" in screen
        assert f"of {sample.item_count()} checked" not in screen  # no total before it is known
        assert f"0/{len(first.items)}…" in screen  # the first section's count, so far
        assert first.title in screen and second.title not in screen
        assert " 1 Section" in screen  # the keys it has so far
        # A check works at once; `2` (section 2 is in the rest) waits, and Space after it
        # waits too: it is for section 2's first item.
        await pilot.press("space", "2", "space")
        await wait_until(pilot, lambda: "your keys wait for it" in screen_text(app))
        screen = screen_text(app)
        assert "1 checked" in screen and second.items[0].title not in screen
        checked_whole.set()
        await wait_until(pilot, lambda: f"2 of {sample.item_count()} checked" in screen_text(app))
        screen = screen_text(app)
        assert f"[x] {second.items[0].title}" in screen
        assert "checking the rest" not in screen and "…" not in screen.split("Detail")[0]
        assert f"1-{len(sample.sections)} Section" in screen
    assert saved_checked_ids(sample, data_dir) == {first.items[0].id, second.items[0].id}


@pytest.mark.parametrize(
    ("key", "waits"),
    [
        *((key, True) for key in ("w", "n", "a", "e", "slash", "R", "2", "ctrl+r", "ctrl+p")),
        *((key, False) for key in ("j", "1", "f")),
    ],
)
async def test_keys_about_the_whole_briefing_wait_with_the_keys_after_them(
    sample: Briefing,
    data_dir: Path,
    key: str,
    waits: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Such a key waits for the whole briefing, and so does Space typed after it (it is for
    what that key opens); after any other key, Space checks an item at once."""
    monkeypatch.chdir(tmp_path)  # `e`, done once the whole is in, writes its report here
    checked_whole, whole = checked_when_set(sample)
    app = partial_app(sample, data_dir, whole)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key, "space")
        await pilot.pause()
        assert ("your keys wait" in screen_text(app)) is waits
        assert bool(checked_ids(app.session)) is not waits  # type: ignore[arg-type]
        checked_whole.set()


async def test_a_query_typed_after_slash_goes_into_the_search_once_the_whole_is_checked(
    sample: Briefing, data_dir: Path
) -> None:
    checked_whole, whole = checked_when_set(sample)
    app = partial_app(sample, data_dir, whole)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"deter")  # `e` and `r` are keys of the panes too
        await pilot.pause()
        checked_whole.set()
        await wait_until(pilot, lambda: [i.value for i in app.screen.query(Input)] == ["deter"])
        assert isinstance(app.screen, SearchScreen)
        screen = screen_text(app)
        assert "Nothing is checked there" not in screen and "report" not in screen
    assert not list(Path.cwd().glob("*-report-*.md"))


async def test_a_briefing_found_to_have_problems_ends_the_app_for_the_command_line_to_say(
    sample: Briefing, data_dir: Path
) -> None:
    problems = ContentError([Issue("big.yaml", 9000, 7, "item id 'x' is used twice")])
    go_on = threading.Event()

    def whole() -> Briefing:
        go_on.wait(10)
        raise problems

    app = partial_app(sample, data_dir, whole)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # checked while the rest is checked: kept, by item id
        go_on.set()
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2 and app.content_error is problems
    assert saved_checked_ids(sample, data_dir) == {sample.sections[0].items[0].id}


async def test_a_check_that_breaks_down_ends_the_app_with_a_reason_not_a_wait(
    sample: Briefing, data_dir: Path
) -> None:
    def whole() -> Briefing:
        raise MemoryError("no room")

    app = partial_app(sample, data_dir, whole)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2 and app.content_error is not None
    assert "could not be checked (MemoryError: no room)" in str(app.content_error)


async def test_ctrl_q_quits_at_once_while_keys_wait(sample: Briefing, data_dir: Path) -> None:
    never, whole = checked_when_set(sample)
    app = partial_app(sample, data_dir, whole)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "2", "q", "ctrl+q")  # `q` waits, as text might; Ctrl+Q not
        await wait_until(pilot, lambda: app.return_code is not None)
    never.set()
    assert app.return_code == 0
    assert saved_checked_ids(sample, data_dir) == {sample.sections[0].items[0].id}
