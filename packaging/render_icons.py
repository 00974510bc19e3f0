"""Render resources/icons/desktop-llm.svg to the PNG sizes desktops ask for (16–512 px), with Qt's SVG renderer."""

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    folder = Path(__file__).resolve().parent.parent / "resources" / "icons"
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(folder / "desktop-llm.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(folder / f"desktop-llm-{size}.png"))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
