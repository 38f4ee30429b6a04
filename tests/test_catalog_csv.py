"""Catalog CSV: import all or nothing with a dry run first, encodings and separators, export."""

import csv
import io
import time
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from shop.extensions import db
from shop.models import (
    Brand,
    Category,
    Fitment,
    PriceHistory,
    Product,
    ProductImage,
    ProductReference,
    StockLevel,
    StockMovement,
    Vehicle,
    VehicleModel,
)
from shop.services.catalog_io.exporting import export_catalog
from shop.services.catalog_io.importing import import_catalog
from shop.services.catalog_io.reading import COLUMNS, decode
from tests import factories

HEADER = [
    "sku",
    "name_fr",
    "name_ar",
    "brand",
    "category",
    "price",
    "stock",
    "oem_refs",
    "vehicles",
]


def csv_bytes(rows, header=HEADER, separator=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def product(sku):
    return db.session.scalar(select(Product).where(Product.sku == sku))


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def errors_of(report):
    return [(error.line, error.code) for error in report.errors]


@pytest.fixture
def depot():
    return factories.make_location(is_default=True)


@pytest.fixture
def clio():
    return factories.make_vehicle("Renault", "Clio", year_from=2012, year_to=2019)


CLEAN_ROWS = [
    [
        "FLT-001",
        "Filtre à huile",
        "فلتر زيت",
        "Bosch",
        "Moteur > Filtration > Filtres à huile",
        "12,500",
        "7",
        "7700 274 177|15208-65F0A",
        "Renault/Clio/2012-2019|Dacia/Logan/2012-",
    ],
    ["PLQ-002", "", "فحمات فرامل", "Bosch", "Freinage", "45", "0", "", ""],
]


def test_a_clean_file_creates_products_with_everything_around_them(depot, clio):
    report = import_catalog(csv_bytes(CLEAN_ROWS), dry_run=False)

    assert (report.applied, report.created, report.updated, report.rejected) == (True, 2, 0, 0)
    oil = product("FLT-001")
    assert (oil.name_fr, oil.name_ar, oil.price, oil.status) == (
        "Filtre à huile",
        "فلتر زيت",
        Decimal("12.5"),
        "active",
    )
    assert (oil.slug_fr, oil.slug_ar) == ("filtre-a-huile", "فلتر-زيت")
    pads = product("PLQ-002")
    assert (pads.name_fr, pads.name_ar, pads.slug_ar) == (None, "فحمات فرامل", "فحمات-فرامل")
    assert oil.brand.name == pads.brand.name == "Bosch"
    references = {(ref.kind, ref.code, ref.code_normalized) for ref in oil.references}
    assert references == {
        ("oem", "7700 274 177", "7700274177"),
        ("oem", "15208-65F0A", "1520865F0A"),
    }
    fitted = db.session.scalars(select(Fitment.vehicle_id).where(Fitment.product_id == oil.id))
    logan = db.session.scalar(
        select(Vehicle).join(VehicleModel).where(VehicleModel.name == "Logan")
    )
    assert set(fitted) == {clio.id, logan.id}
    assert (logan.model.make.name, logan.year_from, logan.year_to) == ("Dacia", 2012, None)


def test_a_category_path_becomes_a_tree(depot):
    import_catalog(csv_bytes(CLEAN_ROWS), dry_run=False)

    leaf = product("FLT-001").category
    middle, root = leaf.parent, leaf.parent.parent
    assert [root.name_fr, middle.name_fr, leaf.name_fr] == [
        "Moteur",
        "Filtration",
        "Filtres à huile",
    ]
    assert root.parent is None
    assert [root.depth, middle.depth, leaf.depth] == [0, 1, 2]
    assert leaf.path == f"/{root.id}/{middle.id}/{leaf.id}/"
    assert (leaf.slug_fr, leaf.slug_ar) == ("filtres-a-huile", "filtres-a-huile")
    assert (root.name_ar, product("PLQ-002").category.name_fr) == (None, "Freinage")
    assert product("PLQ-002").category.path == f"/{product('PLQ-002').category_id}/"


def test_existing_categories_brands_and_vehicles_are_reused_by_either_name(depot, clio):
    engine = factories.make_category(name_fr="Moteur", name_ar="محرك")
    bosch = factories.make_brand(name="Bosch")
    row = [
        "FLT-9",
        "Filtre",
        "",
        "BOSCH",
        "محرك > Filtration",
        "10",
        "",
        "",
        "renault/clio/2012-2019",
    ]

    report = import_catalog(csv_bytes([row]), dry_run=False)

    assert (report.new_brands, report.new_categories, report.new_vehicles) == (
        [],
        ["محرك > Filtration"],
        [],
    )
    filter_ = product("FLT-9")
    assert (filter_.brand_id, filter_.category.parent_id) == (bosch.id, engine.id)
    assert filter_.category.position == 1


def test_stock_and_prices_of_an_update_are_ledgered(depot):
    existing = factories.make_product(sku="FLT-001", price=Decimal("10.500"))
    factories.make_stock(existing, depot, on_hand=4, reserved=1)

    report = import_catalog(csv_bytes(CLEAN_ROWS), dry_run=False)

    assert (report.created, report.updated) == (1, 1)
    movements = db.session.execute(
        select(Product.sku, StockMovement.on_hand_delta, StockMovement.reason)
        .join(Product, Product.id == StockMovement.product_id)
        .where(StockMovement.location_id == depot.id)
    ).all()
    assert sorted(movements) == [("FLT-001", 3, "import")]
    level = db.session.get(StockLevel, (existing.id, depot.id))
    assert (level.on_hand, level.reserved) == (7, 1)
    history = db.session.execute(
        select(Product.sku, PriceHistory.old_price, PriceHistory.new_price, PriceHistory.source)
        .join(Product, Product.id == PriceHistory.product_id)
        .order_by(Product.sku)
    ).all()
    assert history == [
        ("FLT-001", Decimal("10.500"), Decimal("12.500"), "import"),
        ("PLQ-002", None, Decimal("45.000"), "import"),
    ]


def test_stock_in_a_shop_without_locations_goes_to_a_new_default_one():
    import_catalog(csv_bytes(CLEAN_ROWS), dry_run=False)

    level = db.session.scalar(
        select(StockLevel).where(StockLevel.product_id == product("FLT-001").id)
    )
    assert level.on_hand == 7
    assert level.location.is_default


def test_a_dry_run_reports_what_would_change_and_changes_nothing(depot, clio):
    factories.make_product(sku="PLQ-002", name_ar="فحمات فرامل", price=Decimal(45))
    products_before = count(Product)

    report = import_catalog(csv_bytes(CLEAN_ROWS), dry_run=True)

    assert (report.dry_run, report.applied) == (True, False)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (1, 1, 0, 0)
    assert report.new_brands == ["Bosch"]
    assert report.new_categories == [
        "Moteur",
        "Freinage",
        "Moteur > Filtration",
        "Moteur > Filtration > Filtres à huile",
    ]
    assert report.new_vehicles == ["Dacia/Logan/2012-"]
    assert count(Product) == products_before
    assert product("FLT-001") is None
    assert count(Brand) == 0
    assert count(StockMovement) == 0


def test_a_bad_line_in_the_middle_applies_nothing_and_names_its_line(depot):
    rows = [
        CLEAN_ROWS[0],
        ["BAD-1", "Courroie", "", "Gates", "Moteur", "-3", "1", "", ""],
        CLEAN_ROWS[1],
    ]

    report = import_catalog(csv_bytes(rows), dry_run=False)

    assert report.applied is False
    assert (report.created, report.rejected) == (2, 1)
    assert errors_of(report) == [(3, "negative")]
    assert "price" in report.errors[0].message
    assert product("FLT-001") is None
    assert product("PLQ-002") is None
    assert count(Brand) == count(Category) == count(StockMovement) == 0


def test_line_numbers_are_physical_lines_even_after_a_cell_on_several_lines(depot):
    header = ["sku", "name_fr", "description_fr", "price"]
    rows = [
        ["A-1", "Bougie", "Première ligne\nDeuxième ligne\nTroisième", "5"],
        ["A-2", "Bougie", "", "cinq"],
    ]

    report = import_catalog(csv_bytes(rows, header=header), dry_run=True)

    assert errors_of(report) == [(5, "not_a_number")]


BAD_CELL_HEADER = ["sku", "name_fr", "price", "compare_at_price", "stock", "oem_refs", "vehicles",
                   "image_url", "status", "restricted", "extra"]  # fmt: skip


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ({"compare_at_price": "12"}, None),
        ({"name_fr": ""}, "no_name"),
        ({"price": ""}, "no_price"),
        ({"compare_at_price": "10"}, "compare_at_not_above_price"),
        ({"price": "10.1234"}, "too_many_decimals"),
        ({"price": "1e3"}, "not_a_number"),
        ({"stock": "2.5"}, "not_an_integer"),
        ({"stock": "-1"}, "negative"),
        ({"vehicles": "Renault/Clio"}, "not_a_vehicle"),
        ({"vehicles": "Renault/Clio/2019-2012"}, "vehicle_years"),
        ({"vehicles": "Ford/T/1908-1927"}, "vehicle_years"),
        ({"oem_refs": "7700 274 177|---"}, "not_a_reference"),
        ({"image_url": "javascript:alert(1)"}, "not_an_image_url"),
        ({"image_url": "//evil.example/x.jpg"}, "not_an_image_url"),
        ({"status": "published"}, "unknown_status"),
        ({"restricted": "oui"}, "not_a_flag"),
        ({"sku": ""}, "required"),
        ({"sku": "X" * 65}, "too_long"),
    ],
)
def test_each_bad_cell_is_refused_with_its_reason(cells, code):
    values = {"sku": "X-1", "name_fr": "Nom", "price": "10", **cells}
    row = [values.get(column, "") for column in BAD_CELL_HEADER]

    report = import_catalog(csv_bytes([row], header=BAD_CELL_HEADER), dry_run=True)

    assert errors_of(report) == ([(2, code)] if code else [])
    assert all(error.message for error in report.errors)


def test_a_line_with_more_cells_than_the_header_is_refused():
    data = csv_bytes([["X-1", "Nom", "10", "surplus"]], header=["sku", "name_fr", "price"])

    assert errors_of(import_catalog(data, dry_run=True)) == [(2, "cell_count")]


def test_a_sku_repeated_in_the_file_names_its_first_line():
    rows = [
        ["R-1", "Un", "", "", "", "1", "", "", ""],
        ["R-1", "Deux", "", "", "", "2", "", "", ""],
    ]

    report = import_catalog(csv_bytes(rows), dry_run=True)

    assert errors_of(report) == [(3, "repeated_sku")]
    assert report.errors[0].params == {"sku": "R-1", "line": 2}


def test_a_file_without_a_sku_column_is_refused_as_a_whole():
    report = import_catalog(
        csv_bytes([["Filtre", "3"]], header=["name_fr", "price"]), dry_run=False
    )

    assert errors_of(report) == [(1, "no_sku_column")]
    assert report.applied is False
    assert count(Product) == 0


def test_an_empty_file_is_refused():
    report = import_catalog(b"\xef\xbb\xbf\r\n\r\n", dry_run=True)

    assert errors_of(report) == [(1, "empty_file")]


def test_unknown_columns_are_reported_and_the_rest_imported(depot):
    header = ["SKU", "Name FR", "price", "Couleur", "supplier"]

    report = import_catalog(
        csv_bytes([["U-1", "Écrou", "2", "rouge", "ACME"]], header=header), dry_run=False
    )

    assert report.unknown_columns == ["Couleur", "supplier"]
    assert report.applied
    assert product("U-1").name_fr == "Écrou"


def test_semicolons_and_decimal_commas_as_french_excel_writes_them(depot):
    header = ["sku", "name_fr", "price", "compare_at_price", "weight_kg", "stock"]
    rows = [["S-1", "Huile 5W-30, 5 L", "1 234,50", "1.300,000", "4,5", "12"]]

    report = import_catalog(csv_bytes(rows, header=header, separator=";"), dry_run=False)

    assert (report.separator, report.created) == (";", 1)
    oil = product("S-1")
    assert (oil.name_fr, oil.price, oil.compare_at_price, oil.weight_kg) == (
        "Huile 5W-30, 5 L",
        Decimal("1234.5"),
        Decimal("1300"),
        Decimal("4.5"),
    )


def test_excel_separator_line_names_the_separator_and_shifts_line_numbers():
    data = b"sep=;\r\n" + csv_bytes(
        [["E-1", "Nom", "x"]], header=["sku", "name_fr", "price"], separator=";"
    )

    report = import_catalog(data, dry_run=True)

    assert report.separator == ";"
    assert errors_of(report) == [(3, "not_a_number")]


@pytest.mark.parametrize(
    ("encoding", "prefix", "name_fr", "name_ar", "expected"),
    [
        ("utf-8", b"", "Écrou de roue", "صامولة عجلة", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "Écrou de roue", "صامولة عجلة", "utf-8-sig"),
        ("cp1256", b"", "Ecrou de roue à été", "صامولة عجلة", "cp1256"),
        ("cp1252", b"", "ÉCROU de roue, Crème à lèvres", "", "cp1252"),
    ],
)
def test_each_encoding_is_recognised(encoding, prefix, name_fr, name_ar, expected):
    header = ["sku", "name_fr", "name_ar", "price"]
    data = prefix + csv_bytes([["ENC-1", name_fr, name_ar, "3"]], header=header, encoding=encoding)

    report = import_catalog(data, dry_run=False)

    assert (report.encoding, report.created) == (expected, 1)
    nut = product("ENC-1")
    assert (nut.name_fr, nut.name_ar) == (name_fr, name_ar or None)


def test_cp1252_capitals_are_not_taken_for_arabic():
    text = "sku,name_fr\r\nA,ÉCROU À ÉTÉ ÀÉ\r\n"

    assert decode(text.encode("cp1252")) == (text, "cp1252")


@pytest.fixture
def writes(app):
    """The INSERT, UPDATE and DELETE statements sent to the database while the test runs."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0] in ("INSERT", "UPDATE", "DELETE"):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield statements
    event.remove(engine, "before_cursor_execute", record)


def test_unchanged_lines_are_not_written(depot, writes):
    existing = factories.make_product(sku="FLT-001", name_fr="Filtre", price=Decimal("12.500"))
    factories.make_stock(existing, depot, on_hand=7)
    factories.make_reference(existing, "7700 274 177")
    header = ["sku", "name_fr", "price", "stock", "oem_refs"]
    data = csv_bytes([["FLT-001", "Filtre", "12.5", "7", "7700 274 177"]], header=header)
    writes.clear()

    report = import_catalog(data, dry_run=False)

    assert (report.applied, report.unchanged, report.updated) == (True, 1, 0)
    assert writes == []


def test_empty_cells_clear_text_but_keep_price_stock_and_status(depot):
    existing = factories.make_product(
        sku="K-1", barcode="6191234567890", status="draft", price=Decimal(8), weight_kg=Decimal(2)
    )
    factories.make_stock(existing, depot, on_hand=3)
    header = ["sku", "barcode", "price", "stock", "status", "weight_kg"]

    report = import_catalog(csv_bytes([["K-1", "", "", "", "", ""]], header=header), dry_run=False)

    assert report.updated == 1
    db.session.refresh(existing)
    assert (existing.barcode, existing.weight_kg) == (None, None)
    assert (existing.price, existing.status) == (Decimal(8), "draft")
    assert db.session.get(StockLevel, (existing.id, depot.id)).on_hand == 3


def test_references_and_fitment_are_replaced_by_the_file(depot, clio):
    existing = factories.make_product(sku="REP-1")
    kept = factories.make_reference(existing, "7700 274 177")
    factories.make_reference(existing, "OLD-1")
    cross = factories.make_reference(existing, "W 75/3", kind="cross")
    factories.make_fitment(existing, clio)
    header = ["sku", "oem_refs", "vehicles"]

    report = import_catalog(
        csv_bytes([["REP-1", "7700274177|NEW 2", "Peugeot/208/2012-2019"]], header=header),
        dry_run=False,
    )

    assert report.updated == 1
    codes = db.session.execute(
        select(ProductReference.kind, ProductReference.code).where(
            ProductReference.product_id == existing.id
        )
    ).all()
    assert sorted(codes) == [("cross", "W 75/3"), ("oem", "7700274177"), ("oem", "NEW 2")]
    assert (
        db.session.scalar(select(ProductReference.id).where(ProductReference.code == "7700274177"))
        == kept.id
    )
    assert cross.id in db.session.scalars(select(ProductReference.id))
    fitted = db.session.scalars(select(Fitment.vehicle_id).where(Fitment.product_id == existing.id))
    assert [db.session.get(Vehicle, v).model.name for v in fitted] == ["208"]


def test_stock_below_what_open_orders_reserved_is_refused(depot):
    existing = factories.make_product(sku="RES-1")
    factories.make_stock(existing, depot, on_hand=5, reserved=4)

    data = csv_bytes([["RES-1", "3"]], header=["sku", "stock"])

    report = import_catalog(data, dry_run=False)

    assert errors_of(report) == [(2, "below_reserved")]
    assert report.errors[0].params == {"stock": 3, "reserved": 4}
    assert db.session.get(StockLevel, (existing.id, depot.id)).on_hand == 5


def test_a_deleted_product_is_not_brought_back_silently():
    factories.make_product(sku="DEL-1", deleted_at=func.now())

    report = import_catalog(
        csv_bytes([["DEL-1", "Nom", "", "", "", "3", "", "", ""]]), dry_run=False
    )

    assert errors_of(report) == [(2, "deleted_product")]


def test_an_unnamed_generation_with_other_years_is_a_conflict():
    factories.make_vehicle("Renault", "Clio", year_from=2012, year_to=2019)
    header = ["sku", "name_fr", "price", "vehicles"]

    report = import_catalog(
        csv_bytes([["V-1", "Nom", "3", "Renault/Clio/2012-2020"]], header=header), dry_run=True
    )

    assert errors_of(report) == [(2, "vehicle_conflict")]


def test_ten_thousand_lines(depot, capsys):
    rows = [
        [
            f"BULK-{n:05d}",
            f"Pièce {n}",
            f"قطعة {n}",
            f"Marque {n % 40}",
            f"Pièces > Famille {n % 12} > Groupe {n % 60}",
            f"{10 + n % 500},{n % 10}",
            str(n % 30),
            f"REF-{n}|OE {n} X",
            f"Renault/Clio/2012-2019|Peugeot/20{n % 8}/2010-",
        ]
        for n in range(10_000)
    ]
    data = csv_bytes(rows, separator=";")

    started = time.monotonic()
    report = import_catalog(data, dry_run=False)
    elapsed = time.monotonic() - started

    with capsys.disabled():
        print(f"\n10,000-line catalog import: {elapsed:.1f} s")
    assert (report.applied, report.created) == (True, 10_000)
    assert count(ProductReference) == 20_000
    assert count(Fitment) == 20_000
    assert db.session.scalar(select(func.sum(StockLevel.on_hand))) == sum(
        n % 30 for n in range(10_000)
    )


# Export -----------------------------------------------------------------------------------------


@pytest.fixture
def small_catalog(depot, clio):
    """Two products with every column the format has, one of them in Arabic only."""
    root = factories.make_category(name_fr="Freinage", name_ar="فرامل")
    pads = factories.make_category(parent=root, name_fr="Plaquettes", name_ar="فحمات")
    brand = factories.make_brand(name="Valeo")
    first = factories.make_product(
        sku="EXP-1",
        name_fr='Plaquettes avant, "céramique"',
        name_ar="فحمات أمامية",
        description_fr="Ligne 1\nLigne 2",
        brand_id=brand.id,
        category_id=pads.id,
        price=Decimal("89.500"),
        compare_at_price=Decimal("99"),
        barcode="3276425985412",
        weight_kg=Decimal("1.250"),
        is_restricted=True,
    )
    factories.make_reference(first, "7701 208 265")
    factories.make_reference(first, "D1234")
    factories.make_fitment(first, clio)
    factories.make_fitment(first, factories.make_vehicle("Dacia", "Logan", year_from=2012))
    factories.make_image(first, "https://cdn.example.test/p/exp-1.jpg")
    factories.make_stock(first, depot, on_hand=6, reserved=2)
    second = factories.make_product(
        sku="EXP-2", name_fr=None, name_ar="زيت محرك", status="draft", price=Decimal(30)
    )
    factories.make_product(sku="EXP-GONE", deleted_at=func.now())
    return {"root": root, "brand": brand, "first": first, "second": second}


@pytest.fixture
def exported(app):
    """The export's text, made in an app context as the admin and the CLI make it."""

    def export(**filters):
        with app.app_context():
            return "".join(export_catalog(**filters))

    return export


@pytest.fixture
def exported_rows(exported):
    def rows(**filters):
        return list(csv.DictReader(io.StringIO(exported(**filters).removeprefix("\ufeff"))))

    return rows


def test_export_writes_every_column_in_the_documented_order(small_catalog, exported, exported_rows):
    text = exported()

    assert text.startswith("\ufeff" + ",".join(COLUMNS) + "\r\n")
    rows = exported_rows()
    assert [row["sku"] for row in rows] == ["EXP-1", "EXP-2"]
    assert rows[0] == {
        "sku": "EXP-1",
        "name_fr": 'Plaquettes avant, "céramique"',
        "name_ar": "فحمات أمامية",
        "description_fr": "Ligne 1\nLigne 2",
        "description_ar": "",
        "brand": "Valeo",
        "category": "Freinage > Plaquettes",
        "price": "89.5",
        "compare_at_price": "99",
        "stock": "6",
        "barcode": "3276425985412",
        "oem_refs": "7701 208 265|D1234",
        "vehicles": "Dacia/Logan/2012-|Renault/Clio/2012-2019",
        "image_url": "https://cdn.example.test/p/exp-1.jpg",
        "status": "active",
        "restricted": "1",
        "weight_kg": "1.25",
    }
    assert (rows[1]["name_ar"], rows[1]["status"], rows[1]["stock"]) == ("زيت محرك", "draft", "0")


def test_export_names_categories_in_the_language_asked(small_catalog, exported_rows):
    assert exported_rows(language="ar")[0]["category"] == "فرامل > فحمات"


def test_export_filters(small_catalog, exported_rows):
    def skus(**filters):
        return [row["sku"] for row in exported_rows(**filters)]

    assert skus(category_id=small_catalog["root"].id) == ["EXP-1"]
    assert skus(brand_id=small_catalog["brand"].id) == ["EXP-1"]
    assert skus(status="draft") == ["EXP-2"]
    assert skus(product_ids=[small_catalog["second"].id]) == ["EXP-2"]


def test_export_then_import_changes_nothing(small_catalog, exported):
    data = exported().encode("utf-8")
    history, movements = count(PriceHistory), count(StockMovement)

    dry = import_catalog(data, dry_run=True)
    applied = import_catalog(data, dry_run=False)

    assert (dry.unchanged, dry.created, dry.updated, dry.errors) == (2, 0, 0, [])
    assert (applied.applied, applied.unchanged) == (True, 2)
    assert (count(PriceHistory), count(StockMovement)) == (history, movements)
    assert count(ProductImage) == 1
    assert exported() == data.decode("utf-8")


def test_export_then_import_keeps_the_generation_a_product_fits(small_catalog, exported):
    first = small_catalog["first"]
    twin = factories.make_vehicle("Renault", "Clio", generation="IV", year_from=2012, year_to=2019)
    db.session.execute(Fitment.__table__.delete().where(Fitment.product_id == first.id))
    factories.make_fitment(first, twin)

    report = import_catalog(exported().encode("utf-8"), dry_run=False)

    assert report.unchanged == 2
    fitted = db.session.scalars(select(Fitment.vehicle_id).where(Fitment.product_id == first.id))
    assert list(fitted) == [twin.id]


# Command line -----------------------------------------------------------------------------------


def test_cli_import_prints_the_report_and_fails_on_refused_lines(runner, tmp_path, depot):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes(CLEAN_ROWS))
    bad.write_bytes(csv_bytes([CLEAN_ROWS[0], ["BAD", "x", "", "", "", "abc", "", "", ""]]))

    dry = runner.invoke(args=["catalog", "import", "--dry-run", str(good)])
    assert dry.exit_code == 0, dry.output
    assert "Créés : 2, mis à jour : 0" in dry.output
    assert product("FLT-001") is None

    refused = runner.invoke(args=["catalog", "import", str(bad)])
    assert refused.exit_code == 1
    assert "ligne 3 : « price » n’est pas un nombre : abc." in refused.output
    assert product("FLT-001") is None

    applied = runner.invoke(args=["catalog", "import", str(good)])
    assert applied.exit_code == 0, applied.output
    assert product("FLT-001").name_ar == "فلتر زيت"


def test_cli_export_writes_a_file_the_import_reads_back(runner, tmp_path, small_catalog):
    target = tmp_path / "catalog.csv"

    result = runner.invoke(args=["catalog", "export", "-o", str(target)])

    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbfsku,name_fr,")
    assert import_catalog(target.read_bytes(), dry_run=True).unchanged == 2
