# newsbot: the bot (or a one-off reindex) in a container. Untested here: docker cannot run on the
# development machine. See docs/scale-out.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    NEWSBOT_DATA_DIR=/data \
    NEWSBOT_CORPUS_DIR=/app/corpus

WORKDIR /app
# torch's CPU wheels live on PyTorch's own index.
ARG PIP_EXTRA="--extra-index-url https://download.pytorch.org/whl/cpu"
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir $PIP_EXTRA -r requirements.lock
COPY bot ./bot
COPY index ./index
COPY intake ./intake
COPY corpus ./corpus
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e . && \
    python -c "from pathlib import Path; from index.bundled_model import build_bundled_model; \
build_bundled_model(Path('/opt/models/multilingual-e5-small'))" \
    && mkdir -p /data && ln -s /opt/models /data/models

EXPOSE 8443
CMD ["newsbot", "telegram"]
