"""My vehicle: the make → model → year selector with and without HTMX, the cookie, vehicle pages."""

import re

import pytest

from tests import factories

HTMX = {"HX-Request": "true"}


@pytest.fixture
def clio():
    """Renault Clio III and IV (both made in 2012), a Mégane, and a Dacia Logan."""
    return {
        "III": factories.make_vehicle("Renault", "Clio", "III", 2005, 2012),
        "IV": factories.make_vehicle("Renault", "Clio", "IV", 2012, 2019),
        "megane": factories.make_vehicle("Renault", "Megane", "III", 2008, 2016),
        "logan": factories.make_vehicle("Dacia", "Logan", "II", 2012, 2020),
    }


def vehicle_cookie(client):
    cookie = client.get_cookie("vehicle")
    return cookie.value if cookie else None


def test_without_javascript_the_selector_goes_step_by_step(client, clio):
    renault, model = clio["IV"].model.make, clio["IV"].model

    home = client.get("/fr/").get_data(as_text=True)
    assert f'<option value="{renault.id}">Renault</option>' in home

    step = client.post("/fr/my-vehicle", data={"make": renault.id, "next": "/fr/"})
    assert step.status_code == 303
    models_page = client.get(step.location).get_data(as_text=True)
    assert f'<option value="{model.id}">Clio</option>' in models_page
    assert "Megane" in models_page and "Logan" not in models_page

    step = client.post(
        "/fr/my-vehicle", data={"make": renault.id, "model": model.id, "next": "/fr/"}
    )
    years_page = client.get(step.location).get_data(as_text=True)
    assert "<option>2019</option>" in years_page and "<option>2005</option>" in years_page
    assert "<option>2020</option>" not in years_page

    done = client.post(
        "/fr/my-vehicle",
        data={"make": renault.id, "model": model.id, "year": "2015", "next": "/fr/c/freinage"},
    )
    assert done.status_code == 303
    assert done.location == "/fr/c/freinage"
    assert vehicle_cookie(client) == str(clio["IV"].id)


def test_a_changeover_year_asks_which_generation(client, clio):
    model = clio["IV"].model

    step = client.post("/fr/my-vehicle", data={"model": model.id, "year": "2012", "next": "/fr/"})
    assert vehicle_cookie(client) is None
    page = client.get(step.location).get_data(as_text=True)
    assert "Renault Clio III (2005–2012)" in page and "Renault Clio IV (2012–2019)" in page

    client.post("/fr/my-vehicle", data={"vehicle": clio["III"].id, "next": "/fr/"})
    assert vehicle_cookie(client) == str(clio["III"].id)


def test_htmx_gets_only_the_model_options_of_a_make(client, clio):
    renault = clio["IV"].model.make

    response = client.get(
        f"/fr/my-vehicle?make={renault.id}", headers={**HTMX, "HX-Target": "vehicle_model"}
    )

    html = response.get_data(as_text=True)
    assert "<html" not in html and "<form" not in html
    assert re.findall(r'<option value="\d+">(\w+)</option>', html) == ["Clio", "Megane"]
    # A new make also empties the years, out of band.
    assert '<select id="vehicle_year" hx-swap-oob="innerHTML">' in html


def test_htmx_gets_only_the_year_options_of_a_model(client, clio):
    response = client.get(
        f"/fr/my-vehicle?model={clio['megane'].model.id}",
        headers={**HTMX, "HX-Target": "vehicle_year"},
    )

    html = response.get_data(as_text=True)
    assert "<html" not in html and "Megane" not in html
    assert re.findall(r"<option>(\d+)</option>", html) == [str(y) for y in range(2016, 2007, -1)]


def test_the_selector_asks_htmx_for_the_next_options(client, clio):
    html = client.get("/fr/").get_data(as_text=True)

    assert re.search(r'<select id="vehicle_make" name="make" hx-get="/fr/my-vehicle"', html)
    assert 'hx-target="#vehicle_model"' in html and 'hx-target="#vehicle_year"' in html


def test_the_selector_is_open_on_the_home_page_and_folded_on_listings(client, clio):
    category = factories.make_category(slug_fr="freinage")
    brand = factories.make_brand(slug="bosch")
    factories.make_product(category=category, brand=brand)

    def selector_open(path):
        html = client.get(path).get_data(as_text=True)
        assert 'id="vehicle_make"' in html, path
        return '<details class="vehicle-change" open>' in html

    assert selector_open("/fr/")
    assert selector_open("/fr/my-vehicle")
    assert not selector_open("/fr/c/freinage")
    assert not selector_open("/fr/b/bosch")


def test_the_cookie_is_http_only_lax_and_lasts_a_year(client, clio):
    response = client.post("/fr/my-vehicle", data={"vehicle": clio["IV"].id})

    header = response.headers["Set-Cookie"]
    assert header.startswith(f"vehicle={clio['IV'].id};")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    assert "Max-Age=31536000" in header
    assert "Secure" not in header


def test_the_cookie_is_secure_in_production(make_app, clio):
    client = make_app(env={"HANOUT_ENV": "production"}).test_client()

    response = client.post("/fr/my-vehicle", data={"vehicle": clio["IV"].id})

    assert "Secure" in response.headers["Set-Cookie"]


def test_the_chosen_vehicle_is_shown_and_can_be_cleared(client, clio):
    client.post("/fr/my-vehicle", data={"vehicle": clio["IV"].id})

    home = client.get("/fr/").get_data(as_text=True)
    assert "Renault Clio IV (2012–2019)" in home
    assert f'href="/fr/v/renault/clio/{clio["IV"].id}"' in home

    response = client.post("/fr/my-vehicle", data={"clear": "1", "next": "/fr/c/freinage"})

    assert response.status_code == 303 and response.location == "/fr/c/freinage"
    assert vehicle_cookie(client) is None
    assert "Renault Clio IV (2012–2019)" not in client.get("/fr/").get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x", ""]
)
def test_next_never_leaves_the_shop(client, clio, target):
    response = client.post("/fr/my-vehicle", data={"vehicle": clio["IV"].id, "next": target})

    assert response.location == "/fr/"


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}],
)
def test_a_post_from_another_site_is_refused(client, clio, headers):
    response = client.post("/fr/my-vehicle", data={"vehicle": clio["IV"].id}, headers=headers)

    assert response.status_code == 403
    assert vehicle_cookie(client) is None


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "0", "1e3", "9" * 40, "٣"])
def test_a_tampered_cookie_means_no_vehicle(client, clio, value):
    product = factories.make_product()
    factories.make_fitment(product, clio["IV"])
    client.set_cookie("vehicle", value)

    home = client.get("/fr/")
    page = client.get(f"/fr/p/{product.id}/{product.slug_fr}")

    assert home.status_code == 200 and page.status_code == 200
    assert "vehicle-current" not in home.get_data(as_text=True)
    assert "fit-notice" not in page.get_data(as_text=True)


def test_unknown_selector_values_are_ignored(client, clio):
    response = client.get("/fr/my-vehicle?make=zz&model=99999999&year=1e9")

    assert response.status_code == 200
    assert "Renault" in response.get_data(as_text=True)


def test_a_vehicle_page_lists_the_parts_that_fit(client, clio):
    brakes = factories.make_category(name_fr="Freinage", slug_fr="freinage")
    filters = factories.make_category(name_fr="Filtration", slug_fr="filtration")
    fits = factories.make_product(category_id=brakes.id, sku="PADS-CLIO4")
    factories.make_fitment(fits, clio["IV"])
    oil_filter = factories.make_product(category_id=filters.id, sku="FILTER-CLIO4")
    factories.make_fitment(oil_filter, clio["IV"])
    factories.make_fitment(factories.make_product(sku="PADS-LOGAN"), clio["logan"])
    path = f"/fr/v/renault/clio/{clio['IV'].id}"

    html = client.get(path).get_data(as_text=True)

    assert "Renault Clio IV (2012–2019)" in html
    assert set(re.findall(r'data-sku="([^"]+)"', html)) == {"PADS-CLIO4", "FILTER-CLIO4"}
    assert f'href="{path}?category=freinage"' in html

    narrowed = client.get(f"{path}?category=freinage").get_data(as_text=True)
    assert re.findall(r'data-sku="([^"]+)"', narrowed) == ["PADS-CLIO4"]


def test_a_vehicle_page_redirects_to_its_own_slugs_and_knows_unknown_ids(client, clio):
    response = client.get(f"/fr/v/dacia/logan/{clio['IV'].id}?category=freinage")

    assert response.status_code == 301
    assert response.location == f"/fr/v/renault/clio/{clio['IV'].id}?category=freinage"
    assert client.get("/fr/v/renault/clio/999999").status_code == 404


def test_make_and_model_pages_lead_to_generations(client, clio):
    make_page = client.get("/fr/v/renault").get_data(as_text=True)
    assert 'href="/fr/v/renault/clio"' in make_page and 'href="/fr/v/renault/megane"' in make_page

    model_page = client.get("/fr/v/renault/clio").get_data(as_text=True)
    assert f'href="/fr/v/renault/clio/{clio["III"].id}"' in model_page
    assert client.get("/fr/v/renault/nothing").status_code == 404


def test_a_shop_without_fitment_has_no_vehicle_choice(make_app, clio):
    client = make_app(env={"FEATURE_VEHICLE_FITMENT": "0"}).test_client()
    client.set_cookie("vehicle", str(clio["IV"].id))

    assert "vehicle-selector" not in client.get("/fr/").get_data(as_text=True)
    assert client.get("/fr/my-vehicle").status_code == 404
    assert client.post("/fr/my-vehicle", data={"vehicle": clio["IV"].id}).status_code == 404
    assert client.get(f"/fr/v/renault/clio/{clio['IV'].id}").status_code == 404
