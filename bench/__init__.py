"""Benchmarks for psoas, run by ``make bench``; see bench/__main__.py."""
