"""Problems found while reading a file, with the place they were found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from duban.ingest.layout import GridProposal


@dataclass(frozen=True)
class Where:
    """A place in a source file, printed the way an office user counts (1-based)."""

    file: str = ""
    table: str | None = None
    row: int | None = None
    column: int | None = None
    line: int | None = None

    def __str__(self) -> str:
        parts = [self.file] if self.file else []
        if self.table:
            parts.append(self.table)
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column is not None:
            parts.append(f"第{self.column}列")
        if self.line is not None:
            parts.append(f"(文件第{self.line}行)")
        return " ".join(parts)


class IngestError(Exception):
    """A file that cannot be read as a plan; the message is Chinese and names the place."""

    def __init__(self, message: str, *, where: Where | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where and str(self.where) else self.message


class NeedsMapping(IngestError):
    """A document with a grid that auto-detection cannot read: the office maps its columns.

    ``proposals`` has one GridProposal per table (what detection made of it, maybe
    nothing), so the upload can go on to the mapping step instead of stopping here.
    """

    def __init__(self, message: str, *, proposals: list[GridProposal], where: Where | None = None) -> None:
        super().__init__(message, where=where)
        self.proposals = proposals
