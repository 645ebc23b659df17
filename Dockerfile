# syntax=docker/dockerfile:1
# The plansyklus image: by default the worker; with `node_modules/.bin/tsx worker/codecServer.ts`
# the codec server for Temporal's Web UI, and `bin/plansyklus` is the CLI. TypeScript runs
# through tsx (a dependency), so there is no build step.
#
# Node is the version the tests run on: the lockfile's `node` package (24.21.0, Node 24 LTS).
# To pin the digest as well, look it up where a registry is reachable:
#   docker buildx imagetools inspect node:24.21.0-bookworm-slim
# and write FROM node:24.21.0-bookworm-slim@sha256:<digest>.
FROM node:24.21.0-bookworm-slim

LABEL org.opencontainers.image.title="plansyklus" \
      org.opencontainers.image.description="Temporal worker for municipal substance-abuse planning (KoRus DelTa, action plan cycles)"

ENV NODE_ENV=production \
    PLANSYKLUS_DATA_DIR=/data \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# The worker's Temporal connection (Rust core, rustls) trusts the system CA store, which the
# slim image leaves empty: without it, TLS to Temporal Cloud or a TLS cluster fails. Not pinned
# to a version: Debian's security updates replace it within bookworm.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# `npm install`, not `npm ci`: the lockfile lacks other platforms' optional packages of two dev
# tools (@swc/core, @unrs/resolver), and `npm ci` refuses it even with --omit=dev. `install`
# still takes every version and checksum from the lockfile (--no-save leaves it as it is); no
# package needs its install scripts.
COPY package.json package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-save --no-audit --no-fund \
 && npm ls --omit=dev > /dev/null \
 && npm cache clean --force

# Only what runs: no tests, tools, examples or local data. Files stay owned by root, so the
# worker cannot change its own code.
COPY tsconfig.json ./
COPY bin ./bin
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY codec ./codec
COPY infra ./infra
COPY worker ./worker
COPY client ./client
COPY templates ./templates

# The sent-log (SQLite when no PLANSYKLUS_SENT_LOG_URL) and, without PLANSYKLUS_CODEC_KEYS, the
# codec key file live here: keep it on a volume.
RUN mkdir -p /data && chown node:node /data
VOLUME /data

# The base image's `node` user, by number so that runAsNonRoot-style checks can verify it.
USER 1000:1000

# Healthy while this worker polls its task queue (worker/health.ts). Bundling the workflows at
# start takes a while, hence the start period.
HEALTHCHECK --interval=30s --timeout=20s --start-period=90s --retries=3 \
  CMD ["node_modules/.bin/tsx", "worker/health.ts"]

# Memory (workerProcess in worker/createWorker.ts; a test keeps them equal): two malloc arenas
# and fixed malloc thresholds keep the resident set near what core's threads use (glibc would
# otherwise keep large freed blocks in its arenas); the heap limit holds for the workflow
# thread too, which keeps the cached workflows (about 0.5 MiB each): 640 MiB holds the default
# PLANSYKLUS_WORKFLOW_CACHE of 800, raise both together; small semi-spaces keep each thread's
# young generation from committing memory it does not use.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=32768 MALLOC_TRIM_THRESHOLD_=131072 MALLOC_TOP_PAD_=65536 \
    NODE_OPTIONS="--max-old-space-size=640 --max-semi-space-size=2"

CMD ["node_modules/.bin/tsx", "worker/main.ts"]
