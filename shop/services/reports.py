"""Figures for the dashboard and the search analytics: sales, top products, activity, queries.

A sale is an order that was not cancelled or refused at the door, counted on the day it was
placed (the database server's date).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Date, cast, func, select

from shop.extensions import db
from shop.models import AuditEntry, Order, OrderItem, OrderStatusEvent, SearchQuery, StaffUser

NOT_SALES = ("cancelled", "refused")
CHART_HEIGHT = 120
CHART_BAR_WIDTH = 8
CHART_GAP = 2


def _today():
    return db.session.scalar(select(func.current_date()))


@dataclass(frozen=True)
class DayFigures:
    day: date
    orders: int
    revenue: Decimal


def daily_sales(days, until=None):
    """One `DayFigures` per day of the last `days` days up to `until` (today), oldest first."""
    until = until or _today()
    start = until - timedelta(days=days - 1)
    placed_on = cast(Order.placed_at, Date)
    query = (
        select(placed_on, func.count(Order.id), func.coalesce(func.sum(Order.total), 0))
        .where(placed_on.between(start, until), Order.status.not_in(NOT_SALES))
        .group_by(placed_on)
    )
    found = {day: (count, revenue) for day, count, revenue in db.session.execute(query)}
    return [
        DayFigures(day, *found.get(day, (0, Decimal(0))))
        for day in (start + timedelta(days=offset) for offset in range(days))
    ]


@dataclass(frozen=True)
class Comparison:
    today: DayFigures
    last_week: DayFigures

    @property
    def revenue_change(self):
        """The change in percent from the same day last week, or None when that was zero."""
        if not self.last_week.revenue:
            return None
        change = (self.today.revenue - self.last_week.revenue) / self.last_week.revenue * 100
        return round(change)


def today_against_last_week():
    today = _today()
    current = daily_sales(1, until=today)[0]
    previous = daily_sales(1, until=today - timedelta(days=7))[0]
    return Comparison(current, previous)


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    figures: DayFigures


@dataclass(frozen=True)
class Chart:
    """A bar chart of daily revenue, laid out in SVG units."""

    bars: list
    width: int
    height: int
    peak: Decimal
    bar_width: int = CHART_BAR_WIDTH


def revenue_chart(days):
    series = daily_sales(days)
    peak = max((figures.revenue for figures in series), default=Decimal(0))
    step = CHART_BAR_WIDTH + CHART_GAP
    bars = []
    for index, figures in enumerate(series):
        height = int(figures.revenue / peak * CHART_HEIGHT) if peak else 0
        if figures.revenue and not height:
            height = 1
        bars.append(Bar(index * step, CHART_HEIGHT - height, height, figures))
    return Chart(bars, len(series) * step, CHART_HEIGHT, peak)


@dataclass(frozen=True)
class TopProduct:
    product_id: int
    sku: str
    name_fr: str | None
    name_ar: str | None
    units: int
    revenue: Decimal


def top_products(days=30, limit=10):
    """Products sold most in the last `days` days, by units then revenue."""
    since = _today() - timedelta(days=days - 1)
    units = func.sum(OrderItem.quantity)
    revenue = func.sum(OrderItem.line_total)
    query = (
        select(
            OrderItem.product_id,
            func.max(OrderItem.sku),
            func.max(OrderItem.name_fr),
            func.max(OrderItem.name_ar),
            units,
            revenue,
        )
        .join(Order, Order.id == OrderItem.order_id)
        .where(cast(Order.placed_at, Date) >= since, Order.status.not_in(NOT_SALES))
        .group_by(OrderItem.product_id)
        .order_by(units.desc(), revenue.desc(), OrderItem.product_id)
        .limit(limit)
    )
    return [TopProduct(*row) for row in db.session.execute(query)]


def awaiting_confirmation(limit=10):
    query = (
        select(Order)
        .where(Order.status == "awaiting_confirmation")
        .order_by(Order.placed_at)
        .limit(limit)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Activity:
    at: object
    kind: str
    who: str | None
    subject: str
    detail: str


def recent_activity(limit=12):
    """The latest admin changes and order steps, newest first."""
    changes = db.session.execute(
        select(AuditEntry, StaffUser.name)
        .outerjoin(StaffUser, StaffUser.id == AuditEntry.staff_user_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    ).all()
    steps = db.session.execute(
        select(OrderStatusEvent, Order.reference, StaffUser.name)
        .join(Order, Order.id == OrderStatusEvent.order_id)
        .outerjoin(StaffUser, StaffUser.id == OrderStatusEvent.staff_user_id)
        .order_by(OrderStatusEvent.at.desc(), OrderStatusEvent.id.desc())
        .limit(limit)
    ).all()
    items = [
        Activity(entry.at, "change", name, f"{entry.entity_type} {entry.entity_id}", entry.action)
        for entry, name in changes
    ] + [
        Activity(event.at, "order", name, reference, event.to_status)
        for event, reference, name in steps
    ]
    return sorted(items, key=lambda item: item.at, reverse=True)[:limit]


@dataclass(frozen=True)
class QueryFigures:
    query: str
    searches: int
    average_results: float


def _queries_since(days, language):
    since = _today() - timedelta(days=days - 1)
    conditions = [cast(SearchQuery.at, Date) >= since]
    if language:
        conditions.append(SearchQuery.language == language)
    return conditions


def top_queries(days=30, language=None, limit=20):
    """The most frequent searches (normalised), with their average number of results."""
    count = func.count(SearchQuery.id)
    query = (
        select(SearchQuery.normalized, count, func.avg(SearchQuery.result_count))
        .where(*_queries_since(days, language), SearchQuery.normalized != "")
        .group_by(SearchQuery.normalized)
        .order_by(count.desc(), SearchQuery.normalized)
        .limit(limit)
    )
    return [QueryFigures(text, n, float(average)) for text, n, average in db.session.execute(query)]


def queries_without_results(days=30, language=None, limit=20):
    """Searches that found nothing, most frequent first: products or words the shop lacks."""
    count = func.count(SearchQuery.id)
    query = (
        select(SearchQuery.normalized, count, func.max(SearchQuery.query))
        .where(*_queries_since(days, language), SearchQuery.result_count == 0)
        .where(SearchQuery.normalized != "")
        .group_by(SearchQuery.normalized)
        .order_by(count.desc(), SearchQuery.normalized)
        .limit(limit)
    )
    return [QueryFigures(typed, n, 0.0) for _normalized, n, typed in db.session.execute(query)]
