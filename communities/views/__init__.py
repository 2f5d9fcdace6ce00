"""Browser pages of the co-learning spaces, one module per part of a space."""
