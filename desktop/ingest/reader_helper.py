"""The helper process that runs document readers for desktop.ingest.guard.

Started as ``python -P -m desktop.ingest.reader_helper`` (or, in a frozen
build, the app binary with ``--dossier-reader-helper``). It reads
length-prefixed pickled ``(function, args)`` requests on stdin and writes
``(ok, value)`` replies on the original stdout; anything a library prints goes
to stderr instead, so it cannot corrupt the replies. Before serving it blocks
sockets and caps its own memory. Only the parent process talks to it.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
from typing import IO, Any

HELPER_FLAG = "--dossier-reader-helper"
# Address-space cap for the helper as a whole; each request lowers it further for its
# own format (desktop.ingest.registry), so a bomb fails inside the helper, early.
MEMORY_LIMIT_BYTES = 1024**3
_HEADER = struct.Struct(">Q")


class NetworkBlockedError(OSError):
    """Raised inside the helper when anything tries to use the network."""


def block_network() -> None:
    import socket

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise NetworkBlockedError("network access is disabled while reading documents")

    class NoSocket(socket.socket):
        def __init__(self, *_args: Any, **_kwargs: Any) -> None:
            refuse()

    socket.socket = NoSocket  # type: ignore[misc]
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    socket.socketpair = refuse


def cap_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows has no rlimits; the time limit still applies
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(hard, MEMORY_LIMIT_BYTES)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def write_message(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_message(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # only our own parent process writes here


def _set_soft_memory_limit(limit: int | None) -> None:
    """Lower (or restore) the address-space cap for one request; the hard cap never moves."""
    try:
        import resource
    except ImportError:  # Windows has no rlimits; the time limit still applies
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = MEMORY_LIMIT_BYTES if limit is None else min(limit, MEMORY_LIMIT_BYTES)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _run(request: tuple[Any, ...]) -> tuple[bool, Any]:
    from desktop.ingest.document import ImportError_

    func, args = request[0], request[1]
    memory_limit = request[2] if len(request) > 2 else None
    try:
        _set_soft_memory_limit(memory_limit)
        return True, func(*args)
    except ImportError_ as err:
        return False, err
    except MemoryError:
        return False, MemoryError()
    except BaseException as err:  # noqa: BLE001 - every reader failure becomes a reply
        return False, RuntimeError(f"{type(err).__name__}: {err}")
    finally:
        _set_soft_memory_limit(None)


def serve() -> None:
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to stderr
    requests = sys.stdin.buffer
    block_network()
    cap_memory()
    while True:
        try:
            request = read_message(requests)
        except (EOFError, OSError):
            return
        except Exception as err:  # noqa: BLE001 - e.g. a function the helper cannot import
            write_message(replies, (False, RuntimeError(f"bad request ({err})")))
            continue
        if request is None:
            return
        reply = _run(request)
        try:
            write_message(replies, reply)
        except (pickle.PicklingError, TypeError, AttributeError) as err:
            write_message(replies, (False, RuntimeError(f"the result could not be returned ({err})")))


def run_if_requested(argv: list[str]) -> bool:
    """For a frozen build's entry point: serve as the helper when started as one.

    Call first thing in ``main``: ``if run_if_requested(sys.argv[1:]): return 0``.
    """
    if argv[:1] == [HELPER_FLAG]:
        serve()
        return True
    return False


if __name__ == "__main__":
    serve()
