"""search: search documents and part numbers per product, kept by the database

Revision ID: 0002_search
Revises: 72e83247b80a

`product_search` holds each product's full-text document (names weight A, brand and category path
B, descriptions C) and its folded names; `search_words` the words of those names, against which a
misspelt query word is corrected; `product_codes` each SKU, barcode and reference normalised, one
row per code, for exact and prefix matches.

These are tables refreshed by triggers, not generated columns on `products`: a generated column
cannot read the brand, the categories or the references, and triggers keep the index right
whatever writes the catalog (admin, CSV import, demo loader, a psql session). The triggers are
statement-level with transition tables, so a bulk insert refreshes its rows in one statement; the
demo loader inserts products, then their references, and each statement refreshes what it touched,
in whichever order they come. Codes live in their own table so that adding references (the bulk
path) inserts small rows instead of rewriting the documents and their GIN index entries.

Text goes through one configuration, `hanout`: after unaccent and Arabic normalisation French
words are ASCII (French stemmer) and Arabic words are not (Arabic stemmer). The Arabic stemmer is
aggressive and uneven on short words (محرك → محر but المحرك → محرك, فلتر → لتر), so names, brand
and categories are also indexed unstemmed, the Arabic article taken off, and queries ask for either
form of each word.
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0002_search"
down_revision = "72e83247b80a"
branch_labels = None
depends_on = None

FUNCTIONS = r"""
CREATE FUNCTION hanout_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT public.unaccent('public.unaccent'::regdictionary, $1)
$$;

-- Kept identical to shop.services.text.normalize_arabic. It runs on every product text, so:
-- PL/pgSQL (a SQL function with a FROM clause is not inlined and costs far more per call), and
-- regexp_replace/replace rather than one translate(), which is slow on multibyte text.
CREATE FUNCTION hanout_normalize_ar(text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
    folded text := replace(replace(regexp_replace(
        regexp_replace($1, '[\u064B-\u0652\u0670\u0640]', '', 'g'), '[أإآٱ]', 'ا', 'g'
    ), 'ى', 'ي'), 'ة', 'ه');
BEGIN
    IF folded ~ '[٠-٩۰-۹]' THEN
        RETURN translate(folded, '٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹', '01234567890123456789');
    END IF;
    RETURN folded;
END
$$;

-- Kept identical to shop.services.text.normalize_text.
CREATE FUNCTION hanout_search_text(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT lower(hanout_unaccent(hanout_normalize_ar($1)))
$$;

-- The Arabic article and its prefixed forms (وال بال فال كال لل) off words of 2+ more letters.
CREATE FUNCTION hanout_strip_articles(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT regexp_replace(
        $1, '(^|[^\u0621-\u064A])(وال|بال|فال|كال|ال|لل)([\u0621-\u064A]{2})', '\1\3', 'g'
    )
$$;

-- Kept identical to shop.services.text.normalize_code.
CREATE FUNCTION hanout_normalize_code(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT regexp_replace(upper(hanout_unaccent(hanout_normalize_ar($1))), '[^0-9A-Z]', '', 'g')
$$;

-- Stemmed and unstemmed lexemes of `body`, all with the weight `weight`.
CREATE FUNCTION hanout_weighted_document(body text, weight "char") RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    folded text := hanout_search_text(coalesce(body, ''));
BEGIN
    RETURN setweight(
        to_tsvector('hanout', folded) || to_tsvector('simple', hanout_strip_articles(folded)),
        weight
    );
END
$$;

-- Every word (a stop word excepted) in stemmed or unstemmed form; with `prefix_last`, the last
-- word as it is being typed: any word starting with it.
CREATE FUNCTION hanout_tsquery(words text[], prefix_last boolean DEFAULT false) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    result tsquery := '';
    word text;
    stemmed tsquery;
    unstemmed tsquery;
    position integer := 0;
BEGIN
    FOREACH word IN ARRAY coalesce(words, '{}') LOOP
        position := position + 1;
        word := hanout_search_text(word);
        stemmed := plainto_tsquery('hanout', word);
        CONTINUE WHEN numnode(stemmed) = 0;
        unstemmed := plainto_tsquery('simple', hanout_strip_articles(word));
        IF prefix_last AND position = cardinality(words) AND numnode(unstemmed) > 0 THEN
            unstemmed := (unstemmed::text || ':*')::tsquery;
        END IF;
        result := CASE WHEN numnode(result) = 0 THEN stemmed || unstemmed
                       ELSE result && (stemmed || unstemmed) END;
    END LOOP;
    RETURN result;
END
$$;

-- A code as searched (shop.services.text.normalize_code), and without its leading zeros.
CREATE FUNCTION hanout_code_variants(text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
    code text := hanout_normalize_code($1);
    stripped text := ltrim(code, '0');
BEGIN
    IF code = '' THEN
        RETURN '{}';
    ELSIF stripped IN ('', code) THEN
        RETURN ARRAY[code];
    END IF;
    RETURN ARRAY[code, stripped];
END
$$;

-- The codes of products: SKU, barcode and references, rebuilt from scratch.
CREATE FUNCTION hanout_refresh_product_codes(product_ids integer[]) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM product_codes WHERE product_id IN (SELECT unnest(product_ids));

    INSERT INTO product_codes (product_id, code)
    SELECT DISTINCT raw.product_id, variant
    FROM (
        SELECT id AS product_id, sku AS code FROM products
        WHERE id IN (SELECT unnest(product_ids))
        UNION ALL
        SELECT id, barcode FROM products
        WHERE id IN (SELECT unnest(product_ids)) AND barcode IS NOT NULL
        UNION ALL
        SELECT product_id, code FROM product_references
        WHERE product_id IN (SELECT unnest(product_ids))
    ) AS raw
    CROSS JOIN LATERAL unnest(hanout_code_variants(raw.code)) AS variant;
$$;

-- Names weigh most (A), then the brand and the category path (B), then descriptions (C), which
-- are long (vehicle lists, references) and get stemmed forms only. The brand and category part
-- is the same for many products: it is built once per (brand, category).
CREATE FUNCTION hanout_refresh_product_search(product_ids integer[]) RETURNS void
LANGUAGE sql AS $$
    WITH target AS MATERIALIZED (
        SELECT id, name_fr, name_ar, description_fr, description_ar,
               coalesce(brand_id, 0) AS brand_key, coalesce(category_id, 0) AS category_key
        FROM products WHERE id IN (SELECT unnest(product_ids))
    ), context AS MATERIALIZED (
        SELECT t.brand_key, t.category_key, b.name AS brand_name,
               hanout_weighted_document(concat_ws(' ', b.name, path.names), 'B') AS document
        FROM (SELECT DISTINCT brand_key, category_key FROM target) AS t
        LEFT JOIN brands AS b ON b.id = t.brand_key
        LEFT JOIN LATERAL (
            SELECT string_agg(concat_ws(' ', c.name_fr, c.name_ar), ' ') AS names
            FROM categories AS own
            JOIN categories AS c
              ON c.id = ANY (string_to_array(trim(BOTH '/' FROM own.path), '/')::integer[])
            WHERE own.id = t.category_key
        ) AS path ON true
    )
    INSERT INTO product_search AS current (product_id, document, trigram_text)
    SELECT p.id,
           hanout_weighted_document(concat_ws(' ', p.name_fr, p.name_ar), 'A')
           || context.document
           || setweight(to_tsvector('hanout', hanout_search_text(
                  concat_ws(' ', p.description_fr, p.description_ar))), 'C'),
           hanout_search_text(concat_ws(' ', p.name_fr, p.name_ar, context.brand_name))
    FROM target AS p
    JOIN context USING (brand_key, category_key)
    ON CONFLICT (product_id) DO UPDATE
    SET document = excluded.document, trigram_text = excluded.trigram_text;

    -- Words are only ever added: one no longer in any name just corrects a typo to nothing.
    INSERT INTO search_words (word)
    SELECT DISTINCT word
    FROM product_search, unnest(tsvector_to_array(to_tsvector('simple', trigram_text))) AS word
    WHERE product_id IN (SELECT unnest(product_ids)) AND length(word) >= 3
    ON CONFLICT DO NOTHING;
$$;
"""

TRIGGERS = r"""
CREATE FUNCTION hanout_products_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    inserted integer[] := ARRAY(SELECT id FROM new_rows);
BEGIN
    PERFORM hanout_refresh_product_search(inserted);
    PERFORM hanout_refresh_product_codes(inserted);
    RETURN NULL;
END $$;

CREATE FUNCTION hanout_products_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Price and stock edits are frequent and change nothing searchable: only text changes
    -- rebuild a document, only SKU or barcode changes the codes.
    PERFORM hanout_refresh_product_search(ARRAY(
        SELECT n.id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
        WHERE (n.name_fr, n.name_ar, n.description_fr, n.description_ar, n.brand_id,
               n.category_id)
              IS DISTINCT FROM
              (o.name_fr, o.name_ar, o.description_fr, o.description_ar, o.brand_id,
               o.category_id)
    ));
    PERFORM hanout_refresh_product_codes(ARRAY(
        SELECT n.id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
        WHERE (n.sku, n.barcode) IS DISTINCT FROM (o.sku, o.barcode)
    ));
    RETURN NULL;
END $$;

CREATE FUNCTION hanout_references_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- New references only add codes (the bulk path of imports and the demo loader).
    INSERT INTO product_codes (product_id, code)
    SELECT DISTINCT product_id, variant
    FROM new_rows CROSS JOIN LATERAL unnest(hanout_code_variants(code)) AS variant
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION hanout_references_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM hanout_refresh_product_codes(ARRAY(SELECT DISTINCT product_id FROM old_rows));
    ELSE
        PERFORM hanout_refresh_product_codes(ARRAY(
            SELECT product_id FROM new_rows UNION SELECT product_id FROM old_rows
        ));
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION hanout_brands_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM hanout_refresh_product_search(ARRAY(
        SELECT p.id FROM products AS p
        JOIN new_rows AS n ON n.id = p.brand_id
        JOIN old_rows AS o ON o.id = n.id
        WHERE n.name IS DISTINCT FROM o.name
    ));
    RETURN NULL;
END $$;

CREATE FUNCTION hanout_categories_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A category's names are in the documents of every product below it.
    PERFORM hanout_refresh_product_search(ARRAY(
        SELECT p.id FROM products AS p
        JOIN categories AS c ON c.id = p.category_id
        JOIN new_rows AS n ON c.path LIKE n.path || '%'
        JOIN old_rows AS o ON o.id = n.id
        WHERE (n.name_fr, n.name_ar, n.path) IS DISTINCT FROM (o.name_fr, o.name_ar, o.path)
    ));
    RETURN NULL;
END $$;

CREATE TRIGGER product_search_on_insert AFTER INSERT ON products
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_products_inserted();
CREATE TRIGGER product_search_on_update AFTER UPDATE ON products
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_products_updated();
CREATE TRIGGER product_search_on_insert AFTER INSERT ON product_references
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_references_inserted();
CREATE TRIGGER product_search_on_update AFTER UPDATE ON product_references
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_references_changed();
CREATE TRIGGER product_search_on_delete AFTER DELETE ON product_references
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_references_changed();
CREATE TRIGGER product_search_on_update AFTER UPDATE ON brands
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_brands_updated();
CREATE TRIGGER product_search_on_update AFTER UPDATE ON categories
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_categories_updated();
"""

DROP = """
DROP TRIGGER product_search_on_update ON categories;
DROP TRIGGER product_search_on_update ON brands;
DROP TRIGGER product_search_on_delete ON product_references;
DROP TRIGGER product_search_on_update ON product_references;
DROP TRIGGER product_search_on_insert ON product_references;
DROP TRIGGER product_search_on_update ON products;
DROP TRIGGER product_search_on_insert ON products;
DROP FUNCTION hanout_categories_updated();
DROP FUNCTION hanout_brands_updated();
DROP FUNCTION hanout_references_changed();
DROP FUNCTION hanout_references_inserted();
DROP FUNCTION hanout_products_updated();
DROP FUNCTION hanout_products_inserted();
DROP FUNCTION hanout_refresh_product_search(integer[]);
DROP FUNCTION hanout_refresh_product_codes(integer[]);
DROP FUNCTION hanout_code_variants(text);
DROP FUNCTION hanout_tsquery(text[], boolean);
DROP FUNCTION hanout_weighted_document(text, "char");
DROP FUNCTION hanout_normalize_code(text);
DROP FUNCTION hanout_strip_articles(text);
DROP FUNCTION hanout_search_text(text);
DROP FUNCTION hanout_normalize_ar(text);
DROP FUNCTION hanout_unaccent(text);
DROP TEXT SEARCH CONFIGURATION hanout;
"""


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
    op.execute("CREATE TEXT SEARCH CONFIGURATION hanout (COPY = simple)")
    op.execute(
        "ALTER TEXT SEARCH CONFIGURATION hanout"
        " ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH french_stem"
    )
    op.execute(
        "ALTER TEXT SEARCH CONFIGURATION hanout ALTER MAPPING FOR word, hword, hword_part"
        " WITH arabic_stem"
    )
    op.create_table(
        "product_search",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("document", postgresql.TSVECTOR(), nullable=False),
        sa.Column("trigram_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_search_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_product_search")),
    )
    op.create_index(
        "ix_product_search_document", "product_search", ["document"], postgresql_using="gin"
    )
    op.create_index(
        "ix_product_search_trigram_text",
        "product_search",
        ["trigram_text"],
        postgresql_using="gin",
        postgresql_ops={"trigram_text": "gin_trgm_ops"},
    )
    op.create_table(
        "search_words",
        sa.Column("word", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_words")),
    )
    op.create_index(
        "ix_search_words_word_trigram",
        "search_words",
        ["word"],
        postgresql_using="gin",
        postgresql_ops={"word": "gin_trgm_ops"},
    )
    op.create_table(
        "product_codes",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.Text(collation="C"), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_codes_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("product_id", "code", name=op.f("pk_product_codes")),
    )
    op.create_index("ix_product_codes_code", "product_codes", ["code"])
    op.execute(FUNCTIONS)
    op.execute(TRIGGERS)
    op.execute("SELECT hanout_refresh_product_search(ARRAY(SELECT id FROM products))")
    op.execute("SELECT hanout_refresh_product_codes(ARRAY(SELECT id FROM products))")


def downgrade():
    op.execute(DROP)
    op.drop_table("product_codes")
    op.drop_table("search_words")
    op.drop_table("product_search")
