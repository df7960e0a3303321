# Kaochang production image. Two stages: the build stage has the compilers (better-sqlite3 builds
# from source) and every dependency; the runtime stage has Node, the CJK fonts for PDF tickets,
# the production dependencies and the compiled output, and runs as the unprivileged `node` user.

# ---- build ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# Keep only what runs: better-sqlite3 stays as compiled above, against this same Node.
RUN npm prune --omit=dev --no-audit --no-fund

# ---- runtime ----
FROM node:20-bookworm-slim AS runtime
# fonts-noto-cjk: the Chinese glyphs the PDF admission tickets embed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data HOST=0.0.0.0 PORT=3000
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/server/migrations ./server/migrations
COPY --from=build /app/server/migrations-pg ./server/migrations-pg
COPY --from=build /app/question-banks ./question-banks
# The database, screenshots and documents live on a volume owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# 503 when the database cannot take writes or its schema is not this release's (see /api/health).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no shell, no npm in between), so `docker stop`'s SIGTERM reaches the
# server's shutdown: stop accepting, close the sockets, commit queued writes, close the database.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/server/src/main.js"]
