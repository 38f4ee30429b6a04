"""Managers import the catalog from the admin: upload, dry-run report, import as a job with its
progress, nothing applied from a file with a bad line; and the export download."""

import io
import re

import pytest
from sqlalchemy import func, select

from agents.cli import worker
from shop.extensions import db
from shop.models import AuditEntry, JobRun, Product
from tests import factories
from tests.test_catalog_csv import csv_bytes

# Workers install their own signal handlers; the test run keeps pytest's.
pytestmark = pytest.mark.usefixtures("keep_signal_handlers")

HEADER = ["sku", "name_fr", "name_ar", "brand", "price", "stock"]
GOOD = [
    ["PAD-1", "Plaquettes avant", "فحمات أمامية", "Bosch", "45.500", "4"],
    ["PAD-2", "Plaquettes arrière", "فحمات خلفية", "Bosch", "39,900", "2"],
    ["DSC-1", "Disque avant", "قرص أمامي", "Brembo", "120", "1"],
]


@pytest.fixture(autouse=True)
def uploads(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "CATALOG_UPLOAD_FOLDER", str(tmp_path))
    return tmp_path


@pytest.fixture
def manager(client, login_as):
    factories.make_location(is_default=True)
    return login_as(client, "manager")


def upload(client, data, name="catalog.csv"):
    return client.post(
        "/fr/admin/catalog/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def run_jobs(runner):
    runner.invoke(worker, ["--burst", "--no-fork"])


def products():
    return db.session.scalar(select(func.count()).select_from(Product))


def test_a_clean_file_is_checked_then_imported(client, runner, redis, manager):
    checked = upload(client, csv_bytes(GOOD, header=HEADER))
    run_page = checked.headers["Location"]
    queued = client.get(run_page).get_data(as_text=True)
    run_jobs(runner)
    report = client.get(run_page).get_data(as_text=True)

    assert checked.status_code == 303
    assert "<progress" in queued and 'hx-trigger="load delay:1s"' in queued
    assert re.search(r'class="report-created">3<', report)
    assert products() == 0, "a dry run changes nothing"

    applied = client.post(run_page + "/apply")
    run_jobs(runner)
    done = client.get(applied.headers["Location"]).get_data(as_text=True)

    assert "Le catalogue est importé." in done
    assert 'value="100"' in done and "hx-trigger" not in done
    assert products() == 3
    runs = db.session.scalars(select(JobRun).order_by(JobRun.id)).all()
    assert [run.arguments["dry_run"] for run in runs] == [True, False]
    assert runs[-1].created_by_id == manager.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "import"))
    assert entry.changes == {"created": [None, 3], "updated": [None, 0]}
    assert entry.staff_user_id == manager.id


def test_the_progress_block_is_answered_alone_to_htmx(client, manager, redis):
    checked = upload(client, csv_bytes(GOOD, header=HEADER))

    fragment = client.get(
        checked.headers["Location"],
        headers={"HX-Request": "true", "HX-Target": "import_progress"},
    ).get_data(as_text=True)

    assert "<progress" in fragment and "<html" not in fragment


def test_a_bad_line_in_the_middle_is_named_and_nothing_can_be_applied(
    client, runner, redis, manager
):
    rows = [GOOD[0], ["PAD-9", "Plaquettes", "", "Bosch", "-3", "1"], GOOD[2]]
    checked = upload(client, csv_bytes(rows, header=HEADER, separator=";"))
    run_jobs(runner)
    report = client.get(checked.headers["Location"]).get_data(as_text=True)

    assert 'data-line="3"' in report
    assert "Appliquer l’import" not in report
    assert client.post(checked.headers["Location"] + "/apply").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(JobRun)) == 1
    assert products() == 0


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "catalog.csv", "Le fichier est vide."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "catalog.csv", "pas un fichier CSV"),
        (b"sku,name_fr\nA,B\n", "catalog.xlsx", "pas un fichier CSV"),
    ],
)
def test_what_is_no_csv_is_refused_clearly(client, manager, uploads, data, name, message):
    response = upload(client, data, name)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert list(uploads.iterdir()) == []


def test_an_oversized_upload_is_refused(app, client, manager, uploads, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)

    response = upload(client, b"sku,name_fr\n" + b"X,Y\n" * 1000)

    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.get_data(as_text=True)
    assert list(uploads.iterdir()) == []


def test_the_export_streams_the_catalog_as_a_csv_download(client, manager):
    brand = factories.make_brand(name="Valeo")
    factories.make_product(sku="CLU-1", brand=brand, status="active")
    factories.make_product(sku="CLU-2", status="draft")

    response = client.get("/fr/admin/catalog/export?status=active")

    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.lstrip("\ufeff").startswith("sku,")
    assert "CLU-1" in text and "CLU-2" not in text


def test_staff_cannot_import(client, login_as):
    login_as(client, "staff")

    assert upload(client, csv_bytes(GOOD, header=HEADER)).status_code == 403
