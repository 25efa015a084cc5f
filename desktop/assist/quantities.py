"""Numbers with units ("117 Ukrainian drones", "800 miles", "$2 billion", "41 per cent").

Dossier has no quantity entity type, so quantities are not suggested as entities;
sentences that state them become claim suggestions instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNIT_LIST = (
    "drones? missiles? rockets? shells? rounds munitions bombs? miles? kilomet(?:re|er)s? km "
    "met(?:re|er)s? m feet ft tons? tonnes? t kg kilograms? litres? liters? barrels? bcm "
    "troops soldiers people civilians casualties deaths dead wounded killed prisoners "
    "refugees bombers aircraft planes jets helicopters tanks ships vessels boats bases "
    "systems launchers trucks vehicles weapons guns howitzers satellites days? weeks? "
    "months? years? hours? minutes? seconds? dollars euros pounds hryvnias? roubles? rubles? "
    "megawatts? gigawatts? MW GW per\\s?cent percent %"
)
UNIT_NOUNS = tuple(_UNIT_LIST.split(" "))
_NUMBER = r"\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|bn|mn))?"
_UNITS = "|".join(UNIT_NOUNS)
QUANTITY = re.compile(
    rf"(?:[$€£¥]\s?(?:{_NUMBER}){_SCALE})"
    rf"|(?<![\w.])(?:{_NUMBER}){_SCALE}"
    rf"(?:\s?(?:%|per\s?cent|percent)|-(?:{_UNITS})\b|(?:\s+[^\W\d_]+){{0,2}}?\s+(?:{_UNITS})\b)",
    re.UNICODE,
)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str


_YEAR_THEN_WORDS = re.compile(r"^(?:1[89]|20)\d\d\s+[^\W\d_]+\s")


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    stop = len(text) if end is None else end
    found = []
    for m in QUANTITY.finditer(text, start, stop):
        # "in 2024 the drones": a year, not a count of drones.
        if _YEAR_THEN_WORDS.match(m.group()):
            continue
        found.append(Quantity(m.start(), m.end(), m.group()))
    return found
