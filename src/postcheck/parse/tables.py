"""What a table cell means besides its own text: its column header and its row label."""

from __future__ import annotations

from postcheck.model import ProseBlock


class TableCells:
    """The column headers and the row label of the table being walked: a cell's meaning
    depends on them ("Target", "Baseline", "Țintă")."""

    def __init__(self) -> None:
        self.headers: list[str] = []
        self.row_label = ""
        self.column = -1
        self.header = False

    def start_row(self) -> None:
        self.column, self.row_label = -1, ""

    def start_cell(self, header: bool) -> None:
        self.column += 1
        self.header = header

    def describe(self, block: ProseBlock) -> None:
        if self.header:
            self.headers += [""] * (self.column + 1 - len(self.headers))
            self.headers[self.column] = block.text
        else:
            column_header = self.headers[self.column] if self.column < len(self.headers) else ""
            block.table_context = (column_header, self.row_label if self.column else "")
        if self.column == 0:
            self.row_label = block.text
