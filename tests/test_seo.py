"""Search engines and sharing: canonical and hreflang links, Open Graph, sitemaps and robots.txt."""

from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import quote
from xml.etree import ElementTree

from sqlalchemy import event

from shop.extensions import db
from tests import factories

HOST = "http://localhost"
XMLNS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


class HeadTags(HTMLParser):
    """The <link> and <meta> tags of a page's <head>."""

    def __init__(self, html):
        super().__init__()
        self.links = []
        self.meta = {}
        self.in_head = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif self.in_head and tag == "link":
            self.links.append(attributes)
        elif self.in_head and tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta[key] = attributes.get("content")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False

    @property
    def canonical(self):
        urls = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        assert len(urls) <= 1, urls
        return urls[0] if urls else None

    @property
    def alternates(self):
        return {
            link["hreflang"]: link["href"] for link in self.links if link.get("rel") == "alternate"
        }


def head_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return HeadTags(response.get_data(as_text=True))


def test_home_names_its_canonical_url_and_both_languages(client):
    head = head_of(client, "/ar/")

    assert head.canonical == f"{HOST}/ar/"
    assert head.alternates == {"ar": f"{HOST}/ar/", "fr": f"{HOST}/fr/", "x-default": f"{HOST}/fr/"}
    assert head.meta["og:url"] == f"{HOST}/ar/"


def test_x_default_is_the_shops_default_language(make_app):
    grocery = make_app(env={"SHOP_PROFILE": "grocery"})

    head = head_of(grocery.test_client(), "/fr/")

    assert head.alternates["x-default"] == f"{HOST}/ar/"


def test_open_graph_locale_is_the_page_language_in_the_shops_country(client):
    head = head_of(client, "/ar/")

    assert head.meta["og:locale"] == "ar_TN"
    assert head.meta["og:locale:alternate"] == "fr_TN"
    assert head.meta["og:type"] == "website"
    assert head.meta["og:site_name"] == "Hanout Auto"


def test_every_page_has_a_description_and_a_title_to_share(client):
    head = head_of(client, "/fr/")

    assert "Hanout Auto" in head.meta["description"]
    assert "WhatsApp" in head.meta["description"]
    assert head.meta["og:description"] == head.meta["description"]
    assert head.meta["og:title"] == "Hanout Auto"
    assert "og:image" not in head.meta


def test_a_filtered_listing_points_to_the_unfiltered_category(client):
    category = factories.make_category(slug_fr="freinage", slug_ar="فرامل")

    head = head_of(client, "/fr/c/freinage?brand=bosch&sort=price_asc&in_stock=1&utm_source=mail")

    assert head.canonical == f"{HOST}/fr/c/freinage"
    assert head.alternates == {
        "fr": f"{HOST}/fr/c/freinage",
        "ar": f"{HOST}/ar/c/{quote(category.slug_ar)}",
        "x-default": f"{HOST}/fr/c/freinage",
    }


def test_a_page_of_an_unfiltered_listing_is_its_own_canonical_page(client):
    factories.make_category(slug_fr="filtration", slug_ar="فلاتر")

    head = head_of(client, "/fr/c/filtration?after=abc&utm_campaign=spring&fbclid=x")

    assert head.canonical == f"{HOST}/fr/c/filtration?after=abc"


def test_a_search_keeps_its_words_in_the_canonical_url(client):
    head = head_of(client, "/fr/search?q=plaquette&sort=price_desc&gclid=1")

    assert head.canonical == f"{HOST}/fr/search?q=plaquette"
    assert head.alternates["ar"] == f"{HOST}/ar/search?q=plaquette"


def test_a_product_is_shared_with_its_name_description_and_image(client):
    product = factories.make_product(
        name_fr="Plaquettes de frein avant",
        slug_fr="plaquettes-de-frein-avant",
        slug_ar="وسادات-فرامل-أمامية",
        description_fr="Jeu de quatre plaquettes pour freins à disque.",
    )
    factories.make_image(product, "/static/img/plaquettes.jpg")
    fr_url = f"{HOST}/fr/p/{product.id}/plaquettes-de-frein-avant"
    ar_url = f"{HOST}/ar/p/{product.id}/{quote(product.slug_ar)}"

    head = head_of(client, f"/fr/p/{product.id}/plaquettes-de-frein-avant?utm_medium=social")

    assert head.canonical == fr_url
    assert head.alternates == {"fr": fr_url, "ar": ar_url, "x-default": fr_url}
    assert head.meta["og:type"] == "product"
    assert head.meta["og:title"].startswith("Plaquettes de frein avant")
    assert "quatre plaquettes" in head.meta["description"]
    assert head.meta["og:image"] == f"{HOST}/static/img/plaquettes.jpg"


def test_staff_pages_have_no_canonical_url(client):
    head = head_of(client, "/fr/admin/login")

    assert head.canonical is None
    assert head.alternates == {}


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /*/admin/" in lines
    assert "Disallow: /*/search" in lines
    assert "Disallow: /*/cart" in lines
    assert f"Sitemap: {HOST}/sitemap.xml" in lines


def sitemap(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    assert response.mimetype == "application/xml"
    return ElementTree.fromstring(response.data)


def locations(root):
    return [element.text for element in root.iterfind(".//sm:loc", XMLNS)]


def test_sitemap_index_lists_categories_brands_and_products_by_id_range(client):
    factories.make_product(id=7_000_001)
    factories.make_product(id=7_010_002)
    factories.make_product(id=7_005_003, status="draft")

    index = sitemap(client, "/sitemap.xml")

    assert index.tag == f"{{{XMLNS['sm']}}}sitemapindex"
    listed = locations(index)
    assert f"{HOST}/sitemaps/categories.xml" in listed
    assert f"{HOST}/sitemaps/brands.xml" in listed
    assert f"{HOST}/sitemaps/products-1401.xml" in listed
    assert f"{HOST}/sitemaps/products-1403.xml" in listed
    # Ids 7,005,001 to 7,010,000 hold only a draft: no sitemap for them.
    assert f"{HOST}/sitemaps/products-1402.xml" not in listed


def test_products_sitemap_lists_each_live_product_in_both_languages(client):
    live = factories.make_product(id=7_000_010, slug_fr="filtre-a-huile", slug_ar="فلتر-زيت")
    factories.make_product(id=7_000_011, status="draft")
    factories.make_product(id=7_000_012, deleted_at=datetime.now(UTC))
    factories.make_product(id=7_005_001)  # the next sitemap's range
    fr_url = f"{HOST}/fr/p/{live.id}/filtre-a-huile"
    ar_url = f"{HOST}/ar/p/{live.id}/{quote('فلتر-زيت')}"

    urlset = sitemap(client, "/sitemaps/products-1401.xml")

    urls = urlset.findall("sm:url", XMLNS)
    assert sorted(url.find("sm:loc", XMLNS).text for url in urls) == sorted([fr_url, ar_url])
    for url in urls:
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in url.iterfind("xhtml:link", XMLNS)
            if link.get("rel") == "alternate"
        }
        assert alternates == {"fr": fr_url, "ar": ar_url, "x-default": fr_url}
        assert url.find("sm:lastmod", XMLNS).text.startswith(str(datetime.now(UTC).year))


def test_products_sitemap_reads_its_page_by_id_range_not_offset(app, client):
    factories.make_product(id=7_000_020)
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        sitemap(client, "/sitemaps/products-1401.xml")
    finally:
        event.remove(engine, "before_cursor_execute", remember)

    product_queries = [s for s in statements if "FROM products" in s]
    assert product_queries
    assert all("OFFSET" not in s.upper() for s in product_queries)
    assert any("BETWEEN" in s for s in product_queries)


def test_a_products_sitemap_without_products_is_not_found(client):
    sitemap(client, "/sitemaps/products-999999.xml", status=404)


def test_categories_sitemap_has_home_and_active_categories_in_both_languages(client):
    factories.make_category(slug_fr="eclairage", slug_ar="إضاءة")
    factories.make_category(slug_fr="archives", slug_ar="أرشيف", is_active=False)

    listed = locations(sitemap(client, "/sitemaps/categories.xml"))

    assert f"{HOST}/fr/" in listed
    assert f"{HOST}/ar/" in listed
    assert f"{HOST}/fr/c/eclairage" in listed
    assert f"{HOST}/ar/c/{quote('إضاءة')}" in listed
    assert not any("archives" in url for url in listed)


def test_brands_sitemap_lists_active_brands_in_both_languages(client):
    factories.make_brand(slug="valeo")
    factories.make_brand(slug="oubliee", is_active=False)

    listed = locations(sitemap(client, "/sitemaps/brands.xml"))

    assert f"{HOST}/fr/b/valeo" in listed
    assert f"{HOST}/ar/b/valeo" in listed
    assert not any("oubliee" in url for url in listed)
