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
