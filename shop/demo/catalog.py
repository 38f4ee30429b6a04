"""Plans of the demo catalogs: plain rows (no database) generated from a seeded random source."""

import itertools
import random
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from shop.demo import autoparts, grocery
from shop.demo.codes import ean13, from_pattern, unique
from shop.services.slugs import slugify, slugify_ar
from shop.services.text import normalize_code

DRAFT_SHARE = 0.05
FEATURED_SHARE = 0.03
DISCOUNTED_SHARE = 0.12
MAX_FITMENTS = 8
LOT_SIZES = (2, 3, 4, 6, 8, 10, 12, 24)
RESTRICTED_WEIGHT = 0.3
MAX_LOT_KG = 12
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
# Units per TND, only to scale demo prices when a shop sells in another currency.
UNITS_PER_TND = {"TND": Decimal("1"), "MAD": Decimal("3.2"), "EUR": Decimal("0.3")}
_SPACES = re.compile(r"\s+")


@dataclass
class CatalogPlan:
    """Everything the catalog tables receive; foreign keys are indexes into these lists."""

    brands: list
    categories: list
    products: list
    vehicles: list = field(default_factory=list)


@dataclass(frozen=True)
class Money:
    """Turns prices of a profile's home currency into the shop's currency and precision."""

    home: str
    shop: str
    decimals: int

    def convert(self, amount):
        rate = UNITS_PER_TND.get(self.shop, Decimal(1)) / UNITS_PER_TND.get(self.home, Decimal(1))
        return self.round(Decimal(str(amount)) * rate)

    def round(self, amount):
        return Decimal(amount).quantize(Decimal(1).scaleb(-self.decimals), ROUND_HALF_UP)

    def shelf_price(self, amount):
        """A price as a shop writes it: to the half unit above 10, to the tenth below."""
        step = Decimal("0.5") if amount >= 10 else Decimal("0.1")
        return self.round((Decimal(str(amount)) / step).quantize(Decimal(1)) * step)


def flatten_tree(tree):
    """Category nodes parents first: dicts with `parent` (index or None), depth, position, leaf."""
    nodes = []

    def visit(children, parent, depth, root):
        for position, (name_fr, name_ar, content) in enumerate(children):
            index = len(nodes)
            leaf = content if isinstance(content, str) else None
            nodes.append(
                {
                    "parent": parent,
                    "depth": depth,
                    "position": position,
                    "name_fr": name_fr,
                    "name_ar": name_ar,
                    "leaf": leaf,
                    "root": root or name_fr,
                }
            )
            if leaf is None:
                visit(content, index, depth + 1, root or name_fr)

    visit(tree, None, 0, None)
    _add_category_slugs(nodes)
    return nodes


def _add_category_slugs(nodes):
    # Category slugs are unique; a repeated name takes its parent's slug as a prefix.
    taken_fr, taken_ar = set(), set()
    for node in nodes:
        parent = nodes[node["parent"]] if node["parent"] is not None else None
        for key, slug, taken in (
            ("slug_fr", slugify(node["name_fr"]), taken_fr),
            ("slug_ar", slugify_ar(node["name_ar"]), taken_ar),
        ):
            if slug in taken and parent:
                slug = f"{parent[key]}-{slug}"
            while slug in taken:
                slug = f"{slug}-{len(taken)}"
            taken.add(slug)
            node[key] = slug


def _clean(text):
    return _SPACES.sub(" ", text).strip()


def _fr_number(value):
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def _weighted(rng, population, weights):
    cumulative = list(itertools.accumulate(weights))
    return lambda: rng.choices(population, cum_weights=cumulative)[0]


def _product_row(rng, money, **fields):
    """The columns every product has, with the share of drafts, featured and discounted ones."""
    price = fields.pop("price")
    status = "draft" if rng.random() < DRAFT_SHARE else "active"
    compare_at = None
    if rng.random() < DISCOUNTED_SHARE:
        compare_at = money.shelf_price(price * Decimal(str(rng.uniform(1.1, 1.35))))
        compare_at = compare_at if compare_at > price else None
    return {
        **fields,
        "price": price,
        "compare_at_price": compare_at,
        "status": status,
        "featured": status == "active" and rng.random() < FEATURED_SHARE,
        "slug_fr": slugify(fields["name_fr"])[:280],
        "slug_ar": slugify_ar(fields["name_ar"])[:280],
    }


# Auto parts -----------------------------------------------------------------------------------


def _vehicle_rows():
    rows = []
    for make, make_ar, model, model_ar, generations in autoparts.VEHICLES:
        for generation, year_from, year_to, engines in generations:
            number = ROMAN.get(generation, generation)
            # "آي 10 2" reads as one number: models named with digits spell out the generation.
            if number and model_ar[-1].isdigit():
                number = f"(الجيل {number})"
            rows.append(
                {
                    "make": make,
                    "make_ar": make_ar,
                    "model": model,
                    "model_ar": model_ar,
                    "generation": generation,
                    "year_from": year_from,
                    "year_to": year_to,
                    "engines": engines,
                    "label_fr": _clean(f"{model} {generation}"),
                    "label_ar": _clean(f"{model_ar} {number}"),
                }
            )
    return rows


def _years(vehicle, since_word):
    if vehicle["year_to"] is None:
        return f"{since_word} {vehicle['year_from']}"
    return f"{vehicle['year_from']}-{vehicle['year_to']}"


def _part_descriptions(type_fr, type_ar, brand, brand_ar, fitted, oem_codes):
    fr = [f"{type_fr}. Marque : {brand}."]
    ar = [f"{type_ar}. العلامة: {brand_ar}."]
    if fitted:
        fr.append(
            "Compatible avec : "
            + ", ".join(f"{v['make']} {v['label_fr']} ({_years(v, 'depuis')})" for v in fitted)
            + "."
        )
        ar.append(
            "متوافق مع: "
            + "، ".join(f"{v['make_ar']} {v['label_ar']} ({_years(v, 'منذ')})" for v in fitted)
            + "."
        )
    if oem_codes:
        fr.append("Références d'origine : " + ", ".join(oem_codes) + ".")
        ar.append("المراجع الأصلية: " + "، ".join(oem_codes) + ".")
    return " ".join(fr), " ".join(ar)


def _part_references(rng, part, brand, fitted):
    references, seen = [], set()

    def add(kind, code, manufacturer):
        normalized = normalize_code(code)
        if normalized not in seen:
            seen.add(normalized)
            references.append((kind, code, normalized, manufacturer))

    if fitted:
        make = fitted[0]["make"]
        for _ in range(rng.randint(1, 3)):
            add("oem", from_pattern(rng, rng.choice(autoparts.OEM_REFERENCES[make])), make)
    others = [b for b in part.brands if b != brand and b in autoparts.BRAND_REFERENCES]
    for other in rng.sample(others, min(len(others), rng.randint(1, 2))):
        add("cross", from_pattern(rng, rng.choice(autoparts.BRAND_REFERENCES[other])), other)
    return references


def plan_autoparts(rng, count, money):
    """A parts shop of `count` products fitting cars common in Tunisia and Morocco."""
    brands = {name: (name_ar, prefix, gs1) for name, name_ar, prefix, gs1 in autoparts.BRANDS}
    categories = flatten_tree(autoparts.CATEGORIES)
    leaves = [i for i, node in enumerate(categories) if node["leaf"]]
    pick_leaf = _weighted(
        rng, leaves, [autoparts.PARTS[categories[i]["leaf"]].share for i in leaves]
    )
    vehicles = _vehicle_rows()
    by_key = {(v["model"], v["generation"]): i for i, v in enumerate(vehicles)}
    groups = [[by_key[key] for key in group] for group in autoparts.VEHICLE_GROUPS]
    pick_group = _weighted(rng, groups, autoparts.GROUP_WEIGHTS)
    skus, barcodes, products = set(), set(), []
    for _ in range(count):
        category = pick_leaf()
        part = autoparts.PARTS[categories[category]["leaf"]]
        brand = rng.choice(part.brands)
        brand_ar, prefix, gs1 = brands[brand]
        template_fr, template_ar, fixed = rng.choice(part.variants)
        attributes = {key: rng.choice(values) for key, values in part.attributes.items()}
        attributes.update(fixed)
        fitment = []
        if part.fits_vehicles:
            group = pick_group()
            fitment = sorted(rng.sample(group, rng.randint(1, min(MAX_FITMENTS, len(group)))))
        fitted = [vehicles[i] for i in fitment]
        type_fr = _clean(
            template_fr.format(brand=brand, **{k: _fr_number(v) for k, v in attributes.items()})
        )
        type_ar = _clean(template_ar.format(brand=brand_ar, **attributes))
        name_fr, name_ar = type_fr, type_ar
        if fitted:
            name_fr += " — " + " / ".join(v["label_fr"] for v in fitted[:2])
            name_ar += " — " + " / ".join(v["label_ar"] for v in fitted[:2])
        price = Decimal(str(rng.uniform(*part.price)))
        if part.price_per:
            price *= Decimal(str(attributes[part.price_per]))
        references = _part_references(rng, part, brand, fitted)
        description_fr, description_ar = _part_descriptions(
            type_fr, type_ar, brand, brand_ar, fitted, [r[1] for r in references if r[0] == "oem"]
        )
        products.append(
            _product_row(
                rng,
                money,
                sku=unique(lambda p=prefix: f"{p}-{rng.randrange(10**7):07d}", skus),
                barcode=unique(lambda g=gs1: ean13(rng, g), barcodes),
                name_fr=name_fr,
                name_ar=name_ar,
                description_fr=description_fr,
                description_ar=description_ar,
                brand=brand,
                category=category,
                price=money.shelf_price(money.convert(price)),
                is_restricted=False,
                weight_kg=Decimal(str(round(rng.uniform(*part.kg), 3))),
                attributes=attributes,
                low_stock_threshold=part.low_stock_threshold,
                references=references,
                fitment=fitment,
            )
        )
    return CatalogPlan(
        brands=[{"name": name, "slug": slugify(name)} for name in brands],
        categories=categories,
        products=products,
        vehicles=vehicles,
    )


# Grocery --------------------------------------------------------------------------------------


def _grocery_offers(rng, categories):
    """Distinct (category, item, size, flavour, lot) offers: every unit first, then lots.

    Age-restricted offers come later in the shuffle, so a small shop is mostly groceries; a lot
    never weighs more than a person carries up the stairs.
    """
    units = []
    for index, node in enumerate(categories):
        restricted = node["root"] in grocery.RESTRICTED_ROOTS
        for item in grocery.ITEMS.get(node["leaf"], ()):
            for size, flavor in itertools.product(item.sizes, item.flavors or (None,)):
                weight = RESTRICTED_WEIGHT if restricted else 1
                units.append((rng.random() ** (1 / weight), (index, item, size, flavor)))
    units = [offer for _, offer in sorted(units, key=lambda pair: pair[0], reverse=True)]
    lots = [
        (*offer, lot) for lot in LOT_SIZES for offer in units if offer[2][3] * lot <= MAX_LOT_KG
    ]
    return [(*offer, 1) for offer in units] + lots


def _grocery_names(item, size, flavor, pack):
    brand_ar = grocery.BRANDS_AR.get(item.brand, "")
    flavor_fr, flavor_ar = flavor or ("", "")
    name_fr = _clean(item.name_fr.format(brand=item.brand or "", size=size[0], flavor=flavor_fr))
    name_ar = _clean(item.name_ar.format(brand=brand_ar, size=size[1], flavor=flavor_ar))
    if pack > 1:
        name_fr += f" (lot de {pack})"
        name_ar += f" ({pack} وحدات)"
    return name_fr[:1].upper() + name_fr[1:], name_ar


def plan_grocery(rng, count, money):
    """A grocery & vape shop of `count` products: units first, then lots of them."""
    categories = flatten_tree(grocery.CATEGORIES)
    # Past the distinct offers, they repeat under new SKUs (a benchmark-sized grocery).
    offers = itertools.islice(itertools.cycle(_grocery_offers(rng, categories)), count)
    skus, barcodes, products = set(), set(), []
    for category, item, size, flavor, pack in offers:
        name_fr, name_ar = _grocery_names(item, size, flavor, pack)
        restricted = categories[category]["root"] in grocery.RESTRICTED_ROOTS
        brand = item.brand
        # Bread baked in the shop carries an in-store barcode (GS1 prefixes 20-29).
        gs1 = grocery.BRAND_GS1.get(brand, grocery.MOROCCAN_GS1) if brand else "21"
        prefix = slugify(brand or "hanout").replace("-", "")[:3].upper()
        unit_price = Decimal(size[2]) * pack * (Decimal("0.95") if pack > 1 else 1)
        attributes = {"contenance": size[0]} if size[0] else {}
        if flavor:
            attributes["variante"] = flavor[0]
        if pack > 1:
            attributes["lot"] = pack
        adults_fr = " Vente réservée aux personnes de 18 ans et plus." if restricted else ""
        adults_ar = " البيع ممنوع لمن هم دون 18 سنة." if restricted else ""
        brand_fr = f" Marque : {brand}." if brand else " Fait maison, chaque matin."
        brand_ar = f" العلامة: {grocery.BRANDS_AR[brand]}." if brand else " صنع منزلي كل صباح."
        products.append(
            _product_row(
                rng,
                money,
                sku=unique(lambda p=prefix: f"{p}-{rng.randrange(10**6):06d}", skus),
                barcode=unique(lambda g=gs1: ean13(rng, g), barcodes),
                name_fr=name_fr,
                name_ar=name_ar,
                description_fr=f"{name_fr}.{brand_fr}{adults_fr}",
                description_ar=f"{name_ar}.{brand_ar}{adults_ar}",
                brand=brand,
                category=category,
                price=money.convert(unit_price),
                is_restricted=restricted,
                weight_kg=Decimal(str(round(size[3] * pack, 3))),
                attributes=attributes,
                low_stock_threshold=6,
                references=[],
                fitment=[],
            )
        )
    brand_names = sorted(
        {b for items in grocery.ITEMS.values() for b in (i.brand for i in items) if b}
    )
    return CatalogPlan(
        brands=[{"name": name, "slug": slugify(name)} for name in brand_names],
        categories=categories,
        products=products,
    )


PLANNERS = {"autoparts": plan_autoparts, "grocery": plan_grocery}
HOME_CURRENCIES = {"autoparts": autoparts.HOME_CURRENCY, "grocery": grocery.HOME_CURRENCY}


def plan_catalog(profile, count, seed, currency, decimals):
    """The catalog of `profile` with `count` products; the same arguments give the same plan."""
    rng = random.Random(f"hanout-demo:{seed}:catalog")
    money = Money(HOME_CURRENCIES[profile], currency, decimals)
    return PLANNERS[profile](rng, count, money)
