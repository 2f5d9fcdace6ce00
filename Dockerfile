# syntax=docker/dockerfile:1
#
# The platform's image: one image for the web process (gunicorn), the Celery worker,
# Celery beat and the one-shot migrate job; docker-compose.yml picks the command.
#
#   docker build -t ecosysteme-apprenant .
#   docker run --env-file .env -p 8000:8000 ecosysteme-apprenant

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=ecosystem.settings.production

# An unprivileged account for every process of the image. The code stays owned by root,
# so a compromised process cannot rewrite it.
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# WeasyPrint (the reflective report as PDF) draws text with Pango and HarfBuzz, and only
# with the fonts installed here: a PDF never loads a font or an image from elsewhere.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first: this layer is rebuilt only when the lock file changes.
# Every package, transitive ones included, is pinned and checked against its hash.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

COPY . .

# Translations and static files are built into the image. Production settings refuse
# to load without SECRET_KEY and ALLOWED_HOSTS: throwaway values are given to these
# commands only and never persist in the image's environment.
# compiletranslations compiles the project's catalogues with polib (no gettext needed).
RUN SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=build.invalid \
       python manage.py compiletranslations \
    && SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=build.invalid \
       python manage.py collectstatic --noinput

# Uploaded files (FileSystemStorage) are the only thing the app writes under /app.
# Creating the directory here gives a named volume mounted on it the right owner.
RUN mkdir -p /app/media && chown app:app /app/media

USER app

EXPOSE 8000

# Probes over plain HTTP with Host 127.0.0.1: ALLOWED_HOSTS must include 127.0.0.1.
# /health/ is exempt from the HTTPS redirect; it answers 503 when the database is down.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4)"]

# Extra gunicorn options can be given through GUNICORN_CMD_ARGS. The control socket
# defaults to $HOME/.gunicorn, which the app user cannot write: it lives in /tmp
# (`gunicornc -s /tmp/gunicorn.ctl`).
CMD ["gunicorn", "ecosystem.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-class", "gthread", \
     "--workers", "3", \
     "--threads", "4", \
     "--timeout", "30", \
     "--graceful-timeout", "30", \
     "--worker-tmp-dir", "/dev/shm", \
     "--control-socket", "/tmp/gunicorn.ctl", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
