"""Catalog files staff upload: kept on the server between the dry run and the import, checked
before a job is queued for them."""

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

IMPORT_JOB = "agents.catalog_import.import_catalog"
UPLOAD_FOLDER = "catalog-uploads"
ACCEPTED_SUFFIXES = (".csv", ".txt")
SNIFFED_BYTES = 65536


class UploadError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def upload_folder():
    """Where uploads wait for their import: `CATALOG_UPLOAD_FOLDER`, else in the instance folder.

    The web process writes there and the worker reads there: on several machines, a shared
    folder.
    """
    configured = current_app.config.get("CATALOG_UPLOAD_FOLDER")
    folder = Path(configured) if configured else Path(current_app.instance_path) / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(storage):
    """Keep the uploaded CSV under a random name; returns its path. Refuses what is no CSV."""
    if storage is None or not storage.filename:
        raise UploadError(_("Choose a CSV file to upload."))
    if not storage.filename.lower().endswith(ACCEPTED_SUFFIXES):
        raise UploadError(_("This is not a CSV file: export your sheet as CSV and try again."))
    data = storage.read()
    if not data.strip():
        raise UploadError(_("The file is empty."))
    if b"\x00" in data[:SNIFFED_BYTES]:
        raise UploadError(_("This is not a CSV file: export your sheet as CSV and try again."))
    path = upload_folder() / f"{secrets.token_urlsafe(16)}.csv"
    path.write_bytes(data)
    return path


def uploaded_path(run):
    """The file of an earlier run, if it is still an upload of ours; None otherwise."""
    raw = (run.arguments or {}).get("path")
    if run.name != IMPORT_JOB or not raw:
        return None
    path = Path(raw)
    if path.parent != upload_folder() or not path.is_file():
        return None
    return path
