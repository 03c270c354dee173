"""Issue 6, item 8: at 80 columns every desk's key line shows whole, F1 (help) included."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from kefu_tui.app import desk_screen
from kefu_tui.screens.home import HomeScreen
from tests.app.snapshot_app import make_app
from tests.app.test_help_and_back import desk_keys
from tests.app.test_shell import settle, sync


def cut_keys(screen) -> list[str]:
    """The footer's keys when they need more than the terminal's width (the footer then
    scrolls and F1, docked at the right, hides the last ones), else []."""
    footer = screen.query_one(Footer)
    if footer.virtual_size.width <= footer.size.width:
        return []
    return [f"{k.key} {k.description}" for k in footer.query(FooterKey)]


@sync
async def test_every_desk_footer_fits_80_columns(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert cut_keys(app.screen) == []
        for name, key in desk_keys(app).items():
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, desk_screen(name)), name
            assert cut_keys(app.screen) == [], name
            while not isinstance(app.screen, HomeScreen):
                await pilot.press("escape")
                await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert cut_keys(app.screen) == [], "track"
