"""Read-mostly windows over the summaries: a source's summary, an entity's profile and
the project overview. Each renders one frozen value as tidy HTML whose links ask the
main window to reveal a place (``span:SOURCE/START/END``), open a source
(``source:UID``), select a claim (``claim:UID``) or profile an entity (``entity:UID``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db.models.vocab import ClaimStatus, EntityType, ImplicationKind
from desktop.services.summaries import (
    ClaimRef,
    EntityProfile,
    ProjectOverview,
    SourceSummary,
)
from desktop.ui.highlights import ENTITY_COLOURS

esc = html.escape
STYLE = """
<style>
 body { font-size: 10pt; }
 h2 { margin: 0 0 2px 0; }
 h3 { margin: 14px 0 4px 0; color: #343a40; border-bottom: 1px solid #dee2e6; }
 .muted { color: #868e96; }
 .grade { font-weight: bold; color: #1c7ed6; }
 .pill { color: #212529; padding: 0 4px; }
 table.grid { border-collapse: collapse; }
 table.grid td, table.grid th { padding: 3px 10px 3px 0; vertical-align: top; }
 table.grid th { text-align: left; color: #495057; font-weight: 600; }
 .num { text-align: right; }
 .weak { color: #c92a2a; }
 a { color: #1864ab; text-decoration: none; }
</style>
"""
STATUS_COLOURS = {"corroborated": "#2b8a3e", "disputed": "#e67700", "refuted": "#c92a2a",
                  "reported": "#1c7ed6", "unassessed": "#868e96"}


def span_link(source_uid: str, start: int, end: int) -> str:
    return f"span:{source_uid}/{start}/{end}"


def parse_link(url: QUrl | str) -> tuple[str, list[str]]:
    """('span', [source, start, end]) and the like, from an href these views wrote."""
    text = url.toString() if isinstance(url, QUrl) else url
    kind, _, rest = text.partition(":")
    return kind, rest.split("/")


def _type_label(value: str) -> str:
    try:
        return EntityType(value).label
    except ValueError:
        return value


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


class HtmlWindow(QWidget):
    """A top-level window holding one QTextBrowser whose links come out as a signal."""

    link_activated = Signal(str)

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.resize(640, 720)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(10, 10, 10, 10)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(lambda url: self.link_activated.emit(url.toString()))
        self.layout_.addWidget(self.browser, 1)

    def set_html(self, body: str) -> None:
        # Keep the reader's place when the content is refreshed after a change.
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(STYLE + body)
        self.browser.verticalScrollBar().setValue(scroll)

    def html_text(self) -> str:
        return self.browser.toPlainText()


# ---- a source's summary --------------------------------------------------------------

class SourceSummaryView(HtmlWindow):
    """The extractive summary as links into the text, and the editable stored summary."""

    save_requested = Signal(str, str)  # source uid, text
    regenerate_requested = Signal(str)  # source uid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Summary", "sourceSummaryView", parent)
        self.resize(620, 640)
        self.source_uid = ""
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: palette(placeholder-text);")
        self.layout_.addWidget(self.status)
        label = QLabel("&Summary to keep with the source (edit freely):", self)
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName("Summary text")
        self.editor.setTabChangesFocus(True)
        label.setBuddy(self.editor)
        self.layout_.addWidget(label)
        self.layout_.addWidget(self.editor, 1)
        row = QHBoxLayout()
        self.regenerate_button = QPushButton("Summarise &again", self)
        self.regenerate_button.setToolTip("Replace the stored summary with a fresh extractive "
                                          "one (you can undo)")
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("&Save summary",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        row.addWidget(self.regenerate_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        self.layout_.addLayout(row)
        self.save_button.clicked.connect(
            lambda: self.save_requested.emit(self.source_uid, self.editor.toPlainText()))
        self.regenerate_button.clicked.connect(
            lambda: self.regenerate_requested.emit(self.source_uid))
        self.buttons.rejected.connect(self.close)
        self.editor.textChanged.connect(self._update_buttons)
        self._stored = ""

    def set_summary(self, summary: SourceSummary, read_only: bool = False) -> None:
        self.source_uid = summary.source_uid
        self.setWindowTitle(f"Summary — {summary.title}")
        items = "".join(
            f"<li style='margin-bottom:6px'><a href='{span_link(summary.source_uid, s.start, s.end)}'>"
            f"{esc(s.text)}</a></li>" for s in summary.sentences)
        found = (f"<ol>{items}</ol>" if items else
                 "<p class='muted'>None of the summary's sentences occur word for word in "
                 "the text.</p>")
        self.set_html(f"<h2>{esc(summary.title)}</h2><p class='muted'>Click a sentence to see "
                      f"it in the source.</p>{found}")
        self._stored = "" if summary.generated else summary.text
        if summary.text != self.editor.toPlainText():
            self.editor.setPlainText(summary.text)
        self.status.setText(
            "Made now from the most central sentences; not saved yet." if summary.generated
            else "This is the summary saved with the source.")
        self.editor.setReadOnly(read_only)
        self.regenerate_button.setEnabled(not read_only)
        self._read_only = read_only
        self._update_buttons()

    def _update_buttons(self) -> None:
        text = self.editor.toPlainText().strip()
        self.save_button.setEnabled(not getattr(self, "_read_only", False)
                                    and bool(text) and text != self._stored.strip())


# ---- an entity's profile -------------------------------------------------------------

def _claim_items(claims: Sequence[ClaimRef]) -> str:
    if not claims:
        return "<p class='muted'>None.</p>"
    rows = []
    for c in claims:
        colour = STATUS_COLOURS.get(c.status, "#495057")
        try:
            status = ClaimStatus(c.status).label
        except ValueError:
            status = c.status
        rows.append(
            f"<tr><td><span class='grade'>{esc(c.grade)}</span></td>"
            f"<td><a href='claim:{esc(c.uid)}'>{esc(c.statement)}</a><br>"
            f"<span class='muted'>{esc(c.claimant)} · {esc(c.source_title)} · </span>"
            f"<span style='color:{colour}'>{esc(status)}</span></td></tr>")
    return f"<table class='grid'>{''.join(rows)}</table>"


def profile_html(profile: EntityProfile) -> str:
    colour = ENTITY_COLOURS.get(profile.type, ENTITY_COLOURS["OTHER"])
    aliases = ", ".join(esc(a) for a in profile.aliases) or "none"
    state = " · <i>suggestion, not yet accepted</i>" if profile.review_state == "suggested" \
        else ""
    parts = [
        f"<h2>{esc(profile.name)}</h2>",
        f"<p><span class='pill' style='background:{colour}'>&nbsp;{esc(_type_label(profile.type))}"
        f"&nbsp;</span>&nbsp; <span class='muted'>also known as: {aliases}{state}</span></p>",
    ]
    if profile.description:
        parts.append(f"<p>{esc(profile.description)}</p>")
    parts.append(f"<h3>Mentions ({len(profile.mentions)})</h3>")
    if profile.mentions:
        by_source: dict[str, list[str]] = {}
        titles: dict[str, str] = {}
        for m in profile.mentions:
            titles[m.source_uid] = m.source_title
            by_source.setdefault(m.source_uid, []).append(
                f"<a href='{span_link(m.source_uid, m.start, m.end)}'>“{esc(m.exact)}”</a>")
        parts.append("<table class='grid'>" + "".join(
            f"<tr><td>{esc(titles[uid])}</td><td>{' · '.join(links)}</td></tr>"
            for uid, links in by_source.items()) + "</table>")
    else:
        parts.append("<p class='muted'>No accepted mentions yet.</p>")
    parts.append(f"<h3>Claims made by {esc(profile.name)} ({len(profile.claims_by)})</h3>")
    parts.append(_claim_items(profile.claims_by))
    parts.append(f"<h3>Claims about {esc(profile.name)} ({len(profile.claims_about)})</h3>")
    parts.append(_claim_items(profile.claims_about))
    parts.append("<h3>Appears with</h3>")
    if profile.co_occurring:
        parts.append("<table class='grid'><tr><th>Entity</th><th>Type</th>"
                     "<th class='num'>Same sentence</th><th class='num'>Same source</th></tr>"
                     + "".join(
                         f"<tr><td><a href='entity:{esc(c.uid)}'>{esc(c.name)}</a></td>"
                         f"<td class='muted'>{esc(_type_label(c.type))}</td>"
                         f"<td class='num'>{c.shared_sentences}</td>"
                         f"<td class='num'>{c.shared_sources}</td></tr>"
                         for c in profile.co_occurring[:15]) + "</table>")
    else:
        parts.append("<p class='muted'>No other entity is mentioned in the same sources.</p>")
    parts.append(f"<h3>Sources ({len(profile.sources)})</h3>")
    if profile.sources:
        parts.append("<table class='grid'>" + "".join(
            f"<tr><td class='muted'>{esc(s.published_at or 'undated')}</td>"
            f"<td><a href='source:{esc(s.uid)}'>{esc(s.title)}</a></td>"
            f"<td class='num muted'>{_count(s.mentions, 'mention')}</td></tr>"
            for s in profile.sources) + "</table>")
    else:
        parts.append("<p class='muted'>Not mentioned in any source yet.</p>")
    return "".join(parts)


class EntityProfileView(HtmlWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Entity profile", "entityProfileView", parent)
        self.entity_uid = ""

    def set_profile(self, profile: EntityProfile) -> None:
        self.entity_uid = profile.uid
        self.setWindowTitle(f"Entity profile — {profile.name}")
        self.set_html(profile_html(profile))


# ---- the whole project ---------------------------------------------------------------

def _bars(rows: Iterable[tuple[str, int]], widest: int) -> str:
    """A compact bar chart: label, figure and a bar of block characters."""
    cells = []
    for label, value in rows:
        blocks = max(1, round(24 * value / widest)) if widest and value else 0
        cells.append(f"<tr><td>{label}</td><td class='num'>{value}</td>"
                     f"<td><span style='color:#74c0fc'>{'█' * blocks}</span></td></tr>")
    return "<table class='grid'>" + "".join(cells) + "</table>"


def overview_html(overview: ProjectOverview) -> str:
    c = overview.counts
    parts = [f"<h2>{esc(overview.name)}</h2>"]
    figures = [("sources", "Sources"), ("entities", "Entities"), ("mentions", "Mentions"),
               ("claims", "Claims"), ("implications", "Implications"),
               ("judgements", "Key judgements")]
    parts.append("<table class='grid'><tr>" + "".join(
        f"<td style='padding-right:22px'><span style='font-size:16pt; font-weight:600'>"
        f"{c.get(key, 0)}</span><br><span class='muted'>{label}</span></td>"
        for key, label in figures) + "</tr></table>")
    if overview.pending_suggestions:
        parts.append(f"<p class='muted'>{_count(overview.pending_suggestions, 'suggestion')} "
                     "still waiting for review.</p>")
    parts.append("<h3>Sources by date</h3>")
    if overview.timeline:
        parts.append("<table class='grid'><tr><th>Date</th><th>Grade</th><th>Source</th></tr>"
                     + "".join(
                         f"<tr><td>{esc(t.date or 'undated')}</td>"
                         f"<td class='grade'>{esc(t.reliability)}</td>"
                         f"<td><a href='source:{esc(t.source_uid)}'>{esc(t.title)}</a></td></tr>"
                         for t in overview.timeline) + "</table>")
    else:
        parts.append("<p class='muted'>No sources yet.</p>")
    parts.append("<h3>Most-mentioned entities</h3>")
    if overview.top_entities:
        widest = max(e.mentions for e in overview.top_entities)
        parts.append(_bars(((f"<a href='entity:{esc(e.uid)}'>{esc(e.name)}</a> "
                             f"<span class='muted'>{esc(_type_label(e.type))}, "
                             f"{_count(e.sources, 'source')}</span>", e.mentions)
                            for e in overview.top_entities), widest))
    else:
        parts.append("<p class='muted'>No mentions yet.</p>")
    parts.append("<h3>Claims by status</h3>")
    if overview.claims_by_status:
        widest = max(overview.claims_by_status.values())
        parts.append(_bars(((f"<span style='color:{STATUS_COLOURS.get(s, '#495057')}'>"
                             f"{esc(s.capitalize())}</span>", n)
                            for s, n in overview.claims_by_status.items()), widest))
    else:
        parts.append("<p class='muted'>No claims yet.</p>")
    parts.append("<h3>Weakest-supported judgements</h3>")
    if overview.weakest_judgements:
        parts.append(
            "<table class='grid'><tr><th>Judgement</th><th>Estimate</th>"
            "<th class='num'>▲</th><th class='num'>▼</th><th class='num'>Balance</th></tr>"
            + "".join(
                f"<tr><td>{esc(j.text)}</td>"
                f"<td class='muted'>{esc(' · '.join(p for p in (j.likelihood, j.confidence) if p))}"
                f"</td><td class='num'>{j.supports}</td><td class='num'>{j.contradicts}</td>"
                f"<td class='num{' weak' if j.balance <= 0 else ''}'>{j.balance:+.2f}</td></tr>"
                for j in overview.weakest_judgements) + "</table>"
            "<p class='muted'>Balance: supporting minus contradicting claims, each weighted by "
            "its grade. A judgement near zero rests on little.</p>")
    else:
        kinds = " or ".join(k.label.lower() for k in (ImplicationKind.BLUF,
                                                      ImplicationKind.JUDGEMENT))
        parts.append(f"<p class='muted'>No {kinds} yet.</p>")
    return "".join(parts)


class ProjectOverviewView(HtmlWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Project overview", "projectOverviewView", parent)
        self.resize(720, 760)

    def set_overview(self, overview: ProjectOverview) -> None:
        self.setWindowTitle(f"Project overview — {overview.name}")
        self.set_html(overview_html(overview))
