"""The UI's language: English in the code, Simplified Chinese from ``resources/i18n/desktop_llm_zh_CN.qm``.

The ``.ts`` source is kept in the repository and compiled to ``.qm`` when the package is built or installed
(``packaging/hatch_build.py``) and by ``packaging/build.sh``. Qt's own dialogs (file dialogs, message box buttons)
use Qt's translations (``qtbase_*.qm``), shipped with PySide6. The language is chosen at start; a change in
Settings ▸ Language restarts the window (Qt widgets do not re-read their texts by themselves).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..core.common.messages import Text
from ..core.common.paths import bundled_file

log = logging.getLogger(__name__)

# Settings.language → what Settings ▸ Language shows (each in its own language).
LANGUAGES = {"system": "", "en": "English", "zh_CN": "简体中文"}
CATALOG = "desktop_llm"  # desktop_llm_<locale>.qm
_installed: list[QTranslator] = []


def ui_locale(choice: str) -> QLocale:
    """The locale the UI speaks for a Settings.language value ("system": the system's)."""
    return QLocale.system() if choice not in LANGUAGES or choice == "system" else QLocale(choice)


def install_translations(app: QCoreApplication, choice: str) -> QLocale:
    """Load the app's and Qt's translations for ``choice`` (before any window exists); returns the locale used.
    Numbers and dates follow it too (``QLocale.setDefault``). A language without a translation stays English."""
    locale = ui_locale(choice)
    QLocale.setDefault(locale)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if locale.language() == QLocale.Language.English:
        return locale
    folders = {CATALOG: str(bundled_file("resources/i18n")),
               "qtbase": QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)}
    for name, folder in folders.items():
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.info("no %s translation for %s in %s", name, locale.name(), folder)
    return locale


def localized(value: object) -> str:
    """A message from the core in the UI's language: a :class:`Text` (or an exception carrying one) is translated
    with its arguments, nested ones too; anything else (a file name, a message from a server) is shown as it is."""
    if isinstance(value, BaseException):
        value = value.args[0] if len(value.args) == 1 and isinstance(value.args[0], str) else str(value)
    if not isinstance(value, Text):
        return str(value)
    source = QCoreApplication.translate(value.context, value.source, None, -1 if value.count is None else value.count)
    args = {key: localized(arg) if isinstance(arg, Text) else arg for key, arg in value.args.items()}
    try:
        return source.format(**args) if args else source
    except (KeyError, IndexError, ValueError):  # a translation that names a field wrongly: the English is right
        log.warning("translation of %r does not fit its arguments", value.source)
        return str(value)
