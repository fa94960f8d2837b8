import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API (and its embedded sandboxes) that `npm run dev` proxies to; `npm start` serves the build itself. */
const apiOrigin = process.env.CRM_API_ORIGIN ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One chunk per well-known library group, so an app change does not invalidate them in caches.
    rollupOptions: {
      output: {
        manualChunks: {
          react: ['react', 'react-dom', 'react-router'],
          mantine: ['@mantine/core', '@mantine/hooks', '@mantine/notifications'],
          tanstack: ['@tanstack/react-query', '@tanstack/react-table'],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiOrigin,
      '/sandbox': apiOrigin,
    },
  },
});
