"""Where duban.reporting still finds the upload helpers, which now live in duban.intake.storage.

Kept only because the change that moved them could not touch duban/reporting: once its two
imports name duban.intake.storage, delete this module.
"""

from __future__ import annotations

from duban.intake.storage import store_upload, upload_path, upload_relative

__all__ = ["store_upload", "upload_path", "upload_relative"]
