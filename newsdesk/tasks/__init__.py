"""Scale-out: ingestion as Celery tasks on `newsdesk worker` processes, fed by one `newsdesk scheduler`.

Only in use when ``NEWSDESK_BROKER_URL`` is set; without it newsdesk runs everything in process
(``newsdesk.ingest.scheduler``) and nothing here starts. The modules:

- ``celery_app``  the Celery app and why each of its settings is what it is;
- ``tasks``       the tasks: poll a source, process an article, file stories (plus ``ping`` for the bench);
- ``dispatch``    the scheduler that claims due work in the database and enqueues it;
- ``leases``      named leases in the database (``Lease``): one scheduler, one story filer at a time.
"""
