"""Refuse a PDF whose compressed streams unpack to absurd sizes, before pdfium sees it.

A page's content stream of a few hundred KB can inflate to hundreds of MB of
drawing operators; pdfium then takes tens of seconds and gigabytes to parse
them. Real content streams are small (a dense page is well under a few MB), so
every Flate stream that is not an image is inflated here, in bounded chunks,
and the file is refused as soon as one stream or their sum passes its cap.
This costs a fraction of a second even for a bomb (inflation stops at the cap).

Images are skipped: extracting text never decodes them, and a scanned page
legitimately inflates to tens of MB. A bomb dressed up as an image but used
as page content still meets the helper's memory cap and time limit.
"""

from __future__ import annotations

import re
import zlib

from desktop.ingest.document import TooLargeError

MAX_STREAM_INFLATED = 128 * 1024 * 1024
MAX_TOTAL_INFLATED = 512 * 1024 * 1024
_CHUNK = 64 * 1024
_OUT_CHUNK = 4 * 1024 * 1024
_DICT_WINDOW = 4096
_STREAM = re.compile(rb">>\s*stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


def _dictionary(raw: bytes, stream_at: int) -> bytes:
    """The stream's dictionary: from its ``N G obj`` (within a window) to ``stream``."""
    window = raw[max(0, stream_at - _DICT_WINDOW):stream_at]
    at = window.rfind(b"obj")
    while at >= 3 and window[at - 3:at] == b"end":  # "endobj" closes the previous object
        at = window.rfind(b"obj", 0, at - 3)
    return window[at + 3:] if at >= 0 else window


def _inflated_size(data: memoryview, cap: int) -> int:
    """Bytes a zlib stream inflates to, counting no further than just past ``cap``."""
    inflater = zlib.decompressobj()
    total = 0
    for offset in range(0, len(data), _CHUNK):
        pending = bytes(data[offset:offset + _CHUNK])
        while pending:
            try:
                out = inflater.decompress(pending, _OUT_CHUNK)
            except zlib.error:
                return total  # not Flate after all, or damaged: pdfium decides
            total += len(out)
            if total > cap or inflater.eof:
                return total
            if not out and len(inflater.unconsumed_tail) == len(pending):
                return total  # no progress: what follows is not deflate data
            pending = inflater.unconsumed_tail
    return total


def check_inflation(raw: bytes, name: str) -> None:
    """Raise TooLargeError if a non-image Flate stream unpacks past the caps."""
    view = memoryview(raw)
    total = 0
    for match in _STREAM.finditer(raw):
        header = _dictionary(raw, match.start())
        if b"Fl" not in header or _IMAGE.search(header):
            continue
        start = match.end()
        end = raw.find(b"endstream", start)
        if end < 0:
            end = len(raw)
        size = _inflated_size(view[start:end], MAX_STREAM_INFLATED)
        total += size
        if size > MAX_STREAM_INFLATED or total > MAX_TOTAL_INFLATED:
            cap = MAX_STREAM_INFLATED if size > MAX_STREAM_INFLATED else MAX_TOTAL_INFLATED
            raise TooLargeError(
                f"{name}: compressed parts of this PDF unpack to more than {cap // 2**20} MB, "
                "far more than any page needs (a decompression bomb); Dossier does not open it."
            )
