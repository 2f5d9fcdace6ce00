"""Forms of the health partners, one module per part."""
