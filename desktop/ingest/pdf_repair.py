"""Last-resort repair of a PDF whose page tree or cross-reference table is destroyed.

Some damaged PDFs still hold every page object intact while the objects that
list them are gone (a zeroed block, a truncated copy). Rebuilding a fresh
cross-reference table and page list from the page objects that can be found
lets pdfium read what is left. Pages inside compressed object streams cannot be
found this way; those files stay unreadable.
"""

from __future__ import annotations

import re

_OBJECT = re.compile(rb"(?<![0-9])(\d{1,7})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b")
_PAGE_TYPE = re.compile(rb"/Type\s*/Page(?![A-Za-z0-9])")
_MAX_OBJECTS = 2_000_000
_HEADER_WINDOW = 1024
_DICT_WINDOW = 20_000


def rebuild_page_tree(raw: bytes) -> bytes | None:
    """A copy of ``raw`` with a new page list, catalog and xref appended, or None."""
    if b"%PDF-" not in raw[:_HEADER_WINDOW]:
        return None
    offsets: dict[int, tuple[int, int]] = {}
    pages: list[tuple[int, int]] = []
    for match in _OBJECT.finditer(raw):
        number, generation = int(match.group(1)), int(match.group(2))
        offsets[number] = (match.start(), generation)  # later copies win, as in an update
        if len(offsets) > _MAX_OBJECTS:
            return None
        end = raw.find(b"endobj", match.end(), match.end() + _DICT_WINDOW)
        head = raw[match.end(): end if end > 0 else match.end() + 4000]
        stream = head.find(b"stream")
        if stream >= 0:
            head = head[:stream]
        if _PAGE_TYPE.search(head):
            pages.append((number, generation))
    if not pages:
        return None
    kids = list(dict.fromkeys(pages))  # each page once, in file order
    pages_no = max(offsets) + 1
    catalog_no = pages_no + 1
    out = bytearray(raw)
    if not out.endswith(b"\n"):
        out += b"\n"
    # Hide a linearisation dictionary: its hints describe the broken file, not ours.
    out = bytearray(bytes(out).replace(b"/Linearized", b"/Xinearized", 1))
    refs = b" ".join(b"%d %d R" % p for p in kids)
    offsets[pages_no] = (len(out), 0)
    out += b"%d 0 obj\n<</Type/Pages/Kids[%s]/Count %d>>\nendobj\n" % (pages_no, refs, len(kids))
    offsets[catalog_no] = (len(out), 0)
    out += b"%d 0 obj\n<</Type/Catalog/Pages %d 0 R>>\nendobj\n" % (catalog_no, pages_no)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % (catalog_no + 1)
    for number in range(1, catalog_no + 1):
        if number in offsets:
            out += b"%010d %05d n\r\n" % offsets[number]
        else:
            out += b"0000000000 65535 f\r\n"
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        catalog_no + 1, catalog_no, xref_at)
    return bytes(out)
