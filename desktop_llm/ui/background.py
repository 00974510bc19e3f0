"""One call at a time on a short-lived thread, with the answer delivered as a signal on the UI thread.

For work that must not block the window and does not belong on the engine thread (reading a document,
asking a server for its models). Starting a new call silences the one before: only the newest answer arrives.
"""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, Signal

from ..core.common.errors import Cancelled
from .i18n import localized


class BackgroundCall(QObject):
    """``done(result, error)``: exactly one of them is None.

    Keep it without a Qt parent when its owner may be deleted mid-call: the thread then holds it alive, instead
    of emitting from a deleted object.
    """

    done = Signal(object, object)
    # (this object, the call's cancel event, result, error), to the UI thread: the queued signal holds the object,
    # so when its owner has let go of it, its last reference ends on the UI thread, not on the call's own thread.
    _finished = Signal(object, object, object, object)

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self._name = name
        self._cancel = threading.Event()
        self._finished.connect(self._deliver)

    def start(self, work: Callable[[threading.Event], object], expected: tuple[type[Exception], ...],
              failure: str) -> None:
        """Run ``work(cancel)``. An ``expected`` error's message is the answer; :class:`Cancelled` gives none;
        anything else (a bug) becomes "``failure``: Type: message" instead of taking the window down."""
        self._cancel.set()
        self._cancel = cancel = threading.Event()

        def run():
            try:
                result, error = work(cancel), None
            except Cancelled:
                return
            except expected as exc:
                result, error = None, localized(exc)
            except Exception as exc:
                result, error = None, f"{failure}: {type(exc).__name__}: {exc}"
            if not cancel.is_set():
                self._finished.emit(self, cancel, result, error)

        threading.Thread(target=run, name=self._name, daemon=True).start()

    def cancel(self) -> None:
        self._cancel.set()

    def _deliver(self, _call: BackgroundCall, cancel: threading.Event, result, error) -> None:
        """On the UI thread: checked again, for a newer call may have started after this one finished, while its
        answer waited in the event queue (a chat search could show a chat deleted in between)."""
        if not cancel.is_set():
            self.done.emit(result, error)
