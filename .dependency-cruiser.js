/**
 * The layers of src/ and the rules that keep imports pointing down, checked by
 * `npm run lint` (dependency-cruiser). ARCHITECTURE.md explains them.
 *
 * THIS TABLE IS THE ONE PLACE WHERE A FOLDER OF src/ IS CLASSIFIED. Lowest
 * layer first; a module may import from its own layer and those before it,
 * never from a later one. Layers marked `slices` hold domain slices: other
 * folders import a slice only through its `index.ts`, and two slices of the
 * same layer may use each other's index.ts (no cycles).
 *
 * A top-level folder of src/ that is in no layer below (a new slice such as
 * src/federation/ or src/calendars/) is a domain slice of the layer marked
 * `default: true`: above events, beside live and matching. Name it here only
 * when it belongs elsewhere (e.g. lower, so that other slices may use it).
 */
const LAYERS = [
  { name: 'config', paths: ['src/config.ts'] },
  { name: 'shared', paths: ['src/shared/'] },
  { name: 'db', paths: ['src/db/', 'migrations/'] },
  { name: 'access', paths: ['src/access/'], slices: true },
  { name: 'directory', paths: ['src/directory/'], slices: true },
  { name: 'events', paths: ['src/events/'], slices: true },
  { name: 'slices', paths: ['src/live/', 'src/matching/'], slices: true, default: true },
  { name: 'server', paths: ['src/server/', 'src/schema.ts', 'src/entities.ts'] },
  { name: 'main', paths: ['src/main.ts', 'src/cli/'] },
];

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pathPattern = (path) => `^${escapeRegex(path)}${path.endsWith('/') ? '' : '$'}`;
const claimed = LAYERS.flatMap((layer) => layer.paths.filter((path) => path.startsWith('src/')));
const topLevel = (path) => escapeRegex(path.slice('src/'.length).replace(/\/$/, ''));
/** Any top-level folder (or file) of src/ that no layer names. */
const unclaimed = `^src/(?!(?:${claimed.map(topLevel).join('|')})(?:/|$))[^/]+`;
const patternsOf = (layer) => [...layer.paths.map(pathPattern), ...(layer.default ? [unclaimed] : [])];

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} may import only from its own layer and those below it (${LAYERS.slice(0, index)
    .map((below) => below.name)
    .join(', ')}); see LAYERS in .dependency-cruiser.js.`,
  severity: 'error',
  from: { path: patternsOf(layer) },
  to: { path: LAYERS.slice(index + 1).flatMap(patternsOf) },
}));

/** Folder names (regex alternatives) of the slices: imported only through their index.ts. */
const sliceFolders = [
  ...LAYERS.filter((layer) => layer.slices).flatMap((layer) => layer.paths.map(topLevel)),
  `(?!(?:${claimed.map(topLevel).join('|')})(?:/|$))[^/.]+`,
].join('|');

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'slice-public-surface',
      comment:
        "A slice is imported from outside only through its index.ts (its public surface); inside a slice, files import each other directly and never the slice's own index.ts.",
      severity: 'error',
      from: { path: '^src/([^/]+)' },
      to: {
        path: `^src/(${sliceFolders})/.+`,
        pathNot: ['^src/[^/]+/index\\.ts$', '^src/$1/'],
      },
    },
    {
      name: 'no-own-index',
      comment: "Inside a slice, import the file itself, not the slice's index.ts (that would be a cycle).",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/$1/index\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'Modules of src/ must not depend on each other in a cycle.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: a type imported from above is as much an upward dependency.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    includeOnly: ['^src/', '^migrations/'],
    reporterOptions: { text: { highlightFocused: true } },
  },
};
