import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench [name ...]`: runs the benchmarks in bench/*.bench.js (compiled),
 * or only the named ones. Each module exports `name`, `description` and
 * `run(): Promise<void>`, and prints its own figures. Benchmarks need the
 * PostgreSQL server: set DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres;
 * each benchmark creates and drops its own database).
 */
interface Benchmark {
  name: string;
  description: string;
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.js'))
    .sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) benchmarks.push((await import(path.join(__dirname, file))) as Benchmark);
  const selected = wanted.length ? benchmarks.filter((b) => wanted.includes(b.name)) : benchmarks;
  if (!selected.length) {
    console.error(`No benchmark named ${wanted.join(', ')}. Known: ${benchmarks.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  for (const benchmark of selected) {
    console.log(`\n=== ${benchmark.name}: ${benchmark.description}`);
    await benchmark.run();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
