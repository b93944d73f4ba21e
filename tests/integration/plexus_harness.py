"""Start and stop real plexusd processes for integration tests.

Every node runs on ephemeral loopback ports (port 0) with its own data
directory. The node prints `kafka HOST:PORT` and `admin HOST:PORT` when it is
serving; the harness waits for those lines. Nodes are always stopped, even
when a test fails (use PlexusNode as a context manager or call stop()).

Needs: PLEXUSD in the environment (set by ctest), /usr/bin/python3.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def require_tool(path_or_name):
    """Fails loudly, naming the tool, when a dependency is missing."""
    found = shutil.which(path_or_name) if not os.path.isabs(path_or_name) else (
        path_or_name if os.path.exists(path_or_name) else None)
    if not found:
        raise RuntimeError(f"required tool '{path_or_name}' is missing; run installer/install-deps.sh --test")
    return found


def plexusd_path():
    path = os.environ.get("PLEXUSD")
    if not path or not os.path.exists(path):
        raise RuntimeError("PLEXUSD must point at the plexusd binary (ctest sets it); got %r" % path)
    return path


class PlexusNode:
    def __init__(self, data_dir=None, extra_args=(), settings=None):
        self._own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="plexus-test-")
        self.extra_args = list(extra_args)
        self.settings = dict(settings or {})
        self.proc = None
        self.kafka = None
        self.admin = None
        self.log_lines = []
        self._stderr_thread = None

    # -- lifecycle -------------------------------------------------------
    def start(self, timeout=15):
        args = [plexusd_path(), "--data-dir", self.data_dir,
                "--kafka-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"]
        for k, v in self.settings.items():
            args += ["--set", f"{k}={v}"]
        args += self.extra_args
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.log_lines = []
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_thread.start()
        deadline = time.time() + timeout
        self.kafka = self.admin = None
        while time.time() < deadline and (self.kafka is None or self.admin is None):
            line = self.proc.stdout.readline()
            if not line:
                if self.proc.poll() is not None:
                    raise RuntimeError("plexusd exited with %s:\n%s" % (self.proc.returncode, "\n".join(self.log_lines)))
                continue
            kind, _, addr = line.strip().partition(" ")
            if kind == "kafka":
                self.kafka = addr
            elif kind == "admin":
                self.admin = addr
        if self.kafka is None or self.admin is None:
            self.kill()
            raise RuntimeError("plexusd did not print its addresses within %ss" % timeout)
        return self

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.log_lines.append(line.rstrip("\n"))
            if os.environ.get("PLEXUS_TEST_VERBOSE"):
                sys.stderr.write("[plexusd] " + line)

    def stop(self, timeout=10):
        """Graceful stop with SIGTERM; returns the exit code."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def kill(self):
        """kill -9: no chance to flush or clean up."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def restart(self):
        self.stop()
        return self.start()

    def _close_pipes(self):
        if self.proc:
            for pipe in (self.proc.stdout, self.proc.stderr):
                try:
                    if pipe:
                        pipe.close()
                except OSError:
                    pass

    def cleanup(self):
        self.stop()
        self._close_pipes()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    # -- helpers ---------------------------------------------------------
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def http_get(self, path):
        with urllib.request.urlopen(f"http://{self.admin}{path}", timeout=10) as r:
            return r.status, r.read().decode()

    def node_info(self):
        return json.loads(self.http_get("/v1/node")[1])

    def metrics(self):
        """Parses /metrics into {series_with_labels: value}."""
        out = {}
        for line in self.http_get("/metrics")[1].splitlines():
            if line.startswith("#") or not line.strip():
                continue
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
        return out

    def data_dir_bytes(self):
        total = 0
        for root, _, files in os.walk(self.data_dir):
            for f in files:
                try:
                    total += os.path.getsize(os.path.join(root, f))
                except OSError:
                    pass
        return total

    def log_text(self):
        return "\n".join(self.log_lines)

    def wait_for_log(self, text, timeout=5):
        """True once `text` appears in the node's stderr (read by a thread, so
        a line written just now may take a moment to arrive)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.log_text():
                return True
            time.sleep(0.05)
        return text in self.log_text()


def kcat(*args, input=None, timeout=60, check=True):
    exe = require_tool("kcat")
    r = subprocess.run([exe, *args], input=input, capture_output=True, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError("kcat %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr.decode(errors="replace")))
    return r
