# Kōshō web image: gunicorn serving config.wsgi, static files by whitenoise, migrations on start.
# Settings come from the environment only: DATABASE_URL, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_DEBUG=0 \
    WEB_CONCURRENCY=3

RUN groupadd --system kosho \
    && useradd --system --gid kosho --home-dir /app --no-create-home --shell /usr/sbin/nologin kosho

WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

# The code stays owned by root: the app user can read it, not change it.
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-at-build-time-only python manage.py collectstatic --noinput

USER kosho
EXPOSE 8000

# The Host header is the first of DJANGO_ALLOWED_HOSTS, so the check passes whatever hosts are set.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; h = next((x.strip().lstrip('.') for x in os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',') if x.strip() not in ('', '*')), 'localhost'); r = u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4); sys.exit(0 if r.status == 200 else 1)"]

ENTRYPOINT ["sh", "/app/docker/entrypoint.sh"]
# Workers, timeouts and recycling: gunicorn.conf.py (WEB_CONCURRENCY, 3 here, sets the workers).
CMD ["gunicorn", "--config", "gunicorn.conf.py", "config.wsgi:application"]
