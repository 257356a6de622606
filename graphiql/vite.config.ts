import { defineConfig } from 'vite';

// Relative asset URLs: the gateway serves the page at /graphiql/, behind whatever prefix a proxy adds.
export default defineConfig({
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      onwarn(warning, warn) {
        // framer-motion's "use client" directives mean nothing outside React Server Components, and
        // how long plugins took says more about the machine's load than about the build.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'PLUGIN_TIMINGS') return;
        warn(warning);
      },
    },
  },
});
