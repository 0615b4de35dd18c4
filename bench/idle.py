"""Opens N idle keep-alive connections to 127.0.0.1:PORT, holds them for a while, and closes them.

Usage: python3 bench/idle.py PORT COUNT SECONDS
Prints how many connections were open at once; the caller reads the server's memory meanwhile.
"""
import resource
import socket
import sys
import time

port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 100), hard))
sockets = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    sockets.append(s)
# One request on every hundredth connection shows they are real, served keep-alive connections.
for s in sockets[::100]:
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
for s in sockets[::100]:
    s.recv(4096)
print(len(sockets), flush=True)
time.sleep(seconds)
for s in sockets:
    s.close()
