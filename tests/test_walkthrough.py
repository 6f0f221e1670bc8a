"""Briefing a principal: pick up where you left off, the walkthrough, the clock, notes,
summaries. Every test reads the whole rendered screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui import loader
from briefing_tui.app import BriefingApp
from briefing_tui.model import Briefing
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.note import NoteScreen
from briefing_tui.screens.walkthrough import WalkthroughScreen
from briefing_tui.widgets.detail_pane import DetailPane
from conftest import MINIMAL, checked_ids, open_session, screen_text, wait_until_prepared

SIZE = (150, 36)  # three panes side by side (at 140 columns or fewer the detail goes under)


def make_app(briefing: Briefing, data: Path, **options: bool) -> BriefingApp:
    return BriefingApp(open_session(briefing, data), **options)


def app_on_a_clock(briefing: Briefing, data: Path) -> tuple[BriefingApp, list[float]]:
    """An app whose session's clock the test moves on (`clock[0]`, in seconds)."""
    clock = [1000.0]
    session = open_session(briefing, data)
    session.monotonic = lambda: clock[0]
    return BriefingApp(session), clock


def toasts(app: BriefingApp) -> str:
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


@pytest.fixture
def timed(write_yaml) -> Briefing:  # type: ignore[no-untyped-def]
    """MINIMAL with a 2-minute slot, and a minute for the first section."""
    text = MINIMAL.replace("title: A small briefing\n", "title: A small briefing\nminutes: 2\n")
    text = text.replace("    title: First\n", "    title: First\n    minutes: 1\n")
    text = text.replace("title: A small briefing\n", "title: A small briefing\nsummary: Why.\n")
    text = text.replace("    title: First\n", "    title: First\n    summary: The first part.\n")
    return loader.load(write_yaml(text))


async def test_reopening_returns_to_the_section_and_item(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "j", "j")
    again = make_app(sample, data_dir)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # acts on the item the user was on
        await pilot.pause()
        screen = screen_text(again)
        assert "[x] How South Korea and China perceive" in screen
        assert "3 1/10   Challenges" in screen


async def test_n_goes_to_the_next_unchecked_across_sections_and_wraps(
    sample: Briefing, data_dir: Path
) -> None:
    session = open_session(sample, data_dir)
    last_of_todo = sample.sections[0].items[-1]
    for item in [*sample.sections[0].items[:-1], *sample.sections[1].items[:2]]:
        session.set_checked(item, True)
    session.save_now()
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert app.session is not None and app.session.item == last_of_todo
        await pilot.press("space", "n")  # checked: the next is past section 2's first two
        await pilot.pause()
        screen = screen_text(app)
        assert "Extended-deterrence components" in screen.splitlines()[1]  # the list's title
        assert app.session.item == sample.sections[1].items[2]
        await pilot.press("N")  # back: section 2's first two are checked, so section 1's ...
        await pilot.pause()
        assert toasts(app).count("Went round") == 1  # ... all checked: round to the end
        assert app.session.item == sample.sections[3].items[-1]


async def test_n_says_so_when_everything_is_checked(timed: Briefing, data_dir: Path) -> None:
    app = make_app(timed, data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space", "j", "space", "2", "space")
        await pilot.pause()
        assert "All 3 items are checked" in toasts(app)
        await pilot.press("n")
        await pilot.pause()
        assert "Every item is checked." in toasts(app)


async def test_the_walkthrough_shows_one_item_whole_and_where_it_stands(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "j", "j", "space", "w")  # section 2's third item
        await pilot.pause()
        assert isinstance(app.screen, WalkthroughScreen)
        screen = screen_text(app)
        item = sample.sections[1].items[2]
        where = "Item 3 of 9 · Extended-deterrence components (section 2 of 4) · 1 of 45 checked"
        assert where in screen
        assert item.title in screen  # whole, never cut
        assert "[x] checked" in screen and "Source:" in screen
        assert "Briefing 0:0" in screen  # the clock runs


async def test_walkthrough_keys_check_move_and_return_to_the_same_item(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    first, second, third = sample.sections[0].items[:3]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "space")  # check the first, on to the second
        await pilot.pause()
        screen = screen_text(app)
        assert "Item 2 of 15" in screen and second.title in screen
        assert checked_ids(app.session) == {first.id}  # type: ignore[arg-type]
        for key in ("right", "l", "pagedown"):  # next, without checking
            await pilot.press(key)
        await pilot.pause()
        assert "Item 5 of 15" in screen_text(app)
        for key in ("left", "h", "pageup"):
            await pilot.press(key)
        await pilot.pause()
        assert "Item 2 of 15" in screen_text(app)
        assert checked_ids(app.session) == {first.id}  # type: ignore[arg-type]
        await pilot.press("n")  # the next unchecked after the second: the third
        await pilot.pause()
        assert third.title in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        screen = screen_text(app)
        assert third.title.split(":")[0] in screen and "[ ] not checked yet" in screen
        await pilot.press("space")  # the panes are on the same item
        assert checked_ids(app.session) == {first.id, third.id}  # type: ignore[arg-type]


async def test_the_walkthrough_goes_across_sections_and_stops_at_the_ends(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("end", "w", "right")
        await pilot.pause()
        assert "Item 1 of 9 · Extended-deterrence components" in screen_text(app)
        await pilot.press("escape", "4", "end", "w", "right")
        await pilot.pause()
        assert "This is the last item." in toasts(app)
        assert "Item 11 of 11" in screen_text(app)


async def test_the_clock_keeps_time_per_item_pauses_and_shows_pace(
    timed: Briefing, data_dir: Path
) -> None:
    app, clock = app_on_a_clock(timed, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        clock[0] += 75  # 75 s on the first item: past pace for a 2-minute slot
        await pilot.pause(1.2)
        screen = screen_text(app)
        assert "Briefing 1:15 of 2:00, 1:15 behind" in screen
        assert "First 1:15 of 1:00" in screen
        await pilot.press("p")
        clock[0] += 600  # paused: not counted
        await pilot.pause(1.2)
        assert "paused" in screen_text(app) and "Briefing 1:15 of 2:00" in screen_text(app)
        await pilot.press("p", "space")  # running again; check it, on to the next
        clock[0] += 5
        await pilot.press("escape")
        await pilot.pause()
        # Both views show the time against the budget.
        assert "Time 1:20/2:00" in screen_text(app)
    again = open_session(timed, data_dir)
    assert again.item_seconds("a") == 75 and again.item_seconds("b") == 5


async def test_opened_again_it_shows_the_session_as_it_is_now(
    sample: Briefing, data_dir: Path
) -> None:
    """The walkthrough is kept between openings: each opening shows the item the panes are
    on, its state and note, and the counts, never what it showed when last closed."""
    app = make_app(sample, data_dir)
    item = sample.sections[2].items[1]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert "Item 1 of 15" in screen_text(app)
        await pilot.press("escape", "3", "j", "space", "a", *"Ask about it", "ctrl+s")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = screen_text(app)
        assert "Item 2 of 10 · Challenges (section 3 of 4) · 1 of 45 checked" in screen
        assert item.title in screen and "[x] checked" in screen
        assert "Your note" in screen and "Ask about it" in screen


async def test_the_clock_runs_while_the_walkthrough_is_open_dialogs_or_not(
    timed: Briefing, data_dir: Path
) -> None:
    app, clock = app_on_a_clock(timed, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        clock[0] += 10
        await pilot.press("escape")
        clock[0] += 600  # in the panes: not counted
        await pilot.press("w")
        await pilot.pause()
        assert "Briefing 0:10 of 2:00" in screen_text(app)
        await pilot.press("question_mark")  # help over the walkthrough: the clock runs on
        clock[0] += 20
        await pilot.press("escape")
        await pilot.pause(1.2)
        assert "Briefing 0:30 of 2:00" in screen_text(app)
        await pilot.press("p", "question_mark", "escape")  # paused, it stays paused
        clock[0] += 300
        await pilot.pause(1.2)
        screen = screen_text(app)
        assert "paused" in screen and "Briefing 0:30 of 2:00" in screen
        await pilot.press("escape", "w")  # opened again: the clock runs
        clock[0] += 5
        await pilot.pause(1.2)
        assert "paused" not in screen_text(app) and "Briefing 0:35 of 2:00" in screen_text(app)


async def test_a_theme_chosen_while_it_is_closed_is_its_theme_when_it_opens(
    sample: Briefing, data_dir: Path
) -> None:
    from test_find_and_fit import contrast, rendered

    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "escape")
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WalkthroughScreen)
        cells = rendered(app)
        white = (255, 255, 255)
        backgrounds = {bg for _y, _x, _t, _f, bg in cells}
        assert all(contrast(bg, white) < 1.6 for bg in backgrounds)  # light, every part
        text = [(f, b) for _y, _x, t, f, b in cells if "Item 1 of" in t]
        assert text and min(contrast(f, b) for f, b in text) >= 4.5


@pytest.mark.parametrize("size", [(80, 24), SIZE, (200, 50)])
async def test_the_detail_width_is_known_before_the_walkthrough_is_drawn(
    sample: Briefing, data_dir: Path, size: tuple[int, int]
) -> None:
    """Its detail is rendered ahead at this width (so `w` has nothing to render): it must be
    the width the pane turns out to have."""
    app = make_app(sample, data_dir)
    async with app.run_test(size=size) as pilot:
        await pilot.press("w")
        await pilot.pause()
        walkthrough = app.screen
        assert isinstance(walkthrough, WalkthroughScreen)
        pane = walkthrough.query_one(DetailPane)
        assert walkthrough.detail_width() == pane.scrollable_content_region.width


async def test_summaries_are_shown(timed: Briefing, data_dir: Path) -> None:
    app = make_app(timed, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+tab")  # the sections pane: the detail shows the section
        await pilot.pause()
        screen = screen_text(app)
        assert "The first part." in screen and "Section: 0 of 2 checked" in screen
        await pilot.press("tab", "w")
        await pilot.pause()
        assert "Why." in screen_text(app)  # the briefing's summary, above the first item
        await pilot.press("right")
        await pilot.pause()
        assert "Why." not in screen_text(app)


async def test_a_note_is_written_shown_marked_and_undone(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    note = "Cost? [b]x[/] [@click=app.quit]y"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*note)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = screen_text(app)
        assert "Your note" in screen and note in screen  # as text, not markup
        [row] = [line for line in screen.splitlines() if "[ ] Cybersecurity" in line]
        assert row.split("┃")[1].rstrip().endswith("✎")  # the marker in the list
        await pilot.press("w")
        await pilot.pause()
        assert note in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert note not in screen_text(app)
    assert open_session(sample, data_dir).note(sample.sections[0].items[1].id) == ""


async def test_closing_a_changed_note_asks_first(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "x", "escape")
        await pilot.pause()
        assert "Close without keeping the changes" in screen_text(app)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.session is not None and app.session.note(sample.sections[0].items[0].id) == ""
        await pilot.press("a", "escape")  # unchanged: closes at once
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)


async def test_the_note_editor_opens_on_each_item_with_its_own_note(
    sample: Briefing, data_dir: Path
) -> None:
    """The editor is made once and kept: each opening shows the item's own note, with no
    undo history from another item's."""
    from briefing_tui.progress.format import MAX_NOTE_CHARS

    first, second = sample.sections[0].items[:2]
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"first note", "ctrl+s", "j", "a")
        await pilot.pause()
        screen = screen_text(app)
        assert f"Note on {second.title}" in screen and "first note" not in screen
        assert f"0 of {MAX_NOTE_CHARS:,} characters" in screen
        await pilot.press("ctrl+z", *"second", "ctrl+s")  # nothing to undo here
        await pilot.pause()
        await pilot.press("k", "a")
        await pilot.pause()
        screen = screen_text(app)
        assert f"Note on {first.title}" in screen and "first note" in screen
        await pilot.press("escape")  # unchanged: closes at once
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
    session = open_session(sample, data_dir)
    assert (session.note(first.id), session.note(second.id)) == ("first note", "second")


async def test_the_note_editor_fits_each_title_it_opens_on(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Kept between openings, the editor is laid out again for a title of another height:
    the whole title shows, and the line under the text, and no line of the title before."""
    long_title = " ".join(f"word{n}" for n in range(22)) + " lastword"  # 3 lines
    text = MINIMAL.replace("title: Item B", f"title: {long_title}")
    briefing = loader.load(write_yaml(text))
    prepared: list[bool] = []
    app = BriefingApp(
        open_session(briefing, write_yaml("", "unused").parent / "data"),
        on_prepared=lambda: prepared.append(True),
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_prepared(pilot, prepared)
        for keys, shown, gone in (
            (["a"], "Note on Item A", "lastword"),
            (["escape", "j", "a"], "lastword", "Item A"),
            (["escape", "k", "a"], "Note on Item A", "word21"),
        ):
            await pilot.press(*keys)
            await pilot.pause()
            lines = screen_text(app).splitlines()
            top = next(y for y, line in enumerate(lines) if "Note on " in line)
            bottom = next(y for y, line in enumerate(lines) if "Esc closes" in line)
            left = lines[top].index("Note on ")
            box = "\n".join(line[left : left + 74] for line in lines[top : bottom + 1])
            assert shown in box and gone not in box, box


async def test_a_note_is_limited_in_size_and_says_so(sample: Briefing, data_dir: Path) -> None:
    from briefing_tui.progress.format import MAX_NOTE_CHARS

    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen.query_one("#note-text")
        editor.insert("x" * (MAX_NOTE_CHARS + 10))  # type: ignore[attr-defined]
        await pilot.pause()
        assert f"at most {MAX_NOTE_CHARS:,} characters" in toasts(app)
        await pilot.press("ctrl+s")
    assert len(open_session(sample, data_dir).note(sample.sections[0].items[0].id)) == (
        MAX_NOTE_CHARS
    )


async def test_present_opens_straight_into_the_walkthrough(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir, walkthrough=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WalkthroughScreen)
        assert "Item 1 of 15" in screen_text(app)


async def test_v_shows_the_source_at_the_quote(bundled: Briefing, data_dir: Path) -> None:
    from briefing_tui import files
    from briefing_tui.screens.source import SourceScreen

    app = BriefingApp(open_session(bundled, data_dir), path=files.default_briefing_path())
    item = bundled.sections[-1].items[-1]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(str(len(bundled.sections)), "end", "v")
        await pilot.pause(0.3)
        assert isinstance(app.screen, SourceScreen)
        screen = screen_text(app)
        longest = max(item.quote[0].replace(",", " ").split(), key=len)
        assert longest in screen  # scrolled to the quote (far down the text)
        highlighted = [s for s in app.screen.query(".quoted")]
        assert highlighted
        await pilot.press("escape")
        assert not isinstance(app.screen, SourceScreen)
