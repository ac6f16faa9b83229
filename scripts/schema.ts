import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { serviceSdl } from '../src/federation';
import { hubSchema, servedSchema } from '../src/schema';
import { printSortedSchema, projectRoot, schemaDrift, schemaFile, subgraphFile } from './schema-sdl';

/**
 * `npm run schema:print` writes schema/schema.graphql (the API partners read)
 * and schema/subgraph.graphql (the federation SDL, exactly as `_service { sdl }`
 * answers it) from the code; `npm run schema:check` exits 1 with a summary when
 * either file has drifted.
 */
/** What changed, by type; the federation SDL may not build as a plain schema, so fall back to a plain note. */
function describeDrift(checkedIn: string, current: string): string[] {
  try {
    const drift = schemaDrift(checkedIn, current);
    return drift.length ? drift : ['(only in order or formatting)'];
  } catch {
    return ['(the files differ)'];
  }
}

async function main(command: string | undefined): Promise<number> {
  const root = projectRoot();
  const files = [
    { file: schemaFile(root), current: printSortedSchema(await hubSchema()) },
    { file: subgraphFile(root), current: await serviceSdl(await servedSchema()) },
  ];
  if (command === 'print') {
    for (const { file, current } of files) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, current);
      console.log(`Wrote ${path.relative(process.cwd(), file) || file}.`);
    }
    return 0;
  }
  if (command === 'check') {
    let status = 0;
    for (const { file, current } of files) {
      const shown = path.relative(process.cwd(), file) || file;
      const checkedIn = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      if (!checkedIn) {
        console.error(`${shown} is missing: run npm run schema:print and commit it.`);
        status = 1;
        continue;
      }
      if (checkedIn === current) {
        console.log(`${shown} matches the code.`);
        continue;
      }
      console.error(
        `${shown} differs from the schema in the code:\n${describeDrift(checkedIn, current).join('\n')}\n\nRun npm run schema:print and commit the file.`,
      );
      status = 1;
    }
    return status;
  }
  console.error('usage: schema.js print | check');
  return 2;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
