"""Progress you can trust, in the app: undo, reset, failed saves, other instances, orphans."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui import catalog
from briefing_tui.app import BriefingApp
from briefing_tui.catalog import Opened
from briefing_tui.model import Briefing
from briefing_tui.progress import ProgressError, ProgressStore
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.confirm import ConfirmScreen
from briefing_tui.widgets.detail_pane import DetailPane
from briefing_tui.widgets.item_list import ItemList
from conftest import MINIMAL, store_for

SIZE = (120, 36)


def make_app(briefing: Briefing, data: Path) -> BriefingApp:
    return BriefingApp(Opened(briefing, store_for(briefing, data)))


def toasts(app: BriefingApp) -> str:
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


def checked(app: BriefingApp) -> set[str]:
    assert app.opened is not None
    return app.opened.store.checked_ids()


async def test_undo_takes_back_several_toggles(bundled: Briefing, data_dir: Path) -> None:
    app = make_app(bundled, data_dir)
    todo = bundled.sections[0].items
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j", "space", "space")  # check 0, check 1, uncheck 1
        assert checked(app) == {todo[0].id}
        await pilot.press("u")
        assert checked(app) == {todo[0].id, todo[1].id}
        await pilot.press("u", "u")
        assert checked(app) == set()
        assert app.query_one(ItemList).render_line(0).text.rstrip().startswith("[ ]")
    # Undo is saved like any change.
    assert store_for(bundled, data_dir).checked_ids() == set()


async def test_reset_section_asks_first_and_can_be_undone(
    bundled: Briefing, data_dir: Path
) -> None:
    app = make_app(bundled, data_dir)
    todo, deterrence = bundled.sections[0].items, bundled.sections[1].items
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j", "space", "2", "space", "1")
        await pilot.press("r")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # declined: nothing changes
        assert len(checked(app)) == 3
        await pilot.press("r")
        await pilot.press("y")
        assert checked(app) == {deterrence[0].id}
        await pilot.press("u")
        assert checked(app) == {todo[0].id, todo[1].id, deterrence[0].id}


async def test_reset_all_asks_first(bundled: Briefing, data_dir: Path) -> None:
    app = make_app(bundled, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "3", "space", "R")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert len(checked(app)) == 2
        await pilot.press("R", "y")
        assert checked(app) == set()


async def test_failed_save_is_shown_and_the_check_is_kept(
    bundled: Briefing, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(bundled, data_dir)
    real_save = ProgressStore.save

    def failing_save(self: ProgressStore) -> None:
        raise ProgressError("Could not save progress to X: the disk is full. Retrying.")

    monkeypatch.setattr(ProgressStore, "save", failing_save)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert "the disk is full" in toasts(app)
        assert app.query_one(ItemList).render_line(0).text.rstrip().startswith("[x]")
        monkeypatch.setattr(ProgressStore, "save", real_save)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        screen._sync()  # the periodic retry
    assert store_for(bundled, data_dir).checked_ids() == {bundled.sections[0].items[0].id}


async def test_an_open_app_picks_up_checks_from_another_instance(
    bundled: Briefing, data_dir: Path
) -> None:
    app = make_app(bundled, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        other = store_for(bundled, data_dir)
        other.set_checked(bundled.sections[0].items[2].id, True)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        screen._sync()
        await pilot.pause()
        prompt = app.query_one(ItemList).render_line(2).text.rstrip()
        assert prompt.startswith("[x]")
        assert str(app.query_one("#progress").render()).startswith("1 of 45 checked ")


async def test_checks_of_removed_items_are_kept_and_counted(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(MINIMAL)
    first = catalog.open_briefing(path, data_dir)
    first.store.set_many({"a": True, "c": True})
    # The author removes item C.
    path.write_text(MINIMAL.split("  - id: second")[0])
    app = BriefingApp(catalog.open_briefing(path, data_dir))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "1 saved check(s) no longer match an item" in toasts(app)
        await pilot.press("j", "space")
    # C's check survived the save, and comes back with the item.
    path.write_text(MINIMAL)
    assert catalog.open_briefing(path, data_dir).store.checked_ids() == {"a", "b", "c"}


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
    app = BriefingApp(catalog.open_briefing(path, data_dir))
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(DetailPane)
        for _ in range(100):  # the Markdown renderer is loaded just after the first frame
            if pane._markdown is not None:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        text = " ".join(pane.render_line(y).text.strip() for y in range(pane.size.height))
        assert "quit now (app.quit) and a site (https://example.com)" in text
        link_line = next(
            y for y in range(pane.size.height) if "quit now" in pane.render_line(y).text
        )
        for x in range(0, pane.size.width, 3):  # click all along the link's line
            await pilot.click(pane, offset=(x, link_line + 1))  # +1: the border
        await pilot.pause()
        assert app.is_running
        assert opened == []


async def test_damaged_progress_opens_with_a_notice_and_the_last_good_copy(
    bundled: Briefing, data_dir: Path
) -> None:
    first, second = (item.id for item in bundled.sections[0].items[:2])
    store = store_for(bundled, data_dir)
    store.set_checked(first, True)
    store.set_checked(second, True)  # the .bak now holds the state with only `first`
    store.path.write_bytes(b"\x00\x00garbage")
    app = make_app(bundled, data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "was damaged" in toasts(app) and "restored from the last good copy" in toasts(app)
        assert checked(app) == {first}
    [aside] = store.path.parent.glob("*.corrupt-*")
    assert aside.read_bytes() == b"\x00\x00garbage"


async def test_keys_typed_faster_than_the_screen_updates_act_in_order(
    bundled: Briefing, data_dir: Path
) -> None:
    """All keys arrive at once (a paste, key repeat, tmux send-keys): r must see both checks."""
    from textual import events

    app = make_app(bundled, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        for key, char in (("space", " "), ("j", "j"), ("space", " "), ("r", "r")):
            app.post_message(events.Key(key, char))  # as the terminal driver does
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert checked(app) == set()
