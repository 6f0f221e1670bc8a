"""Writing briefings: many briefings, the picker, reload on save, schema and starter."""

from __future__ import annotations

import json
import os
from pathlib import Path

from textual.widgets import OptionList

from briefing_tui import catalog, files, loader, paths
from briefing_tui.app import BriefingApp
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.picker import PickerScreen
from briefing_tui.widgets.item_list import ItemList
from conftest import MINIMAL, checked_ids, open_session, screen_text
from conftest import run_cli as run

SIZE = (150, 36)  # three panes side by side (at 140 columns or fewer the detail goes under)


def own_briefing(data: Path, text: str = MINIMAL, name: str = "mine.yaml") -> Path:
    folder = paths.user_briefings_dir(data)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def toasts(app: BriefingApp) -> str:
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


def test_list_shows_bundled_and_own_briefings_with_progress(data_dir: Path) -> None:
    own_briefing(data_dir)
    own_briefing(data_dir, "id: [broken\n", "broken.yaml")
    mini = loader.load(paths.user_briefings_dir(data_dir) / "mine.yaml")
    session = open_session(mini, data_dir)
    session.toggle(mini.sections[0].items[0])
    session.save_now()
    bundled_count = loader.load(files.default_briefing_path()).item_count()
    result = run("list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "PROGRESS", "RUN", "TITLE", "FILE"]
    assert lines[1].split()[:3] == ["us-japan-defense", f"0/{bundled_count}", "default"]
    # then the user's own, by file name
    assert lines[2].startswith("broken") and "1 problem(s)" in lines[2]
    assert lines[3].split()[:3] == ["mini", "1/3", "default"]


def test_open_by_id_or_file_name(data_dir: Path) -> None:
    path = own_briefing(data_dir)
    assert catalog.resolve("mini", data_dir) == path
    assert catalog.resolve("mine", data_dir) == path
    assert catalog.resolve("mine.yaml", data_dir).name == "mine.yaml"
    assert catalog.resolve("us-japan-defense", data_dir) == files.default_briefing_path()
    result = run("no-such-briefing")
    assert result.returncode == 2
    assert "no briefing file or briefing id by that name" in result.stderr


async def test_picker_lists_briefings_with_progress_and_opens_one(data_dir: Path) -> None:
    own_briefing(data_dir)
    entries = catalog.entries(data_dir)
    assert [e.id for e in entries] == ["us-japan-defense", "mini"]  # the default comes first
    app = BriefingApp(choices=entries, data_dir=data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(2)]
        bundled_count = entries[0].briefing.item_count() if entries[0].briefing else 0
        assert shown[0].startswith(f"U.S.–Japan defense briefing  0/{bundled_count}")
        assert shown[1].startswith("A small briefing  0/3")
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.session.briefing.id == "mini"
        await pilot.press("space")
    assert checked_ids(open_session(loader.load(entries[1].path), data_dir)) == {"a"}


async def test_a_briefing_chosen_in_the_picker_can_switch_runs(data_dir: Path) -> None:
    own_briefing(data_dir)
    app = BriefingApp(choices=catalog.entries(data_dir), data_dir=data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        await pilot.press("w", "escape", "ctrl+r", *"Later", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert "run: Later" in screen_text(app) and "0 of 3 checked" in screen_text(app)
        await pilot.press("w")  # the walkthrough of the new run
        await pilot.pause()
        assert "run: Later" in screen_text(app) and "Item 1 of" in screen_text(app)


def live_app(folder: Path, data: Path) -> tuple[BriefingApp, Path]:
    """An app on a briefing file the test then edits (and `reloaded` takes in)."""
    path = folder / "live.yaml"
    path.write_text(MINIMAL)
    return BriefingApp(catalog.open_session(path, data), path=path), path


async def test_saving_the_file_reloads_it_keeping_selection_and_progress(
    tmp_path: Path, data_dir: Path
) -> None:
    app, path = live_app(tmp_path, data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space", "j")  # check A, highlight B
        path.write_text(
            MINIMAL.replace("title: Item A", "title: Item A, edited").replace(
                "title: Item B", "title: Item B, edited"
            )
        )
        os.utime(path, ns=(1, 1))  # a different mtime even on a coarse clock
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        await reloaded(screen, pilot)
        items = screen.query_one(ItemList)
        text = screen_text(app)
        assert "[x] Item A, edited" in text and "[ ] Item B, edited" in text
        assert items.highlighted_item is not None
        assert items.highlighted_item.title == "Item B, edited"

        path.write_text(MINIMAL.replace("title: Item B", "title: no"))
        os.utime(path, ns=(2, 2))
        await reloaded(screen, pilot)
        # The last good version stays on screen, and the author is told what is wrong.
        assert "[ ] Item B, edited" in screen_text(app)
        assert "live.yaml:16:16: title: expected text, got a yes/no value" in toasts(app)


async def test_a_reload_while_the_walkthrough_is_open_shows_there(
    tmp_path: Path, data_dir: Path
) -> None:
    app, path = live_app(tmp_path, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        panes = app.screen
        assert isinstance(panes, BriefingScreen)
        await pilot.press("w")
        path.write_text(
            MINIMAL.replace("title: A small briefing", "title: A renamed briefing").replace(
                "title: Item A", "title: Item A, edited"
            )
        )
        os.utime(path, ns=(1, 1))
        await reloaded(panes, pilot)
        screen = screen_text(app)
        assert "A renamed briefing" in screen and "Item A, edited" in screen


async def reloaded(screen: BriefingScreen, pilot: object) -> None:
    """Run the sync that notices the changed file, and wait for its validation (in another
    process) to be taken in."""
    import asyncio

    await screen.syncer.sync()
    task = screen.syncer._reload
    if task is not None:
        await asyncio.wait_for(task, timeout=30)
    await pilot.pause()  # type: ignore[attr-defined]


def test_schema_is_json_schema_of_the_format() -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["required"]) == {"id", "title", "sources", "sections"}
    assert schema["additionalProperties"] is False
    assert "Item" in schema["$defs"]


def test_new_writes_a_starter_that_validates_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "fresh.yaml"
    first = run("new", str(path))
    assert first.returncode == 0 and path.exists()
    assert run("validate", str(path)).returncode == 0
    assert loader.load(path).item_count() == 2
    path.write_text("mine, precious")
    again = run("new", str(path))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert path.read_text() == "mine, precious"


def test_new_takes_the_id_from_the_file_name_and_makes_the_folder(data_dir: Path) -> None:
    folder = paths.user_briefings_dir(data_dir)  # the folder `list` recommends; not there yet
    first, second = folder / "trip-prep.yaml", folder / "Board Meeting.yaml"
    assert run("new", str(first)).returncode == 0
    assert run("new", str(second)).returncode == 0
    assert [loader.load(p).id for p in (first, second)] == ["trip-prep", "Board-Meeting"]
    listed = run("--data-dir", str(data_dir), "list").stdout
    assert "trip-prep" in listed and "Board-Meeting" in listed


def test_two_files_with_one_id_are_flagged_and_never_opened_by_guess(data_dir: Path) -> None:
    one = own_briefing(data_dir, name="one.yaml")
    two = own_briefing(data_dir, name="two.yaml")  # both declare the id "mini"
    listed = run("list", "--data-dir", str(data_dir))
    assert listed.returncode == 0
    assert f"{one}, {two} declare the same id 'mini'" in listed.stdout
    assert listed.stdout.count("declare the same id") == 1
    opened = run("--data-dir", str(data_dir), "mini")
    assert opened.returncode == 2
    assert "2 files declare the id 'mini'" in opened.stderr
    assert str(one) in opened.stderr and str(two) in opened.stderr
    assert catalog.resolve("two", data_dir) == two  # by file name it is exact


def test_list_changes_nothing_on_disk(data_dir: Path, tmp_path: Path) -> None:
    own_briefing(data_dir)
    mini = loader.load(paths.user_briefings_dir(data_dir) / "mine.yaml")
    progress = paths.progress_file(data_dir, mini.id)
    progress.parent.mkdir(parents=True)
    progress.write_bytes(b"\x00 damaged")
    cache = Path(os.environ["BRIEFING_TUI_CACHE_DIR"])

    def everything() -> dict[str, bytes]:
        return {
            str(p): p.read_bytes()
            for root in (data_dir, cache)
            if root.exists()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    before = everything()
    result = run("list")
    assert result.returncode == 0 and "mini" in result.stdout
    assert everything() == before
