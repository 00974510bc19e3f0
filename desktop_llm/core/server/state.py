"""What the server asks the app (the model it holds) and tells it (counts): light, for the window to import
without the HTTP stack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..engines.base import ModelInfo

LOADING = "loading"  # what ``current_model`` returns while the app loads a model
ModelState = Union[ModelInfo, None, str]  # the loaded model, none, or LOADING


@dataclass(frozen=True)
class ServerCounts:
    """What the server has done since it started, for the app's status line."""

    served: int = 0  # requests answered in full
    errors: int = 0  # requests answered with an error, or failed mid-stream
    dropped: int = 0  # generations whose client went away before the end (each stopped at once)
    running: int = 0  # generations on the engine now
    waiting: int = 0  # generations queued behind other jobs
