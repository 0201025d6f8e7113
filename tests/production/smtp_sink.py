"""A tiny SMTP server on 127.0.0.1 for tests: speaks enough of RFC 5321 for ``smtplib`` and
keeps every message it receives (no network beyond loopback, the real SMTP client)."""

from __future__ import annotations

import socketserver
import threading
import time
from email import message_from_bytes
from email.message import Message


class _Handler(socketserver.StreamRequestHandler):
    server: SmtpSink._Server

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        sink = self.server.sink
        self._reply("220 sink ESMTP")
        while raw := self.rfile.readline():
            command = raw.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._reply("250-sink")
                self._reply("250 8BITMIME")
            elif verb == "HELO" or verb in {"RSET", "NOOP"}:
                self._reply("250 ok")
            elif verb == "MAIL":
                if sink.refuse:
                    self._reply("451 try again later")
                else:
                    self._reply("250 ok")
            elif verb == "RCPT":
                self._reply("250 ok")
            elif verb == "DATA":
                self._reply("354 go ahead")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                time.sleep(sink.delay)  # a slow server: senders overlap
                sink.received(message_from_bytes(b"".join(lines)))
                self._reply("250 queued")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")


class SmtpSink:
    """``with SmtpSink() as sink: ... sink.port ... sink.messages``."""

    class _Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True
        sink: SmtpSink

    def __init__(self, *, delay: float = 0.0):
        self.delay = delay
        self.refuse = False
        self.messages: list[Message] = []
        self._lock = threading.Lock()
        self._server = self._Server(("127.0.0.1", 0), _Handler)
        self._server.sink = self
        self.port = self._server.server_address[1]

    def received(self, message: Message) -> None:
        with self._lock:
            self.messages.append(message)

    def __enter__(self) -> SmtpSink:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
