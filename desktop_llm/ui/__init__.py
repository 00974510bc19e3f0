"""PySide6 widgets: a thin layer over the core, talking to it only through the worker."""
