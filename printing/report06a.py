"""Biểu 06a as a PDF (A4 landscape), drawn with reportlab platypus.

The shared layout model (printing/layout.py) has single-row table headers and no charts; the
form needs a merged two-row header and a bar chart, so this one document is built with
reportlab's own Table (SPAN) and graphics (VerticalBarChart), in the shipped Liberation Serif
(metric-compatible with Times New Roman, NĐ 30/2020)."""
from __future__ import annotations

import io
from datetime import datetime

from app.domain import Office
from printing.common import QUOC_HIEU, TIEU_NGU, dated_line, fmt_int, fmt_pct
from printing.fonts import SERIF
from printing.pdf_backend import _register, face

REGULAR, BOLD, ITALIC, BOLD_ITALIC = (face(SERIF, i) for i in range(4))

A4L = (841.89, 595.28)
SERIES = (("early", "Trước hạn", "#2e7d32"), ("on_time", "Đúng hạn", "#1565c0"),
          ("late", "Quá hạn", "#c62828"))


def row_values(cells) -> list[str]:
    """Columns (3)…(17) of one line, formatted."""
    nums = [cells.received, cells.online, cells.counter_post, cells.carried_over, cells.resolved,
            cells.early, cells.on_time, cells.late, cells.in_progress, cells.within, cells.overdue,
            cells.refused, cells.withdrawn, cells.stopped]
    return [fmt_int(n) for n in nums] + [fmt_pct(cells.on_time_rate)]


HEAD1 = ["STT", "{first}", "Số hồ sơ nhận giải quyết", "", "", "", "Kết quả giải quyết: đã giải quyết",
         "", "", "", "Đang giải quyết", "", "", "Từ chối tiếp nhận", "Công dân rút hồ sơ", "Dừng xử lý",
         "Tỷ lệ đúng hạn"]
HEAD2 = ["", "", "Tổng số", "Trong kỳ: trực tuyến", "Trong kỳ: trực tiếp và bưu chính",
         "Từ kỳ trước chuyển qua", "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số",
         "Trong hạn", "Quá hạn", "", "", "", ""]


CHART_MAX = 10


def _chart(rows, width: float):
    """Trước / đúng / quá hạn by field: the CHART_MAX fields with most resolved dossiers."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    shown = sorted(rows, key=lambda r: -r.cells.resolved)[:CHART_MAX] if len(rows) > CHART_MAX else rows
    few = len(shown) <= 5
    height = 100 if few else 128
    title = "Hồ sơ đã giải quyết theo lĩnh vực: trước hạn, đúng hạn, quá hạn"
    if len(shown) < len(rows):
        title += f" ({len(shown)} lĩnh vực có nhiều hồ sơ nhất)"
    d = Drawing(width, height)
    d.add(String(width / 2, height - 9, title, fontName=BOLD, fontSize=9, textAnchor="middle"))
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 40, 18, width - 200, height - 36
    c.data = [[getattr(r.cells, key) for r in shown] for key, _l, _c in SERIES]
    chars = 22 if few else 16
    c.categoryAxis.categoryNames = [r.label if len(r.label) <= chars else r.label[:chars - 1] + "…"
                                    for r in shown]
    c.categoryAxis.labels.fontName = REGULAR
    c.categoryAxis.labels.fontSize = 7 if few else 6
    c.valueAxis.labels.fontName = REGULAR
    c.valueAxis.labels.fontSize = 7
    c.valueAxis.valueMin = 0
    c.valueAxis.labelTextFormat = lambda v: fmt_int(int(v))
    top = max([max(s) for s in c.data] + [1])
    step = max(1, -(-top // 5))
    c.valueAxis.valueStep = step
    c.valueAxis.valueMax = step * 5 + (step if top >= step * 5 else 0)
    c.barLabelFormat = lambda v: fmt_int(int(v))
    c.barLabels.fontName, c.barLabels.fontSize, c.barLabels.nudge = REGULAR, 6 if few else 5, 5
    for i, (_k, _label, colour) in enumerate(SERIES):
        c.bars[i].fillColor = colors.HexColor(colour)
    d.add(c)
    lg = Legend()
    lg.x, lg.y, lg.fontName, lg.fontSize = width - 140, height - 25, REGULAR, 8
    lg.colorNamePairs = [(colors.HexColor(col), label) for _k, label, col in SERIES]
    d.add(lg)
    return d


def report_06a_pdf(report, office: Office, at: datetime, rows=None, first_title: str = "Lĩnh vực") -> bytes:
    """`report`: an app.reports.Report06a; `rows` defaults to its by-field lines."""
    from reportlab.lib import colors
    from reportlab.lib.fonts import addMapping
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    _register()
    for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
        addMapping(REGULAR, bold, italic, name)       # <b>, <i> inside paragraphs
    rows = report.by_field if rows is None else rows
    st = {k: ParagraphStyle(k, fontName=f, fontSize=s, leading=s * 1.25, alignment=a)
          for k, f, s, a in (("c", REGULAR, 10, 1), ("cb", BOLD, 10, 1), ("t", BOLD, 13, 1),
                             ("l", REGULAR, 10, 0), ("n", REGULAR, 7.5, 0), ("h", BOLD, 7.5, 1),
                             ("cell", REGULAR, 8, 0), ("i", REGULAR, 9.5, 1))}
    left = [Paragraph((office.parent_name or "").upper(), st["c"]), Paragraph(office.name.upper(), st["cb"])]
    right = [Paragraph(QUOC_HIEU, st["cb"]), Paragraph(TIEU_NGU, st["cb"]),
             Paragraph(f"<i>{dated_line(office, at)}</i>", st["c"])]
    width = A4L[0] - 24 * mm
    story = [Table([[left, right]], colWidths=[width * 0.4, width * 0.6],
                   style=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
             Spacer(1, 1 * mm), Paragraph("Biểu số 06a", st["i"]),
             Paragraph("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", st["t"]),
             Paragraph(f"Kỳ báo cáo: {report.period_label.lower()}", st["i"]),
             Spacer(1, 2 * mm),
             Paragraph(f"Đơn vị báo cáo: <b>{office.name}</b>", st["l"]),
             Paragraph(f"Đơn vị nhận báo cáo: <b>{office.parent_name or '…'}</b>", st["l"]),
             Spacer(1, 2 * mm)]
    head1 = [Paragraph(t.format(first=first_title), st["h"]) for t in HEAD1]
    head2 = [Paragraph(t, st["h"]) for t in HEAD2]
    data = [head1, head2, [f"({i})" for i in range(1, 18)]]
    for n, r in enumerate(rows, 1):
        label = r.label if r.key == r.label else f"{r.key} — {r.label}"
        data.append([str(n), Paragraph(label, st["cell"])] + row_values(r.cells))
    if not rows:
        data.append(["", Paragraph("Không có hồ sơ nào trong kỳ báo cáo.", st["cell"])] + [""] * 15)
    total = sum((r.cells for r in rows), type(report.total)()) if rows else report.total
    data.append(["", Paragraph("<b>Tổng cộng</b>", st["cell"])] + row_values(total))
    unit = (width - 10 * mm - 44 * mm - 16 * mm) / 14
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 8), ("FONT", (0, -1), (-1, -1), BOLD, 8),
        ("FONT", (0, 2), (-1, 2), REGULAR, 6.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ("ALIGN", (0, 2), (-1, 2), "CENTER"), ("ALIGN", (2, 3), (-1, -1), "RIGHT"),
        ("ALIGN", (0, 3), (0, -1), "CENTER"), ("BACKGROUND", (0, 0), (-1, 2), colors.HexColor("#eeeeee")),
        ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (5, 0)),
        ("SPAN", (6, 0), (9, 0)), ("SPAN", (10, 0), (12, 0)),
        *[("SPAN", (c, 0), (c, 1)) for c in (13, 14, 15, 16)],
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    story.append(Table(data, colWidths=[10 * mm, 44 * mm] + [unit] * 14 + [16 * mm], repeatRows=3,
                       style=style))
    story.append(Spacer(1, 3 * mm))
    if rows and total.resolved:
        story.append(_chart(rows, width))
    for note in report.notes:
        story.append(Paragraph(note, st["n"]))
    sign = Table([[[Paragraph("NGƯỜI LẬP BIỂU", st["cb"]), Paragraph("<i>(Ký, ghi rõ họ tên)</i>", st["c"])],
                   [Paragraph("THỦ TRƯỞNG ĐƠN VỊ", st["cb"]),
                    Paragraph("<i>(Ký tên, đóng dấu)</i>", st["c"])]]],
                 colWidths=[width / 2, width / 2], rowHeights=[20 * mm],
                 style=[("VALIGN", (0, 0), (-1, -1), "TOP")])
    story += [Spacer(1, 2 * mm), KeepTogether(sign)]
    buf = io.BytesIO()

    def footer(canvas, doc):
        canvas.setFont(REGULAR, 7.5)
        canvas.drawRightString(A4L[0] - 12 * mm, 7 * mm, f"Biểu 06a — {office.name} — Trang {doc.page}")

    SimpleDocTemplate(buf, pagesize=A4L, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=10 * mm,
                      bottomMargin=12 * mm, title=f"Biểu 06a {report.period_label}",
                      creator="Một Cửa Desk", invariant=1).build(story, onFirstPage=footer,
                                                                 onLaterPages=footer)
    return buf.getvalue()
