import fs from 'node:fs';
import path from 'node:path';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { z } from 'zod';

/**
 * One subgraph of the district's graph, as listed in `supergraph.config.json`:
 * its name, the URL the gateway routes to, and where its SDL comes from (a file,
 * or the running subgraph's `{ _service { sdl } }` at `url`).
 */
export interface SubgraphSource {
  name: string;
  url: string;
  /** Path of an SDL file, relative to the config file. Without it, the SDL is fetched from `url`. */
  sdl?: string;
}

const configSchema = z.object({
  subgraphs: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_", starting with a letter'),
        url: z.url({ protocol: /^https?$/ }),
        sdl: z.string().min(1).optional(),
      }),
    )
    .min(1),
});

/** Reads and checks a supergraph config file; throws with every problem named. */
export function readSupergraphConfig(file: string): SubgraphSource[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${file} is not a valid supergraph config:\n${problems.join('\n')}`);
  }
  const names = parsed.data.subgraphs.map((subgraph) => subgraph.name);
  const twice = names.filter((name, index) => names.indexOf(name) !== index);
  if (twice.length) throw new Error(`${file}: subgraph names must be unique; listed twice: ${twice.join(', ')}`);
  const dir = path.dirname(file);
  return parsed.data.subgraphs.map((subgraph) => ({
    ...subgraph,
    ...(subgraph.sdl ? { sdl: path.resolve(dir, subgraph.sdl) } : {}),
  }));
}

/** Bounds for fetching a running subgraph's SDL: a composer must not hang on, or swallow, a bad endpoint. */
const FETCH_TIMEOUT_MS = 10_000;
const MAX_SDL_BYTES = 5_000_000;

/** The SDL of a subgraph: from its file, or from `{ _service { sdl } }` at its URL. */
export async function loadSubgraphSdl(source: SubgraphSource): Promise<string> {
  if (source.sdl) return fs.readFileSync(source.sdl, 'utf8');
  const response = await fetch(source.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  const text = await response.text();
  if (text.length > MAX_SDL_BYTES)
    throw new Error(`${source.name}: the SDL at ${source.url} is larger than ${MAX_SDL_BYTES} bytes`);
  let body: { data?: { _service?: { sdl?: unknown } }; errors?: Array<{ message: string }> };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${source.name}: ${source.url} answered HTTP ${response.status} without a GraphQL JSON body`);
  }
  const sdl = body.data?._service?.sdl;
  if (typeof sdl !== 'string') {
    const why = body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`;
    throw new Error(`${source.name}: ${source.url} is not a federation subgraph ({ _service { sdl } } failed: ${why})`);
  }
  return sdl;
}

export type CompositionResult = { supergraphSdl: string; errors?: undefined } | { supergraphSdl?: undefined; errors: string[] };

/**
 * Composes subgraphs into a supergraph with @theguild/federation-composition
 * (MIT; the same rules and messages as Apollo's composition). Errors name the
 * subgraph when the SDL does not even parse.
 */
export function composeSupergraph(subgraphs: ReadonlyArray<{ name: string; url: string; sdl: string }>): CompositionResult {
  const services = [];
  const errors: string[] = [];
  for (const subgraph of subgraphs) {
    try {
      services.push({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) });
    } catch (error) {
      errors.push(`[${subgraph.name}] the SDL does not parse: ${(error as Error).message}`);
    }
  }
  if (errors.length) return { errors };
  const result = composeServices(services);
  if (compositionHasErrors(result)) {
    return {
      errors: result.errors.map((error) => `${error.extensions?.code ? `${error.extensions.code}: ` : ''}${error.message}`),
    };
  }
  return { supergraphSdl: `${result.supergraphSdl.trimEnd()}\n` };
}

/** Loads every subgraph of a config and composes them. */
export async function composeFromConfig(file: string): Promise<CompositionResult> {
  const sources = readSupergraphConfig(file);
  const subgraphs = [];
  const errors: string[] = [];
  for (const source of sources) {
    try {
      subgraphs.push({ name: source.name, url: source.url, sdl: await loadSubgraphSdl(source) });
    } catch (error) {
      errors.push(`[${source.name}] ${(error as Error).message}`);
    }
  }
  return errors.length ? { errors } : composeSupergraph(subgraphs);
}
