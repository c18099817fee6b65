/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves the build from its classpath under static/ (see pom.xml): / and /assets/** are the
// only public paths, and its CSP allows scripts and styles from the same origin only, so nothing here may
// emit an inline <script> or <style>.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // the modulepreload polyfill is bundled into the entry chunk, never inlined; keep it that way
    modulePreload: { polyfill: true },
    sourcemap: false,
  },
  server: {
    // `npm run dev` against a running gateway: the session cookie and XSRF-TOKEN stay same-origin
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/oauth2': 'http://127.0.0.1:8080',
      '/login': 'http://127.0.0.1:8080',
      '/logout': 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'happy-dom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
