#!/usr/bin/env node
// Builds dist/ with tsc only when a source is newer than the last successful
// build, so `npm start` and the tests do not wait for a no-op compile (tsc
// takes seconds even when nothing changed), then makes sure the embedded
// database template is current. Plain JavaScript: it runs before anything is
// compiled. `--force` always builds.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const inputs = [
  'src',
  'migrations',
  'scripts',
  'bench',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
];

function newest(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return /\.(ts|json)$/.test(file) ? stat.mtimeMs : 0;
  let latest = stat.mtimeMs; // a deleted or renamed file changes its folder's mtime
  for (const entry of fs.readdirSync(file)) {
    // bench/peers has packages of its own: installing them changes no source.
    if (entry !== 'node_modules') latest = Math.max(latest, newest(path.join(file, entry)));
  }
  return latest;
}

function builtAt() {
  try {
    return fs.statSync(stamp).mtimeMs;
  } catch {
    return 0;
  }
}

const force = process.argv.includes('--force');
const stale = () => builtAt() <= Math.max(...inputs.map((input) => newest(path.join(root, input))));
const templateMissing = () => !fs.existsSync(path.join(root, 'dist', 'pglite-template', 'meta.json'));
if (!force && !stale() && !templateMissing()) process.exit(0);

function build() {
  // A source saved during the build must still count as newer: the stamp gets the start time.
  const started = new Date();
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  if (result.status !== 0) {
    // No stamp: the next run builds again.
    console.error('wir-hub: the TypeScript build failed (see above).');
    return result.status ?? 1;
  }
  fs.writeFileSync(stamp, `${started.toISOString()}\n`);
  fs.utimesSync(stamp, started, started);
  if (process.stderr.isTTY) console.error(`wir-hub: built in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`);
  return 0;
}

// The migrated embedded database new ones start from (src/db/pglite-template.ts); remade only when
// the migrations changed. Never fails the build: without it, new embedded databases run initdb.
function template() {
  spawnSync(process.execPath, [path.join(root, 'dist', 'scripts', 'pglite-template.js')], { stdio: 'inherit', cwd: root });
}

// Several processes may ask at once (parallel test files, npm scripts): they take turns,
// and whoever comes second finds the build fresh.
fs.mkdirSync(path.dirname(stamp), { recursive: true });
const lockfile = require(require.resolve('proper-lockfile', { paths: [root] }));
lockfile
  .lock(path.dirname(stamp), {
    lockfilePath: path.join(path.dirname(stamp), '.build.lock'),
    stale: 120_000,
    update: 10_000,
    retries: { retries: 600, minTimeout: 200, maxTimeout: 500 },
  })
  .then((release) => {
    const code = force || stale() ? build() : 0;
    if (code === 0) template();
    return release().then(() => process.exit(code));
  })
  .catch((error) => {
    console.error('wir-hub: could not build:', error.message);
    process.exit(1);
  });
