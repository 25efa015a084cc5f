"""Every action a user can take: text, shortcut, icon and tip, declared once.

Menus and toolbars are built from these lists; tests trigger actions by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from desktop.ui.icons import action_icon


class Act(StrEnum):
    """Every action's key. Controllers bind handlers by these typed keys (a typo is an
    error at import, not a silently dead menu item); each has exactly one ActionSpec."""

    NEW = "new"
    OPEN = "open"
    OPEN_SAMPLE = "open_sample"
    CLOSE = "close"
    IMPORT = "import"
    PASTE_SOURCE = "paste_source"
    PROJECT_PROPERTIES = "project_properties"
    SOURCE_PROPERTIES = "source_properties"
    EXPORT_BRIEF = "export_brief"
    SAVE_COPY = "save_copy"
    MERGE_FROM = "merge_from"
    CONFLICTS = "conflicts"
    RESTORE_BACKUP = "restore_backup"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    DELETE = "delete"
    FIND = "find"
    PREFERENCES = "preferences"
    SEARCH = "search"
    ANNOTATE_ENTITY = "annotate_entity"
    ANNOTATE_CLAIM = "annotate_claim"
    ANNOTATE_EVENT = "annotate_event"
    ANNOTATE_RELATION = "annotate_relation"
    ANNOTATE_IMPLICATION = "annotate_implication"
    LINK = "link"
    MERGE_ENTITIES = "merge_entities"
    SUGGEST = "suggest"
    ACCEPT_SUGGESTION = "accept_suggestion"
    REJECT_SUGGESTION = "reject_suggestion"
    SUMMARISE_SOURCE = "summarise_source"
    ENTITY_PROFILE = "entity_profile"
    CLAIMS_MATRIX = "claims_matrix"
    PROJECT_OVERVIEW = "project_overview"
    VIEW_UNDO_HISTORY = "view_undo_history"
    VIEW_SEARCH = "view_search"
    VIEW_TIMELINE = "view_timeline"
    VIEW_LINK_CHART = "view_link_chart"
    LEGEND = "legend"
    NEXT_PANE = "next_pane"
    PREVIOUS_PANE = "previous_pane"
    GO_SOURCES = "go_sources"
    GO_READER = "go_reader"
    GO_ENTITIES = "go_entities"
    GO_CLAIMS = "go_claims"
    GO_IMPLICATIONS = "go_implications"
    GO_DETAILS = "go_details"
    GO_SEARCH = "go_search"
    GO_SUGGESTIONS = "go_suggestions"
    TOUR = "tour"
    USER_GUIDE = "user_guide"
    SHORTCUTS = "shortcuts"
    ABOUT = "about"


@dataclass(frozen=True)
class ActionSpec:
    name: Act
    text: str
    shortcut: str | QKeySequence.StandardKey | None = None
    tip: str = ""
    icon: QStyle.StandardPixmap | None = None
    theme: str = ""
    needs_project: bool = True
    writes: bool = False  # disabled on read-only projects
    also: tuple[str, ...] = ()  # further shortcuts for the same action (Ctrl+Y for redo)


SP = QStyle.StandardPixmap
KS = QKeySequence.StandardKey

SPECS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec(Act.NEW, "&New project…", KS.New, "Create an empty project file", SP.SP_FileIcon,
               "document-new", needs_project=False),
    ActionSpec(Act.OPEN, "&Open project…", KS.Open, "Open a project file", SP.SP_DialogOpenButton,
               "document-open", needs_project=False),
    ActionSpec(Act.OPEN_SAMPLE, "Open the &sample project", None,
               "Open a copy of the bundled fictional sample project", needs_project=False),
    ActionSpec(Act.CLOSE, "&Close project", KS.Close, "Close the current project"),
    ActionSpec(Act.IMPORT, "&Import sources…", "Ctrl+I", "Import text, Markdown, web pages, PDF "
               "and Word files", SP.SP_ArrowDown, "document-import", writes=True),
    ActionSpec(Act.PASTE_SOURCE, "&Paste text as new source", "Ctrl+Shift+V",
               "Create a source from the text on the clipboard", writes=True),
    ActionSpec(Act.PROJECT_PROPERTIES, "Pro&ject properties…", None,
               "Name, description and default handling marking of this project", writes=True),
    ActionSpec(Act.SOURCE_PROPERTIES, "Source proper&ties…", "Alt+Return",
               "Edit the current source's title, metadata and reliability", writes=True),
    ActionSpec(Act.EXPORT_BRIEF, "&Export brief…", "Ctrl+E", "Build the PDF brief",
               SP.SP_DialogSaveButton, "document-export"),
    ActionSpec(Act.SAVE_COPY, "Save a copy for s&haring…", None,
               "Write a consistent copy of this project to send to a colleague"),
    ActionSpec(Act.MERGE_FROM, "&Merge from…", None,
               "Merge a colleague's copy of this project into yours", writes=True),
    ActionSpec(Act.CONFLICTS, "Review merge con&flicts…", None,
               "See the versions a merge set aside, and take them back if you wish"),
    ActionSpec(Act.RESTORE_BACKUP, "Restore from &backup…", None,
               "Open one of the automatic backups of this project", needs_project=False),
    ActionSpec(Act.QUIT, "&Quit", KS.Quit, "Close Dossier", needs_project=False),
    # Edit
    ActionSpec(Act.UNDO, "&Undo", KS.Undo, "Undo the last change", SP.SP_ArrowBack, "edit-undo"),
    ActionSpec(Act.REDO, "&Redo", "Ctrl+Shift+Z", "Redo the change you undid", SP.SP_ArrowForward,
               "edit-redo", also=("Ctrl+Y",)),
    ActionSpec(Act.DELETE, "&Delete selected", KS.Delete,
               "Delete the selected rows (you can undo)", SP.SP_TrashIcon, writes=True),
    ActionSpec(Act.FIND, "&Find in source", KS.Find, "Find text in the open source"),
    ActionSpec(Act.PREFERENCES, "&Preferences…", "Ctrl+,",
               "Your name, default marking, text size, theme, backup folder",
               needs_project=False),
    ActionSpec(Act.SEARCH, "&Search project", "Ctrl+Shift+F",
               "Full-text search across sources, claims and implications"),
    # Annotate
    ActionSpec(Act.ANNOTATE_ENTITY, "&Entity mention", "E",
               "Mark the selected text as a mention of an entity", writes=True),
    ActionSpec(Act.ANNOTATE_CLAIM, "&Claim", "C", "Record a claim from the selected text",
               writes=True),
    ActionSpec(Act.ANNOTATE_EVENT, "E&vent", "T",
               "Record what happened and when, from the selected text", writes=True),
    ActionSpec(Act.ANNOTATE_RELATION, "&Relation", "R",
               "Record how two entities in the selected text are connected", writes=True),
    ActionSpec(Act.ANNOTATE_IMPLICATION, "&Implication", "I",
               "Write a judgement, assumption, indicator or gap", writes=True),
    ActionSpec(Act.LINK, "&Link claim to implication", "L",
               "Link the current claim to an implication", writes=True),
    ActionSpec(Act.MERGE_ENTITIES, "&Merge entities…", "Ctrl+M",
               "Merge the selected entities into one", writes=True),
    # Assist
    ActionSpec(Act.SUGGEST, "&Suggest annotations", "Ctrl+Shift+S",
               "Propose entities, claims and implications for the open source", writes=True),
    ActionSpec(Act.ACCEPT_SUGGESTION, "&Accept suggestion", "Ctrl+Shift+A",
               "Accept the selected suggestions", writes=True),
    ActionSpec(Act.REJECT_SUGGESTION, "&Reject suggestion", "Ctrl+Shift+R",
               "Reject the selected suggestions (they will not come back)", writes=True),
    ActionSpec(Act.SUMMARISE_SOURCE, "S&ummarise source", None,
               "Extractive summary of the open source"),
    ActionSpec(Act.ENTITY_PROFILE, "Entity &profile", "Ctrl+Shift+P",
               "Everything known about the current entity"),
    ActionSpec(Act.CLAIMS_MATRIX, "Claims × &judgements matrix", "Ctrl+Shift+M",
               "Which judgement does the evidence favour?"),
    ActionSpec(Act.PROJECT_OVERVIEW, "Project &overview", None,
               "Counts, timeline, most-mentioned entities, weakest judgements"),
    # View
    ActionSpec(Act.VIEW_UNDO_HISTORY, "&Undo history", None, "Show every change you can undo"),
    ActionSpec(Act.VIEW_SEARCH, "&Search results", None, "Show the search pane"),
    ActionSpec(Act.VIEW_TIMELINE, "&Timeline", "Ctrl+Shift+T",
               "Events on a time axis, by entity or source"),
    ActionSpec(Act.VIEW_LINK_CHART, "&Link chart", "Ctrl+Shift+K",
               "Who is connected to whom, weighted by the grades behind each link"),
    ActionSpec(Act.LEGEND, "&Legend", None, "What each highlight in the reader means",
               needs_project=False),
    ActionSpec(Act.NEXT_PANE, "&Next pane", "F6", "Move the keyboard focus to the next pane"),
    ActionSpec(Act.PREVIOUS_PANE, "&Previous pane", "Shift+F6",
               "Move the keyboard focus to the previous pane"),
    # Go to a pane (Alt+letter; the menu bar keeps F, E, A, S, V and H)
    ActionSpec(Act.GO_SOURCES, "S&ources", "Alt+O", "Go to the list of sources"),
    ActionSpec(Act.GO_READER, "&Reader", "Alt+R", "Go to the text of the open source"),
    ActionSpec(Act.GO_ENTITIES, "E&ntities", "Alt+N", "Go to the entities table"),
    ActionSpec(Act.GO_CLAIMS, "C&laims", "Alt+L", "Go to the claims table"),
    ActionSpec(Act.GO_IMPLICATIONS, "I&mplications", "Alt+M", "Go to the implications table"),
    ActionSpec(Act.GO_DETAILS, "&Details", "Alt+D", "Go to the details of the current row"),
    ActionSpec(Act.GO_SEARCH, "Search &project", "Alt+J", "Go to the project search pane"),
    ActionSpec(Act.GO_SUGGESTIONS, "Su&ggestions", "Alt+G", "Go to the suggestions to review"),
    # Help
    ActionSpec(Act.TOUR, "&Guided tour", None, "A one-minute walk through the window's panes"),
    ActionSpec(Act.USER_GUIDE, "&User guide", KS.HelpContents, "How to use Dossier, step by step",
               needs_project=False),
    ActionSpec(Act.SHORTCUTS, "&Keyboard shortcuts", None, "Every shortcut in one list",
               needs_project=False),
    ActionSpec(Act.ABOUT, "&About Dossier", None, "Version and licences", needs_project=False),
)


def build_actions(parent: QWidget) -> dict[Act, QAction]:
    style = parent.style()
    actions: dict[Act, QAction] = {}
    for spec in SPECS:
        action = QAction(spec.text, parent)
        action.setObjectName(f"action_{spec.name}")
        if spec.shortcut is not None:
            action.setShortcuts([QKeySequence(spec.shortcut),
                                 *(QKeySequence(k) for k in spec.also)])
        tip = spec.tip
        if spec.shortcut is not None:
            tip = f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(spec.tip)
        # Dossier's own set first (one look, sharp at any scale), then the desktop theme's.
        own = action_icon(spec.name, parent.palette().color(parent.foregroundRole()))
        if own is not None:
            action.setIcon(own)
        elif spec.theme and QIcon.hasThemeIcon(spec.theme):
            action.setIcon(QIcon.fromTheme(spec.theme))
        elif spec.icon is not None:
            action.setIcon(style.standardIcon(spec.icon))
        action.setProperty("needs_project", spec.needs_project)
        action.setProperty("writes", spec.writes)
        actions[spec.name] = action
    return actions


MENUS: tuple[tuple[str, tuple[Act | str, ...]], ...] = (
    ("&File", (Act.NEW, Act.OPEN, Act.OPEN_SAMPLE, "-", Act.IMPORT, Act.PASTE_SOURCE, Act.SOURCE_PROPERTIES,
               Act.PROJECT_PROPERTIES,
               "-", Act.EXPORT_BRIEF, Act.SAVE_COPY, Act.MERGE_FROM, Act.CONFLICTS, Act.RESTORE_BACKUP, "-", Act.CLOSE,
               Act.QUIT)),
    ("&Edit", (Act.UNDO, Act.REDO, "-", Act.DELETE, "-", Act.FIND, Act.SEARCH, "-", Act.PREFERENCES)),
    ("&Annotate", (Act.ANNOTATE_ENTITY, Act.ANNOTATE_CLAIM, Act.ANNOTATE_IMPLICATION, Act.LINK, "-",
                   Act.ANNOTATE_EVENT, Act.ANNOTATE_RELATION, "-", Act.MERGE_ENTITIES)),
    ("A&ssist", (Act.SUGGEST, Act.ACCEPT_SUGGESTION, Act.REJECT_SUGGESTION, "-", Act.SUMMARISE_SOURCE,
                 Act.ENTITY_PROFILE, Act.CLAIMS_MATRIX, Act.PROJECT_OVERVIEW)),
    ("&View", (Act.VIEW_SEARCH, Act.VIEW_UNDO_HISTORY, Act.VIEW_TIMELINE, Act.VIEW_LINK_CHART, Act.LEGEND,
               "-", Act.NEXT_PANE, Act.PREVIOUS_PANE,
               "-", Act.GO_SOURCES, Act.GO_READER, Act.GO_ENTITIES, Act.GO_CLAIMS, Act.GO_IMPLICATIONS,
               Act.GO_DETAILS, Act.GO_SEARCH, Act.GO_SUGGESTIONS)),
    ("&Help", (Act.USER_GUIDE, Act.TOUR, Act.SHORTCUTS, "-", Act.ABOUT)),
)

TOOLBAR: tuple[Act | str, ...] = (
    Act.IMPORT, "-", Act.ANNOTATE_ENTITY, Act.ANNOTATE_CLAIM, Act.ANNOTATE_IMPLICATION, Act.LINK, "-",
    Act.UNDO, Act.REDO, "-", Act.EXPORT_BRIEF,
)
