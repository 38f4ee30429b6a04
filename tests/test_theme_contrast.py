"""The theme's text colours are readable: WCAG AA contrast (4.5:1) on the backgrounds they sit on.

axe-core skips colour contrast on Arabic text, so the theme's own pairs are checked here, for both
directions alike.
"""

import re
from pathlib import Path

import pytest

STYLESHEET = Path(__file__).resolve().parents[1] / "static" / "css" / "shop.css"
AA_NORMAL_TEXT = 4.5
# (text colour, background) pairs the stylesheet uses for text.
PAIRS = [
    ("--ink", "--page"),
    ("--ink", "--surface"),
    ("--muted", "--page"),
    ("--muted", "--surface"),
    ("--accent", "--page"),
    ("--accent", "--surface"),
    ("--accent-ink", "--accent"),
    ("--danger", "--surface"),
    ("--danger", "--page"),
    ("#8a4b00", "--surface"),
    ("#8a4b00", "#fff4e5"),
    ("#fff", "#075e54"),
]


def theme_colours():
    return dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", STYLESHEET.read_text()))


def resolved(name, colours):
    """A theme variable's colour, or the colour itself."""
    return colours[name] if name.startswith("--") else name


def relative_luminance(hex_colour):
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777", "#fff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_colour_is_readable_on_its_background(text, background):
    colours = theme_colours()

    assert contrast(resolved(text, colours), resolved(background, colours)) >= AA_NORMAL_TEXT
