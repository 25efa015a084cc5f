"""Hostile inputs for import tests, built from scratch: PDF bombs, deep HTML, received folders."""

from __future__ import annotations

import os
import socket
import zlib
from pathlib import Path


def deflate_bomb(unit: bytes, repeats: int) -> bytes:
    """A zlib stream inflating to ``unit * repeats`` without compressing all of it.

    After a full flush a deflate block refers to nothing before it, so one
    compressed block can be repeated; only the checksum runs over the whole.
    """
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = raw.compress(unit) + raw.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(repeats):
        checksum = zlib.adler32(unit, checksum)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    return b"\x78\xda" + block * repeats + final + checksum.to_bytes(4, "big")


def pdf_with_content(stream: bytes, extra: bytes = b"") -> bytes:
    """A one-page PDF whose page content is the given Flate ``stream``."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d/Filter/FlateDecode%s>>\nstream\n" % (len(stream), extra) + stream
        + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def pdf_bomb(inflated_mb: int = 300) -> bytes:
    """A PDF whose one page's text operators inflate to about ``inflated_mb`` MB."""
    unit = b"BT /F1 12 Tf 72 712 Td (A) Tj ET\n" * 32_768  # ~1 MB
    return pdf_with_content(deflate_bomb(unit, inflated_mb))


def nested_divs_page(depth: int = 600_000, text: str = "Hello") -> bytes:
    return ("<html><head><title>Deep</title></head><body><p>" + text + "</p>"
            + "<div>" * depth + "</div>" * depth + "</body></html>").encode()


def unix_socket(path: Path) -> socket.socket:
    """A listening Unix socket at ``path`` (close it when done)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    return sock


def received_folder(root: Path) -> tuple[Path, Path]:
    """A folder as a colleague might send it, and a 'private' folder beside it.

    Inside: two real articles, a link to one of them (stays inside), links out to
    a private file and a private folder, a named pipe, a link to /dev/zero.
    """
    private = root / "home"
    (private / ".ssh").mkdir(parents=True)
    secret = private / ".ssh" / "id_ed25519"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY----- SECRET-KEY-MATERIAL\n")
    (private / "credentials.txt").write_text("aws_secret_access_key = SECRET-AWS\n")
    folder = root / "received"
    (folder / "sub").mkdir(parents=True)
    (folder / "article.txt").write_text("The ferry stayed closed for a week, officials said.\n")
    (folder / "sub" / "report.md").write_text("# Report\n\nFuel deliveries took two extra days.\n")
    (folder / "again.txt").symlink_to(folder / "article.txt")
    (folder / "notes.txt").symlink_to(secret)
    (folder / "hosts.md").symlink_to(private / "credentials.txt")
    (folder / "linked").symlink_to(private)
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    return folder, private
