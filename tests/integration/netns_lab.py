"""A small network of Linux network namespaces for partition tests.

Every node of a test cluster gets a namespace of its own with two links, and
the test process moves into a client namespace that holds two bridges:

    client namespace  <name>-c                 node namespace <name>-n<i>
      bridge kb  10.213.0.254/24  --- k<i> === eth0 10.213.0.<i>   Kafka, admin, registry
      bridge rb  (no address)     --- r<i> === eth1 10.214.0.<i>   node-to-node RPC

Clients (the test itself, librdkafka, kcat) reach every node over the Kafka
network; nodes reach each other only over the RPC network. isolate(i) takes
node i's RPC link down: it keeps running and keeps talking to clients, but
cannot reach its peers, and they cannot reach it. Packets are dropped, not
refused, as in a real partition: a connection sees no FIN or RST, only
silence. heal(i) brings the link back.

All addresses live inside namespaces this lab creates; nothing is added to
the namespace the test started in, and no traffic leaves the machine. The
lab needs root and iproute2 (`ip netns`); without them it raises, naming what
is missing. Namespaces of earlier runs whose process is gone are removed at
start-up, and every namespace of this lab is removed by close().
"""
import ctypes
import os
import re
import shutil
import subprocess

CLONE_NEWNET = 0x40000000
KAFKA_NET = "10.213.0"
RPC_NET = "10.214.0"
PREFIX = "plxlab"


class NetnsUnavailable(RuntimeError):
    pass


def _ip(*args, check=True):
    r = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=20)
    if check and r.returncode != 0:
        raise RuntimeError("ip %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr.strip()))
    return r


def require_netns():
    """Raises NetnsUnavailable naming what is missing: root, iproute2, or
    the kernel's permission to create a namespace."""
    if os.geteuid() != 0:
        raise NetnsUnavailable("network-partition tests need root (ip netns add); running as uid %d" % os.geteuid())
    if not shutil.which("ip"):
        raise NetnsUnavailable("network-partition tests need iproute2's 'ip'; run installer/install-deps.sh --test")
    probe = "%s%d-probe" % (PREFIX, os.getpid())
    r = _ip("netns", "add", probe, check=False)
    if r.returncode != 0:
        raise NetnsUnavailable("cannot create a network namespace: %s" % r.stderr.strip())
    _ip("netns", "del", probe, check=False)


def _remove_stale():
    """Deletes namespaces of earlier labs whose test process has exited."""
    listing = _ip("netns", "list", check=False).stdout
    for line in listing.splitlines():
        name = line.split()[0] if line.split() else ""
        m = re.match(r"^%s(\d+)-" % PREFIX, name)
        if m and not os.path.exists("/proc/%s" % m.group(1)):
            _ip("netns", "del", name, check=False)


def _setns(path):
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns(%s): %s" % (path, os.strerror(err)))
    finally:
        os.close(fd)


class NetnsLab:
    """`size` node namespaces plus the client namespace. enter() moves the
    calling thread (the test's main thread, before it starts any client) into
    the client namespace; threads and processes it starts afterwards inherit
    it. close() moves back and removes everything."""

    def __init__(self, size):
        require_netns()
        _remove_stale()
        self.size = size
        self.name = "%s%d" % (PREFIX, os.getpid())
        self.client_ns = self.name + "-c"
        self.isolated = set()
        self._home_fd = None
        self._created = []
        try:
            self._build()
        except BaseException:
            self.close()
            raise

    def node_ns(self, i):
        return "%s-n%d" % (self.name, i)

    def kafka_host(self, i):
        return "%s.%d" % (KAFKA_NET, i)

    def rpc_host(self, i):
        return "%s.%d" % (RPC_NET, i)

    def exec_prefix(self, i):
        """The command prefix that runs a program in node i's namespace."""
        return ["ip", "netns", "exec", self.node_ns(i)]

    def _add_ns(self, ns):
        _ip("netns", "add", ns)
        self._created.append(ns)
        _ip("-n", ns, "link", "set", "lo", "up")

    def _build(self):
        c = self.client_ns
        self._add_ns(c)
        for br, addr in (("kb", KAFKA_NET + ".254/24"), ("rb", None)):
            _ip("-n", c, "link", "add", br, "type", "bridge")
            if addr:
                _ip("-n", c, "addr", "add", addr, "dev", br)
            _ip("-n", c, "link", "set", br, "up")
        for i in range(1, self.size + 1):
            ns = self.node_ns(i)
            self._add_ns(ns)
            for end, peer, br, net in (("k%d" % i, "eth0", "kb", KAFKA_NET), ("r%d" % i, "eth1", "rb", RPC_NET)):
                _ip("-n", c, "link", "add", end, "type", "veth", "peer", "name", peer, "netns", ns)
                _ip("-n", c, "link", "set", end, "master", br)
                _ip("-n", c, "link", "set", end, "up")
                _ip("-n", ns, "addr", "add", "%s.%d/24" % (net, i), "dev", peer)
                _ip("-n", ns, "link", "set", peer, "up")

    def enter(self):
        if self._home_fd is None:
            self._home_fd = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
            _setns("/run/netns/" + self.client_ns)

    def leave(self):
        if self._home_fd is not None:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.setns(self._home_fd, CLONE_NEWNET)
            os.close(self._home_fd)
            self._home_fd = None

    # -- partitions ---------------------------------------------------------
    def isolate(self, i):
        """Cuts node i off from the other nodes (clients still reach it)."""
        _ip("-n", self.client_ns, "link", "set", "r%d" % i, "down")
        self.isolated.add(i)

    def heal(self, i):
        _ip("-n", self.client_ns, "link", "set", "r%d" % i, "up")
        self.isolated.discard(i)

    def heal_all(self):
        for i in list(self.isolated):
            self.heal(i)

    def close(self):
        self.leave()
        for ns in reversed(self._created):
            _ip("netns", "del", ns, check=False)
        self._created = []
