"""ReportLab settings that keep a brief from reaching outside the document.

All text is escaped before it reaches a Paragraph (see ``text.py``); as a second
wall, ReportLab is told to trust no host and no URL scheme, so even a markup slip
could not fetch a remote or ``file:`` resource.
"""

from __future__ import annotations

from reportlab import rl_config


def lock_down_reportlab() -> None:
    rl_config.trustedHosts = None
    rl_config.trustedSchemes = []
    # Binary (not ASCII85) compressed streams: smaller files, and ReportLab's pure-Python
    # ASCII85 encoder is a visible share of the time spent writing a large brief.
    rl_config.useA85 = 0
