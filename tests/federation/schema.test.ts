import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { composeFromConfig, composeSupergraph, readSupergraphConfig } from '../../src/federation/supergraph';
import { FEDERATION_VERSION } from '../../src/federation';
import { COURSES_DIR, fetchSdl, ROOT } from '../helpers/federation';
import { TestHub } from '../helpers/hub';
import { ensureBuilt, tempDir } from '../server/processes';

/**
 * The hub as a federation subgraph: its SDL as gateways read it, the checked-in
 * schema files, and composition with the example partner subgraph.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await TestHub.start();
});
afterAll(() => hub?.stop());

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

test('_service { sdl } over HTTP is schema/subgraph.graphql, a Federation 2 subgraph with @key on every Node type', async () => {
  const sdl = await fetchSdl(hub.url);
  expect(sdl).toBe(read('schema/subgraph.graphql'));
  expect(sdl).toContain(
    `@link(url: "https://specs.apollo.dev/federation/${FEDERATION_VERSION}", import: ["@key", "@shareable"])`,
  );
  const keyed = parse(sdl)
    .definitions.filter((definition) => 'directives' in definition && definition.directives?.some((d) => d.name.value === 'key'))
    .map((definition) => (definition as { name: { value: string } }).name.value)
    .sort();
  expect(keyed).toEqual([
    'Association',
    'Campaign',
    'Event',
    'Federation',
    'MigrantOrganisation',
    'Mosque',
    'Municipality',
    'Organisation',
    'OtherOrganisation',
    'PublicInstitution',
    'ReligiousCommunity',
    'SupportCircle',
  ]);
  for (const shared of ['Address', 'GeoPoint', 'PageInfo']) expect(sdl).toMatch(new RegExp(`type ${shared} @shareable`));
});

test('the live SDL composes with the example subgraph without errors, into the checked-in schema/supergraph.graphql', async () => {
  const sources = readSupergraphConfig(path.join(ROOT, 'supergraph.config.json'));
  expect(sources.map((source) => source.name)).toEqual(['hub', 'courses']);
  const live = composeSupergraph(
    await Promise.all(
      sources.map(async (source) => ({
        name: source.name,
        url: source.url,
        sdl: source.name === 'hub' ? await fetchSdl(hub.url) : fs.readFileSync(source.sdl!, 'utf8'),
      })),
    ),
  );
  expect(live.errors).toBeUndefined();
  expect(live.supergraphSdl).toBe(read('schema/supergraph.graphql'));
  // The partner's extensions are part of the district's graph.
  expect(live.supergraphSdl).toMatch(/courses: \[Course!\]! @join__field\(graph: COURSES\)/);
});

test('composition errors are spelled out, and npm run supergraph:compose exits non-zero with them', async () => {
  const dir = tempDir('wirhub-compose-');
  fs.writeFileSync(
    path.join(dir, 'broken.graphql'),
    `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
     type Municipality @key(fields: "id") { id: ID! name: Int }
     type Query { broken: Municipality }`,
  );
  const config = path.join(dir, 'supergraph.config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      subgraphs: [
        { name: 'hub', url: 'http://hub:4000/graphql', sdl: path.join(ROOT, 'schema', 'subgraph.graphql') },
        { name: 'broken', url: 'http://broken:4002/graphql', sdl: 'broken.graphql' },
      ],
    }),
  );
  const result = await composeFromConfig(config);
  expect(result.errors?.join('\n')).toMatch(/Municipality\.name/);

  ensureBuilt();
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'supergraph.js'), 'compose', '--config', config], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/Composition of .* failed with \d+ error\(s\):\n {2}- .*Municipality\.name/);
  // A failed composition leaves the checked-in supergraph alone.
  expect(read('schema/supergraph.graphql')).toContain('COURSES @join__graph');

  fs.writeFileSync(config, JSON.stringify({ subgraphs: [{ name: 'Hub!', url: 'ftp://x' }] }));
  expect(() => readSupergraphConfig(config)).toThrow(/subgraphs\.0\.name: .*\n.*subgraphs\.0\.url/);
});

test('the example subgraph is its own package that resolves its dependencies from this repository', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(COURSES_DIR, 'package.json'), 'utf8'));
  expect(Object.keys(manifest.dependencies).sort()).toEqual(['@apollo/server', '@apollo/subgraph', 'graphql']);
  const root = JSON.parse(read('package.json'));
  for (const name of Object.keys(manifest.dependencies)) expect(root.dependencies[name]).toBeDefined();
});
