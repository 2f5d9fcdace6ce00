"""What the indicators app tells the apps above it, without importing them."""

from django.dispatch import Signal

# Sent once an import's values are committed, with ``since`` and ``until`` (dates): the span of
# the periods it wrote. The learning loop recomputes the syntheses of those years.
measurements_imported = Signal()
