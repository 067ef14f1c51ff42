"""newsdesk: a self-hosted news desk.

The pure-Python stages live in ``newsdesk.pipeline`` and import no Django; the Django apps beside it
(``sources``, ``articles``, ``comments``, ``ingest``, ``core``, ``demo``) persist and publish.
"""

__version__ = "0.1.0"
