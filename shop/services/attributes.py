"""Product attributes as visitors read them: each key's name and each written value's name in
their language, from `attribute_definitions`, falling back to the key made readable."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from shop.extensions import db
from shop.models import AttributeDefinition
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
