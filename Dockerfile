# Weft in a container: the same start command as the README, against the PostgreSQL in DATABASE_URL.
FROM node:24-bookworm-slim
WORKDIR /app
COPY . .
# Installs pnpm and the workspace at build time, so the container starts at once.
RUN node scripts/toolchain.mjs node --version
# A young generation of 8 MB (V8 sizes it larger by default) keeps peak memory under load near
# 300 MB instead of 400+, at the same throughput (bench/paid-order.bench.ts); as in `npm start`.
ENV HOST=0.0.0.0 PORT=4800 NODE_ENV=production NODE_OPTIONS=--max-semi-space-size=8
EXPOSE 4800
CMD ["node", "scripts/toolchain.mjs", "node", "server/cli/weft.ts", "start"]
