"""The few Textual private names the app uses (widgets/_textual_internals.py) still work.

These fail on a Textual release that changes them; pyproject.toml allows only the minor
versions they were checked against.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.scroll_view import ScrollView
from textual.widgets import Static

from briefing_tui.widgets import _textual_internals as internals


class Lines(ScrollView):
    def render_line(self, y: int):  # type: ignore[no-untyped-def]
        from textual.strip import Strip

        return Strip.blank(self.size.width)


class Bench(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello, screen", id="greeting")
        view = Lines(id="lines")
        view.styles.height = 10
        view.styles.border = ("round", "white")
        yield view


async def test_a_quiet_line_count_still_scrolls() -> None:
    app = Bench()
    async with app.run_test(size=(40, 20)) as pilot:
        view = app.query_one(Lines)
        internals.set_line_count(view, 500)
        await pilot.pause()
        assert view.virtual_size.height == 500
        assert view.max_scroll_y == 500 - view.scrollable_content_region.height
        view.scroll_to(y=100, animate=False)
        await pilot.pause()
        assert view.scroll_y == 100


async def test_a_quiet_border_title_is_drawn() -> None:
    app = Bench()
    async with app.run_test(size=(40, 20)) as pilot:
        internals.set_border_title(app.query_one(Lines), Content("Quiet title"))
        await pilot.pause()
        assert "Quiet title" in internals.screen_text(app)


async def test_removal_is_known_and_the_screen_can_be_read() -> None:
    app = Bench()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        assert internals.is_being_removed(app.query_one("#greeting")) is False
        assert "hello, screen" in internals.screen_text(app)
        strips = internals.screen_strips(app)
        assert len(strips) == 20 and "hello, screen" in strips[0].text


async def test_a_screen_started_ahead_is_built_and_not_shown() -> None:
    from textual.screen import Screen

    class Later(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Static("built ahead", id="later")

    app = Bench()
    async with app.run_test(size=(40, 20)) as pilot:
        later = Later()
        app.install_screen(later, "later")
        internals.start_screen(app, later)
        await pilot.pause()
        assert later.is_running and later.query_one("#later", Static).is_mounted
        assert "built ahead" not in internals.screen_text(app)
        app.push_screen(later)
        await pilot.pause()
        assert "built ahead" in internals.screen_text(app)


async def test_a_screen_laid_out_ahead_shows_in_one_frame_restyled_after_a_theme_change() -> None:
    from textual.color import Color
    from textual.events import ScreenResume
    from textual.screen import Screen

    class Kept(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Static("laid out ahead", id="kept")

        def on_screen_resume(self, event: ScreenResume) -> None:
            internals.show_kept_screen(self, event)

    app = Bench()
    async with app.run_test(size=(40, 20)) as pilot:
        kept = Kept()
        app.install_screen(kept, "kept")
        internals.start_screen(app, kept)
        for _ in range(100):
            if internals.lay_out_ahead(kept):
                break
            await pilot.pause(0.01)
        assert kept.size == app.size and "laid out ahead" not in internals.screen_text(app)
        frames: list[str] = []
        display = app._display

        def counted(screen: Screen[None], update: object) -> None:
            frames.append(type(update).__name__)
            display(screen, update)  # type: ignore[arg-type]

        app._display = counted  # type: ignore[method-assign]
        app.push_screen(kept)
        await pilot.pause(0.1)
        assert "laid out ahead" in internals.screen_text(app)
        assert frames.count("LayoutUpdate") == 1  # every line, once
        app.pop_screen()
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        app.push_screen(kept)
        await pilot.pause()
        assert kept.styles.background == Color.parse(app.current_theme.background or "")
