"""Uploads the archivists' admin accepts: a size limit per kind of file, with a message that says
the limit, checked before a byte of the file is parsed."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm

TOO_LARGE = _("The file is %(size)s MB; files of this kind may be at most %(limit)s MB.")


def size_checked(upload, limit_bytes: int):
    """`upload`, or a ValidationError naming its size and the limit."""
    if upload is not None and upload.size > limit_bytes:
        raise forms.ValidationError(
            TOO_LARGE,
            code="too_large",
            params={
                "size": f"{upload.size / 1_000_000:.1f}",
                "limit": f"{limit_bytes / 1_000_000:g}",
            },
        )
    return upload


TOO_MANY_ROWS = _(
    "The file has about %(rows)s rows; the admin imports at most %(limit)s at a time, within "
    "the request timeout. Split the file, or import it on the server with "
    "“manage.py import_csv <kind> <file>”, which shows its progress."
)


class SizeLimitedImportForm(ImportForm):
    """django-import-export's upload form, refusing files over settings.CSV_UPLOAD_MAX_BYTES
    or with more rows than settings.CSV_ADMIN_MAX_ROWS (the dry run and the import each run
    inside one request)."""

    def clean_import_file(self):
        upload = size_checked(self.cleaned_data.get("import_file"), settings.CSV_UPLOAD_MAX_BYTES)
        if upload is None:
            return upload
        # Lines, not rows: a quoted field may span lines, so this errs on the side of refusing.
        rows = sum(chunk.count(b"\n") for chunk in upload.chunks()) - 1
        upload.seek(0)
        if rows > settings.CSV_ADMIN_MAX_ROWS:
            raise forms.ValidationError(
                TOO_MANY_ROWS,
                code="too_many_rows",
                params={"rows": rows, "limit": settings.CSV_ADMIN_MAX_ROWS},
            )
        return upload


def read_failure_message(error: Exception) -> str:
    """Why an uploaded CSV file could not be read, in the archivist's terms."""
    if isinstance(error, UnicodeDecodeError):
        return _(
            "The file is not UTF-8 text: byte 0x%(byte)s at position %(position)s is not valid "
            "UTF-8. Save it as “CSV UTF-8” and upload it again."
        ) % {"byte": f"{error.object[error.start]:02X}", "position": error.start}
    return _("The file could not be read as CSV (%(error)s).") % {"error": type(error).__name__}
