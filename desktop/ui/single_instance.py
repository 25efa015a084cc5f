"""One running window per project file: a second launch on the same file hands it over.

Each running Dossier listens on a local socket whose name is derived from the resolved
path of the project it shows (and the user, so two accounts never meet). Launching
``dossier PATH`` first tries that socket: if a window there answers, it is sent the
path, it raises itself, and the new process exits 0 without opening the file (which
the running one holds the writer lock on anyway). A different file finds no one
listening and opens a new window. The protocol is one UTF-8 JSON line each way.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500
# A running window answers from its event loop; a busy one (say, mid-import) may take a while.
REPLY_TIMEOUT_MS = 5000
MAX_MESSAGE = 64 * 1024
ACK = b'{"ok": true}\n'


def project_key(path: str | Path) -> Path:
    """The identity of a project file: its absolute, symlink-free path."""
    return Path(path).expanduser().resolve()


def server_name(path: str | Path) -> str:
    """Socket name for ``path``: short (Unix socket paths are limited) and per user."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some sandboxes
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    digest = hashlib.sha256(f"{user}\0{project_key(path)}".encode()).hexdigest()
    return f"dossier-{digest[:24]}"


def hand_over(path: str | Path, timeout_ms: int = REPLY_TIMEOUT_MS) -> bool:
    """Ask a window already showing ``path`` to come forward; True when one did.

    Blocking, and it needs no event loop: call it before building a window. (It must
    not run on the thread whose event loop serves the other end.)
    """
    socket = QLocalSocket()
    socket.connectToServer(server_name(path))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    try:
        message = json.dumps({"open": str(project_key(path))}).encode("utf-8") + b"\n"
        socket.write(message)
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        reply = b""
        while not reply.endswith(b"\n"):
            # The answer may already be buffered (read while writing): waiting for
            # more would then wait for nothing.
            if socket.bytesAvailable() == 0 and not socket.waitForReadyRead(timeout_ms):
                break
            reply += socket.readAll().data()
        return reply == ACK
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for later launches on the same project; emits ``open_requested(path)``."""

    open_requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server: QLocalServer | None = None
        self.key: Path | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    def follow(self, path: str | Path | None) -> bool:
        """Listen for ``path`` (or for nothing when None); True when listening as asked."""
        key = project_key(path) if path is not None else None
        if key == self.key and (key is None or self.is_listening()):
            return True
        self.stop()
        if key is None:
            return True
        server = QLocalServer(self)
        # Only this user may connect: the message names a file on their disk.
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(key)
        if not server.listen(name):
            # A socket file left by a crashed instance: nobody answered hand_over, so
            # it is safe to take the name over.
            QLocalServer.removeServer(name)
            if not server.listen(name):
                server.deleteLater()
                return False
        server.newConnection.connect(self._accept)
        self._server = server
        self.key = key
        return True

    def is_listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
        self._server = None
        self.key = None

    def _accept(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + socket.readAll().data()
        if b"\n" not in data:
            if len(data) > MAX_MESSAGE:
                socket.abort()
            else:
                self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        self._buffers[socket] = b""
        try:
            path = str(json.loads(line.decode("utf-8"))["open"])
        except (ValueError, KeyError, TypeError):
            socket.abort()
            return
        socket.write(ACK)
        socket.flush()
        socket.disconnectFromServer()
        self.open_requested.emit(path)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()
