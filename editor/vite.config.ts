import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Vite requires a default export here; it is the one exception to "named exports only".
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: {
    // `pnpm --filter @weft/editor dev` proxies the API to a Weft started on the default port.
    proxy: { '/api': 'http://127.0.0.1:4800', '/hooks': 'http://127.0.0.1:4800' },
  },
});
