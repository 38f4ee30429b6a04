"""Managers edit products: creating and editing with checks, price history kept by itself, the
audit log's diff, inline price and stock edits, images, fitment, soft delete and restore."""

import io
from decimal import Decimal

import pytest
from PIL import Image
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import AuditEntry, Fitment, PriceHistory, Product, ProductImage, StockLevel
from tests import factories

FORM = {
    "sku": "PAD-77",
    "name_fr": "Plaquettes de frein avant",
    "name_ar": "فحمات فرامل أمامية",
    "price": "45,500",
    "compare_at_price": "",
    "status": "active",
    "references": "0 986 494 049\n1K0698151",
    "attributes": "position: avant\népaisseur_mm: 17.5",
}


@pytest.fixture
def manager(client, login_as, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path))
    return login_as(client, "manager")


def product_by_sku(sku):
    return db.session.scalar(select(Product).where(Product.sku == sku))


def image_bytes(kind="PNG", size=(2000, 1000)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def test_a_product_is_created_with_references_and_attributes(client, manager):
    category = factories.make_category()
    response = client.post("/fr/admin/products/new", data={**FORM, "category_id": category.id})

    assert response.status_code == 303
    product = product_by_sku("PAD-77")
    assert product.price == Decimal("45.500") and product.slug_fr == "plaquettes-de-frein-avant"
    assert {ref.code_normalized for ref in product.references} == {"0986494049", "1K0698151"}
    assert product.attributes == {"position": "avant", "épaisseur_mm": "17.5"}
    assert client.get(f"/fr/p/{product.id}", follow_redirects=True).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"price": "-3"}, "A price is a number"),
        ({"price": "abc"}, "Type a price"),
        ({"compare_at_price": "10"}, "The old price must be higher"),
        ({"name_fr": "", "name_ar": ""}, "Give the product a name"),
        ({"category_id": "999999"}, "Choose a category"),
        ({"sku": "x" * 65}, "SKU of at most 64"),
        ({"attributes": "no colon here"}, "one attribute per line"),
    ],
)
def test_bad_input_re_renders_the_form_and_saves_nothing(client, manager, changes, field_message):
    response = client.post("/ar/admin/products/new", data={**FORM, **changes})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="PAD-77"' in page or changes.get("sku")
    assert db.session.scalar(select(func.count()).select_from(Product)) == 0
    assert 'role="alert"' in page


def test_a_duplicate_sku_is_refused(client, manager):
    factories.make_product(sku="PAD-77")

    response = client.post("/fr/admin/products/new", data=FORM)

    assert response.status_code == 422


def test_a_price_change_lands_in_price_history_and_the_audit_log(client, manager):
    product = factories.make_product(sku="PAD-77", price=Decimal("40.000"))

    response = client.post(f"/fr/admin/products/{product.id}", data={**FORM, "price": "42.5"})

    assert response.status_code == 303
    change = db.session.scalar(select(PriceHistory).where(PriceHistory.product_id == product.id))
    assert (change.old_price, change.new_price) == (Decimal("40.000"), Decimal("42.500"))
    assert change.changed_by_id == manager.id
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.entity_type == "products", AuditEntry.action == "update"
        )
    )
    assert entry.changes["price"] == ["40.000", "42.500"]
    assert entry.staff_user_id == manager.id
    page = client.get(f"/fr/admin/products/{product.id}").get_data(as_text=True)
    assert "42,500" in page and "40,000" in page


def test_inline_price_and_stock_edits_answer_the_row_to_htmx(client, manager):
    location = factories.make_location(is_default=True)
    product = factories.make_product(price=Decimal("10.000"))
    factories.make_stock(product, location, on_hand=2)
    htmx = {"HX-Request": "true", "HX-Target": f"product-{product.id}"}

    price = client.post(
        f"/fr/admin/products/{product.id}/price", data={"price": "12"}, headers=htmx
    )
    stock = client.post(f"/fr/admin/products/{product.id}/stock", data={"stock": "9"}, headers=htmx)
    bad = client.post(f"/fr/admin/products/{product.id}/price", data={"price": "-1"}, headers=htmx)
    plain = client.post(f"/fr/admin/products/{product.id}/price", data={"price": "13"})

    assert price.status_code == 200 and 'value="12.000"' in price.get_data(as_text=True)
    assert "<html" not in price.get_data(as_text=True)
    assert stock.status_code == 200 and 'value="9"' in stock.get_data(as_text=True)
    assert bad.status_code == 422
    assert plain.status_code == 303
    db.session.expire_all()
    assert db.session.get(Product, product.id).price == Decimal("13.000")
    level = db.session.scalar(select(StockLevel).where(StockLevel.product_id == product.id))
    assert level.on_hand == 9
    assert db.session.scalar(select(func.count()).select_from(PriceHistory)) == 2


def test_the_list_finds_products_by_sku_and_arabic_name(client, manager):
    factories.make_product(sku="FLT-1", name_ar="فلتر زيت")
    factories.make_product(sku="BAT-2", name_ar="بطارية")

    by_sku = client.get("/fr/admin/products?q=FLT-1").get_data(as_text=True)
    by_arabic = client.get("/ar/admin/products?q=فلتر").get_data(as_text=True)

    assert 'data-sku="FLT-1"' in by_sku and 'data-sku="BAT-2"' not in by_sku
    assert 'data-sku="FLT-1"' in by_arabic and 'data-sku="BAT-2"' not in by_arabic


def test_a_deleted_product_leaves_the_storefront_and_comes_back_when_restored(client, manager):
    product = factories.make_product(status="active")

    client.post(f"/fr/admin/products/{product.id}/delete")
    gone = client.get(f"/fr/p/{product.id}", follow_redirects=True).status_code
    listed = client.get("/fr/admin/products?deleted=1").get_data(as_text=True)
    client.post(f"/fr/admin/products/{product.id}/restore")
    back = client.get(f"/fr/p/{product.id}", follow_redirects=True).status_code

    assert gone == 404 and back == 200
    assert f'data-sku="{product.sku}"' in listed
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["delete", "restore"]


def test_an_image_is_resized_for_the_storefront_and_served(client, manager, tmp_path):
    product = factories.make_product()

    response = client.post(
        f"/fr/admin/products/{product.id}/images",
        data={"image": (io.BytesIO(image_bytes("JPEG")), "photo.jpg")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 303
    image = db.session.scalar(select(ProductImage))
    assert (image.width, image.height) == (1200, 600)
    with client.get(image.url) as served:
        assert served.status_code == 200
        assert Image.open(io.BytesIO(served.data)).format == "WEBP"


def test_an_image_shown_first_leads_the_card_and_the_page(client, manager):
    product = factories.make_product(status="active")
    front, side, back = (
        factories.make_image(product, f"/media/products/{name}.webp", position=position)
        for position, name in enumerate(("front", "side", "back"))
    )
    edit = client.get(f"/fr/admin/products/{product.id}").get_data(as_text=True)
    assert f"/images/{front.id}/first" not in edit
    assert f"/images/{back.id}/first" in edit and "Afficher en premier" in edit

    response = client.post(f"/fr/admin/products/{product.id}/images/{back.id}/first")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/fr/admin/products/{product.id}#images"
    urls = db.session.scalars(
        select(ProductImage.url)
        .where(ProductImage.product_id == product.id)
        .order_by(ProductImage.position, ProductImage.id)
    ).all()
    assert urls == [back.url, front.url, side.url]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "products"))
    before, after = entry.changes["image_ids"]
    assert (before, after) == ([front.id, side.id, back.id], [back.id, front.id, side.id])
    page = client.get(f"/fr/p/{product.id}", follow_redirects=True).get_data(as_text=True)
    assert page.index(back.url) < page.index(front.url) < page.index(side.url)
    edit = client.get(f"/ar/admin/products/{product.id}").get_data(as_text=True)
    assert f"/images/{back.id}/first" not in edit and f"/images/{front.id}/first" in edit


def test_an_image_of_another_product_cannot_be_shown_first(client, manager):
    product, other = factories.make_product(), factories.make_product()
    image = factories.make_image(other, "/media/products/other.webp")

    response = client.post(f"/fr/admin/products/{product.id}/images/{image.id}/first")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"GIF89a not really", "photo.jpg"), (b"%PDF-1.4", "photo.png"), (b"", "photo.png")],
)
def test_what_is_no_image_is_refused(client, manager, tmp_path, data, name):
    product = factories.make_product()

    response = client.post(
        f"/fr/admin/products/{product.id}/images",
        data={"image": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )

    assert response.status_code == 422
    assert db.session.scalar(select(ProductImage)) is None
    assert list(tmp_path.iterdir()) == []


def test_fitment_is_added_removed_and_copied(client, manager):
    clio = factories.make_vehicle(make="Renault", model="Clio", generation="III", year_from=2005)
    golf = factories.make_vehicle(make="Volkswagen", model="Golf", generation="VII", year_from=2012)
    source = factories.make_product(sku="SRC-1")
    factories.make_fitment(source, golf)
    product = factories.make_product()

    found = client.get(f"/fr/admin/products/{product.id}?vehicle_q=renault+clio").get_data(
        as_text=True
    )
    client.post(f"/fr/admin/products/{product.id}/fitment", data={"vehicle": [clio.id, 999999]})
    client.post(f"/fr/admin/products/{product.id}/fitment/copy", data={"source_sku": "SRC-1"})
    unknown = client.post(
        f"/fr/admin/products/{product.id}/fitment/copy", data={"source_sku": "NOPE"}
    )

    assert f'value="{clio.id}"' in found and f'value="{golf.id}"' not in found
    assert unknown.status_code == 422
    fitted = set(
        db.session.scalars(select(Fitment.vehicle_id).where(Fitment.product_id == product.id))
    )
    assert fitted == {clio.id, golf.id}
    client.post(f"/fr/admin/products/{product.id}/fitment/{clio.id}/delete")
    fitted = set(
        db.session.scalars(select(Fitment.vehicle_id).where(Fitment.product_id == product.id))
    )
    assert fitted == {golf.id}


def test_forged_and_unauthorised_edits_are_refused(csrf_client, client, login_as):
    product = factories.make_product(price=Decimal("10.000"))
    login_as(csrf_client, "manager")
    login_as(client, "staff")

    forged = csrf_client.post(f"/fr/admin/products/{product.id}/price", data={"price": "1"})
    staff = client.post(f"/fr/admin/products/{product.id}/price", data={"price": "1"})

    assert forged.status_code == 400 and staff.status_code == 403
    assert db.session.get(Product, product.id).price == Decimal("10.000")
