"""Search relevance: what a customer types finds the product they mean, near the top.

A small parts catalog in French and Arabic with near neighbours (other filters, other brake parts,
brake fluid beside engine oil) so that "in the top 3" means something.
"""

from decimal import Decimal

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import ProductReference
from shop.services.search import parse_query, ranked_matches
from tests import factories

# key: (name_fr, name_ar, brand, category key, sku, barcode, references)
CATALOG = {
    "pads_front": ("Plaquettes de frein avant Bosch", "وسادات فرامل أمامية بوش", "Bosch",
                   "pads", "BOS-0001", "3165143456789", ["0 986 494 049", "7701208418"]),
    "pads_rear": ("Plaquettes de frein arrière TRW", "وسادات فرامل خلفية تي آر دبليو", "TRW",
                  "pads", "TRW-0002", None, ["GDB1330"]),
    "discs": ("Disque de frein avant Brembo", "قرص فرامل أمامي بريمبو", "Brembo", "discs",
              "BRE-0003", None, ["09.A727.11"]),
    "brake_fluid": ("Liquide de frein DOT 4", "زيت الفرامل DOT 4", "Total", "fluids",
                    "TOT-0004", None, []),
    "oil_filter": ("Filtre à huile Mann-Filter", "فلتر الزيت مان فلتر", "Mann-Filter",
                   "filters", "MAN-0005", None, ["W 712/75", "8200768913"]),
    "bosch_oil_filter": ("Filtre à huile Bosch", "فلتر زيت بوش", "Bosch", "filters",
                         "BOS-0006", None, ["F 026 407 209"]),
    "air_filter": ("Filtre à air Mahle", "فلتر الهواء ماهله", "Mahle", "filters", "MAH-0007",
                   None, ["LX 1566"]),
    "fuel_filter": ("Filtre à carburant Purflux", "فلتر الوقود بورفلوكس", "Purflux", "filters",
                    "PUR-0008", None, []),
    "engine_oil": ("Huile Moteur Total Quartz 5W-30 5L", "زيت المحرك توتال كوارتز 5W-30 5 لتر",
                   "Total", "oils", "TOT-0009", None, []),
    "battery": ("Batterie Varta 12V 60Ah", "بطارية فارتا 12 فولت 60 أمبير", "Varta",
                "batteries", "VAR-0010", None, ["560 408 054"]),
    "tyre": ("Pneu Michelin Energy Saver 195/65 R15", "إطار ميشلان 195/65 R15", "Michelin",
             "tyres", "MIC-0011", None, []),
    "bulb": ("Ampoules de phare H7 Philips 12V", "مصابيح المصباح الأمامي H7 فيليبس", "Philips",
             "lighting", "PHI-0012", None, []),
    "clutch_bearing": ("Butée de débrayage SKF", "رولمان بلي الدبرياج إس كا إف", "SKF",
                       "clutch", "SKF-0013", None, ["VKC 2216"]),
    "clutch_kit": ("Kit d'embrayage Valeo", "طقم القابض فاليو", "Valeo", "clutch", "VAL-0014",
                   None, []),
    "shock": ("Amortisseur avant Monroe", "ممتص صدمات أمامي مونرو", "Monroe", "suspension",
              "MON-0015", None, ["G8069"]),
    "spark_plug": ("Bougie d'allumage NGK", "شمعة الإشعال إن جي كي", "NGK", "ignition",
                   "NGK-0016", None, ["BKR6E"]),
    "wiper": ("Balais d'essuie-glace Bosch Aerotwin", "مساحات زجاج بوش", "Bosch", "visibility",
              "BOS-0017", None, []),
    "coolant": ("Liquide de refroidissement", "سائل التبريد", "Total", "fluids", "TOT-0018",
                None, []),
    "timing_kit": ("Kit de distribution Gates", "طقم سير التوزيع غيتس", "Gates", "engine",
                   "GAT-0019", None, []),
}  # fmt: skip
CATEGORIES = {
    "pads": ("Plaquettes de frein", "وسادات الفرامل", "braking"),
    "discs": ("Disques de frein", "أقراص الفرامل", "braking"),
    "braking": ("Freinage", "الفرامل", None),
    "filters": ("Filtration", "الفلاتر", None),
    "fluids": ("Liquides", "السوائل", None),
    "oils": ("Huiles", "الزيوت", None),
    "batteries": ("Batteries", "البطاريات", None),
    "tyres": ("Pneus", "الإطارات", None),
    "lighting": ("Éclairage", "الإضاءة", None),
    "clutch": ("Embrayage", "القابض", None),
    "suspension": ("Suspension", "التعليق", None),
    "ignition": ("Allumage", "الإشعال", None),
    "visibility": ("Visibilité", "الرؤية", None),
    "engine": ("Moteur", "المحرك", None),
}

FRENCH = [
    ("plaquettes de frein", "pads_front"),
    ("plaquette frein", "pads_front"),
    ("PLAQUETTES", "pads_front"),
    ("plaquettes frein arriere", "pads_rear"),
    ("ampoule phare", "bulb"),
    ("Ampoules", "bulb"),
    ("huile moteur", "engine_oil"),
    ("HUILE MOTEUR", "engine_oil"),
    ("débrayage", "clutch_bearing"),
    ("debrayage", "clutch_bearing"),
    ("disques de frein", "discs"),
    ("filtres à huile", "oil_filter"),
    ("filtre a huile", "oil_filter"),
    ("bougies", "spark_plug"),
    ("essuie-glace", "wiper"),
    ("pneus", "tyre"),
    ("amortisseurs", "shock"),
    ("éclairage", "bulb"),
]
ARABIC = [
    ("فلتر الزيت", "oil_filter"),
    ("فِلْتَر الزَّيْت", "oil_filter"),
    ("فـلتر الزيت", "oil_filter"),
    ("إطار", "tyre"),
    ("اطار", "tyre"),
    ("زيت المحرك", "engine_oil"),
    ("زيت محرك", "engine_oil"),
    ("بطارية", "battery"),
    ("بطاريه", "battery"),
    ("البطارية", "battery"),
    ("بطارية ٦٠", "battery"),
    ("قرص فرامل", "discs"),
    ("وسادات الفرامل", "pads_front"),
    ("ممتص الصدمات", "shock"),
    ("مصابيح", "bulb"),
]
MIXED = [
    ("filtre زيت", "oil_filter"),
    ("Bosch فلتر", "bosch_oil_filter"),
    ("فلتر Mann", "oil_filter"),
    ("زيت Total", "engine_oil"),
    ("plaquettes بوش", "pads_front"),
]
TYPOS = [
    ("plaquete", "pads_front"),
    ("filtre a huille", "oil_filter"),
    ("amortiseur", "shock"),
    ("amortisseur avnt", "shock"),
    ("bateri", "battery"),
    ("michlin", "tyre"),
    # Two neighbouring letters swapped, the commonest slip on a phone: trigrams barely see it.
    ("fitlre a huile", "oil_filter"),
    ("amortisuser", "shock"),
    ("btaterie", "battery"),
    ("فتلر الزيت", "oil_filter"),
    ("متمص صدمات", "shock"),
    ("شعمة", "spark_plug"),
    ("بطاريه فراتا", "battery"),
]
PART_NUMBERS = [
    ("0 986 494 049", "pads_front"),
    ("0986494049", "pads_front"),
    ("0986-494-049", "pads_front"),
    ("0986.494.049", "pads_front"),
    ("986494049", "pads_front"),
    ("٠٩٨٦٤٩٤٠٤٩", "pads_front"),
    ("Bosch 0 986 494 049", "pads_front"),
    ("7701208418", "pads_front"),
    ("77 01 208 418", "pads_front"),
    ("3165143456789", "pads_front"),
    ("3 165143 456789", "pads_front"),
    ("GDB1330", "pads_rear"),
    ("gdb 1330", "pads_rear"),
    ("GDB-1330", "pads_rear"),
    ("W 712/75", "oil_filter"),
    ("w712-75", "oil_filter"),
    ("09.A727.11", "discs"),
    ("09a72711", "discs"),
    ("bos-0006", "bosch_oil_filter"),
    ("BOS 0006", "bosch_oil_filter"),
    ("VKC2216", "clutch_bearing"),
    ("0986494", "pads_front"),
]


@pytest.fixture
def catalog(db_session):
    """The catalog above; returns {key: product id}."""
    categories = {}
    for key, (name_fr, name_ar, parent) in reversed(CATEGORIES.items()):
        categories[key] = factories.make_category(
            parent=categories.get(parent), name_fr=name_fr, name_ar=name_ar
        )
    brands = {}
    ids = {}
    for key, (name_fr, name_ar, brand, category, sku, barcode, refs) in CATALOG.items():
        if brand not in brands:
            brands[brand] = factories.make_brand(name=brand, slug=brand.lower())
        product = factories.make_product(
            name_fr=name_fr,
            name_ar=name_ar,
            brand=brands[brand],
            category=categories[category],
            sku=sku,
            barcode=barcode,
            price=Decimal("20.000"),
        )
        for code in refs:
            db.session.add(
                ProductReference(product=product, code=code, code_normalized=code.upper())
            )
        ids[key] = product.id
    db.session.flush()
    return ids


def top_ids(query, count):
    return [product_id for product_id, _ in ranked_matches(parse_query(query))[:count]]


@pytest.mark.parametrize(("query", "expected"), FRENCH + ARABIC + MIXED + TYPOS)
def test_words_find_the_product_in_the_top_three(catalog, query, expected):
    assert catalog[expected] in top_ids(query, 3)


@pytest.mark.parametrize(("query", "expected"), PART_NUMBERS)
def test_a_part_number_finds_its_product_first(catalog, query, expected):
    assert top_ids(query, 1) == [catalog[expected]]


def test_engine_oil_is_not_brake_fluid(catalog):
    # Brake fluid is "زيت الفرامل" (brake oil): "زيت" alone finds both, "زيت المحرك" the engine oil.
    assert {catalog["engine_oil"], catalog["brake_fluid"]} <= set(top_ids("زيت", 5))
    assert top_ids("زيت المحرك", 5) == [catalog["engine_oil"]]


def test_a_category_name_finds_the_products_below_it(catalog):
    filters = {
        catalog[key] for key in ("oil_filter", "bosch_oil_filter", "air_filter", "fuel_filter")
    }
    assert set(top_ids("filtration", 10)) == filters


def test_a_word_found_nowhere_finds_nothing(catalog):
    assert top_ids("trottinette", 3) == []


def test_typo_matches_come_only_when_exact_ones_are_few(catalog):
    # "filtre" finds four filters exactly: no fuzzy neighbour is added after them.
    matches = ranked_matches(parse_query("filtre"))
    assert all(score >= 0 for _, score in matches)
    assert len(matches) == 4


def test_references_added_later_are_found(catalog):
    product_id = catalog["fuel_filter"]
    db.session.add(
        ProductReference(product_id=product_id, kind="cross", code="WK 820/1", code_normalized="")
    )
    db.session.flush()
    assert top_ids("WK820/1", 1) == [product_id]


def test_a_deleted_reference_is_no_longer_found(catalog):
    reference = db.session.scalars(
        select(ProductReference).where(ProductReference.code == "GDB1330")
    ).one()
    db.session.delete(reference)
    db.session.flush()
    assert catalog["pads_rear"] not in top_ids("GDB1330", 3)
