"""The admin's landing page, and the search analytics from the storefront's log."""

from flask import render_template, request

from admin.views import admin
from shop.auth import roles_required
from shop.config import LANGUAGES
from shop.services.orders import STATUS_LABELS
from shop.services.reports import (
    awaiting_confirmation,
    queries_without_results,
    recent_activity,
    revenue_chart,
    today_against_last_week,
    top_products,
    top_queries,
)
from shop.services.search_log import save_logged_searches
from shop.services.stock_admin import low_stock

CHART_PERIODS = (30, 90)
ANALYTICS_PERIODS = (7, 30, 90)


@admin.get("/")
@roles_required("owner", "manager", "staff")
def dashboard():
    return render_template(
        "admin/dashboard.html",
        comparison=today_against_last_week(),
        charts=[(days, revenue_chart(days)) for days in CHART_PERIODS],
        top=top_products(),
        low=low_stock(limit=10),
        awaiting=awaiting_confirmation(),
        activity=recent_activity(),
        status_labels=STATUS_LABELS,
    )


@admin.get("/search-analytics")
@roles_required("owner", "manager")
def search_analytics():
    days = request.args.get("days", type=int)
    days = days if days in ANALYTICS_PERIODS else 30
    language = request.args.get("language")
    language = language if language in LANGUAGES else None
    save_logged_searches()  # up to the last search
    return render_template(
        "admin/search_analytics.html",
        days=days,
        periods=ANALYTICS_PERIODS,
        language=language,
        top=top_queries(days, language),
        empty=queries_without_results(days, language),
    )
