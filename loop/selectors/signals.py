"""Selectors: signals."""

__all__: list[str] = []
