# Orchard production image: gunicorn for web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ORCHARD_VAR_DIR=/app/var
WORKDIR /app

# WeasyPrint (PDF plans and QBR packs) loads Pango and HarfBuzz; DejaVu has the Nordic letters.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
COPY kam ./kam
COPY accounts ./accounts
COPY planning ./planning
COPY risk ./risk
COPY meetings ./meetings
RUN pip install --no-cache-dir .

COPY . .
RUN python -m babel.messages.frontend compile --domain django --directory locale \
    && DEBUG=1 python manage.py collectstatic --no-input \
    && useradd --system --home /app orchard && mkdir -p /app/var && chown -R orchard /app/var
USER orchard

EXPOSE 8000
CMD ["gunicorn", "kam.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-"]
