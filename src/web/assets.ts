import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The browser assets web/build.mjs wrote to dist/web/ (npm install, npm start and CI build them),
 * read once at start. Missing assets (a clone where nothing was built) are not fatal: the pages
 * that need them answer 503 saying how to build them.
 */
export interface WebAssets {
  /** dist/web, where the built files are. */
  readonly dir: string;
  /** The widget bundle, or undefined when it was not built. */
  readonly widget: WidgetBundle | undefined;
  /** True when the explorer's bundle exists. */
  readonly explorer: boolean;
  /** True when the console's bundle exists. */
  readonly console: boolean;
}

export interface WidgetBundle {
  readonly body: Buffer;
  /** Subresource Integrity value, e.g. "sha384-…", for `<script integrity>`. */
  readonly integrity: string;
  /** The first 16 hex digits of its SHA-256: the versioned, immutable URL `/widget/<version>.js`. */
  readonly version: string;
  /** Size in bytes after gzip (reported on the landing page and checked by a test). */
  readonly gzipBytes: number;
}

/** The project root: the nearest folder above this file holding package.json (src/ under ts-jest, dist/src/ when built). */
function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Loads the built assets from dist/web (or `dir`). */
export function loadWebAssets(dir = path.join(projectRoot(), 'dist', 'web')): WebAssets {
  let widget: WidgetBundle | undefined;
  const widgetFile = path.join(dir, 'widget.js');
  if (fs.existsSync(widgetFile)) {
    const body = fs.readFileSync(widgetFile);
    widget = {
      body,
      integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`,
      version: createHash('sha256').update(body).digest('hex').slice(0, 16),
      gzipBytes: gzipSync(body, { level: 9 }).length,
    };
  }
  return {
    dir,
    widget,
    explorer: fs.existsSync(path.join(dir, 'explorer', 'assets', 'explorer.js')),
    console: fs.existsSync(path.join(dir, 'console', 'assets', 'console.js')),
  };
}
