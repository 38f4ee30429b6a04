"""Catalog CSV exchange: read, check and apply an import file; stream the catalog out as CSV.

The format is PRODUCT.md's "Catalog CSV". `importing.import_catalog` is the entry point of the
CLI, the admin and the import job; `exporting.export_catalog` streams the same columns out.
"""
