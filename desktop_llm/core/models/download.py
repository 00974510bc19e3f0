"""Resumable, verified model downloads.

The bytes go to ``NAME.gguf.partial`` beside the final file (same volume, so the last step is an atomic rename),
with ``NAME.gguf.partial.json`` recording what is being fetched so a later run (even after a crash or quit)
resumes with an HTTP Range request. The sha256 is computed while streaming. Before the rename the size, the
sha256 (the catalog's, else the one the server declares: Hugging Face's ``X-Linked-Etag``) and the GGUF header
are checked, the file is fsynced, and only then renamed: nothing unverified ever sits at the final path.

A server that cannot be reached at the first try (no route, refused, a name that does not resolve) fails at once
with "cannot reach HOST" (the user is offline, or the server is down: waiting would only hide it). Later network
errors keep the partial data and are retried with backoff; a stall (no byte for ``stall_timeout`` seconds) counts
as a network error. A hash mismatch discards the partial data. TLS verification is always on
(httpx's default; this module never turns it off). Plain http is accepted only for loopback addresses (tests).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

import httpx

from ..common.errors import UserError
from ..common.fileio import fsync_folder, partial_path
from ..common.messages import translate
from ..common.net import shut
from ..common.retry import Backoff
from .catalog import LOOPBACK
from .gguf_header import ModelFileError, read_gguf_header

CHUNK = 1024 * 1024
DISK_MARGIN = 256 * 1024 * 1024  # keep this much free after the download
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
DOWNLOADING = translate("CoreModels", "downloading")  # the states of DownloadProgress.status (English: "downloading")
VERIFYING = translate("CoreModels", "verifying")


class DownloadError(UserError, RuntimeError):
    """A download failed for a reason the user can act on; the message says what happened and what is kept."""


class DownloadStopped(Exception):
    """Paused (partial data kept for a later resume) or cancelled (partial data removed)."""

    def __init__(self, paused: bool):
        super().__init__("paused" if paused else "cancelled")
        self.paused = paused


@dataclass(frozen=True)
class DownloadRequest:
    url: str
    dest: Path
    sha256: str | None = None  # expected, from the catalog; None: use what the server declares
    size: int | None = None


@dataclass(frozen=True)
class DownloadProgress:
    done: int
    total: int | None
    speed: float  # bytes per second, smoothed
    eta_s: float | None
    status: str  # "downloading", "verifying", or a retry notice (a Text: the UI shows it in its language)


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    size: int
    sha256: str
    verified_against: str  # "catalog" or "server"
    resumed_from: int


class DownloadControl:
    """Pause and cancel, from any thread. Either one also shuts the connection being read, so a download stuck on a
    stalled server stops at once (and a closing app is not held open by it)."""

    def __init__(self):
        self.paused = threading.Event()
        self.cancelled = threading.Event()
        self._reading: httpx.Response | None = None
        self._lock = threading.Lock()

    def pause(self) -> None:
        self.paused.set()
        self._interrupt()

    def cancel(self) -> None:
        self.cancelled.set()
        self._interrupt()

    def reading(self, response: httpx.Response | None) -> None:
        """The response whose body is being read now (None: none)."""
        with self._lock:
            self._reading = response
        if response is not None and (self.paused.is_set() or self.cancelled.is_set()):
            self._interrupt()

    def _interrupt(self) -> None:
        with self._lock:
            response = self._reading
        if response is not None:
            shut(response)

    def check(self) -> None:
        if self.cancelled.is_set() or self.paused.is_set():
            raise DownloadStopped(paused=not self.cancelled.is_set())


def state_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".partial.json")


def check_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme == "https" or (parsed.scheme == "http" and parsed.hostname in LOOPBACK):
        return
    scheme = parsed.scheme or translate("CoreModels", "an unknown scheme")
    raise DownloadError(translate("CoreModels", "refusing to download over {scheme}: {url} (https only)").format(
        scheme=scheme, url=url))


class _Hasher:
    """sha256 of the partial file, carried across retries so resumed bytes are not re-read."""

    def __init__(self, path: Path, length: int):
        self.digest = hashlib.sha256()
        self.length = 0
        if length:
            with path.open("rb") as handle:
                while self.length < length:
                    block = handle.read(min(CHUNK * 8, length - self.length))
                    if not block:
                        break
                    self.digest.update(block)
                    self.length += len(block)

    def update(self, data: bytes) -> None:
        self.digest.update(data)
        self.length += len(data)


def sha256_file(path: Path) -> str:
    return _Hasher(path, path.stat().st_size).digest.hexdigest()


class _Speed:
    def __init__(self):
        self.rate = 0.0
        self.last_time = time.monotonic()
        self.last_bytes = 0

    def update(self, done: int) -> float:
        now = time.monotonic()
        elapsed = now - self.last_time
        if elapsed >= 0.25:
            instant = (done - self.last_bytes) / elapsed
            self.rate = instant if self.rate == 0 else 0.7 * self.rate + 0.3 * instant
            self.last_time, self.last_bytes = now, done
        return self.rate


def download(request: DownloadRequest, on_progress: Callable[[DownloadProgress], None] | None = None,
             control: DownloadControl | None = None, client: httpx.Client | None = None,
             stall_timeout: float = 30.0, retries: int = 5, backoff_s: float = 1.0) -> DownloadResult:
    """Fetch ``request.url`` to ``request.dest``, resuming any partial data. See the module docstring."""
    check_url(request.url)
    control = control or DownloadControl()
    report = on_progress or (lambda progress: None)
    dest = Path(request.dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial, state_file = partial_path(dest), state_path(dest)
    state = _load_state(state_file, request)
    if state is None:
        partial.unlink(missing_ok=True)
        state = {"url": request.url, "etag": None, "total": None, "server_sha256": None}
    offset = partial.stat().st_size if partial.exists() else 0
    resumed_from = offset
    hasher = _Hasher(partial, offset)
    own_client = client is None
    # Every hop of a redirect is checked like the first URL: an https link must never be downgraded to http.
    client = client or httpx.Client(follow_redirects=True, timeout=httpx.Timeout(10.0, read=stall_timeout),
                                    event_hooks={"request": [lambda hop: check_url(str(hop.url))]})
    backoff = Backoff(retries, backoff_s)
    first = True
    try:
        while True:
            control.check()
            received = hasher.length
            try:
                _fetch(client, request, partial, state, state_file, hasher, report, control)
                break
            except _Restart:
                partial.unlink(missing_ok=True)
                hasher = _Hasher(partial, 0)
                resumed_from = 0
                continue
            except (httpx.TransportError, _Retryable) as exc:
                control.check()  # a pause or cancel shuts the connection: that is not a network error
                if first and isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
                    # No route, refused, or a name that does not resolve, at the very first try: offline, or the
                    # server is down. Waiting a minute of retries would only hide that; the user retries.
                    raise DownloadError(translate("CoreModels", "cannot reach {host}: check the connection "
                                                  "(are you offline?)").format(host=_host(exc, request.url))) from None
                if hasher.length > received:  # it made progress: this is a new failure, not a repeat
                    backoff.reset()
                wait = backoff.next_wait()
                if wait is None:
                    raise DownloadError(translate("CoreModels", "the download kept failing ({problem}); the "
                                                  "{received:,} bytes received so far are kept: try again later "
                                                  "to resume").format(problem=_describe(exc),
                                                                      received=hasher.length)) from None
                report(DownloadProgress(hasher.length, state.get("total"), 0.0, None,
                                        translate("CoreModels", "{problem}: retrying in {seconds:.0f} s").format(
                                            problem=_describe(exc), seconds=wait)))
                _sleep(wait, control)
            finally:
                first = False
        return _finish(request, partial, state, state_file, hasher, resumed_from, report)
    except DownloadStopped as stop:
        if not stop.paused:
            partial.unlink(missing_ok=True)
            state_file.unlink(missing_ok=True)
        raise
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            partial.unlink(missing_ok=True)
            state_file.unlink(missing_ok=True)
            raise DownloadError(translate("CoreModels", "the disk holding {folder} is full; the partial download "
                                          "was removed to free the space").format(folder=str(dest.parent))) from None
        raise
    finally:
        if own_client:
            client.close()


class _Restart(Exception):
    """The server ignored or could not honour the range: start from byte 0."""


class _Retryable(Exception):
    """A server error or a short body: keep the data, try again."""


def _host(exc: httpx.TransportError, url: str) -> str:
    """The host a connection failed to reach: that of the hop that failed (a redirect may lead elsewhere)."""
    try:
        return exc.request.url.host
    except RuntimeError:  # an error raised without a request
        return httpx.URL(url).host


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return translate("CoreModels", "the connection stalled")
    if isinstance(exc, httpx.TransportError):
        return translate("CoreModels", "the connection was lost")
    return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)  # a _Retryable's Text


def _sleep(seconds: float, control: DownloadControl) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        control.check()
        time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))


def _fetch(client, request, partial, state, state_file, hasher, report, control) -> None:
    offset = hasher.length
    headers = {"Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
        if state.get("etag"):
            headers["If-Range"] = state["etag"]
    with client.stream("GET", request.url, headers=headers) as response:
        status = response.status_code
        if status == 416:
            if offset and state.get("total") == offset:
                return  # everything is already here
            if offset:
                raise _Restart()
            raise DownloadError(translate("CoreModels", "the server refused the request (416 range not "
                                          "satisfiable): {url}").format(url=request.url))
        if status in (404, 410):
            raise DownloadError(translate("CoreModels", "the server has no such file ({status}): {url}").format(
                status=status, url=request.url))
        if status in (401, 403):
            raise DownloadError(translate("CoreModels", "the server refused access ({status}): {url}").format(
                status=status, url=request.url))
        if status >= 500 or status == 429:
            raise _Retryable(translate("CoreModels", "the server answered {status}").format(status=status))
        if status not in (200, 206):
            raise DownloadError(translate("CoreModels", "unexpected answer from the server ({status}): {url}").format(
                status=status, url=request.url))
        if offset and status == 200:
            raise _Restart()  # a 200 to a range request: the server sends the whole file again
        total = _total_size(response, offset, status)
        declared_size, declared_sha = _declared(response)
        if not (request.sha256 or declared_sha or state.get("server_sha256")):
            raise DownloadError(translate("CoreModels", "neither the catalog nor the server gives a sha256 for this "
                                          "file, so it could not be verified: nothing was downloaded"))
        if request.size is not None and total is not None and total != request.size:
            raise DownloadError(translate("CoreModels", "the server's file is {size:,} bytes but the catalog says "
                                          "{expected:,}: refusing a file that is not the published one").format(
                size=total, expected=request.size))
        if declared_size is not None and total is not None and declared_size != total:
            raise DownloadError(translate("CoreModels", "the server declares {declared:,} bytes but sends "
                                          "{size:,}").format(declared=declared_size, size=total))
        state.update(etag=response.headers.get("etag") or state.get("etag"), total=total or declared_size,
                     server_sha256=declared_sha or state.get("server_sha256"))
        needed = (state["total"] or 0) - offset
        free = shutil.disk_usage(partial.parent).free
        if needed + DISK_MARGIN > free:
            raise DownloadError(translate("CoreModels", "not enough disk space in {folder}: the download needs "
                                          "{needed:.2f} GB, {free:.2f} GB are free").format(
                folder=str(partial.parent), needed=needed / 1e9, free=free / 1e9))
        _save_state(state_file, state)
        speed = _Speed()
        last_report = 0.0
        control.reading(response)
        try:
            with partial.open("ab") as out:
                for chunk in response.iter_bytes():  # as received: a fixed chunk size would lose a partial chunk
                    control.check()
                    out.write(chunk)
                    hasher.update(chunk)
                    now = time.monotonic()
                    if now - last_report >= 0.1:
                        rate = speed.update(hasher.length)
                        left = (state["total"] - hasher.length) / rate if rate and state["total"] else None
                        report(DownloadProgress(hasher.length, state["total"], rate, left, DOWNLOADING))
                        last_report = now
                out.flush()
                os.fsync(out.fileno())
        finally:
            control.reading(None)
        if state["total"] is not None and hasher.length < state["total"]:
            raise _Retryable(translate("CoreModels", "the connection closed early"))


def _total_size(response: httpx.Response, offset: int, status: int) -> int | None:
    if status == 206:
        match = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
        if not match or int(match.group(1)) != offset:
            raise _Restart()
        return int(match.group(3)) if match.group(3) != "*" else None
    length = response.headers.get("content-length")
    return int(length) if length and length.isdigit() else None


def _declared(response: httpx.Response) -> tuple[int | None, str | None]:
    """Size and sha256 the server vouches for: Hugging Face puts them on the redirect to its CDN. Only the host the
    catalog names is believed: a CDN or any later hop could say anything."""
    size = sha = None
    hops = [*response.history, response]
    for hop in (h for h in hops if h.url.host == hops[0].url.host):
        linked_size = hop.headers.get("x-linked-size")
        linked_etag = hop.headers.get("x-linked-etag", "").strip('"').removeprefix("W/").strip('"')
        if linked_size and linked_size.isdigit():
            size = int(linked_size)
        if re.fullmatch(r"[0-9a-f]{64}", linked_etag):
            sha = linked_etag
    return size, sha


def _finish(request, partial, state, state_file, hasher, resumed_from, report) -> DownloadResult:
    report(DownloadProgress(hasher.length, state.get("total"), 0.0, 0.0, VERIFYING))
    size = partial.stat().st_size
    digest = hasher.digest.hexdigest()
    expected_size = request.size or state.get("total")
    expected_sha, source = (request.sha256, "catalog") if request.sha256 else (state.get("server_sha256"), "server")

    def reject(reason: str):
        partial.unlink(missing_ok=True)
        state_file.unlink(missing_ok=True)
        raise DownloadError(translate("CoreModels", "{reason}; the downloaded data was discarded: try the download "
                                      "again").format(reason=reason))

    if expected_size is not None and size != expected_size:
        reject(translate("CoreModels", "the file is {size:,} bytes, expected {expected:,}").format(
            size=size, expected=expected_size))
    if expected_sha is None:
        reject(translate("CoreModels", "neither the catalog nor the server gives a sha256 for this file, so it "
                         "cannot be verified"))
    if digest != expected_sha:
        reject(translate("CoreModels", "the file's sha256 ({digest}…) does not match the published one "
                         "({expected}…)").format(digest=digest[:12], expected=expected_sha[:12]))
    try:
        read_gguf_header(partial)
    except ModelFileError as exc:
        reject(translate("CoreModels", "the file is not a usable model ({reason})").format(reason=exc.args[0]))
    os.replace(partial, request.dest)
    fsync_folder(request.dest.parent)
    state_file.unlink(missing_ok=True)
    return DownloadResult(Path(request.dest), size, digest, source, resumed_from)


def _load_state(path: Path, request: DownloadRequest) -> dict | None:
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("url") != request.url:
        return None
    return state


def _save_state(path: Path, state: dict) -> None:
    path.write_text(json.dumps(state))


class DownloadQueue:
    """Runs downloads on a few worker threads (network I/O; the engine thread is never used for it)."""

    def __init__(self, max_parallel: int = 2, **download_options):
        self._pool = ThreadPoolExecutor(max_workers=max_parallel, thread_name_prefix="download")
        self._options = download_options
        self._controls: dict[Path, DownloadControl] = {}
        self._lock = threading.Lock()

    def submit(self, request: DownloadRequest, on_progress: Callable[[DownloadProgress], None]) -> Future:
        control = DownloadControl()
        with self._lock:
            self._controls[Path(request.dest)] = control

        def run() -> DownloadResult:
            try:
                return download(request, on_progress, control, **self._options)
            finally:
                with self._lock:
                    self._controls.pop(Path(request.dest), None)

        return self._pool.submit(run)

    def pause(self, dest: Path) -> None:
        with self._lock:
            control = self._controls.get(Path(dest))
        if control:
            control.pause()

    def cancel(self, dest: Path) -> None:
        with self._lock:
            control = self._controls.get(Path(dest))
        if control:
            control.cancel()

    def active(self) -> list[Path]:
        with self._lock:
            return list(self._controls)

    def shutdown(self) -> None:
        """Pause everything; partial data is kept for next time (the threads finish on their own)."""
        with self._lock:
            controls = list(self._controls.values())
        for control in controls:
            control.pause()  # shuts their connections: the threads end at once, even on a stalled server
        self._pool.shutdown(wait=False, cancel_futures=True)


__all__ = ["DownloadControl", "DownloadError", "DownloadProgress", "DownloadQueue", "DownloadRequest",
           "DownloadResult", "DownloadStopped", "asdict", "download", "partial_path"]
