"""Build the PyInstaller bundle and the .deb, then run the frozen app: GUI offscreen, --version, CLI chat."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_llm import __version__

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "desktop-llm" / "desktop-llm"
DEB = ROOT / "dist" / f"desktop-llm_{__version__}_amd64.deb"

# The first test also waits for the build (several minutes on 2 cores from a clean checkout).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500),
              pytest.mark.skipif(sys.platform != "linux", reason="the .deb is Linux only")]


@pytest.fixture(scope="module")
def built():
    result = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], capture_output=True, text=True,
                            timeout=1800, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert BUNDLE.exists() and DEB.exists()
    return result.stdout


def test_frozen_cli_version_and_chat_on_a_real_model(built, tiny_model, app_home):
    env = {**os.environ, "DESKTOP_LLM_HOME": str(app_home.data.parent)}
    version = subprocess.run([str(BUNDLE), "--version"], capture_output=True, text=True, env=env, timeout=60)
    assert version.stdout.strip() == f"desktop-llm {__version__}"
    chat = subprocess.run([str(BUNDLE), "chat", "--model", str(tiny_model), "--max-tokens", "8", "--json", "hello"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert chat.returncode == 0, chat.stderr
    assert '"tokens": 8' in chat.stdout


def test_frozen_text_tools_read_pdf_docx_and_csv(built, tiny_long_model, app_home, tmp_path):
    """pypdf, python-docx and the CSV path are in the bundle: the frozen CLI reads each kind of file."""
    from document_factory import write_docx, write_pdf

    env = {**os.environ, "DESKTOP_LLM_HOME": str(app_home.data.parent)}
    write_pdf(tmp_path / "report.pdf", ["The harbour opened in May.", "Ships arrived in June."])
    write_docx(tmp_path / "notes.docx", ["First paragraph.", "Second paragraph."])
    (tmp_path / "reviews.csv").write_text("id,review\n1,good\n2,bad\n", encoding="utf-8")
    model = ["--model", str(tiny_long_model), "--json"]
    outputs = {}
    for command in (["summarize", *model, "--length", "short", str(tmp_path / "report.pdf")],
                    ["translate", *model, "--to", "French", str(tmp_path / "notes.docx")],
                    ["sentiment", *model, "--column", "review", str(tmp_path / "reviews.csv")]):
        result = subprocess.run([str(BUNDLE), *command], capture_output=True, text=True, env=env, timeout=300)
        assert result.returncode == 0, (command[0], result.stderr[-2000:])
        outputs[command[0]] = json.loads(result.stdout)
    assert outputs["summarize"]["input_tokens"] > 10
    assert [s["source"] for s in outputs["translate"]["segments"]] == ["First paragraph.", "Second paragraph."]
    assert sum(outputs["sentiment"]["counts"].values()) == 2


def test_frozen_gui_comes_up_and_installs_the_bundled_starter(built, app_home):
    env = {**os.environ, "DESKTOP_LLM_HOME": str(app_home.data.parent), "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    app = subprocess.Popen([str(BUNDLE)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        log = app_home.log_file
        while time.monotonic() < deadline and app.poll() is None:
            text = log.read_text() if log.exists() else ""
            if "main window shown" in text and "model loaded" in text:
                break
            time.sleep(0.2)
        assert app.poll() is None, app.stderr.read()[-2000:]
        text = log.read_text()
        assert "main window shown" in text and "model loaded: gemma-3-270m-q4_k_m.gguf" in text, text[-2000:]
        assert (app_home.models / "gemma-3-270m-q4_k_m.gguf").stat().st_size == 253113024
        print(f"frozen app: window and starter model ready in {time.monotonic() - started:.1f} s")
    finally:
        app.terminate()
        app.wait(30)


def test_deb_contents(built):
    listing = subprocess.run(["dpkg-deb", "--contents", str(DEB)], capture_output=True, text=True).stdout
    for path in ("./opt/desktop-llm/desktop-llm", "./usr/bin/desktop-llm",
                 "./usr/share/applications/desktop-llm.desktop",
                 "./usr/share/icons/hicolor/512x512/apps/desktop-llm.png",
                 "./usr/share/icons/hicolor/scalable/apps/desktop-llm.svg",
                 "./usr/share/metainfo/org.desktopllm.DesktopLLM.metainfo.xml"):
        assert path in listing, path
    info = subprocess.run(["dpkg-deb", "--info", str(DEB)], capture_output=True, text=True).stdout
    assert f"Version: {__version__}" in info and "Package: desktop-llm" in info
    depends = next(line for line in info.splitlines() if line.strip().startswith("Depends:"))
    listed = (ROOT / "packaging/qt-runtime-packages.txt").read_text().splitlines()
    for package in (line for line in listed if line and not line.startswith("#")):
        assert package in depends, package  # what the bundled Qt loads comes with the .deb
    assert "Recommends: fonts-noto-cjk" in info  # Chinese text renders on a machine without other CJK fonts
    for translation in ("desktop_llm/resources/i18n/desktop_llm_zh_CN.qm", "PySide6/Qt/translations/qtbase_zh_CN.qm"):
        assert translation in listing, translation  # the Chinese UI, and Qt's own dialogs in Chinese
