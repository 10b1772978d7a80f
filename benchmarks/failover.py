"""Exam delivery through failures: two app servers behind a load balancer, one of them killed and
later restarted, and the database restarted once, while candidates take their exams; then every
answer the servers acknowledged is looked up in the database (lost must be 0).

    .venv/bin/python benchmarks/failover.py --candidates 100 --items 10

Everything runs on this machine and belongs to the run alone, on free ports: a throwaway
PostgreSQL cluster (initdb and pg_ctl from /usr/lib/postgresql/*/bin, run as user nobody when
started as root), a redis-server for the cache (CACHE_URL), two `hallmark serve` app servers
(1 gunicorn worker x 8 threads each), haproxy in front of them (round robin, a health check
every second, a request whose connection an app server refused sent to the other), and two
`hallmark worker`s. Nothing shared is touched. The candidates are benchmarks/delivery.py's
(same pacing options), talking to the balancer; a request the servers fail is tried again with
the exam page's backoff, and counted. Meanwhile, at the given seconds from the start: one app
server and its workers are killed with SIGKILL (--kill-at), started again (--revive-at), and
the cluster is restarted with `pg_ctl restart -m fast` (--db-restart-at); --no-incidents runs
the same setup under the load alone. A worker that exits
is started again, as systemd's Restart=always would, and counted. At the end a task is
enqueued and must be run by a worker. The last line is a one-line summary; the exit status is
0 when no acknowledged answer was lost and the task ran.

Needs the dev install (`pip install -e '.[dev]'`: the data is made with the test factories),
PostgreSQL's server binaries, redis-server and haproxy (`apt-get install -y postgresql
redis-server haproxy`; the script says which is missing and exits 2).
"""

import argparse
import asyncio
import contextlib
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from delivery import BIN, Stats, free_port, load, lost, report, seed, warm
from throwaway import postgres_database, site_environment

HAPROXY = """global
    maxconn 8000
defaults
    mode http
    timeout connect 2s
    timeout client 300s
    timeout server 60s
    timeout http-keep-alive 300s
    # A server takes as many requests at once as it has threads; the rest wait here, in order,
    # for up to a minute. A busy server still answers its health check within 10 s: checks
    # that queued behind its requests would take it out of service for being busy.
    timeout queue 60s
    timeout check 10s
    option forwardfor
    # A request whose connection the server refused (it is down) goes to the other server;
    # one it may have begun to handle is never sent twice: the client retries it.
    retries 3
    option redispatch 1
frontend exam
    bind 127.0.0.1:{port}
    default_backend app
backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /accounts/sign-in/ ver HTTP/1.1 hdr Host 127.0.0.1
    default-server check inter 1s fall 2 rise 2 maxconn {threads}
{servers}
"""


def tools() -> dict[str, str]:
    """The programs the run needs; each missing one is named with how to install it."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    programs = {
        "initdb": found[-1] if found else None,
        "redis-server": shutil.which("redis-server"),
        "haproxy": shutil.which("haproxy") or shutil.which("/usr/sbin/haproxy"),
    }
    packages = {"initdb": "postgresql", "redis-server": "redis-server", "haproxy": "haproxy"}
    missing = [name for name, path in programs.items() if path is None]
    if missing:
        names = " ".join(packages[name] for name in missing)
        print(
            f"failover: {', '.join(missing)} not found: install with "
            f"`apt-get install -y {names}` (Debian's packages) and run again.",
            file=sys.stderr,
        )
        sys.exit(2)
    return programs  # type: ignore[return-value]


def as_owner(command: list[str], **options) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: its programs run as nobody then."""
    user = "nobody" if os.geteuid() == 0 else None
    return subprocess.run(command, user=user, check=True, capture_output=True, **options)


class Cluster:
    """A throwaway PostgreSQL cluster in `folder`, on a free loopback port."""

    def __init__(self, initdb: str, folder: Path) -> None:
        self.bin, self.folder, self.port = Path(initdb).parent, folder, free_port()
        folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(folder, "nobody")
        as_owner(
            [str(self.bin / "initdb"), "-D", str(folder / "data"), "-U", "postgres", "-A", "trust"]
        )
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, *action: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        data, log = str(self.folder / "data"), str(self.folder / "log")
        as_owner([str(self.bin / "pg_ctl"), "-D", data, "-o", options, "-l", log, "-w", *action])


class Processes:
    """The run's own processes, each in a session of its own so that killing one kills its
    children (an app server's gunicorn workers) too."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env, self.running = folder, env, {}

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = process
        return process

    def kill(self, name: str, how: int = signal.SIGKILL) -> None:
        process = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, how)
        process.wait(timeout=60)

    def wait_for(self, name: str, port: int, seconds: float = 60) -> None:
        """Wait until `name` listens on `port`; if it exits instead, say why (its log)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.running[name].poll() is not None:
                log = (self.folder / f"{name}.log").read_text(errors="replace")
                raise RuntimeError(f"{name} exited:\n{log[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{name}: nothing listens on 127.0.0.1:{port} after {seconds:g} s")

    def stop_all(self) -> None:
        for name in list(self.running):
            self.kill(name, signal.SIGTERM)


def bursts(times: list[float], gap: float = 10.0) -> list[tuple[float, float, int]]:
    """Failed saves grouped into bursts (no two failures of one burst `gap` seconds apart):
    (first, last, how many)."""
    groups: list[list[float]] = []
    for at in sorted(times):
        if groups and at - groups[-1][-1] <= gap:
            groups[-1].append(at)
        else:
            groups.append([at])
    return [(group[0], group[-1], len(group)) for group in groups]


async def incidents(args, processes: Processes, cluster: Cluster, server, events: list) -> None:
    """Kill an app server, start it again, restart the database: at their seconds."""
    start = time.perf_counter()
    plan = [
        (args.kill_at, "app server a killed (SIGKILL)", lambda: processes.kill("server-a")),
        (args.revive_at, "app server a started again", server),
        (
            args.db_restart_at,
            "PostgreSQL restarted",
            lambda: cluster.pg_ctl("-m", "fast", "restart"),
        ),
    ]
    for at, what, action in sorted(plan, key=lambda step: step[0]):
        await asyncio.sleep(max(0.0, at - (time.perf_counter() - start)))
        began = time.perf_counter() - start
        await asyncio.to_thread(action)
        events.append((began, time.perf_counter() - start, what))


async def keep_workers(processes: Processes, command: list[str], restarts: list[str]) -> None:
    """Start again a worker that exited, as systemd's Restart=always does."""
    while True:
        await asyncio.sleep(1)
        for name in ("worker-1", "worker-2"):
            process = processes.running.get(name)
            if process is not None and process.poll() is not None:
                restarts.append(f"{name} exited {process.returncode}")
                processes.start(name, command)


async def run(args, port: int, seats: list, processes, cluster, server, worker) -> tuple:
    stats, events, restarts = Stats(), [], []
    plan = incidents(args, processes, cluster, server, events) if args.incidents else None
    chaos = asyncio.create_task(plan) if plan else None
    keeper = asyncio.create_task(keep_workers(processes, worker, restarts))
    stats, seconds = await load(port, seats, args, stats)
    if chaos:
        await chaos  # a run shorter than the plan still goes through every incident
    keeper.cancel()
    return stats, seconds, events, restarts


def task_ran(env: dict[str, str], url: str, seconds: float = 60) -> bool:
    """Enqueue close-expired and wait for a worker to finish it."""
    out = subprocess.run(
        [BIN / "hallmark", "exams", "close-expired", "--enqueue"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    task = out.split()[-1]
    deadline = time.monotonic() + seconds
    with psycopg.connect(url, autocommit=True) as connection:
        while time.monotonic() < deadline:
            row = connection.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", [task]
            ).fetchone()
            if row and row[0] == "SUCCESSFUL":
                return True
            time.sleep(0.5)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--think", type=float, default=6.0, help="mean think time, seconds")
    parser.add_argument("--ramp", type=float, default=30.0, help="seconds to start everyone")
    parser.add_argument("--poll", type=float, default=30.0, help="the clock check, seconds")
    parser.add_argument("--threads", type=int, default=8, help="threads per app server")
    parser.add_argument("--kill-at", type=float, default=20.0, help="seconds from the start")
    parser.add_argument("--revive-at", type=float, default=45.0, help="seconds from the start")
    parser.add_argument("--db-restart-at", type=float, default=65.0, help="seconds from the start")
    parser.add_argument(
        "--incidents",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="kill, revive and restart (--no-incidents: the same setup, only the load)",
    )
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument(
        "--patience", type=float, default=300.0, help="seconds a failing request is retried"
    )
    args = parser.parse_args()
    args.workers = 2  # what delivery.report prints: two servers of one gunicorn worker each
    programs = tools()
    folder = Path(tempfile.mkdtemp(prefix="hallmark-failover-"))
    folder.chmod(0o755)  # nobody, who runs PostgreSQL, reaches its folder inside
    cluster, processes = None, None
    try:
        cluster = Cluster(programs["initdb"], folder / "pg")
        cluster.pg_ctl("start")
        url, _ = postgres_database(cluster.url)
        redis_port = free_port()
        env = site_environment(folder, url) | {
            "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
            "HALLMARK_SECRET_KEY": secrets.token_urlsafe(50),
            "HALLMARK_TRUSTED_PROXIES": "1",
            "HALLMARK_EMAIL_BACKEND": "file",
        }
        processes = Processes(folder, env)
        processes.start(
            "redis",
            [
                programs["redis-server"],
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
        )
        subprocess.run([BIN / "hallmark", "migrate", "-v0"], env=env, check=True)
        seats = seed(env, args.items, args.candidates)
        ports = {"a": free_port(), "b": free_port()}

        def server(name: str = "a") -> None:
            command = [
                str(BIN / "hallmark"),
                "serve",
                "--port",
                str(ports[name]),
                "--workers",
                "1",
                "--threads",
                str(args.threads),
            ]
            processes.start(f"server-{name}", command)
            processes.wait_for(f"server-{name}", ports[name])

        server("a")
        server("b")
        worker = [str(BIN / "hallmark"), "worker"]
        processes.start("worker-1", worker)
        processes.start("worker-2", worker)
        balancer = free_port()
        lines = "\n".join(f"    server {name} 127.0.0.1:{port}" for name, port in ports.items())
        config = folder / "haproxy.cfg"
        config.write_text(HAPROXY.format(port=balancer, servers=lines, threads=args.threads))
        processes.start("haproxy", [programs["haproxy"], "-db", "-f", str(config)])
        processes.wait_for("haproxy", balancer)
        time.sleep(3)  # both servers pass their health checks
        asyncio.run(warm(balancer, 4 * args.threads))
        stats, seconds, events, restarts = asyncio.run(
            run(args, balancer, seats, processes, cluster, server, worker)
        )
        missing = lost(url, stats)
        report(stats, seconds, args, missing)
        for began, ended, what in events:
            print(f"incident: {what} at {began:.1f} s (took {ended - began:.1f} s)")
        print(f"workers started again: {len(restarts)} {restarts or ''}")
        failed = bursts(stats.failed_saves)
        for first, last, count in failed:
            print(f"saves failed: {count} from {first:.1f} s to {last:.1f} s")
        ran = task_ran(env, url)
        print(f"a task enqueued after the run was run by a worker: {'yes' if ran else 'NO'}")
        window = sum(last - first for first, last, _ in failed)
        print(
            f"failover: {len(stats.acknowledged)} answers acknowledged, {missing} lost; "
            f"{stats.done}/{len(seats)} candidates finished; saves failed in {len(failed)} "
            f"bursts, {window:.1f} s in all, longest save {stats.longest_save:.1f} s; "
            f"{sum(stats.retries.values())} retries, {sum(stats.errors.values())} errors; "
            f"{len(restarts)} worker restarts; task after the run {'ran' if ran else 'NOT run'}"
        )
        return 0 if missing == 0 and ran else 1
    finally:
        if processes is not None:
            processes.stop_all()
        if cluster is not None:
            with contextlib.suppress(subprocess.CalledProcessError):
                cluster.pg_ctl("-m", "fast", "stop")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
