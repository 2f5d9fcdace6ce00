"""The loop benchmark's helpers (bench/loop.py): its HTTP load generator and the choice of year.
The benchmark itself runs with `make bench`, never in the test suite."""

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import loop


def read(raw: bytes) -> tuple[int, bool, bytes]:
    """(status, close, what is left unread) after reading one response from ``raw``."""

    async def main():
        reader = asyncio.StreamReader()
        reader.feed_data(raw)
        reader.feed_eof()
        status, close = await loop._read_response(reader)
        return status, close, await reader.read()

    return asyncio.run(main())


def test_reads_a_response_with_a_length_and_stops_at_its_end():
    raw = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 404"
    assert read(raw) == (200, False, b"HTTP/1.1 404")


def test_reads_a_chunked_response_and_a_closing_one():
    head = b"HTTP/1.1 501 Not Implemented\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    raw = head + b"3\r\nabc\r\n0\r\n\r\nnext"
    assert read(raw) == (501, True, b"next")


def test_busiest_year_counts_both_volumes_and_skips_the_future():
    years = {
        2020: {"measurements": 100, "published learnings": 10},
        2021: {"measurements": 100, "published learnings": 30},
        2999: {"measurements": 1000, "published learnings": 0},
    }
    assert loop.busiest_year(years) == 2021


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b"ok" if self.path == "/ok/" else b"missing"
        self.send_response(200 if self.path == "/ok/" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address
    httpd.shutdown()
    httpd.server_close()


def test_load_counts_answers_over_keep_alive_connections(server, monkeypatch):
    monkeypatch.setattr(loop, "WARMUP", 0.1)
    host, port = server
    figure = loop.load(host, port, "/ok/", connections=4, seconds=0.5)
    assert figure["requests"] > 0
    assert figure["errors"] == 0
    assert figure["statuses"] == {"200": figure["requests"]}
    assert figure["median_ms"] <= figure["p95_ms"] <= figure["p99_ms"] <= figure["max_ms"]


def test_load_counts_what_is_not_200_as_errors(server, monkeypatch):
    monkeypatch.setattr(loop, "WARMUP", 0.1)
    host, port = server
    figure = loop.load(host, port, "/missing/", connections=2, seconds=0.3)
    assert figure["requests"] > 0
    assert figure["errors"] == figure["requests"]
    assert figure["requests_per_s"] == 0
