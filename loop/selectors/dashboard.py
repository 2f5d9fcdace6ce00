"""Selectors: dashboard."""

__all__: list[str] = []
