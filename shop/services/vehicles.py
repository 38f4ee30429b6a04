"""Vehicles for "my vehicle": the make → model → year choice, names, and which parts fit."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from shop.extensions import db
from shop.models import Category, Fitment, Product, Vehicle, VehicleMake, VehicleModel
from shop.services.cache import catalog_cached
from shop.services.catalog import live_product


def as_id(value):
    """A positive database id from a form or cookie value, or None for anything else."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    number = int(text)
    return number or None


def year_span(vehicle):
    """Its years as people write them: "2012–2019", or "2019–" while it is still made."""
    return f"{vehicle.year_from}–{vehicle.year_to or ''}"


def generation_name(vehicle):
    """The model and generation with its years: "Clio IV (2012–2019)"."""
    name = " ".join(part for part in (vehicle.model.name, vehicle.generation) if part)
    return f"{name} ({year_span(vehicle)})"


def vehicle_name(vehicle):
    """The make, model and generation with its years: "Renault Clio IV (2012–2019)"."""
    return f"{vehicle.model.make.name} {generation_name(vehicle)}"


def short_vehicle_name(vehicle):
    """The make, model and generation without years: "Renault Clio IV"."""
    parts = (vehicle.model.make.name, vehicle.model.name, vehicle.generation)
    return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class MakeRecord:
    id: int
    name: str
    slug: str


@dataclass(frozen=True)
class ModelRecord:
    id: int
    make_id: int
    name: str
    slug: str
    make: MakeRecord


@dataclass(frozen=True)
class VehicleRecord:
    """A vehicle (one generation of a model) as plain values, with the attributes of `Vehicle`
    that pages read, its model and make included."""

    id: int
    model_id: int
    generation: str
    year_from: int
    year_to: int | None
    engines: str | None
    model: ModelRecord


@dataclass(frozen=True)
class VehicleIndex:
    makes: dict  # id -> MakeRecord
    makes_by_slug: dict
    models: dict  # id -> ModelRecord
    models_by_slugs: dict  # (make slug, model slug) -> ModelRecord
    vehicles: dict  # id -> VehicleRecord
    generations: dict  # model id -> [VehicleRecord], oldest first


@catalog_cached
def vehicle_index():
    """Every make, model and vehicle as plain records, kept per catalog version: a visitor's
    chosen vehicle is looked up on each of their requests."""
    makes = {
        make.id: MakeRecord(make.id, make.name, make.slug)
        for make in db.session.execute(select(VehicleMake.id, VehicleMake.name, VehicleMake.slug))
    }
    columns = (VehicleModel.id, VehicleModel.make_id, VehicleModel.name, VehicleModel.slug)
    models = {
        row.id: ModelRecord(*row, make=makes[row.make_id])
        for row in db.session.execute(select(*columns))
    }
    columns = (
        Vehicle.id,
        Vehicle.model_id,
        Vehicle.generation,
        Vehicle.year_from,
        Vehicle.year_to,
        Vehicle.engines,
    )
    rows = db.session.execute(select(*columns).order_by(Vehicle.year_from, Vehicle.id))
    vehicles = {row.id: VehicleRecord(*row, model=models[row.model_id]) for row in rows}
    generations = {}
    for vehicle in vehicles.values():
        generations.setdefault(vehicle.model_id, []).append(vehicle)
    return VehicleIndex(
        makes=makes,
        makes_by_slug={make.slug: make for make in makes.values()},
        models=models,
        models_by_slugs={(model.make.slug, model.slug): model for model in models.values()},
        vehicles=vehicles,
        generations=generations,
    )


def find_vehicle(vehicle_id):
    """The vehicle with this id, its model and make included, or None (any bad id included)."""
    vehicle_id = as_id(vehicle_id)
    return vehicle_index().vehicles.get(vehicle_id) if vehicle_id else None


@catalog_cached
def makes():
    """Every make that has at least one vehicle, by name (records of the vehicle index)."""
    index = vehicle_index()
    with_vehicles = {vehicle.model.make_id for vehicle in index.vehicles.values()}
    return sorted((index.makes[make_id] for make_id in with_vehicles), key=_by_name)


def _by_name(record):
    return (record.name.casefold(), record.id)


def find_make(make_id=None, slug=None):
    """The make with this id or slug, or None."""
    index = vehicle_index()
    if slug is not None:
        return index.makes_by_slug.get(slug)
    make_id = as_id(make_id)
    return index.makes.get(make_id) if make_id else None


@catalog_cached
def models_of(make_id):
    """The models of a make that have at least one vehicle, by name (records of the index)."""
    index = vehicle_index()
    models = [index.models[model_id] for model_id in index.generations]
    return sorted((model for model in models if model.make_id == make_id), key=_by_name)


def find_model(model_id=None, make_slug=None, slug=None):
    """The model with this id, or with these make and model slugs; its make included; or None."""
    index = vehicle_index()
    if slug is not None:
        return index.models_by_slugs.get((make_slug, slug))
    model_id = as_id(model_id)
    return index.models.get(model_id) if model_id else None


def generations_of(model_id):
    """The vehicles (generations) of a model, oldest first, model and make included."""
    return list(vehicle_index().generations.get(model_id, ()))


def years_made(vehicles, this_year=None):
    """Every year one of `vehicles` was made, newest first (a generation still made: up to now)."""
    this_year = this_year or date.today().year
    years = {
        year
        for vehicle in vehicles
        for year in range(
            vehicle.year_from, (vehicle.year_to or max(this_year, vehicle.year_from)) + 1
        )
    }
    return sorted(years, reverse=True)


def made_in(vehicle, year):
    return vehicle.year_from <= year and (vehicle.year_to is None or year <= vehicle.year_to)


@dataclass(frozen=True)
class VehicleChoice:
    """How far a visitor got in the make → model → year selector, and what it offers next."""

    makes: list
    make: MakeRecord | None = None
    models: list = ()
    model: ModelRecord | None = None
    years: list = ()
    year: int | None = None
    vehicles: list = ()

    @property
    def vehicle(self):
        """The one vehicle the choice leads to, when it leads to exactly one."""
        return self.vehicles[0] if len(self.vehicles) == 1 else None


def vehicle_choice(make_id=None, model_id=None, year=None):
    """Resolve the selector's values; unknown or inconsistent values are dropped, never fatal.

    A model alone is enough (its make follows), and a year resolves to the generations covering it.
    """
    model = find_model(model_id)
    make = model.make if model else find_make(make_id)
    if make is None:
        return VehicleChoice(makes=makes())
    if model is None or model.make_id != make.id:
        return VehicleChoice(makes=makes(), make=make, models=models_of(make.id))
    generations = generations_of(model.id)
    years = years_made(generations)
    year = as_id(year)
    if year not in years:
        return VehicleChoice(makes(), make, models_of(make.id), model, years)
    vehicles = [vehicle for vehicle in generations if made_in(vehicle, year)]
    return VehicleChoice(makes(), make, models_of(make.id), model, years, year, vehicles)


def fits(product_id, vehicle_id):
    """Whether the product is listed as fitting the vehicle."""
    return db.session.scalar(
        select(exists().where(Fitment.product_id == product_id, Fitment.vehicle_id == vehicle_id))
    )


def fitting(vehicle_id):
    """The condition "the product fits this vehicle", for the listing functions' scope."""
    return Product.id.in_(select(Fitment.product_id).where(Fitment.vehicle_id == vehicle_id))


def fitting_categories(vehicle_id, parent=None):
    """(category, count) for the children of `parent` (the roots when None) holding live parts
    that fit the vehicle, counting their whole subtree (one query)."""
    child, descendant = aliased(Category), aliased(Category)
    under_parent = child.parent_id.is_(None) if parent is None else child.parent_id == parent.id
    query = (
        select(child, func.count(Product.id))
        .join(descendant, descendant.path.startswith(child.path))
        .join(Product, Product.category_id == descendant.id)
        .where(under_parent, child.is_active, descendant.is_active)
        .where(live_product(), fitting(vehicle_id))
        .group_by(child.id)
        .order_by(child.position, child.id)
    )
    return db.session.execute(query).all()
