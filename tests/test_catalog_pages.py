"""Category and brand pages: the tree, slugs per language, htmx fragments, bad input, SQL cost."""

import re
from decimal import Decimal
from urllib.parse import quote

import pytest

from shop.extensions import db
from shop.models import ProductImage
from shop.services.listing import Listing, ListingFilters
from shop.services.scopes import in_category_subtree
from tests import factories
from tests.sql import counted_queries

SKU = re.compile(r'data-sku="([^"]+)"')


def skus(response):
    return SKU.findall(response.get_data(as_text=True))


@pytest.fixture
def tree():
    """Freinage > Disques > Disques ventilés, with one product at each level and a brand."""
    brakes = factories.make_category(
        name_fr="Freinage", name_ar="الفرامل", slug_fr="freinage", slug_ar="الفرامل"
    )
    discs = factories.make_category(
        parent=brakes, name_fr="Disques", name_ar="أقراص", slug_fr="disques", slug_ar="أقراص"
    )
    vented = factories.make_category(
        parent=discs,
        name_fr="Disques ventilés",
        name_ar="أقراص مهواة",
        slug_fr="disques-ventiles",
        slug_ar="أقراص-مهواة",
    )
    brembo = factories.make_brand(name="Brembo", slug="brembo")
    factories.make_product(sku="B-1", category=brakes, brand=brembo)
    factories.make_product(sku="D-1", category=discs)
    factories.make_product(sku="V-1", category=vented, brand=brembo, is_restricted=True)
    factories.make_product(
        sku="V-2",
        category=vented,
        price=Decimal("80.000"),
        compare_at_price=Decimal("100.000"),
        name_fr="Disque promo",
        slug_fr="disque-promo",
    )
    return {"brakes": brakes, "discs": discs, "vented": vented, "brembo": brembo}


def test_a_deep_category_shows_its_breadcrumbs_in_order(client, tree):
    html = client.get("/fr/c/disques-ventiles").get_data(as_text=True)

    start = html.index('class="breadcrumbs"')
    crumbs = html[start : html.index("</nav>", start)]
    assert re.findall(r"<li[^>]*>(?:<a[^>]*>)?([^<]+)", crumbs) == [
        "Accueil",
        "Catégories",
        "Freinage",
        "Disques",
        "Disques ventilés",
    ]
    assert 'href="/fr/c/disques"' in crumbs
    assert '<li aria-current="page">Disques ventilés</li>' in crumbs
    assert "<h1>Disques ventilés</h1>" in html


def test_a_category_links_its_subcategories_with_their_product_counts(client, tree):
    html = client.get("/fr/c/freinage").get_data(as_text=True)

    link = re.search(r'href="/fr/c/disques">Disques <span class="count">(\d+)</span>', html)
    assert link and link.group(1) == "3"


def test_the_arabic_page_uses_the_arabic_slug_and_the_french_slug_redirects_to_it(client, tree):
    arabic_path = "/ar/c/" + quote("أقراص-مهواة")

    redirect = client.get("/ar/c/disques-ventiles?sort=newest")
    page = client.get(arabic_path)

    assert redirect.status_code == 301
    assert redirect.headers["Location"] == f"{arabic_path}?sort=newest"
    assert page.status_code == 200
    assert "<h1>أقراص مهواة</h1>" in page.get_data(as_text=True)
    assert f'href="{"/ar/c/" + quote("أقراص")}"' in page.get_data(as_text=True)


def test_hreflang_alternates_name_each_language_slug(client, tree):
    html = client.get("/fr/c/disques").get_data(as_text=True)

    assert re.search(r'hreflang="ar" href="[^"]*/ar/c/' + re.escape(quote("أقراص")), html)


def test_unknown_or_hidden_categories_and_brands_are_not_found(client, tree):
    tree["discs"].is_active = False
    db.session.flush()

    assert client.get("/fr/c/nothing-here").status_code == 404
    assert client.get("/fr/c/disques").status_code == 404
    assert client.get("/fr/b/nothing-here").status_code == 404
    # A hidden category hides its subtree's products from its parent's listing.
    assert sorted(skus(client.get("/fr/c/freinage"))) == ["B-1"]


def test_a_brand_page_lists_that_brands_products(client, tree):
    response = client.get("/fr/b/brembo")

    assert response.status_code == 200
    assert sorted(skus(response)) == ["B-1", "V-1"]
    assert "<h1>Brembo</h1>" in response.get_data(as_text=True)


def test_the_category_index_lists_the_roots_and_their_children(client, tree):
    html = client.get("/fr/c/").get_data(as_text=True)

    assert 'href="/fr/c/freinage">Freinage</a>' in html
    assert 'href="/fr/c/disques">Disques</a>' in html


def test_home_page_chips_lead_to_category_and_brand_pages(client, tree):
    html = client.get("/ar/").get_data(as_text=True)

    assert f'href="/ar/c/{quote("الفرامل")}"' in html
    assert 'href="/ar/b/brembo"' in html
    assert 'href="/ar/c/"' in html


def test_a_card_links_the_product_and_shows_prices_and_marks(client, tree):
    html = client.get("/fr/c/disques-ventiles").get_data(as_text=True)

    promo = html[html.index('data-sku="V-2"') :].split("</article>", 1)[0]
    restricted = html[html.index('data-sku="V-1"') :].split("</article>", 1)[0]
    assert re.search(r'href="/fr/p/\d+/disque-promo"', promo)
    assert "<del" in promo and "100,000" in promo and "80,000" in promo
    assert "18+" in restricted and "18+" not in promo


def test_load_more_answers_htmx_with_only_the_next_cards_and_pager(client, tree):
    category = factories.make_category(slug_fr="vrac", slug_ar="متنوع")
    for _ in range(30):
        factories.make_product(category=category)
    page = client.get("/fr/c/vrac").get_data(as_text=True)
    more_url = re.search(r'hx-get="([^"]+)"\s+hx-target="#next_page"', page).group(1)

    more = client.get(
        more_url.replace("&amp;", "&"), headers={"HX-Request": "true", "HX-Target": "next_page"}
    )

    fragment = more.get_data(as_text=True)
    assert more.status_code == 200
    assert "<html" not in fragment and "listing-filters" not in fragment
    assert len(skus(more)) == 6
    assert not set(skus(more)) & set(SKU.findall(page))
    assert 'rel="prev"' in fragment and 'rel="next"' not in fragment


def test_filtering_through_htmx_returns_only_the_listing(client, tree):
    response = client.get(
        "/fr/c/freinage?brand=brembo", headers={"HX-Request": "true", "HX-Target": "listing"}
    )

    html = response.get_data(as_text=True)
    assert "<html" not in html and "<h1>" not in html
    assert 'id="listing-filters"' in html
    assert sorted(skus(response)) == ["B-1", "V-1"]


BAD_QUERIES = [
    {"brand": "no-such-brand"},
    {"brand": ["brembo", "x" * 5000]},
    {"min_price": "abc", "max_price": "NaN"},
    {"min_price": "1e999999", "max_price": "-5"},
    {"after": "garbage"},
    {"after": "A" * 100_000},
    {"before": "WyJyZWxldmFuY2UiLFtdXQ.forged"},
    {"after": "W1sicHJpY2VfYXNjIl1d.x", "sort": "price_asc"},
    {"attr." + "x" * 500: "y"},
    {"attr.position": "x" * 500},
    {"attr.position": "' OR 1=1; DROP TABLE products; --"},
    {"brand": "<script>alert(1)</script>", "sort": "<b>bold</b>"},
    {"attr.<img src=x onerror=alert(1)>": "<svg onload=alert(1)>"},
    {"in_stock": "yes", "fits": "2", "sort": "price_asc'; --"},
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_filter_input_gets_a_normal_page(client, tree, query):
    response = client.get("/fr/c/freinage", query_string=query)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in html and "<svg onload" not in html and "<img src=x" not in html
    assert "<h1>Freinage</h1>" in html


def test_unknown_brands_and_garbled_cursors_are_ignored(client, tree):
    everything = sorted(skus(client.get("/fr/c/freinage")))

    assert sorted(skus(client.get("/fr/c/freinage?brand=nope"))) == everything
    assert sorted(skus(client.get("/fr/c/freinage?after=garbage"))) == everything


def test_a_cursor_signed_for_another_key_is_refused(app, tree):
    from itsdangerous import URLSafeSerializer

    forged = URLSafeSerializer("not-our-secret", salt="listing-cursor").dumps(
        ["relevance", [["b", False], ["t", "2000-01-01T00:00:00+00:00"], ["i", 1]]]
    )
    with app.test_request_context():
        page = Listing(in_category_subtree(tree["brakes"]), ListingFilters(after=forged)).page()

    assert len(page.product_ids) == 4


def stocked_category(slug, count, location):
    category = factories.make_category(slug_fr=slug, slug_ar=f"ar-{slug}")
    brand = factories.make_brand()
    for n in range(count):
        product = factories.make_product(
            category=category, brand=brand, attributes={"côté": "gauche" if n % 2 else "droit"}
        )
        db.session.add(ProductImage(product_id=product.id, url=f"/static/p{n}.jpg", position=0))
        factories.make_stock(product, location, on_hand=n)
    db.session.flush()


def test_the_number_of_queries_does_not_grow_with_the_products_shown(app, client):
    location = factories.make_location()
    stocked_category("deux", 2, location)
    stocked_category("vingt-quatre", 24, location)
    counts = {}
    for slug in ("deux", "vingt-quatre"):
        client.get(f"/fr/c/{slug}")  # caches warmed alike
        with counted_queries(app) as statements:
            response = client.get(f"/fr/c/{slug}")
        assert response.status_code == 200
        counts[slug] = len(statements)

    assert counts["deux"] == counts["vingt-quatre"]
    assert len(skus(response)) == 24


def test_the_default_category_listing_can_run_on_the_live_products_index(app, tree):
    """The listing's conditions must match the partial indexes' predicate to use them at all."""
    with app.test_request_context():
        with counted_queries(app) as statements:
            Listing(in_category_subtree(tree["brakes"]), ListingFilters()).page()
        page_query = next(s for s in statements if "LIMIT" in s[0])
        connection = db.session.connection()
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = "\n".join(
            connection.exec_driver_sql("EXPLAIN " + page_query[0], page_query[1]).scalars()
        )

    assert "ix_products_live_" in plan
