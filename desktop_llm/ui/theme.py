"""Light and dark: the application palette, and the app's own colours in a light and a dark variant.

``apply_theme(app, choice)`` sets the palette for "system" (follows the colour scheme the OS reports, Qt 6.5+, and
follows it when it changes), "light" or "dark". The semantic colours (``color``, ``tint``) are read from the palette
in force, so a widget must read them when it paints or renders, never keep them in a module constant:

* painting code (``paintEvent``) simply calls ``color()``/``qcolor()`` each time;
* a style sheet that names a colour is set with ``set_style_sheet(widget, "color: $error")``: ``apply_theme``
  re-fills every such template (and re-polishes every other style sheet, which Qt does not redo by itself);
* colours stored in items or documents (table items, rich text) are set again when the widget gets a
  ``QEvent.Type.PaletteChange``: ``apply_theme`` changes the application palette, which sends it to every widget
  without a style sheet of its own. ``dark_changed(widget)`` tells whether the change switched light and dark;
  items coloured with ``set_item_color``/``set_item_tint`` are re-coloured by ``recolor_items(view)``.
"""

from __future__ import annotations

import logging
from string import Template

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QStyleFactory,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

log = logging.getLogger(__name__)

SCHEMES = ("system", "light", "dark")

# name -> (light, dark). Text colours are readable (WCAG contrast >= 4.5) on the Base colour of their palette; the
# status colours (ok, error, warning) on the Window colour too, as labels on a dialog show them.
COLORS: dict[str, tuple[str, str]] = {
    "ok": ("#1a7431", "#3fb950"),
    "error": ("#d1242f", "#ff7b72"),
    "warning": ("#8a5d00", "#d29922"),
    "user": ("#1f6feb", "#58a6ff"),
    "assistant": ("#8250df", "#bc8cff"),
    "positive": ("#2e7d32", "#66bb6a"),
    "negative": ("#c62828", "#f47067"),
    "neutral": ("#757575", "#a0a0a0"),
    "code_background": ("#f3f4f6", "#2b2d31"),  # a background under the palette's Text colour
}
TEXT_COLORS = ("ok", "error", "warning", "user", "assistant", "positive", "negative", "neutral")
BACKGROUND_COLORS = ("code_background",)

# Translucent tints (r, g, b, alpha 0-255), (light, dark): over Base (cells, passages) or Window (banners, chips) the
# palette's text stays readable; the dark ones are stronger, so that they still show on a dark background.
TINTS: dict[str, tuple[tuple[int, int, int, int], tuple[int, int, int, int]]] = {
    "warning": ((212, 167, 44, 60), (212, 167, 44, 72)),  # what the tools' own checks flagged
    "highlight": ((255, 196, 0, 90), (255, 196, 0, 70)),  # a cited passage among its neighbours
    "banner_error": ((209, 36, 47, 41), (248, 81, 73, 64)),
    "banner_warning": ((212, 167, 44, 56), (212, 167, 44, 64)),
    "banner_info": ((31, 111, 235, 36), (56, 139, 253, 56)),
}

# The dark palette: (role, active/inactive colour, disabled colour or None for the same).
_R = QPalette.ColorRole
_DARK = (
    (_R.Window, "#2b2d30", None),
    (_R.WindowText, "#e8e8e8", "#8a8d93"),
    (_R.Base, "#1e1f22", "#25272a"),
    (_R.AlternateBase, "#26282b", "#25272a"),
    (_R.Text, "#e8e8e8", "#8a8d93"),
    (_R.Button, "#3a3c40", "#303235"),
    (_R.ButtonText, "#e8e8e8", "#8a8d93"),
    (_R.BrightText, "#ff7b72", None),
    (_R.Highlight, "#2f63c4", "#3d4045"),
    (_R.HighlightedText, "#ffffff", "#a0a3a8"),
    (_R.Link, "#6cb6ff", "#5a7ea3"),
    (_R.LinkVisited, "#c39bff", "#8a78a8"),
    (_R.PlaceholderText, "#9da0a6", "#6b6e73"),
    (_R.ToolTipBase, "#3a3c40", None),
    (_R.ToolTipText, "#e8e8e8", None),
    (_R.Light, "#55585d", None),
    (_R.Midlight, "#45474b", None),
    (_R.Mid, "#323437", None),
    (_R.Dark, "#1a1b1d", None),
    (_R.Shadow, "#0d0d0e", None),
)
PALETTE_STYLES = ("fusion", "windows")  # styles that draw with the palette (others keep their own light look)
STYLE_TEMPLATE = "themeStyleSheet"  # the widget property holding a set_style_sheet template


class _State:
    choice = "system"
    app: QApplication | None = None
    native_style = ""  # the style before a switch to Fusion for dark, restored for light
    listening = False
    applying = False


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, normal, disabled in _DARK:
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role, QColor(normal))
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled or normal))
    if hasattr(_R, "Accent"):  # Qt 6.6+
        palette.setColor(_R.Accent, QColor("#2f63c4"))
    return palette


def light_palette(app: QApplication) -> QPalette:
    """The style's standard palette; Fusion's where the style follows a dark system scheme."""
    palette = app.style().standardPalette()
    if is_dark(palette):
        palette = QStyleFactory.create("fusion").standardPalette()
    return palette


def system_scheme(app: QGuiApplication | None = None) -> str:
    """"dark" or "light" as the OS reports it (light when it says nothing: Qt before 6.5, offscreen, bare X11)."""
    app = app or QGuiApplication.instance()
    hints = app.styleHints() if app is not None else None
    scheme = hints.colorScheme() if hints is not None and hasattr(hints, "colorScheme") else None
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def current_choice() -> str:
    return _State.choice


def apply_theme(app: QApplication, choice: str) -> str:
    """Set the palette for ``choice`` (one of SCHEMES; anything else means "system"); returns "light" or "dark", the
    scheme now shown. "system" follows the OS scheme now and whenever it changes."""
    choice = choice if choice in SCHEMES else "system"
    _State.choice, _State.app = choice, app
    if not _State.listening and hasattr(app.styleHints(), "colorSchemeChanged"):
        app.styleHints().colorSchemeChanged.connect(_on_system_scheme_changed)
        _State.listening = True
    if _State.applying:
        return "dark" if is_dark() else "light"
    _State.applying = True
    try:
        return _apply(app, choice)
    finally:
        _State.applying = False


def _apply(app: QApplication, choice: str) -> str:
    _ask_scheme(app, choice)  # before reading the system scheme: Qt 6.8 reports the requested one while it holds
    scheme = system_scheme(app) if choice == "system" else choice
    style = app.style().name().lower()
    if scheme == "dark":
        if style not in PALETTE_STYLES:
            _State.native_style = _State.native_style or style
            app.setStyle("fusion")  # native styles (macOS, Windows Vista) draw light controls whatever the palette
        palette = dark_palette()
    else:
        if _State.native_style and style != _State.native_style:
            app.setStyle(_State.native_style)
        _State.native_style = ""
        app.setPalette(QPalette())  # back to the platform's own palette (a desktop's light colours)...
        palette = app.palette() if not is_dark() else light_palette(app)  # ...unless the desktop is dark
    app.setPalette(palette)
    # Qt tells the widgets from the event loop: do it now, so that what follows (and the caller) sees them changed.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)
    restyle(app)
    log.info("theme: %s (%s)", choice, scheme)
    return scheme


def _ask_scheme(app: QApplication, choice: str) -> None:
    """Qt 6.8+: native dialogs and title bars follow the choice where the platform lets them (offscreen and X11 often
    do not: the palette is what counts)."""
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):
        wanted = {"dark": Qt.ColorScheme.Dark, "light": Qt.ColorScheme.Light}.get(choice, Qt.ColorScheme.Unknown)
        try:
            hints.setColorScheme(wanted)
        except Exception:  # noqa: BLE001 - a platform that refuses keeps its scheme; the palette still applies
            log.debug("setColorScheme refused", exc_info=True)


def _on_system_scheme_changed(*_args) -> None:
    if _State.choice == "system" and _State.app is not None and not _State.applying:
        apply_theme(_State.app, "system")


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (the application's by default) has a dark window."""
    palette = palette if palette is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorGroup.Active, _R.Window).lightnessF() < 0.5


def color(name: str, dark: bool | None = None) -> str:
    """The hex colour ``name`` (see COLORS) for the palette in force, or for ``dark`` when given."""
    light_value, dark_value = COLORS[name]
    return dark_value if (is_dark() if dark is None else dark) else light_value


def qcolor(name: str, dark: bool | None = None) -> QColor:
    return QColor(color(name, dark))


def tint(name: str, dark: bool | None = None) -> QColor:
    """The translucent tint ``name`` (see TINTS) for the palette in force, or for ``dark`` when given."""
    light_value, dark_value = TINTS[name]
    return QColor(*(dark_value if (is_dark() if dark is None else dark) else light_value))


def css_rgba(value: QColor) -> str:
    return f"rgba({value.red()}, {value.green()}, {value.blue()}, {value.alphaF():.3f})"


def style_sheet(template: str) -> str:
    """``template`` with ``$name`` for a colour (``$error``) and ``$tint_name`` for a tint (``$tint_warning``)."""
    values = {name: color(name) for name in COLORS}
    values.update({f"tint_{name}": css_rgba(tint(name)) for name in TINTS})
    return Template(template).substitute(values)


def set_style_sheet(widget: QWidget, template: str) -> None:
    """Set a style sheet that names theme colours (see ``style_sheet``); ``apply_theme`` re-fills it."""
    widget.setProperty(STYLE_TEMPLATE, template)
    widget.setStyleSheet(style_sheet(template) if template else "")


def restyle(app: QApplication) -> None:
    """After a palette change: re-fill the theme style sheets and re-polish the others (a widget with a style sheet
    keeps the palette it was polished with, and so do its children)."""
    for widget in app.allWidgets():
        template = widget.property(STYLE_TEMPLATE)
        if template:
            widget.setStyleSheet(style_sheet(template))
        elif widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())


# Item colours: the theme name is kept in the item, so that ``recolor_items`` can set the colour again in a new palette.
ITEM_COLOR_ROLE = Qt.ItemDataRole.UserRole + 0x7E1  # the name of the item's text colour (COLORS)
ITEM_TINT_ROLE = Qt.ItemDataRole.UserRole + 0x7E2  # the name of the item's background tint (TINTS)


def set_item_color(item: QTableWidgetItem | QListWidgetItem, name: str | None) -> None:
    """Colour a table or list item's text with ``name`` (None: the palette's text colour)."""
    item.setData(ITEM_COLOR_ROLE, name)
    item.setForeground(qcolor(name) if name else QBrush())


def set_item_tint(item: QTableWidgetItem | QListWidgetItem, name: str | None) -> None:
    """Tint a table or list item's background with ``name`` (None: no tint)."""
    item.setData(ITEM_TINT_ROLE, name)
    item.setBackground(tint(name) if name else QBrush())


def recolor_items(view: QTableWidget | QListWidget) -> None:
    """Set the colours of ``set_item_color``/``set_item_tint`` again, for the palette in force."""
    if isinstance(view, QTableWidget):
        items = (view.item(row, column) for row in range(view.rowCount()) for column in range(view.columnCount()))
    else:
        items = (view.item(row) for row in range(view.count()))
    for item in items:
        if item is None:
            continue
        if name := item.data(ITEM_COLOR_ROLE):
            item.setForeground(qcolor(name))
        if name := item.data(ITEM_TINT_ROLE):
            item.setBackground(tint(name))


def is_palette_change(event: QEvent) -> bool:
    return event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


def dark_changed(widget: QObject) -> bool:
    """For ``changeEvent``: whether the palette switched between light and dark since this widget last asked (true
    the first time). Cheap: a widget re-colours its items only when it must."""
    now = is_dark()
    before = widget.property("themeDark")
    widget.setProperty("themeDark", now)
    return before is None or bool(before) != now


def contrast(foreground: QColor | str, background: QColor | str) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 to 21); see ``over`` for a translucent one."""

    def luminance(value: QColor) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(value.redF()) + 0.7152 * channel(value.greenF()) + 0.0722 * channel(value.blueF())

    high, low = sorted((luminance(QColor(foreground)), luminance(QColor(background))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(top: QColor, bottom: QColor | str) -> QColor:
    """The opaque colour of translucent ``top`` painted over ``bottom``."""
    bottom, alpha = QColor(bottom), top.alphaF()
    return QColor.fromRgbF(*(alpha * t + (1 - alpha) * b for t, b in (
        (top.redF(), bottom.redF()), (top.greenF(), bottom.greenF()), (top.blueF(), bottom.blueF()))))
