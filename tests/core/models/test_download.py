"""Downloads against a local server that misbehaves on purpose (127.0.0.1 only)."""

from __future__ import annotations

import json
import threading

import pytest
from faulty_server import FaultyServer

from desktop_llm.core.models import download as dl
from desktop_llm.core.models.download import (
    DownloadControl,
    DownloadError,
    DownloadRequest,
    DownloadStopped,
    download,
    partial_path,
)

FAST = dict(stall_timeout=5.0, retries=5, backoff_s=0.01)


@pytest.fixture(scope="module")
def payload(tiny_model) -> bytes:
    return tiny_model.read_bytes() + bytes(2 * 1024 * 1024)  # a valid GGUF with trailing padding: ~2.6 MB


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    return folder


@pytest.fixture
def server(payload):
    server = FaultyServer(payload)
    yield server
    server.close()


def request_for(server, mode, folder, with_hash=True):
    return DownloadRequest(server.url(mode), folder / "model.gguf", server.sha256 if with_hash else None,
                           len(server.payload) if with_hash else None)


def assert_installed(folder, server):
    final = folder / "model.gguf"
    assert final.read_bytes() == server.payload
    assert not partial_path(final).exists() and not (folder / "model.gguf.partial.json").exists()


def test_plain_download_is_verified_against_the_catalog(server, folder):
    progress = []
    result = download(request_for(server, "ok", folder), progress.append, **FAST)
    assert result.verified_against == "catalog" and result.sha256 == server.sha256
    assert progress[-1].status == "verifying" and progress[-1].total == len(server.payload)
    assert_installed(folder, server)


def test_without_a_catalog_hash_the_server_declared_hash_is_used(server, folder):
    result = download(request_for(server, "hf", folder, with_hash=False), **FAST)
    assert result.verified_against == "server"
    assert_installed(folder, server)


def test_a_hash_declared_by_a_host_the_catalog_did_not_name_is_not_believed(server, folder):
    with pytest.raises(DownloadError, match="neither the catalog nor the server gives a sha256"):
        download(request_for(server, "othercdn", folder, with_hash=False), **FAST)
    assert not (folder / "model.gguf").exists()


def test_a_redirect_to_plain_http_elsewhere_is_refused_before_connecting(server, folder):
    with pytest.raises(DownloadError, match="refusing to download over http: http://downloads.example.com"):
        download(request_for(server, "downgrade", folder), **FAST)
    assert [path for path, _ in server.requests] == ["/downgrade/model.gguf"]


def test_dropped_connections_resume_with_range(server, folder):
    result = download(request_for(server, "drop", folder), **FAST)
    ranges = [r for _, r in server.requests]
    assert ranges[0] is None and ranges[1] == f"bytes={server.drop_after}-" and len(ranges) == 3
    assert result.sha256 == server.sha256
    assert_installed(folder, server)


def test_a_200_answer_to_a_range_request_starts_over(server, folder):
    request = request_for(server, "norange", folder)
    partial_path(request.dest).write_bytes(server.payload[:1000])
    (folder / "model.gguf.partial.json").write_text(json.dumps({"url": request.url, "etag": '"v1"',
                                                                  "total": len(server.payload)}))
    result = download(request, **FAST)
    assert server.requests[0][1] == "bytes=1000-" and result.resumed_from == 0
    assert_installed(folder, server)


def test_flipped_bytes_are_rejected_and_nothing_is_left(server, folder):
    with pytest.raises(DownloadError, match="sha256 .* does not match"):
        download(request_for(server, "flip", folder), **FAST)
    assert list(folder.iterdir()) == []


def test_truncated_bodies_keep_the_partial_data_and_never_install(server, folder):
    with pytest.raises(DownloadError, match="bytes received so far are kept"):
        download(request_for(server, "truncate", folder), stall_timeout=5, retries=2, backoff_s=0.01)
    assert not (folder / "model.gguf").exists()
    assert 0 < partial_path(folder / "model.gguf").stat().st_size < len(server.payload)


@pytest.mark.parametrize("mode, message", [("404", "no such file \\(404\\)"), ("416", "416")])
def test_http_errors_are_clear(server, folder, mode, message):
    with pytest.raises(DownloadError, match=message):
        download(request_for(server, mode, folder), **FAST)
    assert list(folder.iterdir()) == []


def test_server_errors_are_retried(server, folder):
    notices = []
    download(request_for(server, "500", folder), lambda p: notices.append(p.status), **FAST)
    assert sum("answered 500" in n for n in notices) == 2
    assert_installed(folder, server)


def test_a_stall_is_detected_and_resumed(server, folder):
    notices = []
    download(request_for(server, "stall", folder), lambda p: notices.append(p.status), stall_timeout=0.5,
             retries=3, backoff_s=0.01)
    assert any("stalled" in n for n in notices) and server.requests[-1][1] is not None
    assert_installed(folder, server)


def test_not_enough_free_space_is_refused_before_writing(server, folder, monkeypatch):
    monkeypatch.setattr(dl.shutil, "disk_usage", lambda path: type("U", (), {"free": 10_000_000})())
    with pytest.raises(DownloadError, match="not enough disk space"):
        download(request_for(server, "ok", folder), **FAST)
    assert list(folder.iterdir()) == []


def test_a_disk_filling_up_mid_download_cleans_up(server, folder):
    request = request_for(server, "ok", folder)
    partial_path(request.dest).symlink_to("/dev/full")  # every write fails with ENOSPC
    (folder / "model.gguf.partial.json").write_text(json.dumps({"url": request.url}))
    with pytest.raises(DownloadError, match="disk .* is full"):
        download(request, **FAST)
    assert list(folder.iterdir()) == []


def test_pause_keeps_data_and_resume_finishes_cancel_removes_it(server, folder):
    server.slow_delay = 0.02
    request = request_for(server, "slow", folder)
    control = DownloadControl()

    def pause_when_started(progress):
        if progress.done > 0:
            control.pause()

    with pytest.raises(DownloadStopped) as stopped:
        download(request, pause_when_started, control, **FAST)
    assert stopped.value.paused and partial_path(request.dest).stat().st_size > 0
    result = download(request, **FAST)
    assert result.resumed_from > 0 and server.requests[-1][1] == f"bytes={result.resumed_from}-"
    assert_installed(folder, server)

    (folder / "model.gguf").unlink()
    cancel = DownloadControl()
    timer = threading.Timer(0.1, cancel.cancel)
    timer.start()
    with pytest.raises(DownloadStopped) as cancelled:
        download(request, None, cancel, **FAST)
    assert not cancelled.value.paused and list(folder.iterdir()) == []


def test_a_pause_lands_at_once_even_while_the_server_stalls_and_the_queue_lets_go(server, folder):
    """A stalled read would otherwise last until the 30-second stall timeout, and keep a closing app alive."""
    import time

    server.stall_s = 20.0
    queue = dl.DownloadQueue(max_parallel=1, stall_timeout=30.0, backoff_s=0.01)
    started = threading.Event()
    future = queue.submit(request_for(server, "stall", folder), lambda progress: started.set())
    assert started.wait(10)
    time.sleep(0.3)  # into the stall
    paused_at = time.monotonic()
    queue.shutdown()  # what the window does when it closes: pause everything
    with pytest.raises(DownloadStopped) as stopped:
        future.result(timeout=10)
    assert stopped.value.paused and time.monotonic() - paused_at < 5  # a hang guard; the bench has no figure here
    assert partial_path(folder / "model.gguf").stat().st_size > 0 and queue.active() == []


def test_plain_http_is_refused_except_loopback(folder):
    with pytest.raises(DownloadError, match="https only"):
        download(DownloadRequest("http://example.org/model.gguf", folder / "m.gguf"))


def test_a_server_that_refuses_the_connection_is_reported_at_once(folder):
    import socket
    import time

    with socket.socket() as probe:  # a port nothing listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(DownloadError, match="cannot reach 127.0.0.1: check the connection"):
        download(DownloadRequest(f"http://127.0.0.1:{port}/model.gguf", folder / "model.gguf"))  # default retries
    assert time.monotonic() - started < 20  # a hang guard: the real figure is milliseconds, not a minute of retries
    assert list(folder.iterdir()) == []
