"""Uploaded files: checked by content and size, stored under random names.

A file is accepted by what its first bytes say it is, not by its name alone, so a renamed
executable is refused; the uploader's file name is kept in the row, never on disk. Files are
served by the owning app's view after its access check, never from ``MEDIA_URL``.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Extension → (content type, the bytes such a file starts with).
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".webp": ("image/webp", (b"RIFF",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
}
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp")


def random_upload_path(folder: str, filename: str) -> str:
    """Return ``folder/<random hex><extension>`` for a file the user named ``filename``."""
    return f"{folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def check_upload(upload, *, extensions, max_mb: int, wrong_type_message: str) -> str:
    """Return the upload's content type, or raise ValidationError on the ``file`` field.

    ``extensions`` are those accepted; the first bytes must match the extension's type.
    """
    extension = PurePath(upload.name).suffix.lower()
    if extension not in extensions or extension not in FILE_TYPES:
        raise ValidationError({"file": wrong_type_message})
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError({"file": _("The file is larger than %(mb)d MB.") % {"mb": max_mb}})
    content_type, signatures = FILE_TYPES[extension]
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError({"file": _("The file's content does not match its type.")})
    if extension == ".webp" and head[8:12] != b"WEBP":
        raise ValidationError({"file": _("The file's content does not match its type.")})
    return content_type
