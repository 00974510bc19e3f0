"""Dark mode: the palette, readable semantic colours and tints in both themes, "system", and real panes switching."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from desktop_llm.core.common.settings import Settings
from desktop_llm.core.tools.sentiment import SentimentItem
from desktop_llm.ui import theme
from desktop_llm.ui.app import create_window
from desktop_llm.ui.models_pane import HERE
from desktop_llm.ui.widgets import Banner

R = QPalette.ColorRole


@pytest.fixture
def app(qapp):
    """The application; whatever a test sets, the next one starts from the system theme (light offscreen)."""
    yield qapp
    theme.apply_theme(qapp, "system")


def window_color(app, role=R.Window):
    return app.palette().color(QPalette.ColorGroup.Active, role)


def test_dark_sets_a_dark_palette_and_light_restores(app):
    light_window = window_color(app).name()
    assert theme.apply_theme(app, "dark") == "dark"
    assert window_color(app).lightnessF() < 0.3 and theme.is_dark()
    assert app.style().name().lower() in theme.PALETTE_STYLES
    for role in (R.Text, R.WindowText, R.ButtonText, R.ToolTipText, R.PlaceholderText):
        assert window_color(app, role).lightnessF() > 0.5, role
    assert theme.contrast(window_color(app, R.Text), window_color(app, R.Base)) >= 7
    assert theme.contrast(window_color(app, R.HighlightedText), window_color(app, R.Highlight)) >= 4.5
    assert theme.contrast(window_color(app, R.Link), window_color(app, R.Base)) >= 4.5
    assert theme.contrast(window_color(app, R.PlaceholderText), window_color(app, R.Base)) >= 4.5
    disabled = app.palette().color(QPalette.ColorGroup.Disabled, R.Text)
    assert disabled != window_color(app, R.Text) and disabled.lightnessF() > 0.4  # dimmer, still visible
    assert theme.color("error") == theme.COLORS["error"][1]
    assert theme.apply_theme(app, "light") == "light"
    assert not theme.is_dark() and window_color(app).name() == light_window
    assert theme.color("error") == theme.COLORS["error"][0] == "#d1242f"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_colour_and_tint_is_readable_in_its_theme(app, dark):
    theme.apply_theme(app, "dark" if dark else "light")
    base, window, text = window_color(app, R.Base), window_color(app, R.Window), window_color(app, R.Text)
    for name in theme.TEXT_COLORS:
        assert theme.contrast(theme.qcolor(name), base) >= 4.5, (name, theme.color(name), base.name())
    for name in ("ok", "error", "warning"):  # status lines on a dialog's window
        assert theme.contrast(theme.qcolor(name), window) >= 4.5, (name, theme.color(name), window.name())
    for name in theme.BACKGROUND_COLORS:
        assert theme.contrast(text, theme.qcolor(name)) >= 7, name
    for name in theme.TINTS:  # cells and passages over Base, banners and chips over Window
        for under in (base, window):
            shown = theme.over(theme.tint(name), under)
            assert theme.contrast(text, shown) >= 4.5, (name, shown.name())
            assert theme.contrast(shown, under) > 1.1, (name, "the tint does not show")


def test_system_follows_the_reported_scheme_and_its_changes(app, monkeypatch):
    reported = app.styleHints().colorScheme()
    assert theme.apply_theme(app, "system") == ("dark" if reported == Qt.ColorScheme.Dark else "light")
    assert theme.apply_theme(app, "no such theme") == theme.apply_theme(app, "system")  # unknown: system
    monkeypatch.setattr(theme, "system_scheme", lambda app=None: "dark")
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # as the OS does when the user switches
    assert theme.is_dark()
    monkeypatch.setattr(theme, "system_scheme", lambda app=None: "light")
    theme.apply_theme(app, "dark")  # a manual choice ignores the OS
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert theme.is_dark() and theme.current_choice() == "dark"


def test_style_sheets_follow_a_switch(qtbot, app):
    banner, label = Banner(), QLabel("Saved.")
    qtbot.addWidget(banner)
    qtbot.addWidget(label)
    banner.show_message("The download failed", "error")
    theme.set_style_sheet(label, "color: $ok")
    assert theme.color("ok", dark=False) in label.styleSheet()
    theme.apply_theme(app, "dark")
    assert theme.color("ok", dark=True) in label.styleSheet()
    assert theme.css_rgba(theme.tint("banner_error", dark=True)) in banner.styleSheet()
    # The banner's text follows the palette (a widget with a style sheet keeps its old palette unless re-polished).
    assert banner.label.palette().color(R.WindowText).lightnessF() > 0.5
    theme.apply_theme(app, "light")
    assert banner.label.palette().color(R.WindowText).lightnessF() < 0.5
    assert theme.css_rgba(theme.tint("banner_error", dark=False)) in banner.styleSheet()


def test_the_models_pane_and_a_tool_pane_are_readable_in_dark(qtbot, app, app_home):
    Settings(theme="dark").save(app_home.settings_file)
    settings = Settings.load(app_home.settings_file)
    assert settings.theme == "dark"
    theme.apply_theme(app, settings.theme)
    window = create_window(app_home, settings)
    qtbot.addWidget(window)
    window.show()
    pane = window.models
    window.tabs.setCurrentWidget(pane)
    qtbot.waitUntil(lambda: pane.hardware is not None, timeout=30_000)

    def fit_cells():
        cells = [pane.table.item(row, HERE) for row in range(pane.table.rowCount())]
        return [cell for cell in cells if cell is not None and cell.text()]

    cells = fit_cells()
    assert cells, "no fit shown"

    def readable(cell, base) -> bool:
        return theme.contrast(cell.foreground().color(), base) >= 4.5

    base = pane.table.palette().color(R.Base)
    assert base.lightnessF() < 0.3 and all(readable(cell, base) for cell in cells)
    assert cells[0].foreground().color().name() in {theme.COLORS[name][1] for name in ("ok", "warning", "error")}
    sentiment = window.sentiment
    window.tabs.setCurrentWidget(sentiment)
    sentiment.clear_output()  # as a run starts: rows stay in order
    for n, label in enumerate(("positive", "negative", "neutral")):
        sentiment._add_row(SentimentItem(n, f"text {n}", label, 0.9))
    sentiment.chart.set_counts({"positive": 1, "negative": 1, "neutral": 1})
    labels = [sentiment.table.item(row, 2) for row in range(3)]
    base = sentiment.table.palette().color(R.Base)
    assert all(readable(label, base) for label in labels)
    sentiment.chart.grab()  # paints with the theme's colours
    # Switching back re-colours what is already shown (the Models pane while hidden too).
    theme.apply_theme(app, "light")
    assert fit_cells()[0].foreground().color().name() in {theme.COLORS[name][0] for name in ("ok", "warning", "error")}
    base = sentiment.table.palette().color(R.Base)
    assert base.lightnessF() > 0.7
    assert [label.foreground().color().name() for label in labels] == [
        theme.COLORS[name][0] for name in ("positive", "negative", "neutral")]
    window.tabs.setCurrentWidget(pane)
    assert pane.table.palette().color(R.Base).lightnessF() > 0.7
    assert all(readable(cell, pane.table.palette().color(R.Base)) for cell in fit_cells())
    assert fit_cells()[0].foreground().color().name() in {theme.COLORS[name][0] for name in ("ok", "warning", "error")}
    assert QApplication.instance() is app
