import threading

import pytest

from desktop_llm.core.common.errors import Cancelled
from desktop_llm.core.models.catalog import load_catalog
from desktop_llm.core.models.starter import install_starter


def test_starter_is_assembled_verified_and_idempotent(tmp_path):
    spec = load_catalog().starter()
    progress = []
    path = install_starter(spec, tmp_path / "models", lambda f, t: progress.append(f))
    assert path.stat().st_size == spec.size and progress[-1] == 1.0
    assert not list(path.parent.glob("*.partial"))
    mtime = path.stat().st_mtime_ns
    assert install_starter(spec, path.parent) == path and path.stat().st_mtime_ns == mtime


def test_cancel_leaves_nothing_at_the_final_path(tmp_path):
    spec = load_catalog().starter()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        install_starter(spec, tmp_path / "models", cancel=cancel)
    assert list((tmp_path / "models").iterdir()) == []
