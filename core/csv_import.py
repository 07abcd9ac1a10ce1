"""CSV files that explain themselves: a malformed line (an unquoted comma, a missing value) is
reported as "line 4: 12 values where the header has 11" beside the rows' own errors instead of
the whole file being refused unread, and every error names the file's line and the column.
"""

import csv
import io

import tablib
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV


class ExplainedCSV(CSV):
    """django-import-export's CSV, read with the csv module so that a line with the wrong number
    of values becomes an error on its row, and each row knows the line it starts on."""

    def create_dataset(self, in_stream, **kwargs):
        text = (
            in_stream.decode(self.encoding or "utf-8-sig")
            if isinstance(in_stream, bytes)
            else in_stream
        )
        text = text.removeprefix("\ufeff")
        reader = csv.reader(io.StringIO(text))
        dataset = tablib.Dataset()
        dataset.lines, dataset.malformed = {}, {}
        header = next(reader, None)
        if header is None:
            return dataset
        dataset.headers = header
        width = len(header)
        while True:
            start = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                break
            if not any(value.strip() for value in values):
                continue  # a blank line is no row
            number = len(dataset) + 1
            dataset.lines[number] = start
            if len(values) != width:
                dataset.malformed[number] = _("%(count)d values where the header has %(width)d") % {
                    "count": len(values),
                    "width": width,
                }
                values = (values + [""] * width)[:width]
            dataset.append(values)
        return dataset


def readable_errors(result) -> list[dict]:
    """Every error of an import, in file order: the line, the column (if one) and what is
    wrong, in plain words."""
    lines = getattr(result, "lines", None) or {}
    errors = [
        {"line": None, "column": "", "message": str(error.error)} for error in result.base_errors
    ]
    for number, row_errors in result.row_errors():
        for error in row_errors:
            errors.append(
                {"line": lines.get(number, number + 1), "column": "", "message": str(error.error)}
            )
    for row in result.invalid_rows:
        line = lines.get(row.number, row.number + 1)
        for column, messages in row.field_specific_errors.items():
            for message in messages:
                errors.append({"line": line, "column": column, "message": str(message)})
        for message in row.non_field_specific_errors:
            errors.append({"line": line, "column": "", "message": str(message)})
    return sorted(errors, key=lambda error: (error["line"] or 0, error["column"]))
