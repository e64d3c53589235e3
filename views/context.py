"""What a screen may use of the running application: the ``ScreenContext`` protocol.

Screens, the dossier window, the login and first-run screens get an object satisfying this
protocol (``views.main_window.DeskApp``), never the whole application.  The list is exact:
``tests/gui/test_screen_context.py`` builds every screen on a context that refuses any
other attribute.  Add a member here first when a screen really needs something new."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import tkinter as tk

    from app.desk import Startup
    from app.domain import Dossier, Office, User
    from views.printer import PrintDesk
    from views.worker import Worker


class ScreenContext(Protocol):
    user: User | None                     # the signed-in user (None on the login screen)
    office: Office | None
    settings: dict[str, str]              # the office's settings as last loaded or saved
    startup_state: Startup | None         # what startup found (office name for the login)
    worker: Worker                        # run a service off the Tk thread
    printer: PrintDesk                    # print jobs (their own thread)
    last_dossier: Dossier | None          # the dossier registered last in this session

    def notify(self, text: str, kind: str = "info",
               action: tuple[str, Callable] | list | None = None, seconds: float = 8) -> None:
        """A banner over the screens (UserErrors, results with actions)."""

    def flash(self, text: str) -> None:
        """A short line in the status bar."""

    def show(self, key: str) -> Any:
        """Bring screen `key` forward; returns it (None when the user may not use it)."""

    def open_dossier(self, code: str) -> tk.Toplevel:
        """The dossier's own window (one per dossier)."""

    def print_receipt(self, dossier: Dossier) -> None: ...

    def reprint_last(self) -> None: ...

    def run_command(self, command_id: str) -> object:
        """Run a registered command (menu item) as the signed-in user."""

    def set_ui(self, key: str, value: str) -> None:
        """Change language or theme (saved for the office, applied at once)."""

    def settings_saved(self, values: dict[str, str], office: Office) -> None:
        """The settings screen saved: take the new values (printer, office)."""

    def subscribe(self, event: str, fn: Callable[..., object], owner: tk.Misc) -> Callable[[], None]:
        """Call `fn` on the Tk thread after each commit raising `event` (app.events names)
        until `owner` (the screen/window subscribing) is destroyed; returns the unsubscribe."""


MEMBERS = frozenset(n for n in ScreenContext.__annotations__) | frozenset(
    n for n, v in vars(ScreenContext).items() if callable(v) and not n.startswith("_"))
