#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: `docker-compose config` parses and
# interpolates it as Compose would. The required secrets get throwaway values here.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "docker-compose is not installed (Debian: apt-get install docker-compose)" >&2
  exit 1
fi
POSTGRES_PASSWORD=check AUTH_SECRET=check-check-check-check-check-check-00 \
LIVEKIT_API_KEY=check LIVEKIT_API_SECRET=check-secret SMTP_URL=smtp://check:25 \
  docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml is valid"
