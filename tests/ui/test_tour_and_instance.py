"""First run (identity, sample, tour), Help ▸ Guided tour, and one window per project file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QDir, QRect, Qt
from PySide6.QtWidgets import QApplication

from desktop.core.identity import load_identity
from desktop.ui.application import launch, make_app
from desktop.ui.dialogs.identity_dialog import IdentityDialog
from desktop.ui.single_instance import InstanceServer, hand_over, project_key, server_name
from desktop.ui.tour import STEPS, GuidedTour, install_tour, maybe_offer_tour
from tests.ui.conftest import modal

REPO = Path(__file__).resolve().parents[2]


def running_tour(qtbot, window) -> GuidedTour:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.findChild(GuidedTour) is not None, timeout=3000)
    tour = window.findChild(GuidedTour)
    assert tour.isVisible()
    return tour


def test_first_run_asks_who_you_are_opens_the_sample_and_offers_the_tour_once(qtbot):
    make_app()
    assert load_identity() is None
    started = launch([])
    assert started is not None
    window = started.window
    qtbot.addWidget(window)
    assert not window.windowIcon().isNull()  # Dossier's own icon, not the platform's
    dialog = modal(qtbot, IdentityDialog)
    qtbot.keyClicks(dialog.name, "Grace Hopper")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.workspace
    assert window.sources_model.rowCount() == 3
    tour = running_tour(qtbot, window)
    assert tour.offer and tour.index == 0
    assert tour.next_button.text() == "&Show me around"
    assert tour.close_button.text() == "&Not now"
    qtbot.mouseClick(tour.next_button, Qt.MouseButton.LeftButton)
    assert tour.index == 1 and tour.target_rect() == _rect_in_window(window, window.sources_dock)
    with qtbot.waitSignal(tour.finished, timeout=3000):
        qtbot.keyClick(tour.focusWidget(), Qt.Key.Key_Escape)
    assert window.findChild(GuidedTour) is None or not window.findChild(GuidedTour).isVisible()
    # Offered once: opening the sample again later does not bring it back.
    assert maybe_offer_tour(window) is None
    # The window listens for later launches on the project it shows.
    assert started.server.key == project_key(window.controller.ctx.path)
    window.close()
    started.server.stop()


def test_help_guided_tour_walks_every_pane_by_keyboard_and_clicks(qtbot, window):
    install_tour(window)
    install_tour(window)  # idempotent: one trigger, one tour
    window.actions_by_name["tour"].trigger()
    tour = running_tour(qtbot, window)
    assert len(window.findChildren(GuidedTour)) == 1
    assert not tour.offer and tour.next_button.text() == "&Next"
    assert not tour.back_button.isVisible()
    seen = []
    while True:
        seen.append(tour.title.text())
        assert _inside(tour.callout.geometry(), tour.rect()), tour.title.text()
        if tour.index > 0:  # each pane step cuts its pane out of the dimming
            target = STEPS[tour.index].target(window)
            assert tour.target_rect() == _rect_in_window(window, target)
            assert not tour.callout.geometry().intersects(tour.target_rect()) or \
                tour.target_rect().contains(tour.callout.geometry())
        if tour.index == len(STEPS) - 1:
            break
        qtbot.keyClick(tour.focusWidget(), Qt.Key.Key_Right)
    assert seen == [step.title for step in STEPS]
    assert tour.next_button.text() == "&Finish"
    qtbot.keyClick(tour.focusWidget(), Qt.Key.Key_Left)
    assert tour.index == len(STEPS) - 2
    qtbot.mouseClick(tour.back_button, Qt.MouseButton.LeftButton)
    assert tour.index == len(STEPS) - 3
    # Tab stays inside the callout: Close, Back, Next and round again.
    focus = []
    for _ in range(4):
        qtbot.keyClick(tour.focusWidget(), Qt.Key.Key_Tab)
        focus.append(tour.focusWidget())
    assert focus == [tour.close_button, tour.back_button, tour.next_button, tour.close_button]
    for _ in range(2):
        qtbot.mouseClick(tour.next_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(tour.finished, timeout=3000):
        qtbot.mouseClick(tour.next_button, Qt.MouseButton.LeftButton)  # Finish


def test_the_tour_follows_a_resized_window(qtbot, window):
    install_tour(window)
    window.actions_by_name["tour"].trigger()
    tour = running_tour(qtbot, window)
    qtbot.keyClick(tour.focusWidget(), Qt.Key.Key_Right)
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: tour.size() == window.size(), timeout=3000)
    assert tour.target_rect() == _rect_in_window(window, window.sources_dock)
    assert _inside(tour.callout.geometry(), tour.rect())
    tour.close()


def second_instance(path: Path) -> subprocess.Popen[str]:
    """Another process asking for ``path``: it prints what hand_over answered."""
    code = ("import sys; from desktop.ui.single_instance import hand_over; "
            "print(hand_over(sys.argv[1]))")
    return subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_launch_on_the_same_file_hands_it_to_the_running_window(qtbot, sample_path):
    server = InstanceServer()
    assert server.follow(sample_path)
    # The second "instance" is another process: a blocking client in this process would
    # wait on the very event loop that has to answer it.
    with qtbot.waitSignal(server.open_requested, timeout=30000) as received:
        second = second_instance(sample_path)
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=30000)
    assert second.communicate()[0].strip() == "True"
    assert received.args == [str(sample_path.resolve())]
    # Another file finds nobody listening and gets a window of its own.
    assert hand_over(sample_path.with_name("other.dossier")) is False
    server.stop()
    assert hand_over(sample_path) is False


def test_the_socket_name_is_per_file_and_the_same_for_any_spelling(tmp_path):
    one = tmp_path / "a.dossier"
    assert server_name(one) == server_name(tmp_path / "sub" / ".." / "a.dossier")
    assert server_name(one) != server_name(tmp_path / "b.dossier")


def test_a_socket_left_by_a_crashed_window_is_taken_over(qtbot, sample_path):
    stale = Path(QDir.tempPath()) / server_name(sample_path)
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(stale))
    leftover.close()  # the file stays behind, like after a crash
    try:
        server = InstanceServer()
        assert server.follow(sample_path) and server.is_listening()
        server.stop()
    finally:
        stale.unlink(missing_ok=True)


def test_dossier_path_for_an_open_project_exits_0_and_raises_that_window(qtbot, sample_path,
                                                                         dossier_home):
    make_app()
    started = launch([str(sample_path)])
    assert started is not None
    window = started.window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.controller is not None, timeout=5000)
    assert started.server.key == project_key(sample_path)
    other = QApplication.activeWindow()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DOSSIER_HOME": str(dossier_home)}
    with qtbot.waitSignal(started.server.open_requested, timeout=30000):
        second = subprocess.Popen([sys.executable, "-m", "desktop.cli", str(sample_path)],
                                  cwd=REPO, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=30000)
    _out, err = second.communicate()
    assert second.returncode == 0, err
    assert window.controller is not None
    assert project_key(window.controller.ctx.path) == project_key(sample_path)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window or other is window,
                    timeout=3000)
    window.close()
    started.server.stop()


def _rect_in_window(window, widget) -> QRect:  # type: ignore[no-untyped-def]
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def _inside(inner: QRect, outer: QRect) -> bool:
    return outer.contains(inner)
