"""brat standoff: ``X.txt`` with entity annotations in ``X.ann`` beside it.

Offsets in .ann files are Unicode code points into the .txt read as UTF-8.
The text is stored normalised (NFC, ``\\n``), which could shift offsets, so
normalisation runs piece by piece between annotation boundaries and every
offset is moved to where its boundary landed; every span is then checked to
quote exactly the text its line gives.

Type mapping (both directions live here): PERS→PERSON, ORG→ORGANIZATION,
LOC→LOCATION, MISC→OTHER (other names that match an EntityType map to it,
anything else to OTHER). The original brat type is kept on the entity as
``external_ids["brat_type"]`` so an export writes the same type back.
Only text-bound entity lines (``T``) are imported; relations, events,
attributes, notes and discontinuous spans are counted in the source notes.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from db.models.vocab import EntityType, SourceKind
from desktop.ingest.document import (
    ImportedDocument,
    ImportError_,
    NoTextError,
    check_text_size,
    first_line_title,
    normalise_text,
)
from desktop.ingest.safe_read import read_capped

BRAT_TYPE_KEY = "brat_type"
MAX_BRAT_FILE_BYTES = 100 * 1024 * 1024
BRAT_TO_ENTITY: dict[str, EntityType] = {
    "PERS": EntityType.PERSON,
    "PER": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "LOC": EntityType.LOCATION,
    "MISC": EntityType.OTHER,
    "FAC": EntityType.FACILITY,
}
# For entities made in Dossier, written in the PERS/ORG/LOC/MISC scheme of the corpus.
ENTITY_TO_BRAT: dict[EntityType, str] = {
    EntityType.PERSON: "PERS",
    EntityType.ORGANIZATION: "ORG",
    EntityType.GPE: "LOC",
    EntityType.LOCATION: "LOC",
    EntityType.FACILITY: "LOC",
}
DEFAULT_BRAT_TYPE = "MISC"


def entity_type_for(brat_type: str) -> EntityType:
    if brat_type in BRAT_TO_ENTITY:
        return BRAT_TO_ENTITY[brat_type]
    try:
        return EntityType(brat_type.upper())
    except ValueError:
        return EntityType.OTHER


def brat_type_for(entity_type: EntityType | str, external_ids: dict[str, object] | None) -> str:
    """The brat type to write for an entity: its original one if it came from brat."""
    kept = (external_ids or {}).get(BRAT_TYPE_KEY)
    if isinstance(kept, str) and kept:
        return kept
    return ENTITY_TO_BRAT.get(EntityType(entity_type), DEFAULT_BRAT_TYPE)


@dataclass(frozen=True)
class BratSpan:
    ident: str
    type: str
    start: int
    end: int
    text: str
    line: int


def parse_ann(ann: str, name: str) -> tuple[list[BratSpan], Counter[str]]:
    """Entity spans of a .ann file, and a count of the lines that are not imported."""
    spans: list[BratSpan] = []
    skipped: Counter[str] = Counter()
    for number, line in enumerate(ann.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if not line.startswith("T"):
            skipped[_KINDS.get(line[0], "other lines")] += 1
            continue
        fields = line.split("\t", 2)
        if len(fields) != 3:
            raise ImportError_(f"{name} line {number}: expected “T<n> TYPE START END” and the "
                               "text, separated by tabs.")
        ident, bounds, text = fields
        parts = bounds.split(" ")
        if ";" in bounds:
            skipped["discontinuous spans"] += 1
            continue
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit() or not parts[0]:
            raise ImportError_(f"{name} line {number}: “{bounds[:60]}” is not “TYPE START END”.")
        start, end = int(parts[1]), int(parts[2])
        spans.append(BratSpan(ident, parts[0], start, end, text, number))
    return spans, skipped


_KINDS = {"R": "relations", "E": "events", "A": "attributes", "M": "attributes",
          "N": "normalisations", "#": "notes", "*": "equivalences"}


def _check_spans(text: str, spans: list[BratSpan], name: str) -> None:
    for span in spans:
        if not (0 <= span.start < span.end <= len(text)):
            raise ImportError_(f"{name} line {span.line}: {span.ident} ({span.start}–{span.end}) "
                               f"lies outside the text, which has {len(text):,} characters.")
        quoted = text[span.start:span.end]
        if quoted != span.text and quoted.replace("\n", " ") != span.text:
            raise ImportError_(
                f"{name} line {span.line}: {span.ident} should quote “{_snippet(span.text)}” but "
                f"the text there is “{_snippet(quoted)}”; the .ann does not match this .txt."
            )


def _snippet(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def normalise_with_offsets(text: str, cuts: list[int]) -> tuple[str, dict[int, int]]:
    """Normalise ``text`` and say where each offset in ``cuts`` ends up.

    Pieces between consecutive cut points are normalised separately, so no
    cut moves into the middle of a piece; the result is checked to be stable
    under normalise_text (a cut inside a character that NFC would combine
    with its neighbour makes that impossible, and is refused).
    """
    plain = text[1:] if text.startswith("\ufeff") else text
    shift = len(text) - len(plain)
    if normalise_text(plain) == plain:
        return plain, {c: max(0, c - shift) for c in cuts}
    points = sorted({0, len(text), *(c for c in cuts if 0 <= c <= len(text))})
    pieces: list[str] = []
    moved: dict[int, int] = {0: 0}
    length = 0
    for left, right in itertools.pairwise(points):
        piece = normalise_text(text[left:right])
        if left == 0:
            piece = piece.lstrip("\ufeff")
        pieces.append(piece)
        length += len(piece)
        moved[right] = length
    result = "".join(pieces)
    if normalise_text(result) != result:
        raise ImportError_("annotation boundaries fall inside combined characters or line "
                           "breaks, so the offsets cannot be kept exactly")
    return result, {c: moved[c] for c in cuts}


def parse_brat(txt: bytes, ann: bytes, txt_name: str, ann_name: str) -> ImportedDocument:
    try:
        raw_text = txt.decode("utf-8")
        ann_text = ann.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ImportError_(f"{txt_name}: brat files must be UTF-8, and byte {err.start:,} is not "
                           "valid UTF-8.") from None
    check_text_size(raw_text, txt_name)
    spans, skipped = parse_ann(ann_text, ann_name)
    _check_spans(raw_text, spans, ann_name)
    try:
        text, moved = normalise_with_offsets(
            raw_text, [offset for s in spans for offset in (s.start, s.end)])
    except ImportError_ as err:
        raise ImportError_(f"{ann_name}: {err}.") from None
    if not text.strip():
        raise NoTextError(f"{txt_name}: the file contains no text.")
    kept: list[tuple[str, int, int, str]] = []
    for span in spans:
        start, end = moved[span.start], moved[span.end]
        if start < end:
            kept.append((span.type, start, end, text[start:end]))
        else:
            skipped["empty spans"] += 1
    notes = [f"Imported from brat standoff ({ann_name}) with {len(kept)} entity annotations; "
             "each entity keeps its brat type in its external ids (brat_type)."]
    if skipped:
        listed = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
        notes.append(f"Not imported: {listed}.")
    return ImportedDocument(
        text=text,
        title=first_line_title(text) or Path(txt_name).stem,
        kind=SourceKind.DOCUMENT,
        original_filename=txt_name,
        notes=" ".join(notes),
        spans=kept,
    )


def brat_pair(path: Path) -> tuple[Path, Path]:
    """(text file, annotation file) for either file of a brat pair."""
    if path.suffix.lower() == ".ann":
        return path.with_suffix(".txt"), path
    return path, path.with_suffix(".ann")


def read_brat_files(path: Path, password: str | None = None) -> ImportedDocument:
    del password
    txt_path, ann_path = brat_pair(path)
    if not txt_path.is_file():
        raise ImportError_(f"{ann_path.name}: brat annotations need their text file "
                           f"{txt_path.name} beside them, and it is not there.")
    return parse_brat(read_capped(txt_path, MAX_BRAT_FILE_BYTES),
                      read_capped(ann_path, MAX_BRAT_FILE_BYTES), txt_path.name, ann_path.name)


def format_ann(spans: list[tuple[str, int, int, str]]) -> str:
    """A .ann file for (type, start, end, text) spans, numbered T1… in text order."""
    lines = []
    for number, (brat_type, start, end, text) in enumerate(
            sorted(spans, key=lambda s: (s[1], s[2], s[0])), start=1):
        lines.append(f"T{number}\t{brat_type} {start} {end}\t{text.replace(chr(10), ' ')}\n")
    return "".join(lines)
