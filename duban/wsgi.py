"""The web process (gunicorn loads ``application`` in each worker)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
application = get_wsgi_application()

# Python's cyclic collector, tuned for a long-lived server. What is loaded at start (Django,
# the libraries, the models: about 160,000 objects) never becomes garbage, yet every full
# collection walked it again: on the city data one took 100–200 ms in the middle of a request,
# every few pages, holding all four threads of the worker (bench/README.md). Frozen, it is
# left out of every collection; and the youngest generation is collected every 10,000 new
# objects instead of 700 (14 collections per 台账 page computed in full; about one with this).
gc.freeze()
gc.set_threshold(10_000, 20, 20)
