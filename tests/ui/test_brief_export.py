"""File ▸ Export brief… through the dialog, the background build and the preview."""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import Qt

from desktop.ui.dialogs.brief_dialog import BriefDialog
from tests.ui.conftest import modal


def test_export_brief_builds_previews_and_remembers_options(qtbot, window, tmp_path):
    out = tmp_path / "kessel brief.pdf"
    window.actions_by_name["export_brief"].trigger()
    dialog = modal(qtbot, BriefDialog)
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "Kessel pipeline: assessment")
    dialog.marking.setCurrentText("TLP:RED")
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.brief.brief_preview is not None, timeout=30000)
    preview = window.brief.brief_preview
    assert out.exists() and preview.page_count() >= 3
    pdf = pdfium.PdfDocument(str(out))
    first = pdf[0].get_textpage().get_text_range()
    assert "Kessel pipeline: assessment" in first and "TLP:RED" in first
    pdf.close()
    preview.accept()
    window.actions_by_name["export_brief"].trigger()
    again = modal(qtbot, BriefDialog)
    assert again.title.text() == "Kessel pipeline: assessment"
    assert again.marking.currentText() == "TLP:RED"
    again.reject()
