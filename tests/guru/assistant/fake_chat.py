"""A tiny OpenAI-compatible chat-completions server on 127.0.0.1 for the tests.

It answers with ``reply``, whole (JSON) or, when the request asks for
``stream: true``, as Server-Sent Events in HTTP/1.1 chunks, one per word, the
way vLLM and Ollama send them. ``cut_after`` drops the connection after that
many pieces; ``pause_after`` waits ``pause`` seconds after that many pieces.
"""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # the client hanging up mid-answer is what some tests do


class FakeChat:
    def __init__(self) -> None:
        self.reply = ""
        self.status = 200
        self.delay = 0.0  # before the answer starts
        self.piece_delay = 0.0  # between streamed pieces
        self.cut_after: int | None = None
        self.pause_after: int | None = None
        self.pause = 0.0
        self.finish_reason = "stop"
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # chunked transfer for streams

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length))
                fake.requests.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization"),
                        "body": body,
                    }
                )
                time.sleep(fake.delay)
                if body.get("stream") and fake.status == 200:
                    self._stream()
                else:
                    self._whole()

            def _whole(self) -> None:
                message = {"role": "assistant", "content": fake.reply}
                payload = json.dumps({"choices": [{"message": message}]}).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _chunk(self, data: str) -> None:
                raw = f"data: {data}\n\n".encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(raw), raw))
                self.wfile.flush()

            def _stream(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                pieces = re.findall(r"\S+\s*", fake.reply) or [""]
                for number, piece in enumerate(pieces):
                    if number == fake.cut_after:
                        self.close_connection = True
                        self.connection.shutdown(2)  # gone without [DONE]
                        return
                    if number == fake.pause_after:
                        time.sleep(fake.pause)
                    delta = {"delta": {"content": piece}, "finish_reason": None}
                    self._chunk(json.dumps({"choices": [delta]}))
                    time.sleep(fake.piece_delay)
                stop = {"delta": {}, "finish_reason": fake.finish_reason}
                self._chunk(json.dumps({"choices": [stop]}))
                self._chunk("[DONE]")
                self.wfile.write(b"0\r\n\r\n")
                self.close_connection = True

            def log_message(self, *args) -> None:
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def use(self, settings, *, timeout: float = 0.5) -> None:
        """Point Guru's settings at this server."""
        settings.GURU_DORIS_LLM_BASE_URL = self.url
        settings.GURU_DORIS_LLM_MODEL = "liten-modell"
        settings.GURU_DORIS_LLM_API_KEY = "hemlig"
        settings.GURU_DORIS_LLM_TIMEOUT = timeout

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
