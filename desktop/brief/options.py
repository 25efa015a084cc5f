"""What the analyst chooses for a brief: title, handling marking, sections, what to include."""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from db.models.vocab import Marking
from desktop.brief.text import plain
from desktop.core.context import ProjectContext


class BriefSection(StrEnum):
    """The parts of a brief a user can leave out, in reading order; the title block is
    always there. A new kind of section (a chronology, a link chart) is added here, in
    ``_SECTION_LABELS`` and in ``story._BUILDERS``."""

    CONTENTS = "contents"
    BLUF = "bluf"
    JUDGEMENTS = "judgements"
    SCOPE = "scope"
    CHANGES = "changes"
    ALTERNATIVES = "alternatives"
    OUTLOOK = "implications"
    ASSUMPTIONS = "assumptions"
    INDICATORS = "indicators"
    GAPS = "gaps"
    CHRONOLOGY = "chronology"
    LINK_CHART = "link_chart"
    UNASSESSED = "unassessed"
    NOTES = "notes"
    SOURCES = "sources"
    ENTITIES = "entities"
    ANNEX = "annex"

    @property
    def label(self) -> str:
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    BriefSection.CONTENTS: "Contents",
    BriefSection.BLUF: "Bottom line up front",
    BriefSection.JUDGEMENTS: "Key judgements",
    BriefSection.SCOPE: "Scope note",
    BriefSection.CHANGES: "What changed since the last assessment",
    BriefSection.ALTERNATIVES: "Alternative analysis",
    BriefSection.OUTLOOK: "Implications for the reader",
    BriefSection.ASSUMPTIONS: "Key assumptions",
    BriefSection.INDICATORS: "Indicators to watch",
    BriefSection.GAPS: "Intelligence gaps",
    BriefSection.CHRONOLOGY: "Chronology",
    BriefSection.LINK_CHART: "Link chart",
    BriefSection.UNASSESSED: "Annex: unassessed statements (not judgements)",
    BriefSection.NOTES: "Notes",
    BriefSection.SOURCES: "Annex: sources",
    BriefSection.ENTITIES: "Annex: entity index",
    BriefSection.ANNEX: "Annex: estimative language and grading scales",
}

ALL_SECTIONS: tuple[BriefSection, ...] = tuple(BriefSection)
# Chosen unless the analyst asks for them: statements nobody has assessed are left
# out of a brief by default (the pre-flight check says so); the chronology and the link
# chart are optional additions the analyst ticks (they lengthen a short brief).
OPTIONAL_SECTIONS = (BriefSection.UNASSESSED, BriefSection.CHRONOLOGY, BriefSection.LINK_CHART)
DEFAULT_SECTIONS: tuple[BriefSection, ...] = tuple(
    s for s in BriefSection if s not in OPTIONAL_SECTIONS)
# The analyst's own prose sections, stored with the options (``BriefOptions.texts``).
TEXT_SECTIONS: tuple[BriefSection, ...] = (
    BriefSection.SCOPE, BriefSection.CHANGES, BriefSection.ALTERNATIVES, BriefSection.OUTLOOK)
MAX_SECTION_TEXT = 20_000

RETIRED_MARKINGS = {"TLP:WHITE": Marking.CLEAR}

MAX_TITLE = 200
MAX_MARKING = 80


def marking_of(value: Marking | str | None) -> Marking | str:
    """A TLP label when the text names one (any case), otherwise the user's own wording."""
    if isinstance(value, Marking):
        return value
    text = plain(value, MAX_MARKING)
    key = text.upper().replace(" ", "")
    for label in Marking:
        if key == label.value:
            return label
    return RETIRED_MARKINGS.get(key, text)


def marking_message(value: Marking | str | None) -> str:
    """A line to show when the marking typed is one TLP 2.0 retired, else ""."""
    key = plain(getattr(value, "value", value), MAX_MARKING).upper().replace(" ", "")
    if key in RETIRED_MARKINGS:
        return (f"{key} was retired in TLP 2.0; the brief is marked "
                f"{RETIRED_MARKINGS[key].value}, which means the same.")
    return ""


def sections_of(values: Iterable[Any]) -> tuple[BriefSection, ...]:
    """Known sections in document order; unknown names are ignored."""
    wanted: set[BriefSection] = set()
    for value in values:
        try:
            wanted.add(BriefSection(str(getattr(value, "value", value)).strip().lower()))
        except ValueError:
            continue
    return tuple(s for s in ALL_SECTIONS if s in wanted)


@dataclass(frozen=True)
class BriefOptions:
    """Everything that decides what the brief says. ``None`` for uids means all of them.

    ``marking`` is a TLP 2.0 label, or the user's own handling text printed as typed.
    With ``invariant`` the same project state gives byte-identical PDFs: dates come
    from the project's data, never from the clock.
    """

    title: str = "Brief"
    subtitle: str = ""
    analyst: str = ""
    marking: Marking | str = Marking.AMBER
    sections: tuple[BriefSection, ...] = DEFAULT_SECTIONS
    implication_uids: tuple[str, ...] | None = None
    source_uids: tuple[str, ...] | None = None
    invariant: bool = True
    date: str = ""  # ISO date printed on the brief; "" means the project's latest change
    # The analyst's prose for the optional sections, by section value (scope, changes…).
    texts: tuple[tuple[str, str], ...] = ()

    def text_for(self, section: BriefSection) -> str:
        return dict(self.texts).get(section.value, "")

    def includes(self, section: BriefSection) -> bool:
        return section in self.sections

    @property
    def marking_text(self) -> str:
        return self.marking.value if isinstance(self.marking, Marking) else self.marking

    def cleaned(self) -> BriefOptions:
        """The same options with text fields made printable and sections put in order."""
        return replace(
            self,
            title=plain(self.title, MAX_TITLE) or "Brief",
            subtitle=plain(self.subtitle, 400),
            analyst=plain(self.analyst, MAX_TITLE),
            marking=marking_of(self.marking),
            sections=sections_of(self.sections),
            implication_uids=_uids(self.implication_uids),
            source_uids=_uids(self.source_uids),
            date=plain(self.date, 32),
            texts=_texts(self.texts),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "analyst": self.analyst,
            "marking": self.marking_text,
            "sections": [s.value for s in self.sections],
            "implication_uids": None if self.implication_uids is None
            else list(self.implication_uids),
            "source_uids": None if self.source_uids is None else list(self.source_uids),
            "invariant": self.invariant,
            "date": self.date,
            "texts": dict(self.texts),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], base: BriefOptions | None = None) -> BriefOptions:
        """Options read back from storage; anything missing or malformed keeps ``base``'s value.

        The stored value may come from a colleague's file, so every field is checked.
        """
        start = base or cls()
        if not isinstance(data, Mapping):
            return start
        values: dict[str, Any] = {}
        for key in ("title", "subtitle", "analyst", "date"):
            if isinstance(data.get(key), str):
                values[key] = data[key]
        if isinstance(data.get("marking"), str) and data["marking"].strip():
            values["marking"] = marking_of(data["marking"])
        if isinstance(data.get("sections"), list):
            chosen = list(data["sections"])
            if "texts" not in data:  # saved before the prose sections existed
                chosen += [s.value for s in TEXT_SECTIONS]
            values["sections"] = sections_of(chosen)
        for key in ("implication_uids", "source_uids"):
            if key in data and (data[key] is None or isinstance(data[key], list)):
                values[key] = _uids(data[key])
        if isinstance(data.get("invariant"), bool):
            values["invariant"] = data["invariant"]
        if isinstance(data.get("texts"), Mapping):
            values["texts"] = tuple(data["texts"].items())
        return replace(start, **values).cleaned()


def _texts(values: Iterable[Any]) -> tuple[tuple[str, str], ...]:
    """Known prose sections with text, in section order; paragraphs kept, ends trimmed."""
    found: dict[str, str] = {}
    for item in values or ():
        if not (isinstance(item, tuple | list) and len(item) == 2):
            continue
        key, text = item
        if key in {s.value for s in TEXT_SECTIONS} and isinstance(text, str) and text.strip():
            found[key] = text.replace("\r\n", "\n").strip()[:MAX_SECTION_TEXT]
    return tuple((s.value, found[s.value]) for s in TEXT_SECTIONS if s.value in found)


def _uids(values: Iterable[Any] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, str) and value.strip():
            seen.setdefault(value.strip()[:36])
    return tuple(seen)


def preparer_name(display_name: str) -> str:
    """The analyst's chosen name, or "" when the identity is only the computer login
    (the command line makes one from the login when nobody has set a name)."""
    name = plain(display_name, MAX_TITLE)
    try:
        login = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some sandboxes
        return name
    return "" if name.casefold() in (login.casefold(), "analyst") else name


def default_options(ctx: ProjectContext) -> BriefOptions:
    """Sensible options for this project: its name, its default marking, every section."""
    project = ctx.project()
    description = plain(project.description)
    return BriefOptions(
        title=plain(project.name, MAX_TITLE) or "Brief",
        subtitle=description if len(description) <= 240 else "",
        analyst=preparer_name(ctx.analyst.display_name),
        marking=marking_of(project.default_marking or Marking.AMBER),
    ).cleaned()
