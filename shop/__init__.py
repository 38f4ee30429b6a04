"""The shop domain and storefront."""
