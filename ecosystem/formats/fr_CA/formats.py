"""Django's fr_CA formats, with the hour fixed: its "H\\xa0h\\xa0i" reads the "h" as a second
hour (14 h 38 printed "14 02 38"); the "h" must be escaped to stay a letter."""

from django.conf.locale.fr_CA.formats import *  # noqa: F403

TIME_FORMAT = "H\xa0\\h\xa0i"  # 13 h 40
DATETIME_FORMAT = "j F Y, H\xa0\\h\xa0i"  # 31 janvier 2024, 13 h 40
SHORT_DATETIME_FORMAT = "Y-m-d H\xa0\\h\xa0i"
