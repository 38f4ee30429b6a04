"""Plans of demo customers and their past orders, with status timelines, deliveries and cash."""

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import phonenumbers

from shop.demo.codes import order_reference, unique
from shop.services.slugs import slugify

OPEN_HOUR, LAST_ORDER_HOUR, DELIVERY_END_HOUR = 8, 21, 20
FATES = ("delivered", "refused", "cancelled_by_customer", "cancelled_by_staff")
FATE_WEIGHTS = (87, 5, 5, 3)
# Orders a day grow from about 3 to about 13 over the period, times the day of the week.
FIRST_DAY_RATE, LAST_DAY_RATE = 3, 13
WEEKDAY_FACTORS = {
    # Monday first. Parts shops are quiet on Sunday; groceries busy on the weekend.
    "autoparts": (1.0, 1.0, 1.0, 1.0, 0.9, 1.2, 0.35),
    "grocery": (0.9, 0.9, 0.95, 0.95, 0.9, 1.3, 1.25),
}
QUANTITY_WEIGHTS = {"autoparts": (70, 18, 4, 8), "grocery": (45, 25, 10, 8, 4, 8)}
WHATSAPP_SHARE = {"autoparts": 0.35, "grocery": 0.5}
ITEM_COUNT_WEIGHTS = (35, 28, 18, 11, 8)
MAX_LINES = 8

LANDMARKS = {
    "fr": [
        "En face de la mosquée",
        "À côté de la pharmacie",
        "Près de l'école primaire",
        "Derrière le marché municipal",
        "Immeuble bleu, 2e étage",
        "Au-dessus de la boulangerie",
    ],
    "ar": [
        "قبالة المسجد",
        "بجانب الصيدلية",
        "قرب المدرسة الابتدائية",
        "خلف السوق البلدي",
        "العمارة الزرقاء، الطابق الثاني",
        "فوق المخبزة",
    ],
}
ADDRESS_LABELS = {"fr": ["Maison", "Travail"], "ar": ["المنزل", "العمل"]}
ORDER_NOTES = {
    "fr": ["Appeler avant de livrer", "Livrer après 17h", "Laisser chez le gardien"],
    "ar": [
        "المرجو الاتصال قبل التوصيل",
        "التوصيل بعد الساعة الخامسة مساء",
        "ترك الطلبية عند الحارس",
    ],
}


@dataclass(frozen=True)
class SalesContext:
    """What the sales plan needs of the shop already loaded (ids from the database)."""

    profile: str
    country: object  # the country module: names, streets, zones' weights, refusal reasons
    money: object
    now: datetime
    cities: list  # {"id", "zone"}: the cities the shop delivers to
    zones: dict  # zone name -> {"id", "fee", "min_order", "eta"}
    products: list  # active products: {"id", "sku", "name_fr", "name_ar", "price", "is_restricted"}
    staff: dict  # role -> [ids]
    vehicle_ids: list


def _mobile(rng, country, taken):
    def draw():
        digits = rng.choice(country.MOBILE_PREFIXES) + "".join(
            rng.choice("0123456789") for _ in range(country.NATIONAL_DIGITS - 1)
        )
        number = phonenumbers.parse(digits, country.COUNTRY)
        if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
            return None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    taken.add(None)
    return unique(draw, taken)


def _street(rng, country, language):
    street_fr, street_ar = rng.choice(country.STREETS)
    number = rng.randint(1, 180)
    return f"{number}, {street_fr}" if language == "fr" else f"{street_ar}، رقم {number}"


def plan_customers(rng, ctx, count):
    """Customers with one delivery address each in a city the shop delivers to."""
    country = ctx.country
    zone_names = list(country.ZONE_WEIGHTS)
    cities_by_zone = defaultdict(list)
    for city in ctx.cities:
        cities_by_zone[city["zone"]].append(city)
    phones, emails, customers = set(), set(), []
    start = ctx.now - timedelta(days=400)
    for _ in range(count):
        first = rng.choice(country.MALE_NAMES if rng.random() < 0.6 else country.FEMALE_NAMES)
        family = rng.choice(country.FAMILY_NAMES)
        language = "ar" if rng.random() < country.ARABIC_SHARE else "fr"
        column = 1 if language == "ar" else 0
        name = f"{first[column]} {family[column]}"
        phone = _mobile(rng, country, phones)
        email = None
        if rng.random() < 0.3:
            local = f"{slugify(first[0])}.{slugify(family[0])}".replace("-", "")
            email = unique(lambda local=local: f"{local}{rng.randint(1, 999)}@example.com", emails)
        zone = rng.choices(zone_names, weights=[country.ZONE_WEIGHTS[z] for z in zone_names])[0]
        city = rng.choice(cities_by_zone[zone])
        has_vehicle = ctx.vehicle_ids and rng.random() < 0.4
        customers.append(
            {
                "name": name,
                "phone": phone,
                "email": email,
                "language": language,
                "vehicle": rng.choice(ctx.vehicle_ids) if has_vehicle else None,
                "created_at": start + timedelta(minutes=rng.randrange(60 * 24 * 30)),
                "address": {
                    "label": rng.choice(ADDRESS_LABELS[language]),
                    "recipient_name": name,
                    "phone": phone,
                    "city_id": city["id"],
                    "zone": zone,
                    "street": _street(rng, country, language),
                    "landmark": rng.choice(LANDMARKS[language]) if rng.random() < 0.6 else None,
                },
            }
        )
    return customers


def _zipf_picker(rng, population, exponent, appeal=None):
    """Pick from a shuffled `population` with a long tail: a few popular, many rarely chosen.

    `appeal(item)` scales an item's chances (cheap things sell more often than dear ones).
    """
    shuffled = list(population)
    rng.shuffle(shuffled)
    weights = (
        (appeal(item) if appeal else 1) / (rank + 1) ** exponent
        for rank, item in enumerate(shuffled)
    )
    cumulative = list(itertools.accumulate(weights))
    return lambda: rng.choices(shuffled, cum_weights=cumulative)[0]


def _orders_on(rng, ctx, day, offset, days):
    progress = (days - 1 - offset) / max(days - 1, 1)
    rate = FIRST_DAY_RATE + (LAST_DAY_RATE - FIRST_DAY_RATE) * progress
    rate *= WEEKDAY_FACTORS[ctx.profile][day.weekday()]
    count = max(0, round(rng.gauss(rate, math.sqrt(rate))))
    opening = datetime.combine(day, time(OPEN_HOUR), ctx.now.tzinfo)
    closing = min(datetime.combine(day, time(LAST_ORDER_HOUR), ctx.now.tzinfo), ctx.now)
    if closing <= opening:
        return []
    # Today only has the orders placed so far.
    count = round(count * (closing - opening) / timedelta(hours=LAST_ORDER_HOUR - OPEN_HOUR))
    seconds = int((closing - opening).total_seconds())
    return sorted(opening + timedelta(seconds=rng.randrange(seconds)) for _ in range(count))


def _in_delivery_hours(rng, moment):
    """Drivers go out between opening and 20:00; later moves to the next morning."""
    if moment.hour >= DELIVERY_END_HOUR:
        moment = datetime.combine(moment.date() + timedelta(days=1), time(OPEN_HOUR), moment.tzinfo)
    elif moment.hour < OPEN_HOUR:
        moment = datetime.combine(moment.date(), time(OPEN_HOUR), moment.tzinfo)
    else:
        return moment
    return moment + timedelta(minutes=rng.uniform(30, 180))


def _timeline(rng, placed, eta, fate):
    """[(status, at)] of an order meant to end as `fate`, before cutting at the present."""
    minutes = lambda low, high: timedelta(minutes=rng.uniform(low, high))  # noqa: E731
    steps = [("awaiting_confirmation", placed)]
    if fate == "cancelled_by_customer":
        return steps + [("cancelled", placed + minutes(10, 240))]
    # Staff confirm by phone during opening hours; packing happens shortly before the driver leaves.
    confirmed = _in_delivery_hours(rng, placed + minutes(10, 240))
    steps.append(("confirmed", confirmed))
    if fate == "cancelled_by_staff":
        return steps + [("cancelled", confirmed + minutes(30, 600))]
    expected = placed + timedelta(hours=rng.uniform(*eta))
    dispatched = _in_delivery_hours(
        rng, max(confirmed + minutes(40, 90), expected - minutes(30, 150))
    )
    steps.append(("preparing", max(confirmed + minutes(5, 20), dispatched - minutes(30, 240))))
    steps.append(("out_for_delivery", dispatched))
    steps.append(("delivered" if fate == "delivered" else "refused", dispatched + minutes(20, 150)))
    return steps


def _events(rng, ctx, steps):
    events = []
    clerks = ctx.staff["staff"] + ctx.staff["manager"]
    driver = rng.choice(ctx.staff["driver"])
    for (previous, _), (status, at) in zip([(None, None)] + steps[:-1], steps, strict=True):
        actor, who = "staff", rng.choice(clerks)
        if previous is None or (status == "cancelled" and previous == "awaiting_confirmation"):
            actor, who = "customer", None
        elif status in ("delivered", "refused"):
            actor, who = "driver", driver
        events.append(
            {
                "from_status": previous,
                "to_status": status,
                "actor": actor,
                "staff_user_id": who,
                "at": at,
            }
        )
    return events, driver


def _lines(rng, ctx, pick_product, min_order, expensive):
    quantities = QUANTITY_WEIGHTS[ctx.profile]
    wanted = rng.choices(range(1, len(ITEM_COUNT_WEIGHTS) + 1), weights=ITEM_COUNT_WEIGHTS)[0]
    lines = {}
    while len(lines) < wanted or (
        sum(p["price"] * q for p, q in lines.values()) < min_order and len(lines) < MAX_LINES
    ):
        product = pick_product()
        quantity = rng.choices(range(1, len(quantities) + 1), weights=quantities)[0]
        if product["price"] > expensive:
            quantity = 1
        previous = lines.get(product["id"], (product, 0))[1]
        lines[product["id"]] = (product, previous + quantity)
    return [
        {
            "product_id": product["id"],
            "sku": product["sku"],
            "name_fr": product["name_fr"],
            "name_ar": product["name_ar"],
            "unit_price": product["price"],
            "quantity": quantity,
            "line_total": ctx.money.round(product["price"] * quantity),
            "is_restricted": product["is_restricted"],
        }
        for product, quantity in lines.values()
    ]


def _order(rng, ctx, customer, placed, pick_product, references, expensive):
    address = customer["address"]
    zone = ctx.zones[address["zone"]]
    items = _lines(rng, ctx, pick_product, zone["min_order"], expensive)
    fate = rng.choices(FATES, weights=FATE_WEIGHTS)[0]
    steps = [step for step in _timeline(rng, placed, zone["eta"], fate) if step[1] <= ctx.now]
    events, driver = _events(rng, ctx, steps)
    status, last_at = steps[-1]
    subtotal = sum(item["line_total"] for item in items)
    total = subtotal + zone["fee"]
    language = customer["language"]
    restricted = any(item["is_restricted"] for item in items)
    at = dict(steps)
    delivery = None
    if "out_for_delivery" in at:
        delivery = {
            "driver_id": driver,
            "assigned_at": at["out_for_delivery"],
            "delivered_at": at.get("delivered"),
            "cash_collected": total if status == "delivered" else None,
            "refused_reason": rng.choice(ctx.country.REFUSAL_REASONS)
            if status == "refused"
            else None,
        }
    return {
        "reference": unique(lambda: order_reference(rng), references),
        "customer": customer,
        "channel": "whatsapp" if rng.random() < WHATSAPP_SHARE[ctx.profile] else "web",
        "status": status,
        "language": language,
        "customer_name": customer["name"],
        "phone": customer["phone"],
        "email": customer["email"],
        "city_id": address["city_id"],
        "street": address["street"],
        "landmark": address["landmark"],
        "zone_id": zone["id"],
        "subtotal": subtotal,
        "delivery_fee": zone["fee"],
        "total": total,
        "notes": rng.choice(ORDER_NOTES[language]) if rng.random() < 0.1 else None,
        "birth_date": date(
            placed.year - rng.randint(19, 45), rng.randint(1, 12), rng.randint(1, 28)
        )
        if restricted
        else None,
        "age_confirmed_at": placed if restricted else None,
        "placed_at": placed,
        "updated_at": last_at,
        "items": items,
        "events": events,
        "delivery": delivery,
    }


def plan_orders(rng, ctx, customers, days):
    """About `days` days of orders up to now, more each month, with a weekly rhythm."""
    pick_customer = _zipf_picker(rng, customers, 0.7)
    prices = sorted(product["price"] for product in ctx.products)
    median = prices[len(prices) // 2]
    pick_product = _zipf_picker(
        rng, ctx.products, 0.8, lambda product: float(median / max(product["price"], 1)) ** 0.8
    )
    references, orders = set(), []
    today = ctx.now.date()
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        for placed in _orders_on(rng, ctx, day, offset, days):
            orders.append(
                _order(rng, ctx, pick_customer(), placed, pick_product, references, 3 * median)
            )
    return orders


def plan_handovers(orders, today, receivers):
    """Number each driver's deliveries per day and group the cash of past days into hand-overs.

    Sets `sequence` and `handover` (an index into the returned list) on each delivery.
    """
    runs = defaultdict(list)
    for order in orders:
        if order["delivery"]:
            delivery = order["delivery"]
            runs[(delivery["driver_id"], delivery["assigned_at"].date())].append(delivery)
    handovers = []
    for (driver, day), deliveries in sorted(runs.items(), key=lambda run: (run[0][1], run[0][0])):
        deliveries.sort(key=lambda delivery: delivery["assigned_at"])
        cashed = [d for d in deliveries if d["cash_collected"] is not None]
        for sequence, delivery in enumerate(deliveries, start=1):
            delivery["sequence"] = sequence
            delivery["handover"] = None
        if day < today and cashed:
            for delivery in cashed:
                delivery["handover"] = len(handovers)
            handovers.append(
                {
                    "driver_id": driver,
                    "received_by_id": receivers[len(handovers) % len(receivers)],
                    "amount": sum(d["cash_collected"] for d in cashed),
                    "at": max(d["delivered_at"] for d in cashed) + timedelta(minutes=45),
                }
            )
    return handovers
