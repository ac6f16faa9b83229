import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { composeSupergraph } from '../../src/federation/supergraph';
import { startGateway, type RunningGateway } from '../../src/federation/gateway';
import { serviceSdl } from '../../src/federation';
import type { GraphQLResponse, RequestOptions, TestHub } from './hub';

export const ROOT = path.resolve(__dirname, '..', '..');
export const COURSES_DIR = path.join(ROOT, 'examples', 'courses-subgraph');

/** The example partner subgraph, run as its own process (as a partner would), on a free port, linked to `hubUrl`. */
export interface CoursesProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export function spawnCourses(hubUrl: string, timeoutMs = 30_000): Promise<CoursesProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(COURSES_DIR, 'src', 'main.ts')], {
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', HUB_URL: hubUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the courses subgraph did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /courses subgraph ready at (\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the courses subgraph exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** Asks a running subgraph for its SDL. */
export async function fetchSdl(url: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data: { _service: { sdl: string } } };
  return body.data._service.sdl;
}

/**
 * The district's graph in one process: the test hub and the example subgraph
 * composed from their live `_service { sdl }`, served by Hive Gateway on a free port.
 */
export async function startDistrictGateway(hub: TestHub, courses: CoursesProcess): Promise<RunningGateway> {
  const composed = composeSupergraph([
    { name: 'hub', url: hub.url, sdl: await serviceSdl(hub.hub.schema) },
    { name: 'courses', url: courses.url, sdl: await fetchSdl(courses.url) },
  ]);
  if (composed.errors) throw new Error(`composition failed:\n${composed.errors.join('\n')}`);
  return startGateway({
    supergraph: composed.supergraphSdl,
    port: 0,
    logLevel: (process.env.TEST_GATEWAY_LOG as 'debug') ?? false,
  });
}

/** POSTs a GraphQL request to any endpoint (the gateway, a subgraph). */
export async function post<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: T; errors?: GraphQLResponse['errors'] } = {};
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${url} answered ${response.status} without JSON: ${text.slice(0, 500)}`);
  }
  return { status: response.status, data: body.data ?? undefined, errors: body.errors };
}
