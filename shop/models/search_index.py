"""The search index of the catalog, written only by the database's triggers (0002_search)."""

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db


class ProductSearch(db.Model):
    """A product's full-text document and its folded names (for typos); read-only here."""

    __tablename__ = "product_search"
    __table_args__ = (
        Index("ix_product_search_document", "document", postgresql_using="gin"),
        Index(
            "ix_product_search_trigram_text",
            "trigram_text",
            postgresql_using="gin",
            postgresql_ops={"trigram_text": "gin_trgm_ops"},
        ),
    )

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[str] = mapped_column(TSVECTOR, nullable=False)
    trigram_text: Mapped[str] = mapped_column(Text, nullable=False)


class SearchWord(db.Model):
    """A word of the products' names (folded), to correct a misspelt query word against."""

    __tablename__ = "search_words"
    __table_args__ = (
        Index(
            "ix_search_words_word_trigram",
            "word",
            postgresql_using="gin",
            postgresql_ops={"word": "gin_trgm_ops"},
        ),
    )

    word: Mapped[str] = mapped_column(Text, primary_key=True)


class ProductCode(db.Model):
    """A normalised SKU, barcode or reference of a product (also without leading zeros).

    Collated "C" so that a prefix search (`LIKE 'ABC%'`) is a range scan of the index.
    """

    __tablename__ = "product_codes"

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(Text(collation="C"), primary_key=True, index=True)
