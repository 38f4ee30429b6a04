"""A manager imports a catalog CSV in Chromium: the dry run's report, then the import, whose
progress bar, polled by htmx while a real worker runs the job, reaches the end."""

import signal

import pytest
from playwright.sync_api import expect

from agents.cli import InProcessWorker
from shop.services.jobs import redis_connection
from tests.test_catalog_csv import csv_bytes

HEADER = ["sku", "name_fr", "name_ar", "brand", "category", "price", "stock"]
ROWS = [
    [
        "IMP-BR-1",
        "Plaquettes import test",
        "فحمات تجربة",
        "Bosch",
        "Freinage > Plaquettes",
        "45.5",
        "3",
    ],
    ["IMP-BR-2", "Disque import test", "قرص تجربة", "Brembo", "Freinage > Disques", "99", "2"],
]


@pytest.fixture
def run_jobs(live_app):
    """Run the queued jobs in this process, as a burst worker would, keeping pytest's signals."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}

    def run():
        with live_app.app_context():
            connection = redis_connection()
        InProcessWorker(["default"], connection=connection, app=live_app).work(burst=True)

    yield run
    for number, handler in handlers.items():
        signal.signal(number, handler)


def test_a_manager_imports_a_csv_and_watches_the_progress_bar_reach_the_end(
    page, live_app, run_jobs
):
    page.goto("/fr/admin/login")
    page.fill("#login", "manager@example.com")
    page.fill("#password", "manager-demo-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/fr/admin/catalog/import")

    page.set_input_files(
        "#catalog-file",
        files=[
            {"name": "catalogue.csv", "mimeType": "text/csv", "buffer": csv_bytes(ROWS, HEADER)}
        ],
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.locator("#import-bar")).to_be_visible()
    run_jobs()
    expect(page.locator(".report-created")).to_have_text("2")

    page.get_by_role("button", name="Appliquer l’import").click()
    expect(page.locator("#import-bar")).to_be_visible()
    run_jobs()
    expect(page.get_by_text("Le catalogue est importé.")).to_be_visible()
    expect(page.locator("#import-bar")).to_have_attribute("value", "100")

    page.goto("/fr/search?q=IMP-BR-1")
    expect(page.locator('[data-sku="IMP-BR-1"]').first).to_be_visible()
