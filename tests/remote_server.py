"""Servers for the remote-engine tests, on 127.0.0.1 only.

``LlamaServer`` runs llama-cpp-python's own OpenAI-compatible server (``python -m llama_cpp.server``) on a free
port. ``FaultServer`` is a fake OpenAI API that misbehaves as the first path segment says:
``http://127.0.0.1:PORT/MODE/v1``. It lists one model, ``m``; MODE picks how it fails:

- ``401``: every request is refused (bad API key); ``notopenai``: 404 pages, no API at all;
  ``flaky``: the model list fails with 503 ``fail_times`` times, then works;
- chat streams: ``ok`` (two pieces, finish_reason, [DONE]), ``garbage`` (a JSON chunk that does not parse),
  ``notsse`` (lines that are not server-sent events), ``truncated`` (a clean end without finish_reason or
  [DONE]), ``break`` (the connection dropped mid-reply), ``stall`` (one piece, then silence until closed),
  ``silent`` (no answer at all, not even headers, until closed), ``error`` (an error event mid-stream),
  ``nomodel`` (404 model not found);
- ``nologprobs``: plain chat completions without log-probabilities.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    """``python -m llama_cpp.server`` serving one model under ``alias``; output goes to ``log_path``."""

    def __init__(self, model: Path, log_path: Path, alias: str = "tiny", api_key: str | None = None,
                 n_ctx: int = 512, timeout_s: float = 60.0):
        self.alias, self.api_key, self.log_path = alias, api_key, log_path
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}/v1"
        command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", alias,
                   "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx), "--n_threads", "2",
                   "--verbose", "False"]
        if api_key:
            command += ["--api_key", api_key]
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            self._wait_ready(timeout_s)
        except BaseException:
            self.close()
            raise

    def _wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                if httpx.get(self.base_url + "/models", timeout=1.0).status_code in (200, 401):
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError(f"llama_cpp.server did not start within {timeout_s:g} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _chunk(text: str | None = None, finish: str | None = None, **extra) -> bytes:
    delta = {"content": text} if text is not None else {}
    payload = {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
               **extra}
    return f"data: {json.dumps(payload)}\n\n".encode()


STREAMS = {
    "ok": [_chunk("Hel"), _chunk("lo"), _chunk(finish="stop"), b"data: [DONE]\n\n"],
    "garbage": [_chunk("Hel"), b'data: {"choices": [{"delta": \n\n'],
    "notsse": [b"<html><body>Welcome to nginx</body></html>\n"],
    "truncated": [_chunk("Hel"), _chunk("lo")],
    "error": [_chunk("Hel"), b'data: {"error": {"message": "out of memory", "code": 500}}\n\n'],
}


class FaultServer:
    def __init__(self, fail_times: int = 2):
        self.fail_times = fail_times
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Authorization header)
        self.release = threading.Event()  # ends the stalls
        self._failures = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else each small reply waits ~40 ms for a delayed ACK

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.handle(self, None)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                server.handle(self, json.loads(self.rfile.read(length) or b"null"))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/{mode}/v1"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, request: BaseHTTPRequestHandler, body) -> None:
        self.requests.append((request.command, request.path, request.headers.get("Authorization")))
        mode, _, rest = request.path.strip("/").partition("/")
        if mode == "401":
            return _json(request, 401, {"error": {"message": "Invalid API key", "type": "invalid_request_error"}})
        if mode == "notopenai" or not rest.startswith("v1/"):
            return _reply(request, 404, b"<html>Not Found</html>", "text/html")
        if rest == "v1/models":
            if mode == "flaky" and self._failures < self.fail_times:
                self._failures += 1
                return _json(request, 503, {"error": {"message": "loading model"}})
            return _json(request, 200, {"object": "list", "data": [{"id": "m", "object": "model"}]})
        if rest != "v1/chat/completions":
            return _json(request, 404, {"detail": "Not Found"})
        if mode == "nomodel":
            return _json(request, 404, {"error": {"message": f"The model `{body['model']}` does not exist",
                                                  "code": "model_not_found"}})
        if mode == "nologprobs":
            return _json(request, 200, {"object": "chat.completion", "choices": [
                {"index": 0, "message": {"role": "assistant", "content": "P"}, "logprobs": None,
                 "finish_reason": "length"}]})
        if mode == "silent":
            self.release.wait(30)
            return _json(request, 500, {"error": {"message": "gave up"}})
        request.send_response(200)
        request.send_header("Content-Type", "text/event-stream")
        request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        for data in STREAMS.get(mode, STREAMS["ok"][:1]):
            _send_chunk(request, data)
        if mode == "break":
            request.wfile.flush()
            request.connection.shutdown(socket.SHUT_RDWR)
            request.close_connection = True
            return
        if mode == "stall":
            self.release.wait(30)
        _send_chunk(request, b"")


def _send_chunk(request: BaseHTTPRequestHandler, data: bytes) -> None:
    request.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
    request.wfile.flush()


def _json(request: BaseHTTPRequestHandler, status: int, payload: dict) -> None:
    _reply(request, status, json.dumps(payload).encode(), "application/json")


def _reply(request: BaseHTTPRequestHandler, status: int, data: bytes, kind: str) -> None:
    request.send_response(status)
    request.send_header("Content-Type", kind)
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)
