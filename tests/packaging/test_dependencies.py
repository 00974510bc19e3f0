"""The system packages the bundled Qt needs: listed once, depended on by the .deb, named in the README."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def qt_runtime_packages() -> list[str]:
    return [line for line in (ROOT / "packaging/qt-runtime-packages.txt").read_text().splitlines()
            if line and not line.startswith("#")]


def test_the_readme_installs_every_package_the_bundled_qt_loads():
    readme = " ".join((ROOT / "README.md").read_text().split())
    for package in qt_runtime_packages():
        assert package.split(" | ")[-1] in readme, package


def test_the_list_matches_what_the_installed_qt_links_against():
    """ldd on PySide6's xcb plugin and Qt libraries: every system library they need is in a listed package."""
    import shutil

    import PySide6

    if not shutil.which("dpkg"):
        pytest.skip("needs dpkg")
    qt = Path(PySide6.__file__).parent / "Qt"
    libraries = [qt / "plugins/platforms/libqxcb.so", *(qt / "lib").glob("libQt6XcbQpa.so.6"),
                 *(qt / "lib").glob("libQt6Gui.so.6"), *(qt / "lib").glob("libQt6DBus.so.6")]
    needed = set()
    for library in libraries:
        for line in subprocess.run(["ldd", str(library)], capture_output=True, text=True).stdout.splitlines():
            parts = line.split()
            if "=>" in parts and parts[2].startswith("/") and "/PySide6/" not in parts[2]:
                needed.add(parts[2])
    listed = {name.strip() for line in qt_runtime_packages() for name in line.split("|")}
    everywhere = {"libc6", "libc6-dev", "libstdc++6", "libgcc-s1", "zlib1g"}
    # Needed by the listed libraries themselves, so their own packages bring them.
    transitive = {"libxau6", "libxdmcp6", "libbsd0", "libmd0", "libbrotli1", "libpng16-16", "libpng16-16t64",
                  "libexpat1", "libpcre2-8-0", "libsystemd0", "libcap2", "libgcrypt20", "libgpg-error0", "liblz4-1",
                  "liblzma5", "libzstd1", "libglvnd0", "libglx0"}
    for path in needed:
        owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True).stdout.split(":")[0]
        assert not owner or owner in listed | everywhere | transitive, (path, owner)
