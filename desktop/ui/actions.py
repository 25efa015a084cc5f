"""Every action a user can take: text, shortcut, icon and tip, declared once.

Menus and toolbars are built from these lists; tests trigger actions by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from desktop.ui.icons import action_icon


@dataclass(frozen=True)
class ActionSpec:
    name: str
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
    ActionSpec("new", "&New project…", KS.New, "Create an empty project file", SP.SP_FileIcon,
               "document-new", needs_project=False),
    ActionSpec("open", "&Open project…", KS.Open, "Open a project file", SP.SP_DialogOpenButton,
               "document-open", needs_project=False),
    ActionSpec("open_sample", "Open the &sample project", None,
               "Open a copy of the bundled fictional sample project", needs_project=False),
    ActionSpec("close", "&Close project", KS.Close, "Close the current project"),
    ActionSpec("import", "&Import sources…", "Ctrl+I", "Import text, Markdown, web pages, PDF "
               "and Word files", SP.SP_ArrowDown, "document-import", writes=True),
    ActionSpec("paste_source", "&Paste text as new source", "Ctrl+Shift+V",
               "Create a source from the text on the clipboard", writes=True),
    ActionSpec("project_properties", "Pro&ject properties…", None,
               "Name, description and default handling marking of this project", writes=True),
    ActionSpec("source_properties", "Source proper&ties…", "Alt+Return",
               "Edit the current source's title, metadata and reliability", writes=True),
    ActionSpec("export_brief", "&Export brief…", "Ctrl+E", "Build the PDF brief",
               SP.SP_DialogSaveButton, "document-export"),
    ActionSpec("save_copy", "Save a copy for s&haring…", None,
               "Write a consistent copy of this project to send to a colleague"),
    ActionSpec("merge_from", "&Merge from…", None,
               "Merge a colleague's copy of this project into yours", writes=True),
    ActionSpec("conflicts", "Review merge con&flicts…", None,
               "See the versions a merge set aside, and take them back if you wish"),
    ActionSpec("restore_backup", "Restore from &backup…", None,
               "Open one of the automatic backups of this project", needs_project=False),
    ActionSpec("quit", "&Quit", KS.Quit, "Close Dossier", needs_project=False),
    # Edit
    ActionSpec("undo", "&Undo", KS.Undo, "Undo the last change", SP.SP_ArrowBack, "edit-undo"),
    ActionSpec("redo", "&Redo", "Ctrl+Shift+Z", "Redo the change you undid", SP.SP_ArrowForward,
               "edit-redo", also=("Ctrl+Y",)),
    ActionSpec("delete", "&Delete selected", KS.Delete,
               "Delete the selected rows (you can undo)", SP.SP_TrashIcon, writes=True),
    ActionSpec("find", "&Find in source", KS.Find, "Find text in the open source"),
    ActionSpec("preferences", "&Preferences…", "Ctrl+,",
               "Your name, default marking, text size, theme, backup folder",
               needs_project=False),
    ActionSpec("search", "&Search project", "Ctrl+Shift+F",
               "Full-text search across sources, claims and implications"),
    # Annotate
    ActionSpec("annotate_entity", "&Entity mention", "E",
               "Mark the selected text as a mention of an entity", writes=True),
    ActionSpec("annotate_claim", "&Claim", "C", "Record a claim from the selected text",
               writes=True),
    ActionSpec("annotate_implication", "&Implication", "I",
               "Write a judgement, assumption, indicator or gap", writes=True),
    ActionSpec("link", "&Link claim to implication", "L",
               "Link the current claim to an implication", writes=True),
    ActionSpec("merge_entities", "&Merge entities…", "Ctrl+M",
               "Merge the selected entities into one", writes=True),
    # Assist
    ActionSpec("suggest", "&Suggest annotations", "Ctrl+Shift+S",
               "Propose entities, claims and implications for the open source", writes=True),
    ActionSpec("accept_suggestion", "&Accept suggestion", "Ctrl+Shift+A",
               "Accept the selected suggestions", writes=True),
    ActionSpec("reject_suggestion", "&Reject suggestion", "Ctrl+Shift+R",
               "Reject the selected suggestions (they will not come back)", writes=True),
    ActionSpec("summarise_source", "S&ummarise source", None,
               "Extractive summary of the open source"),
    ActionSpec("entity_profile", "Entity &profile", "Ctrl+Shift+P",
               "Everything known about the current entity"),
    ActionSpec("claims_matrix", "Claims × &judgements matrix", "Ctrl+Shift+M",
               "Which judgement does the evidence favour?"),
    ActionSpec("project_overview", "Project &overview", None,
               "Counts, timeline, most-mentioned entities, weakest judgements"),
    # View
    ActionSpec("view_undo_history", "&Undo history", None, "Show every change you can undo"),
    ActionSpec("view_search", "&Search results", None, "Show the search pane"),
    ActionSpec("legend", "&Legend", None, "What each highlight in the reader means",
               needs_project=False),
    ActionSpec("next_pane", "&Next pane", "F6", "Move the keyboard focus to the next pane"),
    ActionSpec("previous_pane", "&Previous pane", "Shift+F6",
               "Move the keyboard focus to the previous pane"),
    # Go to a pane (Alt+letter; the menu bar keeps F, E, A, S, V and H)
    ActionSpec("go_sources", "S&ources", "Alt+O", "Go to the list of sources"),
    ActionSpec("go_reader", "&Reader", "Alt+R", "Go to the text of the open source"),
    ActionSpec("go_entities", "E&ntities", "Alt+N", "Go to the entities table"),
    ActionSpec("go_claims", "C&laims", "Alt+L", "Go to the claims table"),
    ActionSpec("go_implications", "I&mplications", "Alt+M", "Go to the implications table"),
    ActionSpec("go_details", "&Details", "Alt+D", "Go to the details of the current row"),
    ActionSpec("go_search", "Search &project", "Alt+J", "Go to the project search pane"),
    ActionSpec("go_suggestions", "Su&ggestions", "Alt+G", "Go to the suggestions to review"),
    # Help
    ActionSpec("tour", "&Guided tour", None, "A one-minute walk through the window's panes"),
    ActionSpec("user_guide", "&User guide", KS.HelpContents, "How to use Dossier, step by step",
               needs_project=False),
    ActionSpec("shortcuts", "&Keyboard shortcuts", None, "Every shortcut in one list",
               needs_project=False),
    ActionSpec("about", "&About Dossier", None, "Version and licences", needs_project=False),
)


def build_actions(parent: QWidget) -> dict[str, QAction]:
    style = parent.style()
    actions: dict[str, QAction] = {}
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


MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("&File", ("new", "open", "open_sample", "-", "import", "paste_source", "source_properties",
               "project_properties",
               "-", "export_brief", "save_copy", "merge_from", "conflicts", "restore_backup", "-", "close",
               "quit")),
    ("&Edit", ("undo", "redo", "-", "delete", "-", "find", "search", "-", "preferences")),
    ("&Annotate", ("annotate_entity", "annotate_claim", "annotate_implication", "link", "-",
                   "merge_entities")),
    ("A&ssist", ("suggest", "accept_suggestion", "reject_suggestion", "-", "summarise_source",
                 "entity_profile", "claims_matrix", "project_overview")),
    ("&View", ("view_search", "view_undo_history", "legend", "-", "next_pane", "previous_pane",
               "-", "go_sources", "go_reader", "go_entities", "go_claims", "go_implications",
               "go_details", "go_search", "go_suggestions")),
    ("&Help", ("user_guide", "tour", "shortcuts", "-", "about")),
)

TOOLBAR: tuple[str, ...] = (
    "import", "-", "annotate_entity", "annotate_claim", "annotate_implication", "link", "-",
    "undo", "redo", "-", "export_brief",
)
