# syntax=docker/dockerfile:1.7
# Build stage: compile TypeScript with the dev toolchain.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY bench ./bench
COPY examples ./examples
# The GraphiQL bundle (dist/explorer) is for development only: production serves no explorer.
RUN npm run build && npm prune --omit=dev && rm -rf dist/explorer

# Runtime stage: production deps and compiled JS only, as an unprivileged user.
# NODE_ENV=production means the image serves nothing until told what: FLEETGRAPH_BACKEND=aws with
# auth (FLEETGRAPH_AUTH_MODE …), or FLEETGRAPH_DEMO=true for the embedded simulator. Given no
# environment it exits 2 naming both, rather than serving a simulator without auth on 0.0.0.0.
# stdout is JSON log lines only; configuration problems go to stderr, one line each.
FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# exec form: node is PID 1's direct child of nothing, so SIGTERM reaches it and drains cleanly.
CMD ["node", "dist/src/main.js"]
