"""The dashboard's figures come from the orders, stock and logs; search analytics from the
storefront's search log."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from shop.extensions import db
from shop.models import Order, SearchQuery
from shop.services.orders import transition
from shop.services.reports import daily_sales, revenue_chart, today_against_last_week, top_products
from tests import factories


def placed(app, days_ago=0, quantity=1, cancelled=False):
    with app.app_context():
        order = factories.make_order(quantity=quantity)
        if cancelled:
            transition(order, "cancelled", "system")
        db.session.commit()
        order_id = order.id
    when = datetime.now(UTC) - timedelta(days=days_ago)
    db.session.execute(update(Order).where(Order.id == order_id).values(placed_at=when))
    return db.session.get(Order, order_id)


def test_today_is_compared_with_the_same_day_last_week(app):
    placed(app, quantity=2)
    placed(app)
    placed(app, cancelled=True)
    placed(app, days_ago=7)

    comparison = today_against_last_week()

    assert (comparison.today.orders, comparison.today.revenue) == (2, Decimal("134.000"))
    assert (comparison.last_week.orders, comparison.last_week.revenue) == (1, Decimal("47.000"))
    assert comparison.revenue_change == 185


def test_the_daily_series_covers_every_day_and_adds_up(app):
    placed(app, days_ago=3)
    placed(app, days_ago=3)
    placed(app, days_ago=40)

    series = daily_sales(30)

    assert len(series) == 30
    assert sum(day.orders for day in series) == 2
    assert series[-4].orders == 2 and series[-4].revenue == Decimal("94.000")
    chart = revenue_chart(30)
    assert max(bar.height for bar in chart.bars) == chart.height
    assert sum(1 for bar in chart.bars if bar.height) == 1


def test_top_products_are_ordered_by_units(app):
    small = placed(app)
    big = placed(app, quantity=3)

    top = top_products()

    assert [item.sku for item in top] == [big.items[0].sku, small.items[0].sku]
    assert top[0].units == 3


def test_the_dashboard_renders_in_both_languages(app, client, login_as):
    order = placed(app)
    login_as(client, "staff")

    french = client.get("/fr/admin/").get_data(as_text=True)
    arabic = client.get("/ar/admin/").get_data(as_text=True)

    assert order.reference in french and order.reference in arabic
    assert '<svg dir="ltr" class="sales-chart"' in arabic
    assert 'dir="rtl"' in arabic


def test_an_empty_shop_has_a_dashboard_too(client, login_as):
    login_as(client, "owner")

    assert client.get("/fr/admin/").status_code == 200


@pytest.fixture
def searches():
    now = datetime.now(UTC)
    rows = [
        ("plaquette", "fr", 12, now),
        ("plaquette", "fr", 10, now),
        ("filtre", "ar", 5, now),
        ("bougie xyz", "fr", 0, now),
        ("bougie xyz", "fr", 0, now),
        ("ancienne", "fr", 0, now - timedelta(days=20)),
    ]
    for normalized, language, count, at in rows:
        db.session.add(
            SearchQuery(
                query=normalized,
                normalized=normalized,
                language=language,
                result_count=count,
                at=at,
            )
        )
    db.session.flush()


def test_search_analytics_show_top_and_fruitless_searches(client, login_as, searches):
    login_as(client, "manager")

    month = client.get("/fr/admin/search-analytics").get_data(as_text=True)
    week = client.get("/fr/admin/search-analytics?days=7").get_data(as_text=True)
    arabic_only = client.get("/fr/admin/search-analytics?language=ar").get_data(as_text=True)

    top = month.split('class="admin-table top-queries"')[1].split("</table>")[0]
    assert top.index("plaquette") < top.index("filtre")
    assert "<td>11</td>" in top
    empty = month.split('class="admin-table empty-queries"')[1]
    assert "bougie xyz" in empty and "ancienne" in empty
    assert "ancienne" not in week
    assert "plaquette" not in arabic_only and "filtre" in arabic_only


def test_staff_do_not_see_search_analytics(client, login_as):
    login_as(client, "staff")

    assert client.get("/fr/admin/search-analytics").status_code == 403
