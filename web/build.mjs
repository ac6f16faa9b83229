// Builds the browser assets the hub serves (src/web) into dist/web/ with Vite:
//   widget.js            the <wir-events> custom element (one ES module, no dependencies at run time)
//   explorer/            GraphiQL with its editor workers, so /explorer works with no internet
//   console/             the coordinators' console (React, urql, graphql-ws), served at /console
// Run by scripts/build-if-stale.js (npm install, npm start, CI) when a file under web/ changed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '..', 'dist', 'web');
const only = process.argv.slice(2);
const quiet = { logLevel: process.env.VITE_LOG_LEVEL ?? 'warn', configFile: false };
// React libraries mark modules "use client" (for server components); meaningless in a bundle.
const onwarn = (warning, warn) => {
  if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
};

if (!only.length || only.includes('widget')) {
  await build({
    ...quiet,
    root: path.join(here, 'widget'),
    build: {
      outDir: out,
      emptyOutDir: false,
      target: 'es2020',
      minify: true,
      sourcemap: false,
      lib: { entry: path.join(here, 'widget', 'wir-events.ts'), formats: ['es'], fileName: () => 'widget.js' },
    },
  });
}

if (!only.length || only.includes('explorer')) {
  await build({
    ...quiet,
    root: path.join(here, 'explorer'),
    // Served under /explorer/assets/ (src/web/web.routes.ts).
    base: '/explorer/',
    define: { 'process.env.NODE_ENV': '"production"' },
    worker: { format: 'es' },
    build: {
      outDir: path.join(out, 'explorer'),
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      chunkSizeWarningLimit: 10_000,
      rollupOptions: {
        input: path.join(here, 'explorer', 'explorer.mjs'),
        onwarn,
        output: { entryFileNames: 'assets/explorer.js', assetFileNames: 'assets/[name][extname]' },
      },
    },
  });
}

if (!only.length || only.includes('console')) {
  await build({
    ...quiet,
    root: path.join(here, 'console'),
    // Served under /console/assets/ (src/web/web.routes.ts); the page itself comes from the hub.
    base: '/console/',
    define: { 'process.env.NODE_ENV': '"production"' },
    // The production JSX runtime whatever NODE_ENV the build runs under (the dev one needs react/jsx-dev-runtime).
    oxc: { jsx: { runtime: 'automatic', development: false } },
    build: {
      outDir: path.join(out, 'console'),
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      rollupOptions: {
        input: path.join(here, 'console', 'main.tsx'),
        onwarn,
        output: { entryFileNames: 'assets/console.js', assetFileNames: 'assets/console[extname]' },
      },
    },
  });
}
