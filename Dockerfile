# One image for every role: `commerce <role>` picks what the container runs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 COMMERCE_DATA_DIR=/var/lib/commerce
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/proto ./proto
COPY --from=build /app/package.json ./package.json
RUN mkdir -p /var/lib/commerce && chown node:node /var/lib/commerce
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/commerce.js"]
CMD ["start"]
