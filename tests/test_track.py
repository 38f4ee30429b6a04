"""Order tracking: reference and phone, one answer for any wrong pair, rate limits, the timeline."""

import re
from datetime import UTC
from decimal import Decimal

import pytest
import redis
from babel.dates import format_datetime

from shop.extensions import db
from shop.models import Order, StaffUser
from shop.services import ratelimit
from shop.services.orders import CustomerDetails, OrderLine, place_order, transition
from tests import factories

NO_MATCH_FR = "Nous n’avons trouvé aucune commande"


@pytest.fixture(autouse=True)
def no_rate_limits_left(redis_url):
    """Each test starts with no attempts counted."""
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{ratelimit.KEY_PREFIX}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def order(app):
    """A web order for two brake pads, placed by a guest with a Tunisian mobile number."""
    location = factories.make_location(is_default=True)
    city = factories.make_city()
    zone = factories.make_zone(cities=[city], eta_hours_max=48)
    pads = factories.make_product(price=Decimal("45.500"), name_fr="Plaquettes de frein")
    factories.make_stock(pads, location, on_hand=5)
    details = CustomerDetails(name="Amine", phone="20 123 456", city_id=city.id)
    with app.app_context():
        order_id = place_order([OrderLine(pads.id, 2)], details, zone, "web", "fr").order.id
        db.session.commit()
    return db.session.get(Order, order_id)


def spaced(reference):
    """The reference as a customer may type it: lower case, with a dash."""
    return f"{reference[:3].lower()}-{reference[3:].lower()}"


def track(client, reference, phone, lang="fr"):
    return client.post(f"/{lang}/track", data={"reference": reference, "phone": phone})


def test_the_right_pair_shows_the_order_and_its_timeline(client, order):
    response = track(client, spaced(order.reference), "+216 20 123 456")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/fr/track?ref={order.reference}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Commande {order.reference}" in page
    assert "En attente de confirmation" in page
    assert "2 × Plaquettes de frein" in page
    assert "98,000\u00a0DT" in page  # 2 × 45.500 + 7.000 delivery
    assert "Livraison prévue au plus tard le" in page
    assert 'class="timeline-step reached status-awaiting_confirmation"' in page
    assert 'class="timeline-step status-delivered"' in page


def test_a_wrong_reference_and_a_wrong_phone_get_the_same_answer(client, order):
    wrong_phone = track(client, order.reference, "20 999 999")
    wrong_reference = track(client, "ZZZZZZ", "20 123 456")
    not_a_phone = track(client, order.reference, "hello")

    answers = [wrong_phone, wrong_reference, not_a_phone]
    assert {answer.status_code for answer in answers} == {404}
    errors = {re.search(r'role="alert">([^<]*)<', a.get_data(as_text=True))[1] for a in answers}
    assert len(errors) == 1 and NO_MATCH_FR in errors.pop()
    assert "Plaquettes" not in wrong_phone.get_data(as_text=True)


def test_the_form_keeps_what_was_typed_and_ref_prefills_it(client, order):
    page = client.get(f"/fr/track?ref={order.reference}").get_data(as_text=True)
    assert f'value="{order.reference}"' in page and "Plaquettes" not in page

    refused = track(client, "abc-234", "20 999 999").get_data(as_text=True)
    assert 'value="abc-234"' in refused and 'value="20 999 999"' in refused


def test_without_a_reference_the_form_asks_for_it(client):
    response = track(client, "  ", "20 123 456")
    assert response.status_code == 400
    assert "Veuillez saisir la référence de votre commande." in response.get_data(as_text=True)


def test_another_browser_must_give_the_phone_again(app, client, order):
    track(client, order.reference, "20 123 456")
    assert "Plaquettes" in client.get(f"/fr/track?ref={order.reference}").get_data(as_text=True)

    stranger = app.test_client()
    page = stranger.get(f"/fr/track?ref={order.reference}").get_data(as_text=True)
    assert "Plaquettes" not in page and "Suivre ma commande" in page


def test_tries_are_limited_per_reference(app, client, order):
    for _ in range(ratelimit.LIMITS["track"].attempts):
        assert track(client, order.reference, "20 999 999").status_code == 404

    limited = track(app.test_client(), order.reference, "20 123 456")
    assert limited.status_code == 429
    assert "Trop de tentatives" in limited.get_data(as_text=True)
    assert limited.headers["Retry-After"]

    arabic = track(client, "ZZZZZZ", "20 123 456", lang="ar")
    assert arabic.status_code == 429  # the same address is over its limit too
    assert "محاولات كثيرة" in arabic.get_data(as_text=True)


def test_without_redis_tracking_still_answers(make_app, order):
    cut_off = make_app(env={"REDIS_URL": "redis://127.0.0.1:1/0"}).test_client()
    for _ in range(ratelimit.LIMITS["track"].attempts + 1):
        response = track(cut_off, order.reference, "20 123 456")
    assert response.status_code == 303


def test_the_timeline_shows_each_step_with_its_date_in_the_page_language(app, client, order):
    clerk = factories.make_staff(role="staff")
    reference = order.reference
    with app.app_context():
        confirmed = db.session.get(Order, order.id)
        event = transition(confirmed, "confirmed", "staff", db.session.get(StaffUser, clerk.id))
        confirmed_at = event.at
        db.session.commit()
    track(client, reference, "20 123 456")

    page = client.get(f"/ar/track?ref={reference}").get_data(as_text=True)

    assert 'class="timeline-step reached status-confirmed"' in page
    assert format_datetime(confirmed_at, "medium", tzinfo=UTC, locale="ar") in page
    assert "مؤكد" in page


def test_a_cancelled_order_stops_its_timeline_there(app, client, order):
    reference = order.reference
    with app.app_context():
        transition(db.session.get(Order, order.id), "cancelled", "customer")
        db.session.commit()
    track(client, reference, "20 123 456")

    page = client.get(f"/fr/track?ref={reference}").get_data(as_text=True)

    assert "status-cancelled" in page and "status-delivered" not in page
    assert "Livraison prévue" not in page


def test_a_forged_form_is_refused(csrf_client, order):
    response = track(csrf_client, order.reference, "20 123 456")
    assert response.status_code == 400
    assert "Plaquettes" not in response.get_data(as_text=True)
