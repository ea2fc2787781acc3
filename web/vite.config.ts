import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The server serves web/dist with an SPA fallback, so absolute asset paths ("/assets/...")
// work from any client-side route.
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    // `npx vite --config web/vite.config.ts` against a Baton on :3000.
    proxy: { '/api': process.env.BATON_DEV_API ?? 'http://127.0.0.1:3000' },
  },
});
