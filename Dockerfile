# wir-hub: the GraphQL hub, built from source.
#   docker build -t wir-hub .
#   docker run -p 4000:4000 -e DATABASE_URL=postgres://... wir-hub
# Without DATABASE_URL it runs on the embedded database in /app/data (mount a volume there).

FROM node:24-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so that they stay cached while only sources change.
# Install scripts are not needed by anything the hub uses (and `prepare` would build before the sources are here).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY bench ./bench
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The gateway and the example partner subgraph (run from its TypeScript source by Node 24) use this image too.
COPY schema/supergraph.graphql ./schema/supergraph.graphql
COPY examples ./examples
COPY bin ./bin
# The embedded database's folder belongs to the unprivileged user the hub runs as.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 4000
# 200 only while the database answers (see README, "Health and metrics").
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains in-flight requests and closes the database; give it SHUTDOWN_TIMEOUT_MS.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
