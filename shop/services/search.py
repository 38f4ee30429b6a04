"""Product search in PostgreSQL: part numbers, French and Arabic words, typos, suggestions.

A query is matched against the index kept by migration 0002_search: its part-number-like tokens
against `product_codes` (exact, then prefix), its words against the full-text documents (stemmed or
unstemmed, French and Arabic alike); when that finds fewer than a handful of products, its
misspelt words are corrected to the closest words of the catalog's names (trigram similarity) and
searched again. The result is a ranked list of product ids that a `Listing` filters, sorts and
pages like a category.
"""

import functools
import logging
import re
from array import array
from dataclasses import dataclass

from psycopg2.errors import QueryCanceled
from sqlalchemy import Float, Text, bindparam, case, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY
from sqlalchemy.exc import OperationalError

from shop.extensions import db, plain_rows
from shop.models import (
    Brand,
    Category,
    Product,
    ProductCode,
    ProductSearch,
    SearchWord,
)
from shop.services.cache import (
    OfferScope,
    cached_catalog_value,
    catalog_cached,
    shared_catalog_value,
)
from shop.services.catalog import category_index, live_product
from shop.services.products import live_product_index
from shop.services.text import code_variants, normalize_text, words

log = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
MAX_CODES = 12
# Shorter codes match too much by prefix ("12" starts thousands of barcodes).
MIN_CODE_LENGTH = 3
MIN_PREFIX_LENGTH = 4
MAX_RESULTS = 500
# Fewer exact results than this and the typo search adds the closest names.
FEW_RESULTS = 3
CLOSEST_RESULTS = 24
# pg_trgm similarity of a misspelt word to the word meant ("amortiseur", "amortisseur": 0.69;
# "bateri", "batterie": 0.45; "avnt", "avant": 0.38); shorter words are not corrected.
CORRECTION_THRESHOLD = 0.35
MIN_CORRECTED_LENGTH = 4
# Swapped or dropped letters are looked up exactly, so shorter words can be corrected that way.
MIN_SWAPPED_LENGTH = 3
# word_similarity of the query to a name, for the no-results page's closest matches.
CLOSEST_THRESHOLD = 0.3
# Longest time the closest names may take, in milliseconds (see `_closest_names`).
CLOSEST_NAMES_TIMEOUT_MS = 250
# Rank bands: a code equal to the query beats a code starting with it beats any word match.
EXACT_CODE_SCORE = 3.0
PREFIX_CODE_SCORE = 2.0
# ts_rank weights for D, C, B, A: names count most, then brand and categories, descriptions.
# (ts_rank, not ts_rank_cd: cover density took twice as long on common words, thousands of
# documents, for no better order in the relevance tests.)
RANK_WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"
# Scale the rank into [0, 1) (rank / (rank + 1)), below the code bands.
RANK_NORMALIZATION = 32
SUGGESTED_PRODUCTS = 6
SUGGESTED_GROUPS = 2
MAX_SUGGESTIONS = 8
HAS_DIGIT = re.compile(r"\d")
SHORT_LETTERS = re.compile(r"[^\W\d_]{1,4}")


@dataclass(frozen=True)
class ParsedQuery:
    """A visitor's query: the text as logged, its normalised words and its candidate codes."""

    text: str
    normalized: str
    words: tuple
    codes: tuple

    @property
    def empty(self):
        return not self.words and not self.codes

    @property
    def prefix_codes(self):
        return tuple(code for code in self.codes if len(code) >= MIN_PREFIX_LENGTH)


def _code_runs(tokens):
    """Runs of adjacent tokens that look like one part number typed in pieces ("0 986 494 049",
    "W 712/75"): tokens with digits, with a short letter group just before them."""
    runs, current = [], []
    for token in tokens:
        if HAS_DIGIT.search(token) or (not current and SHORT_LETTERS.fullmatch(token)):
            current.append(token)
        else:
            runs.append(current)
            current = [token] if SHORT_LETTERS.fullmatch(token) else []
    runs.append(current)
    return [run for run in runs if any(HAS_DIGIT.search(token) for token in run)]


def code_candidates(text):
    """Normalised codes the query may mean: the whole query, each run of code-like tokens, each
    token with digits; each also without its leading zeros."""
    tokens = text.split()
    pieces = [text] + [" ".join(run) for run in _code_runs(tokens)]
    pieces += [token for token in tokens if HAS_DIGIT.search(token)]
    candidates = []
    for piece in pieces:
        if not HAS_DIGIT.search(piece):
            continue
        for code in code_variants(piece):
            if len(code) >= MIN_CODE_LENGTH and code not in candidates:
                candidates.append(code)
    return tuple(candidates[:MAX_CODES])


def parse_query(raw):
    """The query as searched: whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    text = " ".join((raw or "").split())[:MAX_QUERY_LENGTH]
    query_words = tuple(words(normalize_text(text)))[:MAX_WORDS]
    return ParsedQuery(
        text=text,
        normalized=" ".join(query_words)[:MAX_QUERY_LENGTH],
        words=query_words,
        codes=code_candidates(text),
    )


def _scored_codes(prefixes):
    """(product id, score) of products having one of the codes (parameter `codes`), or one
    starting with a prefix (parameters `prefix_0`... `prefix_<prefixes - 1>`)."""
    exact = ProductCode.code.in_(bindparam("codes", expanding=True))
    starts = [
        ProductCode.code.startswith(bindparam(f"prefix_{i}", type_=Text)) for i in range(prefixes)
    ]
    score = func.max(case((exact, EXACT_CODE_SCORE), else_=PREFIX_CODE_SCORE))
    return (
        select(ProductCode.product_id.label("product_id"), score.label("score"))
        .where(or_(exact, *starts))
        .group_by(ProductCode.product_id)
    )


def _scored_words(prefix_last):
    """(product id, score) of products whose document has every word (parameter `words`), by
    weighted rank; the last word as a prefix if asked."""
    query = func.hanout_tsquery(bindparam("words", type_=ARRAY(Text)), prefix_last)
    rank = func.ts_rank(
        literal(RANK_WEIGHTS).cast(ARRAY(Float(precision=24))),
        ProductSearch.document,
        query,
        RANK_NORMALIZATION,
    )
    return select(
        ProductSearch.product_id.label("product_id"), rank.cast(Float).label("score")
    ).where(ProductSearch.document.op("@@")(query))


# Built once per form: building them costs more than PostgreSQL running them.
@functools.lru_cache(maxsize=128)
def _ranked_query(codes, prefixes, words, prefix_last, limit):
    """The best `limit` products of the union of the scored codes and words, best first.

    Whether a product is live is left to the listing: joining products here would make the
    planner rank every match before it can keep the best.
    """
    parts = []
    if codes:
        parts.append(_scored_codes(prefixes))
    if words:
        parts.append(_scored_words(prefix_last))
    scored = parts[0].union_all(*parts[1:]).subquery("scored")
    best = func.max(scored.c.score).label("score")
    return (
        select(scored.c.product_id, best)
        .group_by(scored.c.product_id)
        .order_by(best.desc(), scored.c.product_id.desc())
        .limit(limit)
    )


def _ranked(parsed, limit, prefix_last):
    """[(product id, score)] of the query's best `limit` products, best first."""
    prefixes = parsed.prefix_codes
    query = _ranked_query(bool(parsed.codes), len(prefixes), bool(parsed.words), prefix_last, limit)
    parameters = {
        "codes": list(parsed.codes),
        "words": list(parsed.words),
        **{f"prefix_{i}": prefix for i, prefix in enumerate(prefixes)},
    }
    return [(product_id, float(score)) for product_id, score in plain_rows(query, parameters)]


# The query's words and their corrections.
@functools.lru_cache(maxsize=2 * MAX_WORDS)
def _any_word_query(word_count, limit):
    """The best `limit` products having any of the words (parameters `word_0`...), by weighted
    rank: a product with more of the words ranks higher."""
    query = functools.reduce(
        lambda either, other: either.op("||", return_type=TSQUERY)(other),
        (func.hanout_tsquery(bindparam(f"word_{i}", type_=ARRAY(Text))) for i in range(word_count)),
    )
    rank = func.ts_rank(
        literal(RANK_WEIGHTS).cast(ARRAY(Float(precision=24))),
        ProductSearch.document,
        query,
        RANK_NORMALIZATION,
    )
    return (
        select(ProductSearch.product_id)
        .where(ProductSearch.document.op("@@")(query))
        .order_by(rank.desc(), ProductSearch.product_id.desc())
        .limit(limit)
    )


def _closest_by_words(parsed, limit):
    """Products having the most of the query's words, its misspelt words corrected: what comes
    closest when no product has them all. Uses the words' index: a few milliseconds even for
    common words."""
    correction = corrected(parsed)
    known = list(dict.fromkeys(parsed.words + (correction.words if correction else ())))
    if not known:
        return []
    parameters = {f"word_{i}": [word] for i, word in enumerate(known)}
    return [row[0] for row in plain_rows(_any_word_query(len(known), limit), parameters)]


def _closest_names_query(parsed, limit):
    similarity = func.word_similarity(parsed.normalized, ProductSearch.trigram_text)
    return (
        select(ProductSearch.product_id)
        .where(literal(parsed.normalized).op("<%")(ProductSearch.trigram_text))
        .order_by(similarity.desc(), ProductSearch.product_id.desc())
        .limit(limit)
    )


def _closest_names(parsed, limit):
    """Products whose names look like the query (trigram word similarity), closest first; none
    when PostgreSQL cannot tell within CLOSEST_NAMES_TIMEOUT_MS.

    A query of common words compares itself with most of the catalog (half a second for 20,000
    products): the page then offers the categories alone rather than hold a worker that long.
    The settings are made in a savepoint that is rolled back, which restores them.
    """
    savepoint = db.session.begin_nested()
    try:
        db.session.execute(
            select(
                func.set_config("pg_trgm.word_similarity_threshold", str(CLOSEST_THRESHOLD), True),
                func.set_config("statement_timeout", str(CLOSEST_NAMES_TIMEOUT_MS), True),
            )
        )
        return list(db.session.scalars(_closest_names_query(parsed, limit)))
    except OperationalError as error:
        if not isinstance(error.orig, QueryCanceled):
            raise
        log.warning("closest names of %r took too long: none offered", parsed.normalized)
        return []
    finally:
        savepoint.rollback()


def near_spellings(word):
    """`word` with two neighbouring letters swapped, then with one letter left out: the
    commonest slips on a phone keyboard, which trigrams barely see ("fitlre": 0.27 to "filtre")."""
    swaps = [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
    drops = [word[:i] + word[i + 1 :] for i in range(len(word))]
    return [spelling for spelling in dict.fromkeys(swaps + drops) if spelling != word]


def _closest_known_word(word, near_known):
    """The known word closest to the unknown `word`: a near spelling first, else by trigrams."""
    for spelling in near_spellings(word):
        if spelling in near_known:
            return spelling
    if len(word) < MIN_CORRECTED_LENGTH:
        return None
    return db.session.scalar(
        select(SearchWord.word)
        .where(SearchWord.word.op("%")(word))
        .order_by(func.similarity(SearchWord.word, word).desc(), SearchWord.word)
        .limit(1)
    )


def corrected(parsed):
    """The query with each word unknown to the catalog's names replaced by the closest known one
    (a near spelling, else trigram similarity), or None when no word changes."""
    candidates = [w for w in parsed.words if len(w) >= MIN_SWAPPED_LENGTH and not w.isdigit()]
    known = set(db.session.scalars(select(SearchWord.word).where(SearchWord.word.in_(candidates))))
    unknown = [word for word in candidates if word not in known]
    if not unknown:
        return None
    spellings = {spelling for word in unknown for spelling in near_spellings(word)}
    near_known = set(
        db.session.scalars(select(SearchWord.word).where(SearchWord.word.in_(spellings)))
    )
    db.session.execute(
        select(func.set_config("pg_trgm.similarity_threshold", str(CORRECTION_THRESHOLD), True))
    )
    replaced = [
        (_closest_known_word(word, near_known) if word in unknown else None) or word
        for word in parsed.words
    ]
    if replaced == list(parsed.words):
        return None
    return ParsedQuery(
        text=parsed.text, normalized=" ".join(replaced), words=tuple(replaced), codes=()
    )


def ranked_matches(parsed, limit=MAX_RESULTS, prefix_last=False):
    """((product id, score), ...) for the query, best first.

    When few products match exactly, the query with its misspelt words corrected adds its own
    matches after them (scores below zero). Kept per catalog version, in this process and in
    Redis for the others: the matches depend only on the catalog's texts and codes (whether a
    product is live is the listing's business), and ranking a common word costs milliseconds.
    """
    if parsed.empty:
        return ()
    key = ("search.ranked_matches", parsed.words, parsed.codes, limit, prefix_last)

    def compute():
        matches = _ranked_matches(parsed, limit, prefix_last)
        return [[product_id for product_id, _ in matches], [score for _, score in matches]]

    ids, scores = shared_catalog_value(key, compute, decode=_packed)
    return tuple(zip(ids, scores, strict=True))


def _packed(ids_and_scores):
    """Matches as two compact arrays, ids and scores: 16 bytes a product in the cache."""
    ids, scores = ids_and_scores
    return array("q", ids), array("d", scores)


def _ranked_matches(parsed, limit, prefix_last):
    matches = _ranked(parsed, limit, prefix_last)
    if len(matches) >= FEW_RESULTS or not parsed.words:
        return matches
    correction = corrected(parsed)
    if correction is None:
        return matches
    found = {product_id for product_id, _ in matches}
    extra = _ranked(correction, limit, prefix_last)
    return matches + [
        (product_id, score - 1) for product_id, score in extra if product_id not in found
    ]


def closest_names(parsed, limit=CLOSEST_RESULTS):
    """Ids of the products closest to the query, for a page that found nothing: those having the
    most of its words, else those whose names look like it."""
    if not parsed.normalized:
        return ()
    key = ("search.closest_names", parsed.normalized, limit)
    return cached_catalog_value(
        key,
        lambda: tuple(_closest_by_words(parsed, limit) or _closest_names(parsed, limit)),
    )


@dataclass(frozen=True)
class BrandSuggestion:
    id: int
    name: str
    slug: str


@catalog_cached
def _suggestible_names():
    """Active categories in menu order and active brands by name, each with its names folded
    as the search index folds texts (by the same SQL function)."""
    categories = db.session.execute(
        select(
            Category.id,
            func.hanout_search_text(Category.name_fr),
            func.hanout_search_text(Category.name_ar),
        )
        .where(Category.is_active)
        .order_by(Category.depth, Category.position, Category.id)
    ).all()
    brands = db.session.execute(
        select(Brand.id, Brand.name, Brand.slug, func.hanout_search_text(Brand.name))
        .where(Brand.is_active)
        .order_by(Brand.name)
    ).all()
    return (
        tuple((category_id, fr or "", ar or "") for category_id, fr, ar in categories),
        tuple((brand_id, name, slug, folded or "") for brand_id, name, slug, folded in brands),
    )


def _suggested_groups(parsed):
    """Ids of the categories and the brands whose folded names contain the query's words in a
    row, from the names kept per catalog version."""
    typed = " ".join(parsed.words)
    categories, brands = _suggestible_names()
    category_ids = [
        category_id
        for category_id, folded_fr, folded_ar in categories
        if typed in folded_fr or typed in folded_ar
    ]
    matching_brands = [
        BrandSuggestion(brand_id, name, slug)
        for brand_id, name, slug, folded in brands
        if typed in folded
    ]
    return category_ids[:SUGGESTED_GROUPS], matching_brands[:SUGGESTED_GROUPS]


def suggested_products(ids):
    """What a suggestion shows of the live products with these ids, in the order of `ids`."""
    if not ids:
        return []
    shown = (Product.id, Product.slug_fr, Product.slug_ar, Product.name_fr, Product.name_ar)
    query = select(*shown, Product.price).where(Product.id.in_(ids), live_product())
    found = {row.id: row for row in db.session.execute(query)}
    return [found[product_id] for product_id in ids if product_id in found]


@dataclass(frozen=True)
class Suggestions:
    """What to offer while the visitor types: the ids of a few products (live or not: the page
    shows the live ones), and categories and brands; at most MAX_SUGGESTIONS in all."""

    product_ids: tuple = ()
    categories: tuple = ()
    brands: tuple = ()


def suggest(parsed):
    """The `Suggestions` for what the visitor has typed so far, from values kept per catalog
    version: read before the page key, their products' offer stamps key the page."""
    if not parsed.words:
        return Suggestions()
    category_ids, brands = _suggested_groups(parsed)
    categories = tuple(category_index().by_id[category_id] for category_id in category_ids)
    room = MAX_SUGGESTIONS - len(categories) - len(brands)
    matches = ranked_matches(parsed, limit=min(SUGGESTED_PRODUCTS, room), prefix_last=True)
    return Suggestions(tuple(product_id for product_id, _ in matches), categories, tuple(brands))


def results_offer(matches):
    """The `OfferScope` of a search's results (`ranked_matches`): the categories of the matched
    live products, so that a sale leaves the searches matching nothing in its product's category
    in the page cache (a product that is not live is not shown, and becomes live only with a
    catalog change). None, the whole shop's offer, when a matched product is in no category."""
    index = live_product_index()
    category_ids = set()
    for product_id, _ in matches:
        if product_id in index.uncategorized:
            return None
        category_ids.add(index.category_ids.get(product_id))
    category_ids.discard(None)
    return OfferScope("category", tuple(sorted(category_ids)))
