"""The core must stay usable without Qt: import every core module with PySide6 made unimportable."""

import pkgutil
import subprocess
import sys

import desktop_llm.core


def test_every_core_module_imports_without_pyside6():
    modules = [f"desktop_llm.core.{m.name}" for m in pkgutil.iter_modules(desktop_llm.core.__path__)]
    assert len(modules) >= 10
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        + "".join(f"import {name}\n" for name in modules)
        + "assert not any(m.startswith('PySide6.') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
