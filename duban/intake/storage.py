"""Keeping uploaded files outside the web root under generated names."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from pathlib import Path, PurePath

from django.conf import settings

from duban.ingest.errors import IngestError, Where

CHUNK = 64 * 1024


def store_upload(chunks: Iterable[bytes], *, file_name: str, area: str) -> tuple[Path, str, int]:
    """Write an upload to UPLOAD_DIR/<area>/<uuid><ext>; return (path, sha256, size).

    The size cap is checked as bytes arrive, so a huge upload is refused before it
    fills the disk.
    """
    suffix = Path(file_name).suffix.lower()[:10]
    folder = Path(settings.UPLOAD_DIR) / area
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as out:
        for chunk in chunks:
            size += len(chunk)
            if size > settings.MAX_UPLOAD_BYTES:
                out.close()
                path.unlink(missing_ok=True)
                limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
                raise IngestError(f"文件超过上限 {limit} MB", where=Where(file=file_name))
            digest.update(chunk)
            out.write(chunk)
    return path, digest.hexdigest(), size


def shortened_name(name: str, limit: int) -> str:
    """The name cut to ``limit`` characters keeping its extension, so its type is still judged by it.

    The upload points keep the original name in their audit row; only what is stored and shown is cut.
    """
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix
    if not suffix or len(suffix) > limit // 2:
        return name[:limit]
    return name[: limit - len(suffix) - 1] + "…" + suffix


def upload_relative(path: Path) -> str:
    return str(path.relative_to(settings.UPLOAD_DIR))


def upload_path(relative: str) -> Path:
    return Path(settings.UPLOAD_DIR) / relative
