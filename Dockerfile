# Baton's production image: the compiled server (dist/, bundled by esbuild) and the built web app
# on Node 20, with production dependencies only. No TypeScript is transpiled at run time.
#
#   docker build -t baton .
#   docker run -p 3000:3000 -v baton-data:/data baton
#
# test/deploy/production-image.test.ts replays the deps stage and the runtime stage's files
# without a container runtime and starts them with this file's CMD: keep the instructions it reads
# (COPY, RUN, ENV, USER, VOLUME, HEALTHCHECK, CMD) in the simple forms used here.
ARG NODE_IMAGE=node:20-bookworm-slim

# Compilers for better-sqlite3, which builds from source when no prebuilt binary fits the platform.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*

# Every dependency, then `npm run build`: the server into dist/, the web app into web/dist/.
# --ignore-scripts skips the package's own prepare (a build before the sources are copied in).
FROM toolchain AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 esbuild
COPY . .
RUN npm run build

# Production dependencies only (no bundler, no tsx, no TypeScript).
FROM toolchain AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3

FROM ${NODE_IMAGE}
ENV NODE_ENV=production BATON_HOST=0.0.0.0 BATON_PORT=3000 BATON_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/bin/baton.js ./bin/baton.js
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# The data directory: the SQLite database and, when BATON_SECRET_KEY is not set, the generated
# master key. Owned by the image's unprivileged `node` user (uid 1000), who runs Baton.
RUN mkdir -p /data && chown 1000:1000 /data
VOLUME /data
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.BATON_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/baton.js", "serve"]
