"""Biểu 06a as an Excel workbook (openpyxl): real numbers, formulas for the totals and the
on-time rate, the form's merged two-row header, Quốc hiệu and title rows, A4 landscape fitted
to one page wide, frozen header, a native bar chart, one sheet per view."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.domain import Office
from app.reports.values import NOTES, Report06a, ReportRow

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
HEAD1, HEAD2, FIRST = 9, 10, 12          # header rows, then the (1)(2)… row, then data
# (column, row-9 text or None when it spans both rows, row-10 text)
GROUPS = (("C", "F", "Số hồ sơ nhận giải quyết"), ("G", "J", "Kết quả giải quyết: đã giải quyết"),
          ("K", "M", "Đang giải quyết"))
SUBHEAD = {"C": "Tổng số", "D": "Trong kỳ: trực tuyến", "E": "Trong kỳ: trực tiếp và bưu chính",
           "F": "Từ kỳ trước chuyển qua", "G": "Tổng số", "H": "Trước hạn", "I": "Đúng hạn",
           "J": "Quá hạn", "K": "Tổng số", "L": "Trong hạn", "M": "Quá hạn"}
SINGLE = {"A": "STT", "B": "Lĩnh vực, công việc giải quyết", "N": "Từ chối tiếp nhận",
          "O": "Công dân rút hồ sơ", "P": "Dừng xử lý", "Q": "Tỷ lệ đúng hạn"}
WIDTHS = {"A": 5, "B": 34, "Q": 10}
RAW = ("D", "E", "F", "H", "I", "J", "L", "M", "N", "O", "P")
CELL_OF = {"D": "online", "E": "counter_post", "F": "carried_over", "H": "early", "I": "on_time",
           "J": "late", "L": "within", "M": "overdue", "N": "refused", "O": "withdrawn", "P": "stopped"}
LAST_COL = "Q"
thin = Side(style="thin")
BOX = Border(top=thin, bottom=thin, left=thin, right=thin)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _merge(ws: Worksheet, ref: str, value, bold=False, size=11, align=CENTER, italic=False) -> None:
    ws.merge_cells(ref)
    cell = ws[ref.split(":")[0]]
    cell.value = value
    cell.font = Font(name="Times New Roman", bold=bold, size=size, italic=italic)
    cell.alignment = align


def formulas(r: int) -> dict:
    """The computed cells of data row `r` (also used by the tests)."""
    return {"C": f"=D{r}+E{r}+F{r}", "G": f"=H{r}+I{r}+J{r}", "K": f"=L{r}+M{r}",
            "Q": f'=IF(G{r}>0,(H{r}+I{r})/G{r},"")'}


def _sheet(ws: Worksheet, report: Report06a, rows: tuple[ReportRow, ...], office: Office,
           row_title: str) -> None:
    _merge(ws, "A1:F1", (office.parent_name or "").upper(), size=11)
    _merge(ws, "A2:F2", office.name.upper(), bold=True)
    _merge(ws, "H1:Q1", QUOC_HIEU, bold=True)
    _merge(ws, "H2:Q2", TIEU_NGU, bold=True)
    _merge(ws, "A4:Q4", f"Biểu số 06a — {TITLE}", bold=True, size=14)
    _merge(ws, "A5:Q5", f"Kỳ báo cáo: {report.period_label.lower()}", italic=True)
    _merge(ws, "A6:H6", f"Đơn vị báo cáo: {office.name}", align=Alignment(horizontal="left"))
    _merge(ws, "I6:Q6", f"Đơn vị nhận báo cáo: {office.parent_name or '…'}",
           align=Alignment(horizontal="left"))
    _merge(ws, "A7:Q7", "Đơn vị tính: số hồ sơ", italic=True, align=Alignment(horizontal="right"))
    for col, text in SINGLE.items():
        _merge(ws, f"{col}{HEAD1}:{col}{HEAD2}", row_title if col == "B" else text, bold=True, size=10)
    for a, b, text in GROUPS:
        _merge(ws, f"{a}{HEAD1}:{b}{HEAD1}", text, bold=True, size=10)
    for col, text in SUBHEAD.items():
        c = ws[f"{col}{HEAD2}"]
        c.value, c.font, c.alignment = text, Font(name="Times New Roman", bold=True, size=10), CENTER
    for i in range(1, 18):
        c = ws.cell(row=HEAD2 + 1, column=i, value=f"({i})")
        c.font, c.alignment = Font(name="Times New Roman", italic=True, size=9), CENTER
    r = FIRST
    for n, row in enumerate(rows, 1):
        ws[f"A{r}"], ws[f"B{r}"] = n, row.label if row.key == row.label else f"{row.key} — {row.label}"
        for col in RAW:
            ws[f"{col}{r}"] = getattr(row.cells, CELL_OF[col])
        for col, f in formulas(r).items():
            ws[f"{col}{r}"] = f
        r += 1
    last = r - 1
    total = r
    ws[f"B{total}"] = "Tổng cộng"
    for col in list(RAW) + ["C", "G", "K"]:
        ws[f"{col}{total}"] = f"=SUM({col}{FIRST}:{col}{last})" if rows else 0
    ws[f"Q{total}"] = formulas(total)["Q"]
    for row_cells in ws.iter_rows(min_row=HEAD1, max_row=total, max_col=17):
        for c in row_cells:
            c.border = BOX
            if c.row > HEAD2 + 1:
                c.font = Font(name="Times New Roman", size=11, bold=c.row == total)
                c.number_format = "0.0%" if c.column_letter == "Q" else "#,##0"
                if c.column_letter != "B":
                    c.alignment = Alignment(horizontal="right" if c.column_letter != "A" else "center")
    for col in [get_column_letter(i) for i in range(1, 18)]:
        ws.column_dimensions[col].width = WIDTHS.get(col, 9.5)
    ws.row_dimensions[HEAD2].height = 58
    r = total + 2
    if not rows:
        ws[f"B{FIRST}"] = "Không có hồ sơ nào trong kỳ báo cáo."
    for note in NOTES:
        _merge(ws, f"A{r}:Q{r}", note, size=9, italic=True,
               align=Alignment(wrap_text=True, vertical="top", horizontal="left"))
        ws.row_dimensions[r].height = 26
        r += 1
    r += 1
    _merge(ws, f"A{r}:F{r}", "NGƯỜI LẬP BIỂU", bold=True)
    _merge(ws, f"K{r}:Q{r}", "THỦ TRƯỞNG ĐƠN VỊ", bold=True)
    _merge(ws, f"A{r + 1}:F{r + 1}", "(Ký, ghi rõ họ tên)", italic=True, size=10)
    _merge(ws, f"K{r + 1}:Q{r + 1}", "(Ký tên, đóng dấu)", italic=True, size=10)
    ws.freeze_panes = f"C{FIRST}"
    ws.print_title_rows = f"{HEAD1}:{HEAD2 + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.print_options.horizontalCentered = True
    if rows:
        _chart(ws, FIRST, last, r + 4)


def _chart(ws: Worksheet, first: int, last: int, at_row: int) -> None:
    chart = BarChart()
    chart.type, chart.grouping = "col", "clustered"
    chart.title = "Hồ sơ đã giải quyết: trước hạn, đúng hạn, quá hạn"
    chart.y_axis.title = "Số hồ sơ"
    for col in (8, 9, 10):             # H, I, J: trước hạn, đúng hạn, quá hạn
        values = Reference(ws, min_col=col, min_row=first, max_row=last)
        chart.series.append(Series(values, title=SUBHEAD[get_column_letter(col)]))
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    chart.height, chart.width = 8, 24
    ws.add_chart(chart, f"B{at_row}")


def write_06a(report: Report06a, office: Office, path: str | Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "06a theo lĩnh vực"
    _sheet(ws, report, report.by_field, office, "Lĩnh vực")
    if report.by in ("procedure", "clerk"):
        other = wb.create_sheet("06a theo thủ tục" if report.by == "procedure" else "06a theo cán bộ")
        _sheet(other, report, report.rows, office,
               "Thủ tục hành chính" if report.by == "procedure" else "Cán bộ tiếp nhận")
    path = Path(path)
    wb.save(path)
    return path


LEVEL_ORDER = ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng")


def write_ratings(rep: dict, office: Office, path: str | Path) -> Path:
    """Satisfaction report (app.ratings.satisfaction): one sheet per view, rate as a formula."""
    wb = Workbook()
    views = (("Theo lĩnh vực", "Lĩnh vực", "field", rep["by_field"]),
             ("Theo cán bộ", "Cán bộ", "clerk", rep["by_clerk"]),
             ("Theo tháng", "Tháng", "month", rep["by_month"]))
    for i, (title, head, key, lines) in enumerate(views):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        ws.append([office.name.upper()])
        ws.append([f"MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC — THÁNG {rep['month'][5:]}/{rep['month'][:4]}"])
        ws.append([])
        ws.append([head, "Số đánh giá", *LEVEL_ORDER, "Tỷ lệ hài lòng"])
        for r, line in enumerate(lines, 5):
            ws.append([line[key], f"=SUM(C{r}:G{r})", *[line["levels"][lv] for lv in LEVEL_ORDER],
                       f'=IF(B{r}>0,(C{r}+D{r})/B{r},"")'])
            ws[f"H{r}"].number_format = "0.0%"
        for c in ws[4]:
            c.font, c.alignment, c.border = Font(bold=True), CENTER, BOX
        ws["A1"].font, ws["A2"].font = Font(bold=True), Font(bold=True, size=13)
        ws.column_dimensions["A"].width = 34
        for col in "BCDEFGH":
            ws.column_dimensions[col].width = 13
        ws.freeze_panes = "B5"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if not lines:
            ws["A5"] = "Chưa có đánh giá nào trong tháng."
    path = Path(path)
    wb.save(path)
    return path
