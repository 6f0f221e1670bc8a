"""Progress you can trust, in the app: undo, reset, failed saves, other instances, orphans.

Each test reads what the user sees: the whole rendered screen (`screen_text`), not one
widget's lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui import catalog
from briefing_tui.app import BriefingApp
from briefing_tui.model import Briefing
from briefing_tui.progress.store import ProgressError, RunFile
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.confirm import ConfirmScreen
from briefing_tui.widgets.item_list import ItemList
from conftest import MINIMAL, checked_ids, open_session, saved_checked_ids, screen_text

SIZE = (150, 36)  # three panes side by side (at 140 columns or fewer the detail goes under)


def make_app(briefing: Briefing, data: Path) -> BriefingApp:
    return BriefingApp(open_session(briefing, data))


def toasts(app: BriefingApp) -> str:
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


def checked(app: BriefingApp) -> set[str]:
    assert app.session is not None
    return checked_ids(app.session)


def briefing_screen(app: BriefingApp) -> BriefingScreen:
    screen = app.screen
    assert isinstance(screen, BriefingScreen)
    return screen


async def test_undo_takes_back_several_toggles_and_the_screen_shows_it(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    todo = sample.sections[0].items
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space", "j", "space", "space")  # check 0, check 1, uncheck 1
        assert checked(app) == {todo[0].id}
        await pilot.press("u")
        await pilot.pause()
        assert checked(app) == {todo[0].id, todo[1].id}
        screen = screen_text(app)
        assert "[x] Cybersecurity: create a bi-national" in screen  # the row
        assert "[x] checked" in screen  # the detail of the highlighted item
        assert "1 2/15   To-do list" in screen and "2 of 45 checked" in screen
        restored = "Undone: the uncheck of “Cybersecurity: create a bi-national task force”"
        assert restored in toasts(app)
        await pilot.press("u", "u")
        await pilot.pause()
        assert checked(app) == set()
        screen = screen_text(app)
        assert "[x]" not in screen and "[ ] not checked yet" in screen
        assert "0 of 45 checked" in screen
    # Undo is saved like any change.
    assert saved_checked_ids(sample, data_dir) == set()


async def test_a_toggle_shows_in_the_row_the_detail_and_the_counts(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "space")
        await pilot.pause()
        screen = screen_text(app)
        assert "[x] Cybersecurity: create a bi-national" in screen
        assert "[ ] Military collaboration" in screen
        assert "[x] checked" in screen and "not checked yet" not in screen
        assert "1 1/15   To-do list" in screen and "1 of 45 checked" in screen
        await pilot.press("space")
        await pilot.pause()
        screen = screen_text(app)
        assert "[ ] Cybersecurity" in screen and "[ ] not checked yet" in screen


async def test_a_number_key_in_the_detail_pane_opens_the_section_in_the_item_list(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")  # to the detail pane
        await pilot.press("3", "space")  # Space checks only if the item list has the focus
        await pilot.pause()
        assert app.focused is app.query_one(ItemList)
        screen = screen_text(app)
        assert "[x] Domestic politics in both countries" in screen
        assert "3 1/10   Challenges" in screen


async def test_a_number_past_the_last_section_changes_nothing(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.7)  # the detail's Markdown is loaded, the details ahead rendered
        before = screen_text(app)
        await pilot.press("9", "5")
        await pilot.pause()
        assert app.is_running
        assert screen_text(app) == before


async def test_reset_section_asks_first_and_can_be_undone(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    todo, deterrence = sample.sections[0].items, sample.sections[1].items
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j", "space", "2", "space", "1")
        await pilot.press("r")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # declined: nothing changes
        assert len(checked(app)) == 3
        await pilot.press("r")
        await pilot.press("y")
        await pilot.pause()
        assert checked(app) == {deterrence[0].id}
        assert "1 0/15   To-do list" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert checked(app) == {todo[0].id, todo[1].id, deterrence[0].id}
        assert "1 2/15   To-do list" in screen_text(app)


async def test_reset_all_asks_first(sample: Briefing, data_dir: Path) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "3", "space", "R")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert len(checked(app)) == 2
        await pilot.press("R", "y")
        assert checked(app) == set()


def failing_writes(monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    def failing_write(self: RunFile, progress: object) -> None:
        raise ProgressError(message)

    monkeypatch.setattr(RunFile, "write", failing_write)


async def test_failed_save_is_shown_and_the_check_is_kept_and_retried(
    sample: Briefing, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(sample, data_dir)
    real_write = RunFile.write
    failing_writes(monkeypatch, "Could not save progress to X: the disk is full.")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space")
        await pilot.pause(0.2)
        assert "the disk is full" in toasts(app)
        assert "[x] Military collaboration" in screen_text(app)
        monkeypatch.setattr(RunFile, "write", real_write)
        await briefing_screen(app).syncer.sync()  # the retry, once a second
        assert saved_checked_ids(sample, data_dir) == {sample.sections[0].items[0].id}
        await pilot.pause()
        assert "Progress saved." in toasts(app)


async def test_quitting_while_saves_fail_asks_first_and_can_keep_a_copy(
    sample: Briefing, data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from briefing_tui import shutdown

    monkeypatch.setattr(shutdown, "rescue_folders", lambda: [tmp_path])
    app = make_app(sample, data_dir)
    failing_writes(monkeypatch, "Could not save progress to X: the disk is full.")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j", "space", "q")
        await pilot.pause()
        screen = screen_text(app)
        assert app.is_running  # it asked instead of quitting
        assert "2 changes are not saved." in screen and "the disk is full" in screen
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.is_running and "not saved" not in screen_text(app)
        await pilot.press("q", "s")  # quit, with a copy
        await pilot.pause()
    assert app.return_code == 1
    assert app.unsaved_report is not None and "A copy of the whole run is in" in app.unsaved_report
    [copy] = tmp_path.glob("briefing-tui-unsaved-*.json")
    from briefing_tui.progress.format import parse

    progress, _ = parse(copy.read_bytes(), now=4e9, clamp_to=0)
    assert {i for i, s in progress.items.items() if s.checked} == {
        item.id for item in sample.sections[0].items[:2]
    }


async def test_an_open_app_picks_up_checks_from_another_instance(
    sample: Briefing, data_dir: Path
) -> None:
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        other = open_session(sample, data_dir)
        other.set_checked(sample.sections[0].items[2], True)
        other.save_now()
        await briefing_screen(app).syncer.sync()
        await pilot.pause()
        screen = screen_text(app)
        assert "[x] Regional security" in screen
        assert "1 of 45 checked" in screen and "1 1/15   To-do list" in screen


async def test_two_instances_saving_at_once_both_show_what_the_file_holds(
    sample: Briefing, data_dir: Path
) -> None:
    """The one that saves second merges the other's check into the file: it must show it."""
    items = sample.sections[0].items
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        other = open_session(sample, data_dir)
        other.set_checked(items[2], True)
        other.save_now()  # the other instance saves first ...
        await pilot.press("space")  # ... and this one saves its own check right after
        for _ in range(20):
            await pilot.pause(0.05)
            if not app.session or not app.session.unsaved:
                break
        await pilot.pause()
        assert saved_checked_ids(sample, data_dir) == {items[0].id, items[2].id}
        screen = screen_text(app)
        assert "2 of 45 checked" in screen and "[x] Regional security" in screen


async def test_checks_of_removed_items_are_kept_and_counted(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(MINIMAL)
    first = catalog.open_session(path, data_dir)
    first.reset([])
    for item in first.briefing.sections[0].items[:1] + first.briefing.sections[1].items:
        first.set_checked(item, True)  # a and c
    first.save_now()
    # The author removes item C.
    path.write_text(MINIMAL.split("  - id: second")[0])
    app = BriefingApp(catalog.open_session(path, data_dir), path=path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "1 saved check(s) no longer match an item" in toasts(app)
        await pilot.press("j", "space")
    # C's check survived the save, and comes back with the item.
    path.write_text(MINIMAL)
    assert checked_ids(catalog.open_session(path, data_dir)) == {"a", "b", "c"}


async def test_markdown_links_are_shown_with_their_address_and_never_followed(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "links.yaml"
    path.write_text(
        MINIMAL.replace(
            "detail: Detail of **A**.",
            'detail: "[quit now](app.quit) and [a site](https://example.com)"',
        )
    )
    opened: list[str] = []
    app = BriefingApp(catalog.open_session(path, data_dir), path=path)
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.6)  # the Markdown renderer is loaded just after the first frame
        screen = screen_text(app)
        assert "quit now (app.quit) and a site" in screen and "(https://example.com)" in screen
        line = next(n for n, text in enumerate(screen.splitlines()) if "quit now" in text)
        column = screen.splitlines()[line].index("quit now")
        for x in range(column, column + 40, 3):  # click all along the link's line
            await pilot.click(offset=(x, line))
        await pilot.pause()
        assert app.is_running
        assert opened == []


async def test_damaged_progress_opens_with_a_notice_and_the_last_good_copy(
    sample: Briefing, data_dir: Path
) -> None:
    first, second = sample.sections[0].items[:2]
    session = open_session(sample, data_dir)
    session.set_checked(first, True)
    session.save_now()
    session.set_checked(second, True)
    session.save_now()  # the .bak now holds the state with only `first`
    path = session.run_file.path
    path.write_bytes(b"\x00\x00garbage")
    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "was damaged" in toasts(app) and "restored from the last good copy" in toasts(app)
        assert checked(app) == {first.id}
        assert "1 of 45 checked" in screen_text(app)
    [aside] = path.parent.glob("*.corrupt-*")
    assert aside.read_bytes() == b"\x00\x00garbage"


async def test_keys_typed_faster_than_the_screen_updates_act_in_order(
    sample: Briefing, data_dir: Path
) -> None:
    """All keys arrive at once (a paste, key repeat, tmux send-keys): r must see both checks."""
    from textual import events

    app = make_app(sample, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        for key, char in (("space", " "), ("j", "j"), ("space", " "), ("r", "r")):
            app.post_message(events.Key(key, char))  # as the terminal driver does
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert checked(app) == set()
