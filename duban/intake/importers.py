"""What an importer brings to the pipeline: how its kind of file is read, previewed and applied."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from django.db import models

from duban.accounts.models import User
from duban.ingest.layout import Layout, LayoutError
from duban.ingest.model import Document
from duban.intake.models import IntakeBatch

BatchT = TypeVar("BatchT", bound=IntakeBatch)
DocT = TypeVar("DocT")
PreviewT = TypeVar("PreviewT", bound="Preview")


class Preview(Protocol):
    """What confirming a batch would do, worked out before anything is stored."""

    @property
    def errors(self) -> Sequence[object]:
        """What stops the import, each shown to the office as text (in Chinese, with its place)."""
        ...


@dataclass(frozen=True)
class Applied:
    """What confirming a batch stored."""

    subject: models.Model  # what the import's audit row names: the stored plan, or the batch itself
    changes: dict[str, Any]  # counts for the audit row (added, updated …)
    batch_fields: tuple[str, ...] = ()  # fields the importer set on the batch, saved with its status


class Importer(ABC, Generic[BatchT, DocT, PreviewT]):
    """One person's import of one kind of file.

    The pipeline stores the upload, checks it at the gate and reads it into the table
    model, keeps the batch (pending → applied or discarded) and writes the audit rows;
    the importer says what the file means. Its preview is worked out again for the
    confirmation (before the write lock when the importer gives a ``basis``, inside it
    otherwise), and a preview with errors is never applied.
    """

    actor: User | None  # who uploads and confirms; None for the command line
    # Whether a grid this importer cannot read by itself may be mapped by a person (and a
    # remembered layout, 版式, applied); such an importer implements ``read_with_layout``.
    mappable: ClassVar[bool] = False

    def admit(self, file_name: str) -> None:
        """Refuse a file by its name before it is read (raise IngestError); by default every
        kind the gate knows is read."""

    @abstractmethod
    def new_batch(self) -> BatchT:
        """An unsaved batch of this kind, carrying what the importer was given."""

    @abstractmethod
    def read(self, document: Document) -> DocT:
        """The checked file, as tables and paragraphs, read into this kind's document; a file
        that does not fit raises IngestError with the place."""

    def read_with_layout(self, document: Document, layout: Layout) -> DocT:
        """The checked file read as a layout (版式) says; LayoutError or IngestError with the place."""
        raise LayoutError("这类文件不能按版式导入")

    @abstractmethod
    def dump(self, doc: DocT) -> dict[str, Any]:
        """The document as the JSON its batch keeps until the office confirms or discards it."""

    @abstractmethod
    def preview(self, batch: BatchT) -> PreviewT:
        """What confirming the batch would store, change and refuse."""

    def basis(self, batch: BatchT) -> Hashable | None:
        """What the preview reads from the database, summed up in a few cheap aggregates.

        An importer that says it lets the pipeline work the preview out before the write
        transaction and only read the basis again inside it: the same basis means nothing
        the preview read has changed, so other users' saves wait for the writes alone.
        None (the default) works the preview out inside the transaction."""
        return None

    def prepare(self, preview: PreviewT) -> None:
        """Work out, before the write transaction, every part of the preview the apply reads
        (given a basis); by default the apply works them out as it goes."""

    @abstractmethod
    def apply(self, batch: BatchT, preview: PreviewT) -> Applied:
        """Store what the preview showed; runs inside the pipeline's transaction, so raising
        (ValidationError for the office) leaves nothing behind."""

    def committed(self, applied: Applied) -> None:
        """Once the pipeline's transaction has committed: what follows from the stored rows, in
        transactions of its own, so the write lock is not held for it (by default nothing)."""
