"""The storefront benchmark: `python -m bench.run` (see the README's "Benchmark" section)."""
