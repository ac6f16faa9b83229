#!/usr/bin/env node
// Builds dist/ with tsc only when a source is newer than the last successful
// build, so `npm start` and the tests do not wait for a no-op compile (tsc
// takes seconds even when nothing changed), then makes sure the embedded
// database template is current, and that the browser assets (web/ → dist/web/,
// built by web/build.mjs with Vite) are current. Plain JavaScript: it runs before
// anything is compiled. `--force` always builds.
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

function newest(file, pattern = /\.(ts|json)$/) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return pattern.test(file) ? stat.mtimeMs : 0;
  let latest = stat.mtimeMs; // a deleted or renamed file changes its folder's mtime
  for (const entry of fs.readdirSync(file)) {
    // bench/peers has packages of its own: installing them changes no source.
    if (entry !== 'node_modules') latest = Math.max(latest, newest(path.join(file, entry), pattern));
  }
  return latest;
}

function builtAt(file = stamp) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

// The browser assets: their own stamp, so a change in web/ does not recompile the server and back.
const webStamp = path.join(root, 'dist', 'web', '.build-stamp');
const webInputs = ['web', 'package-lock.json'];
const webPattern = /\.(ts|tsx|js|mjs|css|json|html)$/;
const webStale = () => builtAt(webStamp) <= Math.max(...webInputs.map((input) => newest(path.join(root, input), webPattern)));

const force = process.argv.includes('--force');
const stale = () => builtAt() <= Math.max(...inputs.map((input) => newest(path.join(root, input))));
const templateMissing = () => !fs.existsSync(path.join(root, 'dist', 'pglite-template', 'meta.json'));
if (!force && !stale() && !templateMissing() && !webStale()) process.exit(0);

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

// The widget and the explorer (web/build.mjs). Where Vite is not installed (a production install
// without devDependencies), the hub runs without them and its pages say how to build them.
function buildWeb() {
  try {
    require.resolve('vite', { paths: [root] });
  } catch {
    console.error('wir-hub: Vite is not installed; the widget and the explorer are not built (npm install builds them).');
    return 0;
  }
  const started = new Date();
  const result = spawnSync(process.execPath, [path.join(root, 'web', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    console.error('wir-hub: building the browser assets (web/) failed (see above).');
    return result.status ?? 1;
  }
  fs.mkdirSync(path.dirname(webStamp), { recursive: true });
  fs.writeFileSync(webStamp, `${started.toISOString()}\n`);
  fs.utimesSync(webStamp, started, started);
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
    let code = force || stale() ? build() : 0;
    if (code === 0) template();
    if (code === 0 && (force || webStale())) code = buildWeb();
    return release().then(() => process.exit(code));
  })
  .catch((error) => {
    console.error('wir-hub: could not build:', error.message);
    process.exit(1);
  });
