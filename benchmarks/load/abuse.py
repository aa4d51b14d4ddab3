#!/usr/bin/env python3
"""Hostile and malformed requests against a hub for a bounded time, from several threads at once.

    abuse.py HUB_URL SECONDS THREADS

Prints one line per kind of request: how many were sent and the statuses they got. A 5xx answer, or a
connection the hub dropped without answering, is what the load test counts as a hub error; 4xx is the right
answer to all of these.
"""
import collections
import http.client
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.parse

hub = urllib.parse.urlparse(sys.argv[1])
seconds = float(sys.argv[2])
threads = int(sys.argv[3])
deadline = time.monotonic() + seconds
counts = collections.defaultdict(collections.Counter)
lock = threading.Lock()


def connection():
    return http.client.HTTPConnection(hub.hostname, hub.port, timeout=30)


def record(kind, status):
    with lock:
        counts[kind][status] += 1


def request(kind, method, path, body=None, headers=None):
    conn = connection()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        record(kind, response.status)
    except (ConnectionError, socket.timeout, http.client.HTTPException) as error:
        # The hub may close a connection whose body it refused before reading it all; that is an answer only
        # if a status line came first, which http.client cannot tell us here, so it is counted apart.
        record(kind, type(error).__name__)
    finally:
        conn.close()


def oversized_tag():
    # A 64 MiB publisher, sent chunked on a raw socket: the hub must stop reading at its limit and answer 413,
    # never buffer it all. It may close the connection while we still send, so the answer is read either way.
    sock = socket.create_connection((hub.hostname, hub.port), timeout=30)
    try:
        sock.sendall(b"PUT /api/v1/datasets/abuse/-/tags/t HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        head = b'{"digest":"sha256:' + b"0" * 64 + b'","publisher":"'
        sock.sendall(b"%x\r\n%s\r\n" % (len(head), head))
        filler = b"a" * (1 << 20)
        try:
            for _ in range(64):
                sock.sendall(b"%x\r\n%s\r\n" % (len(filler), filler))
            sock.sendall(b'2\r\n"}\r\n0\r\n\r\n')
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            status = sock.recv(64).split(b" ")[1].decode()
        except (OSError, IndexError):
            status = "no answer"
        record("oversized tag body (64 MiB)", status)
    finally:
        sock.close()


def malformed_json():
    request("malformed JSON", "PUT", "/api/v1/datasets/abuse/-/tags/t", body=b'{"digest": [1,2,',
            headers={"Content-Type": "application/json"})


def missing_flood():
    signatures = [os.urandom(32).hex() for _ in range(4096)]
    request("which-are-missing, 4096 random", "POST", "/api/v1/blocks/missing",
            body=json.dumps({"signatures": signatures}).encode(), headers={"Content-Type": "application/json"})


def too_many_signatures():
    signatures = [os.urandom(32).hex() for _ in range(5000)]
    request("which-are-missing, 5000", "POST", "/api/v1/blocks/missing",
            body=json.dumps({"signatures": signatures}).encode(), headers={"Content-Type": "application/json"})


def hostile_manifest():
    manifest = json.dumps({"schemaVersion": 1, "chunking": {"algorithm": "fixed", "blockSize": 4194304},
                           "entries": [{"path": "../../etc/passwd", "type": "file", "size": 0, "mode": 420,
                                        "mtime": "2026-01-01T00:00:00Z"}], "blocks": []}).encode()
    request("hostile manifest", "PUT", "/api/v1/manifests/sha256:" + "1" * 64, body=manifest,
            headers={"Content-Type": "application/json"})


def wrong_digest_block():
    request("block with a wrong digest", "PUT", "/api/v1/blocks/" + "2" * 64, body=os.urandom(65536),
            headers={"Content-Type": "application/octet-stream"})


def garbage_pack():
    request("garbage pack", "PUT", "/api/v1/packs/" + "3" * 64, body=os.urandom(1 << 20),
            headers={"Content-Type": "application/vnd.aetherfs.pack"})


def truncated_pack():
    # Declares 32 MiB, sends 1 MiB and hangs up: nothing may be stored, and the hub must not wait forever.
    sock = socket.create_connection((hub.hostname, hub.port), timeout=30)
    try:
        sock.sendall(("PUT /api/v1/packs/" + "4" * 64 + " HTTP/1.1\r\nHost: x\r\n"
                      "Content-Type: application/vnd.aetherfs.pack\r\nContent-Length: 33554432\r\n\r\n").encode())
        sock.sendall(os.urandom(1 << 20))
        record("truncated pack upload", "sent")
    except OSError as error:
        record("truncated pack upload", type(error).__name__)
    finally:
        sock.close()


def bad_ranges():
    header = random.choice(["bytes=" + ",".join(f"{i}-{i}" for i in range(500)), "bytes=999999999-", "bytes=--1",
                            "bytes=" + "9" * 40 + "-"])
    request("hostile Range on /fs", "GET", "/fs/load/v1/file-0.bin", headers={"Range": header})


def traversal():
    request("traversal on /fs", "GET", "/fs/load/v1/..%2f..%2f..%2fetc%2fpasswd")


kinds = [oversized_tag, malformed_json, missing_flood, too_many_signatures, hostile_manifest, wrong_digest_block,
         garbage_pack, truncated_pack, bad_ranges, traversal]


def worker(index):
    turn = index
    while time.monotonic() < deadline:
        kinds[turn % len(kinds)]()
        turn += 1


pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
for thread in pool:
    thread.start()
for thread in pool:
    thread.join()

for kind, statuses in sorted(counts.items()):
    print(f"{kind}\t{sum(statuses.values())}\t" + " ".join(f"{s}:{n}" for s, n in sorted(statuses.items(), key=str)))
