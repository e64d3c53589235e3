"""The counter flow without the mouse: keys only (ASCII keysyms — xdotool-like typing cannot
produce Vietnamese, see DESIGN §5), shortcuts from the command registry."""
from __future__ import annotations

from tests.gui.conftest import press, pump

KEYSYMS = {" ": "space", ".": "period", "|": "bar", "/": "slash", ",": "comma"}


def type_text(widget, text: str) -> None:
    widget.focus_force()
    widget.update()
    for ch in text:
        widget.event_generate("<KeyPress>", keysym=KEYSYMS.get(ch, ch))
    widget.update()


def test_register_with_the_keyboard_only(office, make_app, tk_root):
    app = make_app(office["url"], login=("canbo", "matkhau123"))
    counter = app.screens["counter"]
    pump(tk_root, lambda: counter.proc_list.get_children())
    type_text(counter.search, "ket hon")
    press(counter.search, "Return")                  # Enter even before the list caught up
    pump(tk_root, lambda: counter.procedure is not None)
    assert "kết hôn" in counter.procedure.name
    pump(tk_root)
    assert tk_root.focus_get() is counter.scan_box   # next: scan the CCCD
    counter.event_generate("<Control-Key-3>")        # or jump to the name
    pump(tk_root)
    assert tk_root.focus_get() is counter.f_name.entry
    type_text(counter.f_name.entry, "Le Van Tam")
    press(counter.f_name.entry, "Tab")
    press(counter.f_name.entry, "Return")
    pump(tk_root, lambda: app.last_dossier is not None)
    assert app.last_dossier.applicant.name == "Le Van Tam"
    assert tk_root.focus_get() is counter.search      # ready for the next citizen


def test_function_keys_switch_screens(office, make_app, tk_root):
    app = make_app(office["url"], login=("lanhdao", "matkhau123"))
    counter = app.screens["counter"]
    for key, screen in (("F3", "find"), ("F2", "counter"), ("F4", "queue"), ("F6", "catalog")):
        press(counter.search if app.current_screen() is counter else app.current_screen(), key)
        pump(tk_root)
        assert app.current_screen() is app.screens[screen], key
    tk_root.event_generate("<Control-f>")
    pump(tk_root)
    assert app.current_screen() is app.screens["find"]
    assert tk_root.focus_get() is app.screens["find"].entry
    # the menu shows the same shortcuts as the registry
    menubar = tk_root.nametowidget(tk_root.cget("menu"))
    first = tk_root.nametowidget(menubar.entrycget(0, "menu"))
    assert first.entrycget(0, "accelerator") == "F2"
