# Leitai 擂台 in a container. One image runs every role, chosen by its command:
#   single process (default)  leitai start …
#   scaled-out core           leitai start --role core --redis redis://redis:6379 …
#   edge                      leitai edge --redis redis://redis:6379 --edge-id edge-1 …
#   load balancer             leitai lb --core http://core:3000 --edge http://edge1:3000 …
# (`leitai` is a small wrapper for `node /app/server/dist/leitai.mjs`, the server's build.)
# docker-compose.yml runs the scaled-out topology; docs/guide-operations.md explains it.

# ---- build: install everything, build the screens, then keep only what runs ----
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles its native module when no prebuilt binary fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# The README asks for npm ≥ 11 (package.json's `allowScripts` lets better-sqlite3 and esbuild
# run their install scripts).
RUN npm install -g npm@11 --no-audit --no-fund
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# The server runs from its build (server/dist, plain JavaScript): every devDependency goes.
# The screens' font (~75 MB) is inside client/dist now; the server never loads it.
# better-sqlite3 keeps only its compiled module (a source build leaves ~25 MB of sources and
# objects next to it); the checks load the native module and the server's bundle.
RUN npm prune --omit=dev --no-audit --no-fund \
  && rm -rf node_modules/@fontsource \
  && cd node_modules/better-sqlite3 \
  && mv build/Release/better_sqlite3.node /tmp/ \
  && rm -rf build deps src \
  && mkdir -p build/Release \
  && mv /tmp/better_sqlite3.node build/Release/ \
  && cd /app \
  && node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()" \
  && node server/dist/leitai.mjs --help > /dev/null

# ---- runtime ----
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  LEITAI_DATA=/app/data/leitai.sqlite \
  MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/client/dist client/dist
# `leitai …` that waits instead of exiting when the store is refused (exit 3), so that
# `restart: unless-stopped` does not loop on it (docker-compose.yml's core).
COPY deploy/leitai-supervised.sh /usr/local/bin/leitai-supervised
RUN printf '#!/bin/sh\ncd /app && exec node server/dist/leitai.mjs "$@"\n' > /usr/local/bin/leitai \
  && chmod 755 /usr/local/bin/leitai \
  && mkdir -p /app/data \
  && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
# No curl in slim images: ask /api/ready with Node's fetch.
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Host, port and data file come from HOST, PORT and LEITAI_DATA (above), so `-e PORT=…` moves
# the server and the health check together.
CMD ["node", "server/dist/leitai.mjs", "start"]
