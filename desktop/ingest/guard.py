"""Run risky readers in a separate helper process: time limit, memory cap, no network.

HTML, PDF and DOCX readers are large C/C++/lxml code bases fed with files from
strangers. A hostile or broken file must not hang or crash the app, so those
readers run in one long-lived helper process (desktop.ingest.reader_helper).
If a call runs past its time limit, or the helper dies, the helper is killed
and a fresh one starts for the next file; the caller gets a one-line
ImportError_. The helper is reused between files, so only the first guarded
read pays its start-up (well under a second).

The helper is a plain subprocess rather than multiprocessing: that would
re-import the parent's ``__main__`` in the child, which neither the CLI's
``__main__`` nor ad-hoc scripts are written for.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from desktop.ingest.document import ImportCancelledError, ImportError_, ParserTimeoutError
from desktop.ingest.reader_helper import HELPER_FLAG, read_message, write_message

T = TypeVar("T")

# Restart the helper now and then so slow leaks in C libraries cannot pile up.
CALLS_PER_HELPER = 200
_CANCEL_POLL = 0.1  # seconds


def _helper_command() -> list[str]:
    if getattr(sys, "frozen", False):
        # A frozen build runs its own binary in helper mode (see reader_helper.HELPER_FLAG).
        return [sys.executable, HELPER_FLAG]
    # -P: never let the current folder shadow a library inside the helper.
    return [sys.executable, "-P", "-m", "desktop.ingest.reader_helper"]


def _helper_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


class _Helper:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            _helper_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=_helper_env(), close_fds=True,
        )
        self.calls = 0

    def call(self, func: Callable[..., Any], args: tuple[Any, ...], timeout: float,
             cancelled: Callable[[], bool] | None, memory_limit: int | None = None) -> Any:
        """The helper's (ok, value) reply; TimeoutError, EOFError or ImportCancelledError."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.calls += 1
        write_message(self.process.stdin, (func, args, memory_limit))
        replies: queue.Queue[tuple[bool, Any] | BaseException] = queue.Queue(maxsize=1)
        stdout = self.process.stdout

        def receive() -> None:
            try:
                replies.put(read_message(stdout))
            except BaseException as err:  # noqa: BLE001 - handed to the waiting caller
                replies.put(err)

        # A reader thread makes the wait interruptible the same way on every OS
        # (select() does not work on pipes on Windows).
        threading.Thread(target=receive, name="dossier-reader-reply", daemon=True).start()
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            try:
                # Wake up now and then to notice a cancel during a long read.
                reply = replies.get(timeout=min(left, _CANCEL_POLL) if cancelled else left)
                break
            except queue.Empty:
                if cancelled is not None and cancelled():
                    raise ImportCancelledError("cancelled") from None
        if isinstance(reply, BaseException):
            raise EOFError from reply
        return reply

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, *, kill: bool) -> None:
        if not kill and self.alive() and self.process.stdin is not None:
            try:
                write_message(self.process.stdin, None)
                self.process.stdin.close()
                self.process.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass  # it is killed just below
        if self.alive():
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


_lock = threading.Lock()
_helper: _Helper | None = None


def run_guarded(func: Callable[..., T], *args: Any, timeout: float, name: str,
                cancelled: Callable[[], bool] | None = None,
                memory_limit: int | None = None) -> T:
    """``func(*args)`` in the helper process, or ImportError_ naming ``name`` on any failure.

    ``func`` must be a top-level function the helper can import by module path.
    When ``cancelled()`` turns true during the read, the helper is stopped and
    ImportCancelledError is raised. ``memory_limit`` caps the helper's address
    space (bytes) for this call only; None keeps the helper's overall cap.
    """
    global _helper
    with _lock:  # one helper, one file at a time; callers on worker threads queue here
        if _helper is None or not _helper.alive():
            try:
                _helper = _Helper()
            except OSError as err:
                raise ImportError_(f"{name}: the document reader could not start ({err}).") from None
        helper = _helper
        try:
            ok, value = helper.call(func, args, timeout, cancelled, memory_limit)
        except ImportCancelledError:
            _helper = None
            helper.stop(kill=True)
            raise ImportCancelledError(f"{name}: import cancelled; nothing was stored.") from None
        except TimeoutError:
            _helper = None
            helper.stop(kill=True)
            raise ParserTimeoutError(
                f"{name}: reading took longer than {timeout:g} seconds, so Dossier stopped; "
                "the file may be damaged or built to stall readers."
            ) from None
        except (EOFError, OSError):
            _helper = None
            helper.stop(kill=True)
            allowance = f" ({memory_limit // 2**20:,} MB)" if memory_limit else ""
            raise ImportError_(
                f"{name}: the document reader stopped unexpectedly on this file: it is damaged, "
                f"or needs more memory than Dossier allows for its kind{allowance}, as a "
                "decompression bomb would."
            ) from None
        if helper.calls >= CALLS_PER_HELPER:
            _helper = None
            helper.stop(kill=False)
    if ok:
        return value  # type: ignore[no-any-return]
    if isinstance(value, ImportError_):
        raise value
    if isinstance(value, MemoryError):
        allowance = f" ({memory_limit // 2**20:,} MB)" if memory_limit else ""
        raise ImportError_(f"{name}: reading needed more memory than Dossier allows{allowance}.")
    raise ImportError_(f"{name}: could not be read ({value}).")


def shutdown() -> None:
    """Stop the helper process (at exit, or when a test wants a clean slate)."""
    global _helper
    with _lock:
        helper, _helper = _helper, None
    if helper is not None:
        helper.stop(kill=False)


atexit.register(shutdown)
