import fs from 'node:fs';
import path from 'node:path';
import { composeFromConfig } from '../src/federation/supergraph';
import { projectRoot } from './schema-sdl';

/**
 * `npm run supergraph:compose` composes the subgraphs listed in
 * supergraph.config.json (or the file given with --config) and writes
 * schema/supergraph.graphql; `npm run supergraph:check` composes and exits 1
 * when the checked-in file differs. Composition errors are listed one per line
 * and exit 1.
 */
async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  const root = projectRoot();
  const configAt = argv.indexOf('--config');
  const config =
    configAt >= 0 && argv[configAt + 1] ? path.resolve(argv[configAt + 1]!) : path.join(root, 'supergraph.config.json');
  const file = path.join(root, 'schema', 'supergraph.graphql');
  const shown = path.relative(process.cwd(), file) || file;
  if (command !== 'compose' && command !== 'check') {
    console.error('usage: supergraph.js compose | check [--config <file>]');
    return 2;
  }
  const result = await composeFromConfig(config);
  if (result.errors) {
    console.error(
      `Composition of ${path.relative(process.cwd(), config)} failed with ${result.errors.length} error(s):\n${result.errors.map((error) => `  - ${error}`).join('\n')}`,
    );
    return 1;
  }
  if (command === 'compose') {
    fs.writeFileSync(file, result.supergraphSdl);
    console.log(`Wrote ${shown}.`);
    return 0;
  }
  const checkedIn = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (checkedIn === result.supergraphSdl) {
    console.log(`${shown} matches the composition of the subgraphs.`);
    return 0;
  }
  console.error(`${shown} differs from the composition of the subgraphs: run npm run supergraph:compose and commit it.`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
