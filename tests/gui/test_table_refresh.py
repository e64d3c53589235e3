"""A list refresh keeps the clerk's selection (views.widgets.Table.set_rows): a reload after an
action or a dossier_changed event must not move it to another row under the next key press."""
from views.widgets import Table


def test_a_refresh_keeps_the_selected_row(tk_root):
    t = Table(tk_root, [("code", "Mã", 100), ("name", "Tên", 100)])
    rows = [(c, (c, c.lower()), "", {}) for c in ("A", "B", "C")]
    t.set_rows(rows)
    assert t.tree.selection() == ("A",)                 # nothing chosen yet: the first row
    t.tree.selection_set("C")
    t.tree.focus("C")
    t.set_rows([rows[1], rows[2], rows[0]])             # reloaded (another order)
    assert t.tree.selection() == ("C",) and t.tree.focus() == "C"
    t.set_rows(rows[:2])                                # the chosen row is gone: the first
    assert t.tree.selection() == ("A",)
    t.destroy()


def test_a_choice_box_shows_words_and_stores_the_value(tk_root):
    import tkinter as tk

    from views import labels
    from views.widgets import ChoiceBox
    var = tk.StringVar(master=tk_root, value="usb")
    box = ChoiceBox(tk_root, var, labels.choices(labels.PRINTER_CONNECTIONS))
    assert box.get() == "Cổng USB"                                    # words on screen
    assert all("_" not in w and w not in labels.PRINTER_CONNECTIONS for w in box.cget("values"))
    box.set(labels.choices(labels.PRINTER_CONNECTIONS)["network"])
    box.event_generate("<<ComboboxSelected>>")
    assert var.get() == "network"                                     # the value in the setting
    var.set("none")
    assert box.get().startswith("Không có máy in")
    box.destroy()
