"""Storing and reading routine documents in the current actor's schema (type- and size-checked)."""

from __future__ import annotations

from django.db import transaction

from tenants.certification.documents.models import RoutineDocument

MAX_BYTES = 5 * 1024 * 1024
# What a routine document may be, recognised by its first bytes (never by the name the
# browser sends): PDF, OpenDocument / Office Open XML (zip), plain text.
KINDS = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".txt": ("text/plain; charset=utf-8", ()),
}


class DocumentRefused(ValueError):
    """`code`: empty, too_large, wrong_type."""


def _kind(filename: str, head: bytes) -> str:
    name = filename.lower()
    extension = next((ext for ext in KINDS if name.endswith(ext)), None)
    if extension is None:
        raise DocumentRefused("wrong_type")
    content_type, magics = KINDS[extension]
    if magics and not any(head.startswith(magic) for magic in magics):
        raise DocumentRefused("wrong_type")
    if not magics:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # a character cut at the end of the sample is fine
                raise DocumentRefused("wrong_type") from None
        if b"\x00" in head:
            raise DocumentRefused("wrong_type")
    return content_type


@transaction.atomic
def document_store(*, requirement: str, filename: str, content: bytes, uploaded_by) -> RoutineDocument:
    if not content:
        raise DocumentRefused("empty")
    if len(content) > MAX_BYTES:
        raise DocumentRefused("too_large")
    clean_name = filename.replace("\x00", "").replace("/", "_").replace("\\", "_").strip()[:200] or "document"
    content_type = _kind(clean_name, content[:4096])
    return RoutineDocument.objects.create(
        requirement=requirement, filename=clean_name, content_type=content_type, size=len(content),
        content=content, uploaded_by_id=uploaded_by.pk)


def documents_by_requirement() -> dict[str, list[RoutineDocument]]:
    found: dict[str, list[RoutineDocument]] = {}
    for document in RoutineDocument.objects.defer("content"):
        found.setdefault(document.requirement, []).append(document)
    return found
