#!/usr/bin/env bash
# Build the frozen app (dist/desktop-llm/desktop-llm) and a Debian package (dist/desktop-llm_<version>_amd64.deb)
# from a clean checkout. Uses .venv when it exists (the README's install), else makes build/venv.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else
  python3 -m venv build/venv && PY=build/venv/bin/python && $PY -m pip install -q .
fi
$PY -m pip install -q "pyinstaller>=6.10,<7"
VERSION=$($PY -c 'import desktop_llm; print(desktop_llm.__version__)')

QT_QPA_PLATFORM=offscreen $PY packaging/render_icons.py
for source in resources/i18n/*.ts; do  # the UI's translations, compiled into the bundle's resources
  "$(dirname "$PY")/pyside6-lrelease" -silent -removeidentical "$source" -qm "${source%.ts}.qm"
done
$PY -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/desktop_llm.spec

STAGE="build/deb/desktop-llm_${VERSION}_amd64"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" "$STAGE/usr/share/metainfo"
cp -a dist/desktop-llm "$STAGE/opt/desktop-llm"
ln -s /opt/desktop-llm/desktop-llm "$STAGE/usr/bin/desktop-llm"
install -m 644 packaging/desktop-llm.desktop "$STAGE/usr/share/applications/desktop-llm.desktop"
install -m 644 packaging/org.desktopllm.DesktopLLM.metainfo.xml "$STAGE/usr/share/metainfo/"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 "resources/icons/desktop-llm-${size}.png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/desktop-llm.png"
done
mkdir -p "$STAGE/usr/share/icons/hicolor/scalable/apps"
install -m 644 resources/icons/desktop-llm.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/desktop-llm.svg"
SIZE_KB=$(du -sk "$STAGE" | cut -f1)
QT_DEPENDS=$(grep -v '^#' packaging/qt-runtime-packages.txt | paste -sd, - | sed 's/,/, /g')
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: desktop-llm
Version: ${VERSION}
Architecture: amd64
Maintainer: Desktop LLM team <team@desktop-llm.invalid>
Installed-Size: ${SIZE_KB}
Depends: libc6 (>= 2.31), ${QT_DEPENDS}
Recommends: fonts-noto-cjk
Section: utils
Priority: optional
Description: Chat with a local language model, fully offline
 Desktop LLM runs GGUF language models through llama.cpp on this computer, with a
 starter model included. Conversations and models stay in the user's data folder
 (~/.local/share/desktop-llm) and are kept when the package is removed.
CONTROL
cat > "$STAGE/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
POSTINST
cp "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/postrm"
chmod 755 "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/postrm"
dpkg-deb --build --root-owner-group "$STAGE" "dist/desktop-llm_${VERSION}_amd64.deb" >/dev/null

if command -v desktop-file-validate >/dev/null; then desktop-file-validate packaging/desktop-llm.desktop; fi
if command -v appstreamcli >/dev/null; then appstreamcli validate --no-net packaging/org.desktopllm.DesktopLLM.metainfo.xml >/dev/null; fi
echo "bundle: dist/desktop-llm ($(du -sh dist/desktop-llm | cut -f1))"
echo "deb:    dist/desktop-llm_${VERSION}_amd64.deb ($(du -sh "dist/desktop-llm_${VERSION}_amd64.deb" | cut -f1))"
