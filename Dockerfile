# syntax=docker/dockerfile:1
# Node 24 is the maintained LTS line (Node 20 reached its end of life in April 2026); `engines`
# keeps >=20.19 because the test machines run 20.
# Build stage: compile TypeScript with the full dependency set.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# packages/ (the private fake-GitHub workspace, tests only) is not copied: npm ci links the missing
# workspace folder without failing, and tsconfig.build.json compiles src/ alone.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies and compiled output only, as a non-root user.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# --workspaces=false: the workspace packages (the fake GitHub and its dependencies: ajv,
# @octokit/openapi, …) are never installed here, even if packages/ were copied in.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --workspaces=false --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY app.yml ./
USER node
EXPOSE 3000
CMD ["node", "dist/cli/main.js", "serve"]
