import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: { alias: { '@shared': here('../shared') } },
  build: { outDir: here('../dist/client'), emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      // Keep the browser's Host so the server's same-origin check sees what the browser sent.
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      '/socket.io': { target: 'ws://localhost:3000', ws: true, changeOrigin: false },
    },
  },
});
