"""Product attributes as visitors read them: each key's name and each written value's name in
their language, from `attribute_definitions`, falling back to the key made readable."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, true

from shop.extensions import db
from shop.models import AttributeDefinition, Product
from shop.services.cache import catalog_cached

UNITS = {"mm": "mm", "a": "A", "ah": "Ah", "kw": "kW", "v": "V", "l": "L", "c": "°C"}
# JSONB booleans read as text ("true"/"false") are shown as words.
BOOLEAN_NAMES = {"true": _l("Yes"), "false": _l("No")}


def readable_key(name):
    """The label of a key without a definition: "diamètre_mm" → "Diamètre (mm)"."""
    words = name.split("_")
    unit = UNITS.get(words[-1]) if len(words) > 1 else None
    if unit:
        words = words[:-1]
    label = " ".join(words)
    label = label[:1].upper() + label[1:]
    return f"{label} ({unit})" if unit else label


@dataclass(frozen=True)
class AttributeNames:
    """The names of every defined attribute, and of its values, in one language."""

    keys: dict
    values: dict

    def key(self, name):
        return self.keys.get(name) or readable_key(name)

    def value(self, name, value):
        named = self.values.get(name, {}).get(value)
        if named:
            return named
        boolean = BOOLEAN_NAMES.get(value)
        return str(boolean) if boolean is not None else value


@catalog_cached
def _definitions():
    rows = db.session.scalars(select(AttributeDefinition)).all()
    return tuple((row.key, row.name_fr, row.name_ar, row.value_names) for row in rows)


def attribute_names(language):
    """`AttributeNames` for `language` ("ar" or "fr")."""
    keys, values = {}, {}
    for key, name_fr, name_ar, value_names in _definitions():
        keys[key] = name_ar if language == "ar" else name_fr
        values[key] = {
            value: names.get(language)
            for value, names in value_names.items()
            if names.get(language)
        }
    return AttributeNames(keys, values)


MAX_NAME_LENGTH = 120


def attribute_keys_in_use():
    """{key: sorted written values} of the attributes live products have."""
    pairs = func.jsonb_each_text(Product.attributes).table_valued("key", "value").lateral()
    query = (
        select(pairs.c.key, pairs.c.value)
        .select_from(Product)
        .join(pairs, true())
        .where(Product.deleted_at.is_(None))
        .distinct()
    )
    found = {}
    for key, value in db.session.execute(query):
        found.setdefault(key, set()).add(value)
    return {key: sorted(values) for key, values in found.items()}


def written(value):
    """Whether a value is words to name (numbers and yes/no read the same in both languages)."""
    return (
        value not in BOOLEAN_NAMES and not value.replace(".", "", 1).replace("-", "", 1).isdigit()
    )


def save_definition(key, name_fr, name_ar, value_names):
    """Create or replace the names of `key`; `value_names` is {value: (French, Arabic)}.

    Returns {field: message} for what is wrong (nothing saved then), or {} once saved.
    """
    errors = {}
    name_fr, name_ar = (name_fr or "").strip(), (name_ar or "").strip()
    for field_name, name in (("name_fr", name_fr), ("name_ar", name_ar)):
        if not name or len(name) > MAX_NAME_LENGTH:
            errors[field_name] = _(
                "Give a name of at most %(limit)s characters.", limit=MAX_NAME_LENGTH
            )
    cleaned = {}
    for value, (fr, ar) in value_names.items():
        fr, ar = (fr or "").strip(), (ar or "").strip()
        if len(fr) > MAX_NAME_LENGTH or len(ar) > MAX_NAME_LENGTH:
            errors["values"] = _(
                "Give a name of at most %(limit)s characters.", limit=MAX_NAME_LENGTH
            )
        if fr or ar:
            cleaned[value] = {language: name for language, name in (("fr", fr), ("ar", ar)) if name}
    if errors:
        return errors
    definition = db.session.get(AttributeDefinition, key) or AttributeDefinition(key=key)
    definition.name_fr, definition.name_ar, definition.value_names = name_fr, name_ar, cleaned
    db.session.add(definition)
    db.session.flush()
    return {}


def definition(key):
    return db.session.get(AttributeDefinition, key)
