// Weft imports pack entries from here, a CommonJS module that Node loads itself: a test runner may
// rewrite `import()` in Weft's own TypeScript (vitest does) and resolve with its own resolver, which
// knows nothing of the hooks that provide the SDK to packs and load upgraded packs afresh.
module.exports = (url) => import(url);
