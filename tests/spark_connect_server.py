"""A throwaway Spark Connect server for tests and benchmarks: pyspark's own `spark-submit` runs
`SparkConnectServer` (the jar ships in pyspark's jars/) in local mode on a free port; stopped afterwards.

`CHATBI_TEST_SPARK_CONNECT_URL` (`sc://HOST:PORT`) points the tests at an existing server instead.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"
START_TIMEOUT_S = 180.0


class SparkConnectUnavailable(RuntimeError):
    """No pyspark with the Connect server jar, no Java, or the server would not start."""


def _spark_home() -> Path:
    try:
        import pyspark
    except ImportError:
        raise SparkConnectUnavailable(
            "pyspark is not installed (pip install 'chat-analytics-assistant[spark]')"
        ) from None
    home = Path(pyspark.__file__).parent
    if not list((home / "jars").glob("spark-connect_*.jar")):
        raise SparkConnectUnavailable(f"pyspark at {home} has no spark-connect jar (pyspark 4 ships one).")
    return home


@contextmanager
def temporary_server(threads: int = 2) -> Iterator[str]:
    """Start a Spark Connect server (local[threads]); yield its `sc://localhost:PORT`; stop it."""
    home = _spark_home()
    if shutil.which("java") is None:
        raise SparkConnectUnavailable("no Java runtime for Spark (apt-get install openjdk-17-jre-headless)")
    base = Path(tempfile.mkdtemp(prefix="chatbi-spark-connect-"))
    port = _free_port()
    log = (base / "server.log").open("wb")
    command = [
        str(home / "bin" / "spark-submit"), "--class", SERVER_CLASS, "--master", f"local[{threads}]",
        "--name", "chatbi-test-connect",
        "--conf", f"spark.connect.grpc.binding.port={port}",
        "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.sql.shuffle.partitions=4",
        "--conf", "spark.sql.session.timeZone=UTC",
        "--conf", "spark.sql.runSQLOnFiles=false",
        "--conf", f"spark.sql.warehouse.dir={base / 'warehouse'}",
        "--conf", f"spark.driver.extraJavaOptions=-Dderby.system.home={base}",
        "--driver-memory", "1g",
        "spark-internal",
    ]  # fmt: skip
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1"}
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=base, env=env,
                               start_new_session=True)  # fmt: skip
    try:
        _wait_until_listening(process, port, base / "server.log")
        yield f"sc://localhost:{port}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
        shutil.rmtree(base, ignore_errors=True)


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-5:]
            raise SparkConnectUnavailable("the Spark Connect server exited: " + " | ".join(tail))
        with socket.socket() as probe:
            probe.settimeout(1.0)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    raise SparkConnectUnavailable(
        f"the Spark Connect server did not listen on port {port} within {START_TIMEOUT_S:g} s"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
