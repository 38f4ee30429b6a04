"""The web basics: health checks, error pages, CSRF, security headers, logs and the base pages."""

import logging
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import event

from shop.extensions import db
from shop.models import Brand, Cart, CartItem
from shop.services.cart import signed_token
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
NOWHERE_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_answers_without_touching_anything(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_reports_database_and_redis_reachable(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "redis": "ok", "status": "ok"}


def test_readyz_is_503_and_names_redis_when_redis_is_unreachable(make_app):
    broken = make_app(env={"REDIS_URL": NOWHERE_REDIS})

    response = broken.test_client().get("/readyz")

    assert response.status_code == 503
    assert response.get_json() == {
        "database": "ok",
        "redis": "unreachable",
        "status": "unavailable",
    }


@pytest.mark.parametrize("path", ["/fr/", "/ar/search?q=x", "/fr/missing", "/healthz"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers

    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def test_pages_carry_no_inline_script_or_style(client):
    factories.make_product(featured=True)
    page = client.get("/ar/").get_data(as_text=True)

    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/vendor/htmx.min.js" defer>',
        '<script src="/static/js/suggest.js" defer>',
    ]


def test_stylesheet_uses_logical_properties_only():
    css = (ROOT / "static/css/shop.css").read_text()
    physical = re.compile(
        r"(?<![-\w(])((margin|padding|border)-(left|right|top|bottom)|left|right|top|bottom"
        r"|(min-|max-)?(width|height))\s*:|text-align:\s*(left|right)|float:"
    )

    assert physical.findall(css) == []


def test_links_built_once_follow_the_language_and_the_mount_point(app):
    def product_link(path, **options):
        with app.test_request_context(path, **options):
            return url_for("storefront.product", product_id=7, slug="disque"), url_for(
                "storefront.product", product_id=7, slug="disque", _external=True
            )

    assert product_link("/fr/") == ("/fr/p/7/disque", "http://localhost/fr/p/7/disque")
    assert product_link("/ar/") == ("/ar/p/7/disque", "http://localhost/ar/p/7/disque")
    assert product_link("/fr/", base_url="https://shop.test/boutique") == (
        "/boutique/fr/p/7/disque",
        "https://shop.test/boutique/fr/p/7/disque",
    )
    assert product_link("/fr/") == ("/fr/p/7/disque", "http://localhost/fr/p/7/disque")


def test_links_with_several_values_for_an_argument_are_built_too(app):
    with app.test_request_context("/fr/"):
        assert url_for("storefront.search", q=["a", "b"]) == "/fr/search?q=a&q=b"


def test_each_request_is_logged_on_one_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="hanout.requests"):
        client.get("/fr/cart?x=1")

    lines = [record.getMessage() for record in caplog.records if record.name == "hanout.requests"]
    assert len(lines) == 1
    assert re.fullmatch(r"GET /fr/cart 200 \d+\.\dms", lines[0])


@pytest.mark.parametrize(
    ("path", "headers", "title"),
    [
        ("/fr/no-such-page", {}, "Page introuvable"),
        ("/ar/no-such-page", {}, "الصفحة غير موجودة"),
        ("/en/", {"Accept-Language": "ar"}, "الصفحة غير موجودة"),
        ("/no/such/page", {"Accept-Language": "fr"}, "Page introuvable"),
    ],
)
def test_not_found_page_speaks_the_visitor_language(client, path, headers, title):
    response = client.get(path, headers=headers)

    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "title"), [("/fr/boom", "Une erreur s’est produite"), ("/ar/boom", "حدث خطأ ما")]
)
def test_server_error_page_in_both_languages(make_app, path, title):
    fragile = make_app(settings={"PROPAGATE_EXCEPTIONS": False})

    def boom():
        raise RuntimeError("broken on purpose")

    fragile.add_url_rule(path, view_func=boom)
    response = fragile.test_client().get(path)

    assert response.status_code == 500
    assert f"<h1>{title}</h1>" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "query", "typed"),
    [
        ("/fr/search", {"q": "pla\x00quettes"}, "plaquettes"),
        ("/ar/search", {"q": "فلتر\x00"}, "فلتر"),
        ("/fr/search", {"q": "plaquettes", "attr.pos\x00ition": "avant\x00"}, "plaquettes"),
    ],
)
def test_query_arguments_drop_nul_characters(client, path, query, typed):
    # PostgreSQL refuses a NUL character in a query: before, such a filter was a 500.
    response = client.get(path, query_string=query)

    assert response.status_code == 200
    assert f'value="{typed}"' in response.get_data(as_text=True)


def test_form_fields_drop_nul_characters(client, login_as):
    login_as(client, "manager")
    brand = factories.make_brand(name="Bosch")

    response = client.post(f"/fr/admin/brands/{brand.id}", data={"name": "Bo\x00sch Car"})
    searched = client.get("/fr/admin/customers", query_string={"q": "a\x00b"})

    assert response.status_code == 303
    assert db.session.get(Brand, brand.id).name == "Bosch Car"
    assert searched.status_code == 200


@pytest.mark.parametrize(
    ("path", "title"),
    [("/fr/p/1/a\x00b", "Requête incomprise"), ("/ar/c/a\x00b", "تعذّر فهم الطلب")],
)
def test_a_nul_character_in_the_path_gets_a_friendly_refusal(client, path, title):
    response = client.get(path)

    assert response.status_code == 400
    assert f"<h1>{title}</h1>" in response.get_data(as_text=True)


def test_an_order_reference_typed_with_a_nul_character_is_looked_for_without_it(client):
    response = client.post("/fr/track", data={"reference": "AB\x00CD", "phone": "98123456"})

    assert response.status_code == 404
    assert "Nous n’avons trouvé aucune commande" in response.get_data(as_text=True)


def test_a_forged_post_is_refused_with_a_friendly_page(csrf_client):
    response = csrf_client.post("/fr/admin/login", data={"login": "a@b.test", "password": "x"})

    assert response.status_code == 400
    assert "<h1>Formulaire expiré</h1>" in response.get_data(as_text=True)


def test_a_post_with_the_form_token_passes_the_csrf_check(csrf_client):
    form = csrf_client.get("/fr/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)

    response = csrf_client.post(
        "/fr/admin/login", data={"csrf_token": token, "login": "a@b.test", "password": "x"}
    )

    assert response.status_code == 400
    assert "Formulaire expiré" not in response.get_data(as_text=True)
    assert "Connexion du personnel" in response.get_data(as_text=True)


def test_home_shows_root_categories_brands_and_featured_products(client):
    root = factories.make_category(name_fr="Freinage", name_ar="الفرامل")
    factories.make_category(parent=root, name_fr="Plaquettes", name_ar="وسادات")
    factories.make_brand(name="Valeo")
    factories.make_product(sku="FEAT-1", featured=True, name_fr="Filtre à huile")
    factories.make_product(sku="PLAIN-1", featured=False)
    factories.make_product(sku="DRAFT-1", featured=True, status="draft")
    factories.make_product(sku="GONE-1", featured=True, deleted_at=datetime.now(UTC))

    page = client.get("/fr/").get_data(as_text=True)

    assert "Freinage" in page and "Plaquettes" not in page
    assert "Valeo" in page
    assert re.findall(r'data-sku="([^"]+)"', page) == ["FEAT-1"]
    assert "Filtre à huile" in page


def count_queries(client, path):
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_home_queries_do_not_grow_with_the_number_of_products(client, app):
    brand = factories.make_brand()
    factories.make_product(featured=True, brand=brand)
    with app.app_context():
        with_one = count_queries(client, "/fr/")
    for _ in range(5):
        factories.make_product(featured=True, brand=factories.make_brand())

    with app.app_context():
        assert count_queries(client, "/fr/") == with_one


def test_search_lists_live_products_by_french_or_arabic_name(client):
    factories.make_product(sku="OIL-1", name_fr="Filtre à huile", name_ar="فلتر الزيت")
    factories.make_product(sku="AIR-1", name_fr="Filtre à air", name_ar="فلتر الهواء")
    factories.make_product(sku="OIL-D", name_fr="Filtre à huile brouillon", status="draft")
    factories.make_product(sku="LAMP-1", name_fr="Ampoule H7", name_ar="مصباح")

    by_french = client.get("/fr/search?q=FILTRE à huile").get_data(as_text=True)
    by_arabic = client.get("/ar/search?q=فلتر").get_data(as_text=True)

    # One exact match is few: the closest names (the air filter) follow it.
    assert re.findall(r'data-sku="([^"]+)"', by_french)[0] == "OIL-1"
    assert "OIL-D" not in by_french and "LAMP-1" not in by_french
    assert sorted(re.findall(r'data-sku="([^"]+)"', by_arabic)) == ["AIR-1", "OIL-1"]


def test_search_takes_wildcards_literally(client):
    factories.make_product(name_fr="Joint 100% étanche")
    factories.make_product(name_fr="Joint torique")

    page = client.get("/fr/search?q=100%25").get_data(as_text=True)
    nothing = client.get("/fr/search?q=_").get_data(as_text=True)

    assert page.count("data-sku=") == 1
    assert "data-sku=" not in nothing


def test_htmx_search_gets_only_the_results_block(client):
    factories.make_product(sku="OIL-1", name_fr="Filtre à huile")

    response = client.get(
        "/fr/search?q=filtre", headers={"HX-Request": "true", "HX-Target": "listing"}
    )
    fragment = response.get_data(as_text=True)

    assert "<html" not in fragment and "<header" not in fragment
    assert 'data-sku="OIL-1"' in fragment


def add_cart(token, expires_in, lines):
    cart = Cart(token=token, expires_at=datetime.now(UTC) + expires_in)
    for product, quantity in lines:
        cart.items.append(
            CartItem(product_id=product.id, quantity=quantity, unit_price_seen=product.price)
        )
    db.session.add(cart)
    db.session.flush()
    return cart


def signed_cart_cookie(client, token):
    """The cookie value a browser holding the cart `token` sends."""
    with client.application.test_request_context():
        return signed_token(token)


def test_cart_page_is_empty_without_a_cart(client):
    page = client.get("/fr/cart").get_data(as_text=True)

    assert "Votre panier est vide." in page
    assert '<span class="badge" aria-label="0 article">0</span>' in page


def test_cart_page_and_badge_show_the_visitor_cart(client):
    brakes = factories.make_product(sku="BRK-1", price=Decimal("45.500"))
    bulbs = factories.make_product(sku="BLB-1", price=Decimal("3.250"))
    add_cart("visitor-token", timedelta(days=1), [(brakes, 1), (bulbs, 2)])
    client.set_cookie("cart", signed_cart_cookie(client, "visitor-token"))

    page = client.get("/fr/cart").get_data(as_text=True)

    assert re.findall(r'data-sku="([^"]+)"', page) == ["BRK-1", "BLB-1"]
    assert "52,000\u00a0DT" in page
    assert '<span class="badge" aria-label="3 articles">3</span>' in page


def test_an_expired_cart_counts_for_nothing(client):
    add_cart("old-token", timedelta(days=-1), [(factories.make_product(), 4)])
    client.set_cookie("cart", signed_cart_cookie(client, "old-token"))

    page = client.get("/ar/cart").get_data(as_text=True)

    assert "سلة مشترياتك فارغة." in page
    assert '<span class="badge" aria-label="لا منتجات">0</span>' in page


def test_home_page_weight_stays_under_100_kb(client):
    for _ in range(8):
        factories.make_product(featured=True, brand=factories.make_brand())
    page = client.get("/ar/").data
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.decode())

    weight = len(page)
    for asset in assets:
        with client.get(asset) as response:
            weight += len(response.data)

    assert len(assets) == 4  # favicon, stylesheet, htmx, suggestions
    assert weight < 100 * 1024
