"""A PostgreSQL server of a benchmark's own: Debian's binaries, initdb in a directory the benchmark owns, listening
on 127.0.0.1 (of the network namespace it is started in) and on a Unix socket in that directory; stopped by its pid.

Used by bench/store-scan-pg and bench/shard --db. Run as root, the server runs as the postgres user.
"""
import os
import pwd
import socket
import subprocess
import sys
import time
from pathlib import Path

USER = "bench"
PASSWORD = "bench-pw"


def binaries():
    root = Path("/usr/lib/postgresql")
    versions = sorted((v for v in root.iterdir() if (v / "bin" / "postgres").exists()),
                      key=lambda v: int(v.name) if v.name.isdigit() else 0) if root.is_dir() else []
    if not versions:
        sys.exit("PostgreSQL is not installed (Debian package postgresql)")
    return versions[-1] / "bin"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A PostgreSQL server in a directory of its own; stop() ends it by its pid. The caller removes the directory.

    netns: the network namespace to run it in (its 127.0.0.1 is then that namespace's); None for this one.
    """

    def __init__(self, base, netns=None):
        self.bin = binaries()
        self.base = Path(base)
        self.data = self.base / "data"
        self.netns = netns
        self.port = free_port()
        self.root = os.geteuid() == 0
        self.proc = None

    def _as(self, argv):
        return (["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"] if self.root else []) + argv

    def start(self):
        pw = self.base / "pw"
        pw.write_text(PASSWORD + "\n")
        if self.root:
            pg = pwd.getpwnam("postgres")
            os.chmod(self.base, 0o711)
            for p in (self.base, pw):
                os.chown(p, pg.pw_uid, pg.pw_gid)
        subprocess.run(self._as([str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, f"--pwfile={pw}",
                                 "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C",
                                 "--no-instructions"]), check=True, stdout=subprocess.DEVNULL)
        pw.unlink()
        log = open(self.base / "postgres.log", "w")
        netns = ["ip", "netns", "exec", self.netns] if self.netns else []
        self.proc = subprocess.Popen(netns + self._as([str(self.bin / "postgres"), "-D", str(self.data),
                                                       "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                                                       "-c", f"unix_socket_directories={self.base}"]),
                                     stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"postgres exited: {(self.base / 'postgres.log').read_text()[-500:]}")
            if subprocess.run([str(self.bin / "pg_isready"), "-q", "-h", str(self.base), "-p", str(self.port)]).returncode == 0:
                return
            time.sleep(0.1)  # a bench script polling a server's readiness; no test synchronises on this
        sys.exit("postgres did not start within 60 s")

    def createdb(self, name):
        subprocess.run([str(self.bin / "createdb"), "-h", str(self.base), "-p", str(self.port), "-U", USER, name],
                       check=True)

    def url(self, name):
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}"

    def cpu(self):
        """CPU seconds (user + system) of the server so far: its processes' and those of its ended backends."""
        hz = os.sysconf("SC_CLK_TCK")
        total = 0
        kids = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout.split()
        for pid in [str(self.proc.pid)] + kids:
            try:
                f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue  # a backend that ended meanwhile: counted in the postmaster's children's time
            total += int(f[11]) + int(f[12]) + (int(f[13]) + int(f[14]) if pid == str(self.proc.pid) else 0)
        return total / hz

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, 2)  # SIGINT: fast shutdown
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
