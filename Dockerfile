# syntax=docker/dockerfile:1
# The newsroom CMS API as a container: `docker build -t newsroom-cms .` then
# `docker run -p 3000:3000 -v cms-data:/data newsroom-cms`; tokens: `docker exec <container> node dist/scripts/token.js create alice`.

ARG NODE_IMAGE=node:22-bookworm-slim

# Compilers for better-sqlite3, which builds from source when no prebuilt binary matches the platform.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# Build: every dependency (TypeScript included), then compile src/ and scripts/ to dist/.
FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

# Runtime dependencies only, built on the same base as the runtime image so native modules match it.
FROM toolchain AS deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --chown=root:root package.json LICENSE ./
COPY --chown=root:root migrations ./migrations
COPY --chown=root:root migrations-pg ./migrations-pg
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The code is owned by root and read-only to the server; only /data (database and media) is writable by it.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# No curl in the slim image: Node's own fetch asks /health.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives `docker stop`'s SIGTERM itself, and closes gracefully within 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/src/server.js"]
