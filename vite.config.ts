import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './infra/precompress.js';

const clientRoot = fileURLToPath(new URL('./client', import.meta.url));
const server = 'http://127.0.0.1:3000';

export default defineConfig({
  root: clientRoot,
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app, so their own files stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            // Only pages that join audio/video load LiveKit's client, on first join.
            { name: 'livekit', test: /node_modules[\\/](livekit-client|@livekit[\\/]protocol|@bufbuild)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // The client imports ../shared, which lies outside the Vite root.
    fs: { allow: [fileURLToPath(new URL('.', import.meta.url))] },
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
