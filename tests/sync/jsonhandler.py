"""The request handler both stand-ins on 127.0.0.1 share (the central receiver and the DVCQG
gateway): keep-alive HTTP/1.1, JSON replies, and a way to drop the connection on purpose."""
from __future__ import annotations

import json
import socket
from http.server import BaseHTTPRequestHandler


class JsonHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *a):
        pass

    def _reply(self, status: int, body: dict | None = None, headers: dict | None = None):
        data = json.dumps(body or {}, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:          # the client gave up (timeout) and closed
            self.close_connection = True

    def _drop(self):
        """Close without an answer (a dropped connection after the request was stored)."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
