#!/usr/bin/python3
"""vault-kv2-double.py -- a TEST DOUBLE of HashiCorp Vault's HTTP API.

This is not Vault.  HashiCorp Vault cannot run on the build machines, so
duetd's Vault KMS backend (fcgi_app/kms_vault.c) is tested against this
in-memory imitation of the few documented endpoints it uses (Vault's
api-docs: index, secret/kv/kv-v2, system/health), which an independent
client (python3-hvac) is also run against to catch drift from Vault:

  GET|HEAD /v1/sys/health              unauthenticated; 200 active, 429
                                       standby, 503 sealed; the query
                                       parameters standbyok, activecode,
                                       standbycode, sealedcode
  GET      /v1/{mount}/data/{path}     ?version=N; 404 {"errors":[]}
  POST|PUT /v1/{mount}/data/{path}     {"data":{...},"options":{"cas":N}};
                                       cas 0 = create only; a mismatch is
                                       400 "check-and-set parameter did not
                                       match the current version"
  GET      /v1/{mount}/metadata/{path}
  DELETE   /v1/{mount}/metadata/{path} every version; 204 even if absent

  X-Vault-Token must be one of --token (else 403 {"errors":["permission
  denied"]}); X-Vault-Namespace (and namespace segments before the mount
  in the path) select a separate namespace.  Every namespace exists.

Test controls (not Vault's API), unauthenticated, under /__test_double__/:
  POST fault     {"status":N}  every /v1 request answers N
                 {"sealed":true} 503 everywhere, as a sealed Vault
                 {"standby":true} sys/health answers 429
                 {"delay":S}   sleep S seconds before answering /v1
                 {"huge":true} data reads answer a 5 MiB body
  POST reset     clear the faults
  GET  requests  the /v1 requests seen: method, path, namespace header,
                 X-Vault-Request, whether a token was sent (never its value)

Usage: vault-kv2-double.py [--port N] [--token T]... [--mount M]...
                           [--tls-cert F --tls-key F]
Binds 127.0.0.1 (port 0: any free port), prints "port=N" on stdout, and
serves until stdin reaches end of file (its parent went away) or SIGTERM.
Python 3 standard library only.
"""

import argparse
import datetime
import json
import os
import signal
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

BODY_MAX = 32 << 20          # Vault's default max_request_size
MAX_VERSIONS = 10            # KV v2 default when max_versions is 0
CAS_MISMATCH = "check-and-set parameter did not match the current version"


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ")


class State:
    def __init__(self, tokens, mounts):
        self.lock = threading.Lock()
        self.tokens = set(tokens)
        self.mounts = [m.strip("/").split("/") for m in mounts]
        self.kv = {}             # (namespace, mount, path) -> entry
        self.faults = {}
        self.requests = []


def split_path(state, parts):
    """[ns..., mount..., area, path...] -> (ns, mount, area, path) or None.

    Namespace segments may prefix the mount in the path; the first
    position where a configured mount matches wins.
    """
    for i in range(len(parts)):
        for m in state.mounts:
            j = i + len(m)
            if parts[i:j] == m and j + 1 < len(parts):
                return ("/".join(parts[:i]), "/".join(m), parts[j],
                        "/".join(parts[j + 1:]))
    return None


def envelope(data):
    return {"request_id": str(uuid.uuid4()), "lease_id": "",
            "renewable": False, "lease_duration": 0, "data": data,
            "wrap_info": None, "warnings": None, "auth": None}


def version_meta(v):
    return {"created_time": v["created_time"], "custom_metadata": None,
            "deletion_time": "", "destroyed": False, "version": v["version"]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vault-kv2-test-double"

    def log_message(self, fmt, *args):
        pass

    # -- plumbing ---------------------------------------------------------
    def send(self, status, obj=None, raw=None):
        body = b""
        if raw is not None:
            body = raw
        elif obj is not None:
            body = json.dumps(obj).encode()
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD" and status != 204:
            self.wfile.write(body)

    def error(self, status, *msgs):
        self.send(status, {"errors": list(msgs)})

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n > BODY_MAX:
            return None
        return self.rfile.read(n) if n else b""

    def handle_one_request(self):
        # A client that hung up (a timeout test) or refused our TLS
        # certificate (a verification test) is expected, not an error.
        try:
            super().handle_one_request()
        except (OSError, ssl.SSLError):
            self.close_connection = True

    def do_GET(self):
        self.route()

    def do_HEAD(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_DELETE(self):
        self.route()

    # -- routing ----------------------------------------------------------
    def route(self):
        st = self.server.state
        url = urlsplit(self.path)
        body = self.read_body()
        if body is None:
            self.close_connection = True
            return self.error(413, "http: request body too large")
        if url.path.startswith("/__test_double__/"):
            return self.control(url.path[len("/__test_double__/"):], body)
        if not url.path.startswith("/v1/"):
            return self.error(404)
        with st.lock:
            st.requests.append({
                "method": self.command, "path": url.path,
                "namespace": self.headers.get("X-Vault-Namespace"),
                "x_vault_request": self.headers.get("X-Vault-Request"),
                "has_token": bool(self.headers.get("X-Vault-Token")),
            })
            faults = dict(st.faults)
        if faults.get("delay"):
            time.sleep(float(faults["delay"]))
        if url.path == "/v1/sys/health":
            return self.health(parse_qs(url.query), faults)
        if faults.get("sealed"):
            return self.error(503, "Vault is sealed")
        if faults.get("status"):
            return self.error(int(faults["status"]),
                              "test double: forced status")
        if self.headers.get("X-Vault-Token") not in st.tokens:
            return self.error(403, "permission denied")
        parts = [p for p in url.path[len("/v1/"):].split("/")]
        where = split_path(st, parts) if "" not in parts else None
        if where is None:
            return self.error(404, "no handler for route \"%s\""
                              % url.path[len("/v1/"):])
        ns, mount, area, path = where
        hdr = (self.headers.get("X-Vault-Namespace") or "").strip("/")
        ns = "/".join(x for x in (hdr, ns) if x)
        key = (ns, mount, path)
        if area == "data":
            return self.data(key, parse_qs(url.query), body, faults)
        if area == "metadata":
            return self.metadata(key)
        return self.error(404, "no handler for route")

    def health(self, q, faults):
        def code(name, default):
            return int(q[name][0]) if name in q else default
        sealed = bool(faults.get("sealed"))
        standby = bool(faults.get("standby"))
        body = {"initialized": True, "sealed": sealed, "standby": standby,
                "performance_standby": False,
                "replication_performance_mode": "disabled",
                "replication_dr_mode": "disabled",
                "server_time_utc": int(time.time()),
                "version": "0.0.0+test-double",
                "cluster_name": "vault-kv2-test-double",
                "cluster_id": "00000000-0000-0000-0000-000000000000"}
        if faults.get("status"):
            return self.error(int(faults["status"]),
                              "test double: forced status")
        if sealed:
            status = code("sealedcode", 503)
        elif standby:
            status = 200 if "standbyok" in q and q["standbyok"][0] in (
                "true", "1") else code("standbycode", 429)
        else:
            status = code("activecode", 200)
        self.send(status, body)

    def data(self, key, q, body, faults):
        st = self.server.state
        if self.command in ("GET", "HEAD"):
            if faults.get("huge"):
                return self.send(200, raw=b'{"data":"' + b"A" * (5 << 20)
                                 + b'"}')
            with st.lock:
                e = st.kv.get(key)
                if e is None:
                    return self.error(404)
                want = int(q["version"][0]) if "version" in q else 0
                n = want or e["current_version"]
                v = e["versions"].get(n)
                if v is None:
                    return self.error(404)
                out = {"data": v["data"], "metadata": version_meta(v)}
            return self.send(200, envelope(out))
        if self.command in ("POST", "PUT"):
            try:
                req = json.loads(body or b"null")
            except ValueError:
                return self.error(400, "failed to parse JSON input")
            if not isinstance(req, dict) or not isinstance(req.get("data"),
                                                           dict):
                return self.error(400, "no data provided")
            opts = req.get("options") or {}
            with st.lock:
                e = st.kv.get(key)
                current = e["current_version"] if e else 0
                if "cas" in opts and int(opts["cas"]) != current:
                    return self.error(400, CAS_MISMATCH)
                if e is None:
                    e = st.kv[key] = {"current_version": 0, "versions": {},
                                      "created_time": now()}
                n = current + 1
                e["current_version"] = n
                e["updated_time"] = now()
                e["versions"][n] = {"data": req["data"], "version": n,
                                    "created_time": e["updated_time"]}
                for old in sorted(e["versions"])[:-MAX_VERSIONS]:
                    del e["versions"][old]
                meta = version_meta(e["versions"][n])
            return self.send(200, envelope(meta))
        return self.error(405, "unsupported operation")

    def metadata(self, key):
        st = self.server.state
        with st.lock:
            if self.command == "DELETE":
                st.kv.pop(key, None)
                return self.send(204)
            if self.command in ("GET", "HEAD"):
                e = st.kv.get(key)
                if e is None:
                    return self.error(404)
                vs = {str(n): {"created_time": v["created_time"],
                               "deletion_time": "", "destroyed": False}
                      for n, v in e["versions"].items()}
                meta = {"cas_required": False,
                        "created_time": e["created_time"],
                        "current_version": e["current_version"],
                        "custom_metadata": None,
                        "delete_version_after": "0s",
                        "max_versions": 0,
                        "oldest_version": min(e["versions"] or [0]),
                        "updated_time": e["updated_time"],
                        "versions": vs}
                return self.send(200, envelope(meta))
        return self.error(405, "unsupported operation")

    def control(self, what, body):
        st = self.server.state
        with st.lock:
            if what == "fault" and self.command == "POST":
                st.faults.update(json.loads(body or b"{}"))
                return self.send(204)
            if what == "reset" and self.command == "POST":
                st.faults = {}
                return self.send(204)
            if what == "requests" and self.command == "GET":
                return self.send(200, st.requests)
        return self.error(404, "unknown test double control")


def main():
    ap = argparse.ArgumentParser(description="Vault KV v2 test double")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--token", action="append", default=[])
    ap.add_argument("--mount", action="append", default=[])
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.state = State(args.token, args.mount or ["secret"])
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        # The handshake happens in the request's thread, not in accept().
        server.socket = ctx.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)

    def stop(*_):
        os._exit(0)

    def watch_stdin():
        while sys.stdin.buffer.read(4096):
            pass
        stop()

    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=watch_stdin, daemon=True).start()
    print("port=%d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
