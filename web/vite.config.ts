import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The build goes to dist/app: dist/node holds the compiled server, code generation and tests.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist/app', emptyOutDir: true },
  server: { port: 3000 },
});
