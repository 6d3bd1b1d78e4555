"""The version of psoas (its own module, so that parts of psoas can read it without importing the package face)."""

__version__ = "0.1.0"
