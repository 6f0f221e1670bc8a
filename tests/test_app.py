"""The app as a user drives it: keys, mouse, help, and progress that survives a restart."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.scrollbar import ScrollBar

from briefing_tui import loader
from briefing_tui.app import BriefingApp
from briefing_tui.model import Briefing
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.help import HelpScreen
from briefing_tui.screens.walkthrough import WalkthroughScreen
from briefing_tui.widgets import render_ahead
from briefing_tui.widgets.detail_pane import DetailPane
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.section_list import SectionList
from conftest import checked_ids, open_session, saved_checked_ids, screen_text, wait_until_prepared

SIZE = (150, 36)  # three panes side by side (at 140 columns or fewer the detail goes under)


def make_app(briefing: Briefing, data: Path, path: Path | None = None) -> BriefingApp:
    return BriefingApp(open_session(briefing, data), path=path)


def lines(widget: ItemList) -> list[str]:
    """What the item list shows on screen, one string per item."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.row_count)]


def screen_lines(widget: SectionList) -> list[str]:
    """Every line the widget shows (a long title may wrap onto several lines)."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


def visible(widget: ItemList | DetailPane) -> list[str]:
    """The lines a scrolling pane shows right now, top to bottom."""
    return [
        widget.render_line(y).text.rstrip() for y in range(widget.scrollable_content_region.height)
    ]


def detail_lines(app: BriefingApp) -> list[str]:
    return visible(app.query_one(DetailPane))


async def test_starts_on_the_first_section_with_its_items_focused(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE):
        items = app.query_one(ItemList)
        assert app.focused is items
        assert items.highlighted_item == sample.sections[0].items[0]
        assert lines(items)[0].startswith("[ ] Military collaboration")
        assert app.query_one(SectionList).highlighted == 0


async def test_number_key_jumps_to_a_section_and_space_toggles_there(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "space")
        second = sample.sections[1]
        assert app.focused is app.query_one(ItemList)
        assert app.query_one(SectionList).highlighted == 1
        assert checked_ids(app.session) == {second.items[0].id}
        assert lines(app.query_one(ItemList))[0].startswith("[x] What extended deterrence is")
        assert "2 1/9    Extended-deterrence" in screen_lines(app.query_one(SectionList))


async def test_toggle_then_switch_section_checks_the_item_the_user_pressed_on(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "space", "3", "space")
        assert checked_ids(app.session) == {
            sample.sections[0].items[1].id,
            sample.sections[2].items[0].id,
        }


async def test_j_k_and_arrows_move_and_the_detail_follows(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        items = app.query_one(ItemList)
        await pilot.press("j", "j", "down", "k")
        assert items.highlighted == 2
        await pilot.pause()
        title = sample.sections[0].items[2].title  # wrapped over two lines
        assert " ".join(detail_lines(app)[:2]) == title
        await pilot.press("end")
        assert items.highlighted == len(sample.sections[0].items) - 1


async def test_tab_moves_between_panes(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        assert app.focused is app.query_one(DetailPane)
        await pilot.press("tab")
        assert app.focused is app.query_one(SectionList)
        await pilot.press("shift+tab")
        assert app.focused is app.query_one(DetailPane)


async def test_section_list_arrows_switch_the_item_list(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+tab", "down", "down")
        await pilot.pause()
        items = app.query_one(ItemList)
        assert items.highlighted_item == sample.sections[2].items[0]
        await pilot.press("enter")
        assert app.focused is items


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_help_shows_every_row_whole_and_closes(
    sample: Briefing, data_dir: Path, size: tuple[int, int]
) -> None:
    from briefing_tui.screens.help import GROUPS, KEY_WIDTH

    app = make_app(sample, data_dir)
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        screen = screen_text(app)
        for heading, rows in GROUPS:
            assert heading in screen
            for keys, text, *_ in rows:  # each row whole, at 80x24 too: nothing cut, no scroll
                assert keys.ljust(KEY_WIDTH) + text in screen, (keys, text)
        await pilot.press("space")  # keys meant for the list do nothing under the help
        assert checked_ids(app.session) == set()
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_scrolls_in_a_small_window(sample: Briefing, data_dir: Path) -> None:
    from briefing_tui.screens.help import EVERYWHERE

    app = make_app(sample, data_dir)
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        last_text = EVERYWHERE[1][-1][1]
        assert last_text not in screen_text(app)
        for _ in range(30):
            await pilot.press("down")
        await pilot.pause()
        assert last_text in screen_text(app)


async def test_q_quits_and_a_check_made_just_before_is_saved(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "q")
        assert not app.is_running
    assert saved_checked_ids(sample, data_dir) == {sample.sections[0].items[0].id}


async def test_progress_survives_a_restart(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j", "space", "4", "space")
    assert app.session.unsaved is False

    again = make_app(sample, data_dir)
    async with again.run_test(size=SIZE) as pilot:
        # It opens where the user was: the fourth section, its first item.
        assert lines(again.query_one(ItemList))[0] == "[x] Freedom Edge: who, where, how long"
        await pilot.press("1")
        shown = lines(again.query_one(ItemList))
        assert shown[0].startswith("[x]") and shown[1].startswith("[x]")
        assert shown[2].startswith("[ ]")
        sections = screen_lines(again.query_one(SectionList))
        assert sections[0] == "1 2/15   To-do list"
        assert "4 1/11   Trilateral exercise notes" in sections
        progress = str(again.query_one("#progress").render())
        assert progress.startswith("3 of 45 checked ") and progress.endswith("  6%")
        # The bar reads without colour: thick for the checked part, thin for the rest.
        bar = progress[len("3 of 45 checked ") : -len("6%")].strip()
        assert set(bar) == {"━", "─"} and round(len(bar) * 3 / 45) == bar.count("━")


async def test_mouse_picks_a_section_reads_an_item_and_checks_only_on_its_box(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    item = sample.sections[2].items[1]
    async with app.run_test(size=SIZE) as pilot:
        # Row 0 is the border; section 2's title wraps onto rows 2-3, so row 4 is section 3.
        await pilot.click("#sections", offset=(4, 4))
        await pilot.pause()
        assert app.query_one(SectionList).highlighted == 2
        await pilot.click("#items", offset=(8, 2))  # on the title: picks it to read
        await pilot.pause()
        assert checked_ids(app.session) == set()
        assert app.session is not None and app.session.item == item  # shown in the detail
        await pilot.click("#items", offset=(3, 2))  # on the box (past border and padding)
        await pilot.pause()
        assert checked_ids(app.session) == {item.id}
        await pilot.click("#items", offset=(3, 2))
        await pilot.pause()
        assert checked_ids(app.session) == set()


HOSTILE = r"""
id: hostile
title: "[bold]Briefing[/]"
sources:
  - id: s
    file: "[red]s.txt"
    title: "[@click=app.quit]source[/]"
sections:
  - id: one
    title: "[/] closing tag"
    items:
      - id: markup
        title: "[bold]x[/] and [/]"
        source: s
        detail: "Click [here](app.quit) or [@click=app.quit]there[/]."
      - id: action
        title: "[@click=app.quit]click me[/]"
        source: s
      - id: escapes
        title: "\e]52;c;aGk=\a \e[2J \x9b end"
        source: s
      - id: invisible
        title: "a\u202Eb\u200Bc\uFEFFd"
        source: s
"""


async def test_content_is_shown_as_text_and_cannot_run_actions(
    tmp_path: Path, data_dir: Path
) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE)
    briefing = loader.load(path)
    app = make_app(briefing, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        shown = lines(app.query_one(ItemList))
        assert shown[0] == "[ ] [bold]x[/] and [/]"
        assert shown[1] == "[ ] [@click=app.quit]click me[/]"
        # Escape sequences are made visible instead of reaching the terminal.
        assert shown[2] == "[ ] ␛]52;c;aGk=␇ ␛[2J \\x9b end"
        # Bidi controls and zero-width characters are shown, not applied or hidden.
        assert "[ ] a<U+202E>b<U+200B>c<U+FEFF>d" in screen_text(app)
        assert screen_lines(app.query_one(SectionList))[0] == "1 0/4  [/] closing tag"
        # Clicking the text of an "action link" picks the item; it does not quit.
        await pilot.click("#items", offset=(12, 2))
        await pilot.pause()
        assert app.is_running and checked_ids(app.session) == set()
        await pilot.click("#items", offset=(3, 2))  # its box checks it
        await pilot.pause()
        assert checked_ids(app.session) == {"action"}
        shown = " ".join(detail_lines(app))
        assert "Source: [@click=app.quit]source[/] — [red]s.txt" in shown
        # The Markdown detail of the first item: markup and links are text.
        await pilot.press("k")
        await pilot.pause()
        text = " ".join(line.strip() for line in detail_lines(app))
        assert "Click here (app.quit) or [@click=app.quit]there[/]." in text


def test_quitting_before_the_detail_is_ready_is_clean(
    sample: Briefing, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Markdown detail is mounted after the first frame; a quit may come first."""
    from textual.screen import Screen

    app = make_app(sample, data_dir)
    original = Screen._compositor_refresh

    def quit_after_first_frame(screen: Screen[object]) -> None:
        original(screen)
        screen.app.exit()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Screen, "_compositor_refresh", quit_after_first_frame)
        app.run(headless=True)
    assert app.return_code == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


async def test_footer_shows_the_keys_of_the_focused_pane(sample: Briefing, data_dir: Path) -> None:
    """The footer follows every change of keys (read when the screen announces one)."""

    def footer() -> str:
        return screen_text(app).splitlines()[-1]

    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert all(key in footer() for key in ("space Toggle", "1-4 Section", "? Help", "q Quit"))
        assert "Down" not in footer() and "^p palette" in footer()
        await pilot.press("tab")  # the detail pane: nothing to toggle there
        await pilot.pause()
        assert "Toggle" not in footer() and "w Walkthrough" in footer()
        await pilot.press("shift+tab")
        await pilot.pause()
        assert "space Toggle" in footer()


async def test_a_click_on_a_footer_key_presses_it(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        await pilot.click("KeyFooter", offset=(footer.index("w Walkthrough") + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, WalkthroughScreen)
        assert "Item 1 of" in screen_text(app)
        footer = screen_text(app).splitlines()[-1]
        await pilot.click("KeyFooter", offset=(footer.index("esc Panes") + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)


async def test_the_footer_keeps_its_keys_while_the_terminal_is_not_focused(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = screen_text(app).splitlines()[-1]
        assert "space Toggle" in before
        app.post_message(events.AppBlur())  # another window in front
        await pilot.pause()
        assert screen_text(app).splitlines()[-1] == before


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_a_hovered_footer_key_stays_readable(
    sample: Briefing, data_dir: Path, theme: str
) -> None:
    from test_find_and_fit import contrast, rendered

    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.pause()
        last = SIZE[1] - 1

        def key_cells() -> list[tuple[tuple[int, int, int], tuple[int, int, int]]]:
            return [(f, b) for y, x, t, f, b in rendered(app) if y == last and x < 14]

        calm = key_cells()
        await pilot.hover("KeyFooter", offset=(3, 0))  # on "space Toggle"
        await pilot.pause()
        hovered = key_cells()
        assert hovered != calm  # it shows
        assert [f for f, _ in hovered] == [f for f, _ in calm]  # the key keeps its colours
        # As readable as the theme makes the keys, give or take the hover's shade.
        readable = min(contrast(f, b) for f, b in calm)
        assert min(contrast(f, b) for f, b in hovered) >= max(2, 0.6 * readable)


async def test_keys_that_do_not_fit_are_left_out_whole_but_help_and_back(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        keys, palette = footer.split("▏")
        assert palette.strip() == "^p palette"
        shown = [part.strip() for part in keys.split("  ") if part.strip()]
        assert shown == ["space Toggle", "1-4 Section", "? Help"]  # the first ones, and help
        await pilot.press("w")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]  # the walkthrough's: the way back stays
        shown = [part.strip() for part in footer.split("▏")[0].split("  ") if part.strip()]
        assert shown == ["space Check, next", "→ Next", "esc Panes", "? Help"]


async def test_detail_is_formatted_once_the_keys_are_on_screen(
    sample: Briefing, data_dir: Path
) -> None:
    """Start-up draws lists and keys first; the Markdown renderer loads right after."""
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            if app.query_one(DetailPane)._markdown is not None:
                break
            await pilot.pause(0.01)
        assert "q Quit" in screen_text(app).splitlines()[-1]
        body = detail_lines(app)[4:]  # after the title, a blank, the checkbox, a blank
        assert "".join(body).strip() and "**" not in "".join(body)  # not the raw Markdown


async def test_cycle_collector_is_back_on_after_the_first_screen(
    sample: Briefing, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from briefing_tui import collector

    monkeypatch.setattr(collector, "YOUNG_COLLECTION_SECONDS", 0.05)

    prepared: list[int] = []

    def keep_made() -> None:
        prepared.append(gc.get_freeze_count())
        collector.keep_made()
        prepared.append(gc.get_freeze_count())

    app = BriefingApp(
        open_session(sample, data_dir), on_ready=collector.resume, on_prepared=keep_made
    )
    threshold = gc.get_threshold()
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(200):
                if gc.isenabled() and prepared:
                    break
                await pilot.pause(0.01)
            assert gc.isenabled()
            # What the app made ahead (the walkthrough, the dialogs) is kept out of passes.
            assert len(prepared) == 2 and prepared[1] > prepared[0]
            # Runs less often than Python's default: a frame makes thousands of objects.
            assert gc.get_threshold()[0] > threshold[0]
            # ... and the app collects the young generations itself between keypresses.
            collected: list[int] = []
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(gc, "collect", lambda generation=2: collected.append(generation))
                await pilot.pause(collector.YOUNG_COLLECTION_SECONDS * 2.5)
            assert collected and set(collected) == {1}
    finally:
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*threshold)


@pytest.mark.parametrize("walkthrough", [False, True])  # opened in the panes, or `present`
async def test_the_walkthrough_search_and_note_editor_are_made_ahead_before_any_key(
    sample: Briefing, data_dir: Path, walkthrough: bool
) -> None:
    prepared: list[bool] = []
    app = BriefingApp(
        open_session(sample, data_dir),
        walkthrough=walkthrough,
        on_prepared=lambda: prepared.append(True),
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_prepared(pilot, prepared)
        assert prepared == [True]
        for name in ("walkthrough", "SearchScreen", "NoteScreen"):
            screen = app.get_screen(name)
            assert screen.is_mounted and screen.size == app.size  # made and laid out
            assert (screen in app.screen_stack) == (walkthrough and name == "walkthrough")


def test_what_was_kept_for_a_run_is_let_go_when_another_run_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc
    import weakref

    from briefing_tui import collector

    class Views:
        pass

    monkeypatch.setattr(collector, "_kept_before", False)
    views = Views()
    views.itself = views  # type: ignore[attr-defined]  # a cycle, as widgets make
    gone = weakref.ref(views)
    try:
        collector.keep_made()
        del views
        gc.collect()
        assert gone() is not None  # kept: out of the collector's reach
        collector.keep_made()  # after a run switch
        assert gone() is None
    finally:
        gc.unfreeze()


def long_briefing(tmp_path: Path, count: int, title: str = "Section") -> Briefing:
    """One section of `count` items, item N titled "Item N"."""
    items = "".join(f"      - {{id: i{n}, title: Item {n}, source: s}}\n" for n in range(count))
    path = tmp_path / "long.yaml"
    path.write_text(
        "id: long\ntitle: Long\nsources:\n  - {id: s, file: s.txt, title: S}\n"
        f"sections:\n  - id: only\n    title: {title}\n    items:\n{items}"
    )
    return loader.load(path)


async def test_end_page_and_home_scroll_a_long_list_with_the_highlight(
    tmp_path: Path, data_dir: Path
) -> None:
    app = make_app(long_briefing(tmp_path, 500), data_dir)
    async with app.run_test(size=SIZE) as pilot:
        items = app.query_one(ItemList)
        await pilot.press("end")
        await pilot.pause()
        assert items.highlighted == 499
        assert visible(items)[-1] == "[ ] Item 499"
        assert detail_lines(app)[0] == "Item 499"
        await pilot.press("pageup")
        await pilot.pause()
        page = items.scrollable_content_region.height - 1
        assert items.highlighted == 499 - page
        assert f"[ ] Item {499 - page}" in visible(items)
        await pilot.press("home", "pagedown")
        await pilot.pause()
        assert items.highlighted == page
        assert f"[ ] Item {page}" in visible(items)


async def test_a_click_in_a_scrolled_list_toggles_the_item_under_the_pointer(
    tmp_path: Path, data_dir: Path
) -> None:
    app = make_app(long_briefing(tmp_path, 500), data_dir)
    async with app.run_test(size=SIZE) as pilot:
        items = app.query_one(ItemList)
        await pilot.press("end")
        await pilot.pause()
        top_line = visible(items)[0]  # e.g. "[ ] Item 468"
        # Row 0 of the widget is its border: row 1 is the first visible item.
        await pilot.click("#items", offset=(3, 1))  # on the box
        await pilot.pause()
        clicked = top_line.removeprefix("[ ] Item ")
        assert checked_ids(app.session) == {f"i{clicked}"}
        assert visible(items)[0] == f"[x] Item {clicked}"


async def test_long_titles_end_in_an_ellipsis_and_wrap_in_the_section_list(
    tmp_path: Path, data_dir: Path
) -> None:
    long_title = "A section title that is far too long to fit beside its count"
    long_briefing(tmp_path, 3, title=long_title)
    path = tmp_path / "long.yaml"
    path.write_text(path.read_text().replace("title: Item 1,", "title: " + "word " * 30 + "end,"))
    app = make_app(loader.load(path), data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        items = app.query_one(ItemList)
        row = items.render_line(1)
        assert row.cell_length == items.scrollable_content_region.width
        assert row.text.startswith("[ ] word word") and row.text.rstrip().endswith("…")
        title_lines = [line for line in screen_lines(app.query_one(SectionList)) if line]
        assert title_lines[0].startswith("1 0/3  A section title")
        # The title wraps at word boundaries, under itself: never under the key and count.
        indent = title_lines[0].index("A section")
        assert len(title_lines) > 1
        assert all(line[:indent] == " " * indent for line in title_lines[1:])
        assert " ".join(line[indent:] for line in title_lines) == long_title


async def test_detail_text_can_be_selected_with_the_mouse(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.query_one(DetailPane)
        title = sample.sections[0].items[0].title
        # From the first character of the title (past the border and padding) to the
        # end of the checkbox line.
        await pilot.mouse_down(pane, offset=(2, 1))
        await pilot.hover(pane, offset=(40, 4))
        await pilot.mouse_up(pane, offset=(40, 4))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected is not None
        assert " ".join(selected.split()).startswith(title)
        assert selected.rstrip().endswith("[ ] not checked yet")
        await pilot.press("ctrl+c")
        assert app.clipboard == selected


async def test_a_long_detail_scrolls_and_starts_at_the_top_for_the_next_item(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=(90, 16)) as pilot:
        await pilot.pause()
        first = detail_lines(app)
        await pilot.press("tab", "j", "j", "j")  # to the detail pane, three lines down
        await pilot.pause()
        assert detail_lines(app)[0] == first[3]
        await pilot.press("tab", "tab", "down")  # back to the items, the next one
        await pilot.pause()
        assert " ".join(detail_lines(app)[:3]).startswith(
            " ".join(sample.sections[0].items[1].title.split()[:3])
        )


async def test_the_row_under_the_mouse_is_shown_and_the_wheel_scrolls(
    tmp_path: Path, data_dir: Path
) -> None:
    app = make_app(long_briefing(tmp_path, 500), data_dir)
    async with app.run_test(size=SIZE) as pilot:
        items = app.query_one(ItemList)

        def background(row: int) -> object:
            return items.render_line(row)._segments[0].style.bgcolor  # type: ignore[union-attr]

        await pilot.pause()
        plain = background(3)
        await pilot.hover("#items", offset=(6, 4))  # row 3 (row 0 of the widget is its border)
        await pilot.pause()
        assert background(3) != plain and background(3) != background(0)  # not the cursor
        await pilot.hover("#detail")
        await pilot.pause()
        assert background(3) == plain
        # What a terminal's wheel turns into (Pilot has no helper for it).
        items.post_message(events.MouseScrollDown(items, 6, 4, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert items.scroll_y > 0 and items.highlighted == 0
        assert visible(items)[0] != "[ ] Item 0"


def thumb_lines(items: ItemList) -> list[int]:
    """The lines on which the list's scrollbar shows its thumb (not the track)."""
    cells = [
        items.render_line(y).crop(items.row_width, items.row_width + 1)
        for y in range(items.scrollable_content_region.height)
    ]
    return [
        y
        for y, cell in enumerate(cells)
        if cell.text.strip() or any(s.style and s.style.reverse for s in cell)
    ]


async def test_the_list_scrollbar_follows_the_list_and_can_be_clicked_and_dragged(
    tmp_path: Path, data_dir: Path
) -> None:
    app = make_app(long_briefing(tmp_path, 500), data_dir)
    async with app.run_test(size=SIZE) as pilot:
        items = app.query_one(ItemList)
        await pilot.pause()
        height = items.scrollable_content_region.height
        bar_x = 2 + items.row_width  # past the border and the left padding
        top = thumb_lines(items)
        assert top[0] == 0 and len(top) <= 3  # a short thumb (500 items), at the top

        def cells(y: int) -> tuple[object, object]:
            """The styles of a line's first cell (its row) and of its scrollbar cell."""
            line = items.render_line(y)
            bar = line.crop(items.row_width, items.row_width + 1)
            return next(iter(line.crop(0, 1))).style, next(iter(bar)).style

        row, thumb = cells(3), cells(0)
        await pilot.hover("#items", offset=(bar_x, 4))  # over the scrollbar, beside row 3
        await pilot.pause()
        assert cells(3)[0] == row[0]  # the row is not "under the mouse"
        assert cells(0)[1] != thumb[1]  # the thumb lights up
        await pilot.hover("#detail")
        await pilot.pause()
        assert (cells(3), cells(0)) == (row, thumb)
        await pilot.press("end")
        await pilot.pause()
        assert thumb_lines(items)[-1] == height - 1 and len(thumb_lines(items)) <= 3
        await pilot.press("home")
        await pilot.pause()
        # A click on the track below the thumb scrolls a page; it checks nothing.
        await pilot.click("#items", offset=(bar_x, height))
        await pilot.pause()
        assert items.scroll_y == height and items.highlighted == 0
        assert checked_ids(app.session) == set()
        # Dragging the thumb to the bottom scrolls to the end; it checks nothing either,
        # even when the button comes up over a row.
        await pilot.press("home")  # the highlight is on the first item already: back to it
        await pilot.pause()
        assert items.scroll_y == 0
        await pilot.mouse_down("#items", offset=(bar_x, 1))
        await pilot.hover("#items", offset=(bar_x, height))
        await pilot.pause()
        assert items.scroll_y == items.max_scroll_y
        assert thumb_lines(items)[-1] == height - 1
        await pilot.hover("#items", offset=(6, height))
        await pilot.mouse_up("#items", offset=(6, height))
        # A terminal follows that with a click where the button came up (Pilot does not).
        items.post_message(
            events.Click(
                items,
                6,
                height,
                0,
                0,
                1,
                False,
                False,
                False,
                screen_x=items.region.x + 6,
                screen_y=items.region.y + height,
            )
        )
        await pilot.pause()
        assert checked_ids(app.session) == set()
        assert visible(items)[-1] == "[ ] Item 499"
        # Nor does dragging in a list select text (a selection took in the whole detail).
        assert app.screen.get_selected_text() is None


async def test_a_short_list_has_no_scrollbar(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert thumb_lines(app.query_one(ItemList)) == []


@pytest.mark.parametrize(
    ("title", "width", "lines"),
    [
        ("Extended-deterrence components", 15, ["Extended-", "deterrence", "components"]),
        ("Trilateral exercise notes", 14, ["Trilateral", "exercise notes"]),
        ("To-do list", 15, ["To-do list"]),
        ("Supercalifragilistic word", 10, ["Supercalif", "ragilistic", "word"]),
        ("日本語のタイトル", 6, ["日本語", "のタイ", "トル"]),  # two cells a character
    ],
)
def test_section_titles_break_at_spaces_and_hyphens(
    title: str, width: int, lines: list[str]
) -> None:
    from briefing_tui.widgets.section_list import wrap_words

    assert wrap_words(title, width) == lines


async def test_muted_counts_stay_readable_on_a_light_theme(
    sample: Briefing, data_dir: Path
) -> None:
    """`$text-muted` is translucent: drawn without blending it came out white on light grey."""
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
        row = app.query_one(SectionList).render_line(1)  # section 2, not highlighted
        [count] = [s for s in row._segments if s.text == "0/9"]
        assert count.style is not None and count.style.color and count.style.bgcolor
        color, background = count.style.color.triplet, count.style.bgcolor.triplet
        assert color is not None and background is not None
        assert sum(color) < sum(background) - 150  # dark text on the light list


def detail_strips(app: BriefingApp) -> list[list[tuple[str, object]]]:
    """Every line the detail pane shows, as (text, style) per segment."""
    pane = app.query_one(DetailPane)
    return [
        [(s.text, s.style) for s in pane.render_line(y)]
        for y in range(pane.scrollable_content_region.height)
    ]


@pytest.mark.parametrize("change", ["resize", "theme"])
async def test_details_rendered_ahead_are_what_a_fresh_rendering_shows(
    sample: Briefing, data_dir: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """While the keys rest, the details the next key may show are rendered ahead. After a
    check and a resize or a new theme, they must still show exactly what a fresh start
    shows: the item's state, the pane's width, the theme's colours."""
    size, theme = ((90, 30), "textual-dark") if change == "resize" else (SIZE, "textual-light")

    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)  # Markdown loaded; the likely next details rendered ahead
        await pilot.press("2", "space", "1")
        await pilot.pause(0.5)
        await pilot.resize_terminal(*size)
        app.theme = theme
        await pilot.pause(0.5)
        await pilot.press("2")
        await pilot.pause()
        ahead = [detail_strips(app)]
        await pilot.press("end")
        await pilot.pause()
        ahead.append(detail_strips(app))
    assert any(text == "[x] checked" for text, _ in ahead[0][2])

    monkeypatch.setattr(render_ahead, "RENDER_AHEAD_SECONDS", 3600)
    fresh = make_app(sample, data_dir)  # the same progress, read back
    async with fresh.run_test(size=size) as pilot:
        fresh.theme = theme
        await pilot.pause(0.5)
        await pilot.press("2")
        await pilot.pause()
        expected = [detail_strips(fresh)]
        await pilot.press("end")
        await pilot.pause()
        expected.append(detail_strips(fresh))
    assert ahead == expected


async def test_rendering_ahead_waits_while_a_dialog_is_open_and_after_each_key(
    sample: Briefing, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rendering ahead competes with the frame a key asked for: it stops at a key or while a
    dialog is over the panes, and starts again once the keys have rested on the panes."""
    rendered: list[float] = []  # when each item was rendered ahead
    render = DetailPane.render_ahead

    def counted(pane: DetailPane, *args: Any, **kwargs: Any) -> None:
        rendered.append(time.monotonic())
        render(pane, *args, **kwargs)

    def rendered_since(start: float) -> list[float]:
        return [t - start for t in rendered if t >= start]

    monkeypatch.setattr(DetailPane, "render_ahead", counted)
    monkeypatch.setattr(render_ahead, "STEP_PAUSE_SECONDS", 0.1)  # (steps a test can see)
    rest = render_ahead.RENDER_AHEAD_SECONDS
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        assert rendered  # the keys rested: under way
        await pilot.press("a")
        opened = time.monotonic()
        await pilot.pause(0.6)
        assert rendered_since(opened) == []  # not while the note editor is open
        await pilot.press("escape")
        closed = time.monotonic()
        await pilot.pause(0.4)
        assert rendered_since(closed)  # the keys rested on the panes again
        pressed = time.monotonic()
        await pilot.press("x")  # a key the panes do nothing with
        await pilot.pause(0.6)
        after = rendered_since(pressed)
        assert after and min(after) >= rest  # only once the keys rested again


@pytest.mark.parametrize("opens", ["a", "slash", "w"])
async def test_keys_arriving_together_are_done_in_order_before_a_view_opens(
    sample: Briefing, data_dir: Path, opens: str
) -> None:
    """Keys that come in one read (typed ahead, pasted, over a slow link) are done in the
    order typed: the check and the move made before `a`, `/` or `w` are not lost."""
    first, second = sample.sections[0].items[:2]
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        for key, character in (("space", " "), ("j", "j"), (opens, None)):
            app.post_message(events.Key(key, character))
        await pilot.pause(0.3)
        assert app.session is not None
        assert app.session.is_checked(first.id) and not app.session.is_checked(second.id)
        screen = screen_text(app)
        assert f"1 of {sum(len(s.items) for s in sample.sections)} checked" in screen
        if opens == "a":
            assert f"Note on {second.title}" in screen


@pytest.mark.parametrize(
    ("keys", "typed"),
    [
        (["slash", "c", "y", "b", "e", "r"], "cyber"),
        (["a", "h", "i"], "hi"),
        (["w", "a", "o", "k"], "ok"),
    ],
)
async def test_text_typed_right_after_the_key_that_opens_a_box_goes_into_it(
    sample: Briefing, data_dir: Path, keys: list[str], typed: str
) -> None:
    """`/cyber`, `ahi`, `waok` in one go (typed fast, pasted): the letters after the key
    that opens the search box or the note editor are for it, not lost on the way."""
    from textual.widgets import Input, TextArea

    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        for key in keys:
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await pilot.pause(0.5)
        boxes = [box.value for box in app.screen.query(Input)]
        boxes += [box.text for box in app.screen.query(TextArea)]
        assert boxes == [typed]


async def test_the_detail_scrollbar_stays_right_as_items_change(
    sample: Briefing, data_dir: Path
) -> None:
    """The detail's scrollbar repaints only the cells that change when another item is
    shown: what it keeps on screen must always be what drawing it afresh gives."""
    app = make_app(sample, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        pane = app.query_one(DetailPane)
        shown = 0
        for key in ["down"] * 14 + ["2"] + ["down"] * 8 + ["end", "home"]:
            await pilot.press(key)
            await pilot.pause()
            bar = pane.vertical_scrollbar
            if not bar.display:
                continue
            shown += 1
            whole = bar.size.region
            kept = [(s.text, s.style) for line in bar.render_lines(whole) for s in line]
            ScrollBar.refresh(bar)  # Textual's own: everything drawn again
            fresh = [(s.text, s.style) for line in bar.render_lines(whole) for s in line]
            assert kept == fresh, key
        assert shown >= 5  # most of these details are longer than the pane at 80x24
