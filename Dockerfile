# Weft in a container: the same start command as the README, against the PostgreSQL in DATABASE_URL.
FROM node:24-bookworm-slim
WORKDIR /app
COPY . .
# Installs pnpm and the workspace at build time, so the container starts at once.
RUN node scripts/toolchain.mjs node --version
ENV HOST=0.0.0.0 PORT=4800 NODE_ENV=production
EXPOSE 4800
CMD ["node", "scripts/toolchain.mjs", "node", "server/cli/weft.ts", "start"]
