"""A well-behaved client measuring latency at a steady rate while something else loads the server.

Usage: python3 bench/probe.py PORT SECONDS RATE [KEY]

Four request kinds run side by side, each on its own thread and schedule, RATE/4 requests per
second each: GET /healthz and an authenticated GET /v1/complaints?limit=5 (with the bearer KEY,
else REDRESS_ADMIN_KEY), each once over one kept-alive connection and once on a fresh connection
per request. Latency is timed from the moment a request was due, not from when it was sent, so a
slow answer also counts against the requests queued behind it. Anything but a 200 within
TIMEOUT seconds (2) is an error. Once a second GET /metrics is read on a connection of its own to
follow the server's open connections (not counted in the latency figures).

Prints one line: "requests errors p50-ms p99-ms max-ms max-open-connections", then one line
per kind with the same figures and the first few errors, for the log.
"""
import os
import re
import socket
import sys
import threading
import time

TIMEOUT = 2.0
HOST = "127.0.0.1"


class Client:
    """One HTTP/1.1 client connection; reopened when the server closes it."""

    def __init__(self, port, keep_alive):
        self.port = port
        self.keep_alive = keep_alive
        self.sock = None
        self.buffer = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        self.buffer = b""

    def request(self, path, headers, deadline):
        """Sends one GET and returns (status, body); raises on a timeout or a broken connection."""
        if self.sock is None:
            self.sock = socket.create_connection((HOST, self.port), timeout=max(0.001, deadline - time.monotonic()))
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"] + headers
        if not self.keep_alive:
            lines.append("Connection: close")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        while b"\r\n\r\n" not in self.buffer:
            self._receive(deadline)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status_line, *fields = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        length, closes = 0, not self.keep_alive
        for field in fields:
            name, _, value = field.partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and "close" in value:
                closes = True
            elif name == "transfer-encoding":
                raise ValueError("unexpected chunked response")
        while len(self.buffer) < length:
            self._receive(deadline)
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        if closes:
            self.close()
        return status, body

    def _receive(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("timed out")
        self.sock.settimeout(remaining)
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed by the server")
        self.buffer += chunk


class Kind(threading.Thread):
    """Sends one kind of request on a fixed schedule until the end, recording latencies."""

    def __init__(self, name, port, path, headers, keep_alive, rate, start, end):
        super().__init__(daemon=True)
        self.name_ = name
        self.client = Client(port, keep_alive)
        self.path, self.headers = path, headers
        self.interval = 1.0 / rate
        self.start_at, self.end_at = start, end
        self.latencies = []
        self.errors = []

    def run(self):
        due = self.start_at
        while due < self.end_at:
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            try:
                status, _ = self.client.request(self.path, self.headers, due + TIMEOUT)
                if status != 200:
                    self.errors.append(f"status {status}")
            except (OSError, ValueError, IndexError) as error:
                self.errors.append(f"{type(error).__name__}: {error}")
                self.client.close()
            self.latencies.append((time.monotonic() - due) * 1000)
            due += self.interval
        self.client.close()


class Gauge(threading.Thread):
    """Reads the server's open-connection gauge once a second; keeps the largest value."""

    def __init__(self, port, end):
        super().__init__(daemon=True)
        self.client = Client(port, keep_alive=True)
        self.end_at = end
        self.largest = 0

    def run(self):
        while time.monotonic() < self.end_at:
            try:
                _, body = self.client.request("/metrics", [], time.monotonic() + 5)
                found = re.search(rb"^redress_http_open_connections (\d+)", body, re.M)
                if found:
                    self.largest = max(self.largest, int(found.group(1)))
            except (OSError, ValueError, IndexError):
                self.client.close()
            time.sleep(1)
        self.client.close()


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def figures(latencies, errors):
    return (f"{len(latencies)} {len(errors)} {percentile(latencies, 0.50):.2f} "
            f"{percentile(latencies, 0.99):.2f} {max(latencies, default=float('nan')):.2f}")


def main():
    port, seconds, rate = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    key = sys.argv[4] if len(sys.argv) > 4 else os.environ["REDRESS_ADMIN_KEY"]
    authorized = [f"Authorization: Bearer {key}"]
    start = time.monotonic() + 0.1
    end = start + seconds
    kinds = [
        Kind("healthz keep-alive", port, "/healthz", [], True, rate / 4, start, end),
        Kind("healthz fresh", port, "/healthz", [], False, rate / 4, start + 0.5 / rate, end),
        Kind("list keep-alive", port, "/v1/complaints?limit=5", authorized, True, rate / 4, start + 1.0 / rate, end),
        Kind("list fresh", port, "/v1/complaints?limit=5", authorized, False, rate / 4, start + 1.5 / rate, end),
    ]
    gauge = Gauge(port, end)
    for thread in kinds + [gauge]:
        thread.start()
    for thread in kinds + [gauge]:
        thread.join()
    latencies = [value for kind in kinds for value in kind.latencies]
    errors = [error for kind in kinds for error in kind.errors]
    print(f"{figures(latencies, errors)} {gauge.largest}")
    for kind in kinds:
        print(f"  {kind.name_:<20} {figures(kind.latencies, kind.errors)} {'; '.join(kind.errors[:3])}")


if __name__ == "__main__":
    main()
