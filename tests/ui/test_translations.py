"""The Chinese UI: every string the code shows has a finished zh_CN translation, and the app speaks it."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import update_translations  # noqa: E402 - the maintainers' extraction script, on the committed .ts

ROOT = Path(__file__).resolve().parents[2]
FIELD = re.compile(r"\{(\w*)[^{}]*\}")  # a str.format field: {name}, {tokens:,}, {}
TOOLS = Path(sys.executable).parent


@pytest.fixture(scope="module")
def compiled():
    """The .qm the build compiles (packaging/hatch_build.py), made fresh from the committed .ts."""
    qm = update_translations.TS.with_suffix(".qm")
    subprocess.run([str(TOOLS / "pyside6-lrelease"), "-silent", "-removeidentical", str(update_translations.TS),
                    "-qm", str(qm)], check=True)
    return qm


def test_every_string_in_the_code_has_a_finished_chinese_translation(tmp_path):
    extracted = tmp_path / "extracted.ts"
    update_translations.lupdate(extracted)
    wanted = update_translations.messages(extracted)
    committed = update_translations.messages(update_translations.TS)
    assert len(wanted) >= 150
    missing = [key[:2] for key in wanted if key not in committed]
    assert not missing, f"not in {update_translations.TS.name} (run scripts/update_translations.py): {missing[:10]}"
    assert update_translations.unfinished(update_translations.TS) == []
    for key in wanted:  # placeholders survive translation, by name (the core's messages are filled by name)
        translation = "".join(committed[key].find("translation").itertext())
        assert set(FIELD.findall(translation)) == set(FIELD.findall(key[1])), key
        if "%n" in key[1]:
            assert "%n" in translation, key


def test_every_message_the_core_marks_is_extracted(tmp_path):
    """lupdate skips a ``translate()`` it cannot read (a keyword argument, a count that is not a plain name): such a
    message would stay English in every language without any other test noticing."""
    extracted = tmp_path / "extracted.ts"
    update_translations.lupdate(extracted)
    found = {key[:2] for key in update_translations.messages(extracted)}
    marked = set()
    for path in (ROOT / "desktop_llm" / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None) and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            if (isinstance(node, ast.Call) and name == "translate" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                # (not the Translate tool's translate(engine, …) nor bytes.translate(None, …))
                context, text = node.args[:2]
                assert isinstance(text, ast.Constant), f"{path.name}:{node.lineno}: translate() needs a literal text"
                marked.add((context.value, text.value))
    assert len(marked) > 200
    assert not marked - found, sorted(marked - found)[:5]


def test_the_app_starts_in_chinese_under_a_chinese_locale(compiled, app_home, starter_in_place):
    script = textwrap.dedent("""
        from PySide6.QtWidgets import QApplication
        from desktop_llm.core.common.paths import app_paths
        from desktop_llm.ui.app import create_window
        from desktop_llm.ui.i18n import install_translations
        from PySide6.QtWidgets import QDialogButtonBox
        app = QApplication([])
        locale = install_translations(app, "system")
        window = create_window(app_paths().ensure())
        menus = [action.text() for action in window.menuBar().actions()]
        tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes)
        yes = box.buttons()[0].text()
        print(locale.name(), "|", " ".join(menus), "|", " ".join(tabs), "|", window.chat.send_button.text(), "|", yes)
        window.worker.shutdown()
    """)
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "LANGUAGE": "zh_CN",
           "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    locale, menus, tabs, send, yes = (part.strip() for part in result.stdout.strip().splitlines()[-1].split("|"))
    assert locale == "zh_CN"
    assert "文件" in menus and "设置" in menus and "帮助" in menus
    assert tabs.split() == ["对话", "摘要", "翻译", "情感", "模型"]
    assert send == "发送"
    assert yes.startswith("是")  # Qt's own buttons, from qtbase_zh_CN


def test_english_stays_english_and_the_language_setting_wins_over_the_system(compiled, qtbot, app_home,
                                                                              monkeypatch):
    from PySide6.QtWidgets import QApplication

    from desktop_llm.ui import i18n

    app = QApplication.instance()
    try:
        assert i18n.install_translations(app, "zh_CN").name() == "zh_CN"
        assert app.translate("ChatPane", "Send") == "发送"
        assert i18n.install_translations(app, "en").language() == i18n.QLocale.Language.English
        assert app.translate("ChatPane", "Send") == "Send"
    finally:
        i18n.install_translations(app, "en")


def test_messages_written_by_the_core_are_shown_in_chinese(compiled, qtbot, tmp_path):
    """Errors, describe() lines and nested reasons from the core, as the window shows them (``localized``)."""
    from PySide6.QtWidgets import QApplication

    from desktop_llm.core.chat.grounding import Grounding
    from desktop_llm.core.models.hardware import detect
    from desktop_llm.core.text.documents import DocumentError, read_document
    from desktop_llm.ui import i18n

    app = QApplication.instance()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_document(empty)
    grounding = Grounding("whole", [object()] * 2, [], 2, 1234, 1234, [])
    shown = [caught.value, detect().describe(), grounding.describe()]
    try:
        i18n.install_translations(app, "zh_CN")
        chinese = [i18n.localized(message) for message in shown]
    finally:
        i18n.install_translations(app, "en")
    assert [i18n.localized(message) for message in shown] == [str(message) for message in shown]
    for english, text in zip(shown, chinese):
        assert re.search(r"[\u4e00-\u9fff]", text) and text != str(english), text
    assert "empty.txt" in chinese[0]
    assert chinese[2] == "完整阅读了 2 个文档（1,234 个词元）"


def test_a_new_chat_gets_the_default_system_prompt_in_the_ui_language(compiled, qtbot, window):
    """The untouched default follows the UI's language; a prompt the user wrote in the settings stays as written."""
    from PySide6.QtWidgets import QApplication

    from desktop_llm.ui import i18n

    app = QApplication.instance()
    try:
        i18n.install_translations(app, "zh_CN")
        window.chat.open_conversation(None)
        assert window.chat.system_prompt.toPlainText() == "你是一个乐于助人的助手。"
        window.chat.new_conversation()
        assert window.chat.store.conversation(window.chat.conversation_id).system_prompt == "你是一个乐于助人的助手。"
        window.settings.system_prompt = "Answer in one word."
        window.chat.open_conversation(None)
        assert window.chat.system_prompt.toPlainText() == "Answer in one word."
    finally:
        i18n.install_translations(app, "en")
    window.settings.system_prompt = "You are a helpful assistant."
    window.chat.open_conversation(None)
    assert window.chat.system_prompt.toPlainText() == "You are a helpful assistant."
