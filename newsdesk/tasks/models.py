from django.db import models


class Lease(models.Model):
    """A named lease: who may do a single-holder job (schedule, file stories) until when.

    A holder renews it while alive; when the holder dies, the lease simply runs out and another takes it.
    ``generation`` counts changes of hands, so a holder can tell whether anyone else held it in between.
    """

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()
    generation = models.PositiveBigIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
