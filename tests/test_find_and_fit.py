"""Find anything (search, filter, the palette), keep your settings, fit any terminal, read
well in every theme. Every test reads what is on screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.color import ColorSystem

from briefing_tui import settings as settings_module
from briefing_tui.app import BriefingApp
from briefing_tui.model import Briefing
from briefing_tui.screens.walkthrough import WalkthroughScreen
from briefing_tui.widgets._textual_internals import screen_strips
from conftest import checked_ids, open_session, screen_text, wait_until_prepared

SIZE = (150, 36)  # three panes side by side (at 140 columns or fewer the detail goes under)


def make_app(briefing: Briefing, data: Path, **options: object) -> BriefingApp:
    return BriefingApp(open_session(briefing, data), **options)  # type: ignore[arg-type]


def toasts(app: BriefingApp) -> str:
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


# ---------------------------------------------------------------------------- search


async def test_search_finds_titles_details_and_notes_as_you_type(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "a", *"ballistic missile worry", "ctrl+s")  # a note to find
        await pilot.press("1", "slash", *"missile")
        await pilot.pause()
        screen = screen_text(app)
        assert "item(s)" in screen
        assert "Extended-deterrence components › Component: integrated missile defense" in screen
        await pilot.press(*" worry")  # every word must be there: only the note has "worry"
        await pilot.pause()
        screen = screen_text(app)
        assert "1 item(s)" in screen
        assert "Challenges › Domestic politics in both countries" in screen
        assert "note: ballistic missile worry" in screen
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is not None and app.session.item == sample.sections[2].items[0]
        assert "3 0/10   Challenges" in screen_text(app)


async def test_search_text_is_never_markup_and_esc_returns(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "j", "slash", *"[bold]x[/] [@click=app.quit]")
        await pilot.pause()
        assert "0 item(s)" in screen_text(app) and app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert app.session is not None and app.session.item == sample.sections[1].items[1]


async def test_search_opens_empty_each_time_and_finds_notes_written_since(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"missile")
        await pilot.pause()
        assert "item(s)" in screen_text(app)
        await pilot.press("escape", "a", *"zebra crossing", "ctrl+s", "slash")
        await pilot.pause()
        screen = screen_text(app)
        assert "missile" not in screen.split("Search titles")[0].splitlines()[-1]
        assert "item(s)" not in screen and "Search titles, details and notes" in screen
        await pilot.press(*"zebra")
        await pilot.pause()
        screen = screen_text(app)
        assert "1 item(s)" in screen and "note: zebra crossing" in screen


async def test_the_panes_show_dimmed_behind_a_dialog_and_a_click_there_does_nothing(
    sample: Briefing, data_dir: Path
) -> None:
    def colours_of(text: str) -> set[tuple[int, int, int]]:
        return {fg for _y, _x, t, fg, _bg in rendered(app) if text in t}

    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = sample.sections[3].title[:12]  # (the list may cut it short)
        bright = colours_of(title)
        await pilot.press("slash")
        await pilot.pause()
        assert title in screen_text(app)  # still there, behind the search box
        dimmed = colours_of(title)
        assert dimmed and not dimmed & bright
        black = (0, 0, 0)
        assert max(contrast(c, black) for c in dimmed) < min(contrast(c, black) for c in bright)
        [row] = [y for y, line in enumerate(screen_text(app).splitlines()) if title in line]
        await pilot.click(offset=(4, row))  # the fourth section, behind the backdrop
        await pilot.pause()
        assert app.session is not None and app.session.spot.section == 0
        assert "Search titles, details and notes" in screen_text(app)


@pytest.mark.parametrize("key", ["a", "slash"])  # the note editor and search, kept
async def test_a_kept_dialog_shows_the_screen_below_as_it_is_at_each_opening(
    sample: Briefing, data_dir: Path, key: str
) -> None:
    """Made ahead, and kept between openings, the dialog keeps its dimmed picture of the
    panes only while they do not change."""
    count = sum(len(section.items) for section in sample.sections)
    prepared: list[bool] = []
    app = make_app(sample, data_dir, on_prepared=lambda: prepared.append(True))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_prepared(pilot, prepared)
        for checked in (1, 0, 1):
            await pilot.press("space", key)  # check or uncheck the first item, then open
            await pilot.pause()
            assert f"{checked} of {count} checked" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()


async def test_a_dialog_shows_the_panes_as_they_are_after_the_window_is_resized(
    sample: Briefing, data_dir: Path
) -> None:
    """Resized with the note editor open, the panes behind it are drawn for the new size,
    as a fresh start at that size shows them (not the picture kept from before)."""

    def behind_the_box(app: BriefingApp) -> list[list[tuple[str, object]]]:
        """Every line above and below the editor's box, as (text, style) per segment."""
        lines = screen_text(app).splitlines()
        top = next(y for y, line in enumerate(lines) if "Note on " in line) - 2  # its border
        bottom = next(y for y, line in enumerate(lines) if "Esc closes" in line) + 2
        strips = screen_strips(app)
        return [
            [(s.text, s.style) for s in strips[y]]
            for y in [*range(top), *range(bottom + 1, len(lines))]
        ]

    prepared: list[bool] = []
    app = make_app(sample, data_dir, on_prepared=lambda: prepared.append(True))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_prepared(pilot, prepared)
        await pilot.press("a")
        for size in ((120, 36), (150, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause(0.4)
        resized = behind_the_box(app)
    fresh = make_app(sample, data_dir)
    async with fresh.run_test(size=(150, 30)) as pilot:
        await pilot.pause(0.5)
        await pilot.press("a")
        await pilot.pause(0.4)
        assert resized == behind_the_box(fresh)


async def test_a_dialog_draws_every_line_asked_for_even_beyond_its_backdrop(
    sample: Briefing, data_dir: Path
) -> None:
    """While a resize is under way Textual may ask a dialog for more than its backdrop
    holds: a line missing from the frame ends the app with a traceback."""
    from textual.geometry import Region

    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        width, height = app.size
        lines = app.screen.render_lines(Region(0, 0, width + 10, height + 5))
        assert len(lines) == height + 5
        assert {line.cell_length for line in lines} == {width + 10}


async def test_search_takes_what_is_typed_even_after_the_focus_left_its_box(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"japan", "tab", "escape", "slash", *"missile")
        await pilot.pause()
        assert "item(s)" in screen_text(app) and "missile" in screen_text(app)


@pytest.mark.parametrize("size", [(160, 40), (120, 30), (150, 44)])
async def test_a_dialog_stays_whole_when_the_window_is_resized(
    sample: Briefing, data_dir: Path, size: tuple[int, int]
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.pause(0.2)
        assert app.is_running
        lines = screen_text(app).splitlines()
        assert len(lines) >= size[1] and "Search titles, details and notes" in "\n".join(lines)
        assert "q Quit" in lines[size[1] - 1]  # the panes' footer, behind, at the new bottom


# ---------------------------------------------------------------------------- filter


async def test_f_shows_only_unchecked_items_and_counts_stay_true(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    todo = sample.sections[0].items
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j", "space", "f")
        await pilot.pause()
        screen = screen_text(app)
        assert "unchecked only" in screen.splitlines()[1]  # the pane titles say so
        assert todo[0].title[:20] not in screen and todo[1].title[:20] not in screen
        assert "[ ] Regional security" in screen and "1 2/15   To-do list" in screen
        await pilot.press("space")  # checked here, it leaves the list
        await pilot.pause()
        screen = screen_text(app)
        assert "Regional security: strengthen tril" not in screen.split("Detail")[0]
        assert "1 3/15   To-do list" in screen and "3 of 45 checked" in screen
        await pilot.press("f")
        await pilot.pause()
        assert "[x] Military collaboration" in screen_text(app)


# ---------------------------------------------------------------------------- palette


async def test_the_palette_finds_items_and_actions(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Domestic politics")
        await pilot.pause(0.5)
        assert "Domestic politics in both countries" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is not None and app.session.item == sample.sections[2].items[0]
        await pilot.press("ctrl+p", *"Walkthrough")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkthroughScreen)


# ---------------------------------------------------------------------------- settings


@pytest.fixture
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv(settings_module.CONFIG_DIR_ENV, str(folder))
    return folder / settings_module.FILE_NAME


async def test_the_theme_chosen_is_there_next_time(
    sample: Briefing, data_dir: Path, settings_file: Path
) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text("# my settings\nadvance_after_check: false\n")
    app = make_app(sample, data_dir, settings=settings_module.load())
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
    assert settings_file.read_text() == (
        "# my settings\nadvance_after_check: false\ntheme: textual-light\n"
    )
    again = make_app(sample, data_dir, settings=settings_module.load())
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_remapped_keys_work_and_the_footer_and_help_show_them(
    sample: Briefing, data_dir: Path, settings_file: Path
) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text("keys:\n  next-unchecked: ctrl+n\nadvance_after_check: true\n")
    app = make_app(sample, data_dir, settings=settings_module.load())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "^n Next unchecked" in screen_text(app)
        await pilot.press("space")  # advance_after_check: on to the next item
        await pilot.pause()
        assert app.session is not None and app.session.spot.row == 1
        await pilot.press("ctrl+n", "ctrl+n")  # from the second item: the third, the fourth
        await pilot.pause()
        assert app.session.spot.row == 3
        await pilot.press("question_mark")
        await pilot.pause()
        assert "ctrl+n      next / prev. unchecked" in screen_text(app)


async def test_a_bad_settings_file_never_stops_the_app(
    sample: Briefing, data_dir: Path, settings_file: Path
) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text("theme: no-such-theme\nkeys:\n  fly: x\ncolour: blue\n")
    app = make_app(sample, data_dir, settings=settings_module.load())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        said = " ".join(toasts(app).split())
        assert f"{settings_file}:3:3: keys: 'fly' is not a binding" in said
        assert f"{settings_file}:4:1: unknown setting 'colour'" in said
        assert f"{settings_file}:1:1: theme: expected one of" in said
        assert "defaults are used" in said
        assert "0 of 45 checked" in screen_text(app)


def test_config_says_where_the_settings_are_and_what_is_set(settings_file: Path) -> None:
    def config() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefing_tui", "config"],
            capture_output=True,
            text=True,
            timeout=60,
        )

    first = config()
    assert first.returncode == 0 and f"{settings_file} (not there" in first.stdout
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text("theme: nord\nkeys:\n  walkthrough: W\n")
    listed = config()
    assert listed.returncode == 0
    assert "theme: nord" in listed.stdout and "  walkthrough: W" in listed.stdout
    settings_file.write_text("theme: [a\n")
    broken = config()
    assert broken.returncode == 1 and f"{settings_file}:" in broken.stdout


# ---------------------------------------------------------------------------- fit


async def test_at_80x24_the_titles_are_whole_and_sections_compact(
    bundled: Briefing, data_dir: Path
) -> None:
    app = make_app(bundled, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = screen_text(app)
        for item in bundled.sections[1].items:
            assert item.title in screen  # 60 characters at most: whole, beside the sections
        assert "│ 1 0/8    │" in screen  # keys and counts only


async def test_below_the_smallest_size_the_app_says_how_big(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=(50, 12)) as pilot:
        await pilot.pause()
        assert "Make the window at least 60×15" in " ".join(screen_text(app).split())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "Make the window" not in screen_text(app)


async def test_a_number_with_no_section_says_so_and_the_footer_names_the_keys(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("7", "g")
        await pilot.pause()
        assert "There is no section 7: this briefing has 4." in toasts(app)
        assert "1-4 Section" in screen_text(app)
        await pilot.press("G")
        assert app.session is not None and app.session.spot.row == 14
        await pilot.press("g")
        assert app.session.spot.row == 0


async def test_space_in_the_detail_pane_checks_the_item_shown(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "tab", "space")
        await pilot.pause()
        assert checked_ids(app.session) == {sample.sections[0].items[1].id}  # type: ignore[arg-type]
        assert "[x] checked" in screen_text(app)


# ---------------------------------------------------------------------------- themes


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground: tuple[int, int, int], background: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rendered(
    app: BriefingApp,
) -> list[tuple[int, int, str, tuple[int, int, int], tuple[int, int, int]]]:
    """Every segment on screen: (line, column, text, foreground, background)."""
    out = []
    for y, strip in enumerate(screen_strips(app)):
        x = 0
        for segment in strip:
            style = segment.style
            if style and style.color and style.bgcolor:
                fg = style.color.get_truecolor()
                bg = style.bgcolor.get_truecolor()
                out.append(
                    (y, x, segment.text, (fg.red, fg.green, fg.blue), (bg.red, bg.green, bg.blue))
                )
            x += len(segment.text)
    return out


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_text_marks_cursor_and_focus_are_readable(
    sample: Briefing, data_dir: Path, theme: str
) -> None:
    session = open_session(sample, data_dir)
    for row in (0, 2):
        session.set_checked(sample.sections[0].items[row], True)
    app = BriefingApp(session)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.press("j", "j")  # the cursor on a checked item
        await pilot.pause(0.6)
        cells = rendered(app)
        items_x = next(x for y, x, text, *_ in cells if y == 1 and "┏" in text)

        def ratio(found: list[tuple[tuple[int, int, int], tuple[int, int, int]]]) -> float:
            assert found, "not on screen"
            return min(contrast(fg, bg) for fg, bg in found)

        body = [(f, b) for y, x, t, f, b in cells if "Defense industry" in t or "Key action" in t]
        marks = [(f, b) for y, x, t, f, b in cells if t.startswith("[x]") and y != 4]
        cursor_mark = [(f, b) for y, x, t, f, b in cells if t.startswith("[x]") and y == 4]
        cursor_text = [(f, b) for y, x, t, f, b in cells if "Regional security" in t and y == 4]
        border = [(f, b) for y, x, t, f, b in cells if y == 1 and x == items_x]
        assert ratio(body) >= 4.5
        assert ratio(marks) >= 3 and ratio(cursor_mark) >= 3 and ratio(cursor_text) >= 3
        assert ratio(border) >= 3


async def test_in_sixteen_colours_nothing_but_errors_is_red(
    sample: Briefing, data_dir: Path
) -> None:
    """TERM=linux gives a terminal 16 colours: focus and section numbers must not turn red."""
    session = open_session(sample, data_dir)
    session.set_checked(sample.sections[0].items[0], True)
    app = BriefingApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")  # the help's keys too
        await pilot.pause(0.6)
        from rich.color import Color

        for _y, _x, text, fg, _bg in rendered(app):
            ansi = Color.from_rgb(*fg).downgrade(ColorSystem.STANDARD).number
            assert ansi not in (1, 9), f"{text!r} would be red"


async def test_focus_and_checks_show_without_colour(sample: Briefing, data_dir: Path) -> None:
    """With NO_COLOR, or on a monochrome screen: the focused pane has a heavy border, and a
    checked item its [x]."""
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        top = screen_text(app).splitlines()[1]
        assert top.count("┏") == 1 and top.index("┏") > top.index("╭─ Sections")
        await pilot.press("shift+tab")
        await pilot.pause()
        top = screen_text(app).splitlines()[1]
        assert top.startswith("┏") and "[x] Military" in screen_text(app)


def test_the_settings_know_textuals_themes() -> None:
    from textual.theme import BUILTIN_THEMES

    assert sorted(settings_module.THEMES) == sorted(BUILTIN_THEMES)


def test_a_key_the_app_keeps_or_two_bindings_on_one_key_are_refused(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text("keys:\n  walkthrough: ctrl+q\n  note: x\n  search: x\n")
    loaded = settings_module.load()
    messages = [str(p) for p in loaded.problems]
    assert any(":2:3: keys: walkthrough: ctrl+q is kept by the app" in m for m in messages)
    assert any(":4:3: keys: search: x is the key of 'note'" in m for m in messages)
    assert loaded.keys == {"note": "x"}


async def test_while_the_window_is_too_small_keys_do_nothing_unseen(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        await pilot.press("space", "3", "R")
        await pilot.pause()
        assert checked_ids(app.session) == set()  # type: ignore[arg-type]
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        await pilot.press("j", "space")  # the item list has the focus again
        assert checked_ids(app.session) == {sample.sections[0].items[1].id}  # type: ignore[arg-type]


async def test_switching_runs_keeps_the_layout_of_the_window(
    bundled: Briefing, data_dir: Path
) -> None:
    app = make_app(bundled, data_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        before = screen_text(app).splitlines()[1]
        await pilot.press("ctrl+r", *"Other", "enter")
        await pilot.pause(0.3)
        await pilot.press("2")
        await pilot.pause()
        assert screen_text(app).splitlines()[1] == before  # the same panes, the same widths
