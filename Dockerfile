# syntax=docker/dockerfile:1
# datagraph-monitor: build on Node 20 with the toolchain better-sqlite3
# needs, then run as a non-root user from a slim image.

FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY checks ./checks
COPY notifiers ./notifiers
COPY scripts ./scripts
COPY bench ./bench
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    MONITOR_CONFIG=/config/config.yaml \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
RUN groupadd --system monitor \
  && useradd --system --gid monitor --home-dir /data monitor \
  && mkdir -p /data /config \
  && chown monitor:monitor /data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config.example.yaml examples/ ./examples/
# The state file (SQLite) lives on this volume; point `state:` at it.
VOLUME ["/data"]
USER monitor
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "dist/src/cli/bin.js", "healthcheck"]
ENTRYPOINT ["node", "dist/src/cli/bin.js"]
CMD ["start"]
