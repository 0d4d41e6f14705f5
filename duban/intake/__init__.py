"""One way in for uploaded files: upload → checked file → batch → preview → confirm, audited.

The pipeline (``services``) stores the upload outside the web root, passes it through
the gate and the readers of ``duban.ingest``, keeps the batch's life (pending, then
applied or discarded, never twice) with its audit rows, and confirms in one
transaction. What a file means is an importer's business (``importers.Importer``):
plans and buildings plug in today; returned report tables and meeting minutes will.
This package sits below the apps it serves and imports none of them.

A new kind of import needs: a batch model inheriting ``models.IntakeBatch`` (its own
table), an ``Importer`` subclass, services named after it that hand the importer to
``intake_upload`` / ``intake_apply``, and views that say the outcome with ``views``.
"""
