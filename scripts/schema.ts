import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { hubSchema } from '../src/schema';
import { printSortedSchema, projectRoot, schemaDrift, schemaFile } from './schema-sdl';

/**
 * `npm run schema:print` writes schema/schema.graphql from the code;
 * `npm run schema:check` exits 1 with a summary when the file has drifted.
 */
async function main(command: string | undefined): Promise<number> {
  const file = schemaFile(projectRoot());
  const current = printSortedSchema(await hubSchema());
  const shown = path.relative(process.cwd(), file) || file;
  if (command === 'print') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, current);
    console.log(`Wrote ${shown}.`);
    return 0;
  }
  if (command === 'check') {
    const checkedIn = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (!checkedIn) {
      console.error(`${shown} is missing: run npm run schema:print and commit it.`);
      return 1;
    }
    const drift = schemaDrift(checkedIn, current);
    if (!drift.length) {
      console.log(`${shown} matches the code.`);
      return 0;
    }
    console.error(
      `${shown} differs from the schema in the code:\n${drift.join('\n')}\n\nRun npm run schema:print and commit the file.`,
    );
    return 1;
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
