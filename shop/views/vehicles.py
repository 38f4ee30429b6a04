"""My vehicle: the make → model → year selector, the `vehicle` cookie, and the vehicle pages.

The choice lives in a cookie holding the vehicle id; every storefront request reads it into
`g.vehicle`. A logged-in customer's choice is also kept on `Customer.vehicle_id`.
"""

from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, url_for
from flask_login import current_user

from shop.extensions import csrf, db
from shop.i18n import localized
from shop.services import scopes
from shop.services.catalog import active_category_by_slug, breadcrumbs
from shop.services.customers import remember_account_vehicle
from shop.services.vehicles import (
    find_make,
    find_model,
    find_vehicle,
    fitting_categories,
    generation_name,
    generations_of,
    models_of,
    short_vehicle_name,
    vehicle_choice,
    vehicle_name,
    year_span,
)
from shop.views import storefront
from shop.views.catalog import listing_context
from shop.web import current_page, render_page

VEHICLE_COOKIE = "vehicle"
COOKIE_MAX_AGE = 365 * 24 * 3600
OPTION_BLOCKS = ("vehicle_model", "vehicle_year")


def fitment_enabled():
    return current_app.config["SHOP"].feature_vehicle_fitment


@storefront.before_request
def load_chosen_vehicle():
    """`g.vehicle`: the vehicle named by the cookie, or None (no cookie, bad id, fitment off)."""
    cookie = request.cookies.get(VEHICLE_COOKIE)
    g.vehicle = find_vehicle(cookie) if cookie and fitment_enabled() else None


@storefront.app_context_processor
def vehicle_selector_context():
    """The selector's state for templates that include it: the chosen vehicle's make and model."""

    def vehicle_selector():
        vehicle = g.get("vehicle")
        if vehicle is None:
            return vehicle_choice()
        return vehicle_choice(model_id=vehicle.model_id)

    return {
        "vehicle_selector": vehicle_selector,
        "current_page": current_page,
        "vehicle_url": vehicle_url,
    }


def vehicle_url(vehicle, **query):
    """The page of parts fitting `vehicle`, with `query` arguments (a category, filters)."""
    model = vehicle.model
    return url_for(
        "storefront.vehicle",
        make_slug=model.make.slug,
        model_slug=model.slug,
        vehicle_id=vehicle.id,
        **query,
    )


storefront.add_app_template_filter(vehicle_name, "vehicle_name")
storefront.add_app_template_filter(short_vehicle_name, "short_vehicle_name")
storefront.add_app_template_filter(generation_name, "generation_name")
storefront.add_app_template_filter(year_span, "year_span")


def safe_next(target):
    """`target` when it is a path on this site, else the home page: never an open redirect."""
    target = (target or "").strip()
    parts = urlsplit(target)
    on_this_site = (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not parts.scheme
        and not parts.netloc
        and target.isprintable()
    )
    return target if on_this_site else url_for("storefront.home")


def from_this_site():
    """Whether a POST came from our own pages (the browser's Fetch metadata and Origin headers).

    The selector posts without a CSRF token so that pages showing it need no session cookie; a
    forged post could only change a preference, and this check refuses it anyway.
    """
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


def remember(response, vehicle):
    response.set_cookie(
        VEHICLE_COOKIE,
        str(vehicle.id),
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def forget(response):
    response.delete_cookie(
        VEHICLE_COOKIE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@storefront.get("/my-vehicle")
def my_vehicle():
    """The selector at the step the query reached; to HTMX, only the options asked for."""
    if not fitment_enabled():
        abort(404)
    choice = vehicle_choice(
        make_id=request.args.get("make"),
        model_id=request.args.get("model"),
        year=request.args.get("year"),
    )
    context = {"choice": choice, "next_url": safe_next(request.args.get("next"))}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") in OPTION_BLOCKS:
        return render_page("shop/_vehicle_selector.html", options_only=True, **context)
    return render_page("shop/my_vehicle.html", open_selector=True, **context)


@storefront.post("/my-vehicle")
@csrf.exempt
def my_vehicle_post():
    """Remember the vehicle chosen (or clear it) and go back; an unfinished choice goes on."""
    if not fitment_enabled():
        abort(404)
    if not from_this_site():
        abort(403)
    target = safe_next(request.form.get("next"))
    if "clear" in request.form:
        keep_on_account(None)
        return forget(redirect(target, code=303))
    vehicle = find_vehicle(request.form.get("vehicle"))
    if vehicle is None:
        choice = vehicle_choice(
            make_id=request.form.get("make"),
            model_id=request.form.get("model"),
            year=request.form.get("year"),
        )
        vehicle = choice.vehicle
        if vehicle is None:
            return redirect(next_step_url(choice, target), code=303)
    keep_on_account(vehicle.id)
    return remember(redirect(target, code=303), vehicle)


def keep_on_account(vehicle_id):
    """A logged-in customer's choice is also kept on their account, for their other browsers."""
    if remember_account_vehicle(current_user, vehicle_id):
        db.session.commit()


def next_step_url(choice, target):
    """The selector page showing what the unfinished `choice` offers next."""
    return url_for(
        "storefront.my_vehicle",
        make=choice.make.id if choice.make else None,
        model=choice.model.id if choice.model else None,
        year=choice.year,
        next=target,
    )


@storefront.get("/v/<make_slug>")
def vehicle_make(make_slug):
    """A make and its models."""
    if not fitment_enabled():
        abort(404)
    make = find_make(slug=make_slug)
    if make is None:
        abort(404)
    return render_page("shop/vehicle_make.html", make=make, models=models_of(make.id))


@storefront.get("/v/<make_slug>/<model_slug>")
def vehicle_model(make_slug, model_slug):
    """A model and its generations."""
    if not fitment_enabled():
        abort(404)
    model = find_model(make_slug=make_slug, slug=model_slug)
    if model is None:
        abort(404)
    return render_page("shop/vehicle_model.html", model=model, vehicles=generations_of(model.id))


@storefront.get("/v/<make_slug>/<model_slug>/<int:vehicle_id>")
def vehicle(make_slug, model_slug, vehicle_id):
    """The parts that fit a vehicle, by category (`?category=<slug>`), filtered like a listing."""
    if not fitment_enabled():
        abort(404)
    vehicle = find_vehicle(vehicle_id)
    if vehicle is None:
        abort(404)
    model = vehicle.model
    if (make_slug, model_slug) != (model.make.slug, model.slug):
        return redirect(vehicle_url(vehicle, **request.args.to_dict(flat=False)), code=301)
    category = active_category_by_slug(request.args.get("category", ""))
    scope, fixed = scopes.fitting(vehicle.id), {}
    if category is not None:
        scope = scope & scopes.in_category_subtree(category)
        fixed["category"] = localized(category, "slug")
    return render_page(
        "shop/vehicle.html",
        shown_vehicle=vehicle,
        category=category,
        trail=breadcrumbs(category) + [category] if category else [],
        categories=fitting_categories(vehicle.id, category),
        # The "fits my vehicle" filter means nothing on a vehicle's own page.
        **{**listing_context(scope, attributes=category is not None, **fixed), "vehicle": None},
    )
