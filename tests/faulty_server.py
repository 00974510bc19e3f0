"""A local HTTP server (127.0.0.1 only) that serves one file and misbehaves on request, for download tests.

Behaviour is chosen per request path: ``/ok``, ``/drop`` (closes the connection after ``drop_after`` bytes of
each response), ``/norange`` (answers 200 to range requests), ``/truncate`` (announces the full length, sends
less, closes), ``/flip`` (one byte flipped), ``/404``, ``/416``, ``/500`` (the first ``fail_times`` requests),
``/stall`` (pauses ``stall_s`` mid-body), ``/slow`` (``slow_delay`` seconds per 64 KiB), ``/hf`` (a 302 redirect
carrying Hugging Face's X-Linked-Size and X-Linked-Etag headers, then the file), ``/othercdn`` (a plain redirect to
another host name, "localhost", whose answer carries X-Linked headers itself), ``/downgrade`` (a redirect from
here to plain http on a host that is not this machine).
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FaultyServer:
    def __init__(self, payload: bytes):
        self.payload = payload
        self.sha256 = hashlib.sha256(payload).hexdigest()
        self.drop_after = len(payload) // 3
        self.stall_s = 3.0
        self.slow_delay = 0.05
        self.fail_times = 2
        self.requests: list[tuple[str, str | None]] = []  # (path, Range header)
        self._failures = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, self.headers.get("Range")))
                server.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/{mode}/model.gguf"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        mode = request.path.strip("/").split("/")[0]
        data = self.payload
        if mode == "flip":
            data = bytearray(data)
            data[len(data) // 2] ^= 0xFF
            data = bytes(data)
        if mode in ("404", "416"):
            return self._empty(request, int(mode))
        if mode == "500" and self._failures < self.fail_times:
            self._failures += 1
            return self._empty(request, 500)
        if mode == "othercdn" and "/cdn/" not in request.path:
            return self._redirect(request, f"http://localhost:{self.httpd.server_port}/othercdn/cdn/model.gguf")
        if mode == "downgrade":
            return self._redirect(request, "http://downloads.example.com/model.gguf")
        if mode == "hf" and "/cdn/" not in request.path:
            request.send_response(302)
            request.send_header("Location", request.path.replace("/hf/", "/hf/cdn/"))
            request.send_header("X-Linked-Size", str(len(self.payload)))
            request.send_header("X-Linked-Etag", f'"{self.sha256}"')
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        start = 0
        range_header = request.headers.get("Range")
        if range_header and mode != "norange":
            start = int(re.match(r"bytes=(\d+)-", range_header).group(1))
            if start >= len(data):
                return self._empty(request, 416)
            request.send_response(206)
            request.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            request.send_response(200)
        body = data[start:]
        request.send_header("Content-Length", str(len(body)))
        request.send_header("ETag", '"v1"')
        if mode == "othercdn":  # a hop the catalog did not name vouches for the file: not to be believed
            request.send_header("X-Linked-Size", str(len(self.payload)))
            request.send_header("X-Linked-Etag", f'"{self.sha256}"')
        request.end_headers()
        if mode == "truncate":
            body = body[: len(body) // 2]
        if mode == "drop":
            body = body[: self.drop_after]
        self._send(request, body, mode)
        if mode in ("drop", "truncate"):
            request.close_connection = True

    def _send(self, request, body: bytes, mode: str) -> None:
        step = 64 * 1024
        try:
            for index in range(0, len(body), step):
                if mode == "stall" and index >= len(body) // 2 and not getattr(self, "_stalled", False):
                    self._stalled = True
                    time.sleep(self.stall_s)
                if mode == "slow":
                    time.sleep(self.slow_delay)
                request.wfile.write(body[index:index + step])
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _redirect(request, location: str) -> None:
        request.send_response(302)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()

    @staticmethod
    def _empty(request, status: int) -> None:
        request.send_response(status)
        request.send_header("Content-Length", "0")
        request.end_headers()
