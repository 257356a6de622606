# One image for every service of the supergraph and the web app's server; docker-compose.yml picks the entry point.
# syntax=docker/dockerfile:1.7

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/packages ./packages
COPY --from=build --chown=node:node /app/subgraphs ./subgraphs
COPY --from=build --chown=node:node /app/gateway ./gateway
COPY --from=build --chown=node:node /app/graphiql/dist ./graphiql/dist
COPY --from=build --chown=node:node /app/schema ./schema
COPY --from=build --chown=node:node /app/web/package.json ./web/package.json
COPY --from=build --chown=node:node /app/web/dist ./web/dist
# The web app's trusted documents, for the gateway's TRUSTED_DOCUMENTS_PATH.
COPY --from=build --chown=node:node /app/web/src/gql/persisted-documents.json ./web/src/gql/persisted-documents.json
USER node
# Overridden per service in docker-compose.yml.
CMD ["node", "gateway/dist/src/main.js"]
