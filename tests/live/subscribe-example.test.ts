import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEvent, memberKey, publishEvent } from '../helpers/events';
import { createOrganisation } from '../helpers/factories';
import { TestHub } from '../helpers/hub';
import { LineLog } from '../helpers/lines';
import { waitForSubscriberCount, waitForSubscribers } from '../helpers/live';

/**
 * The README's runnable client, docs/subscribe.mjs, against a real hub: it
 * receives changes, stores its cursor, and a second run resumes exactly
 * after the last change the first one handled (no gap, no duplicate); a
 * stored cursor the hub cannot resume from starts over without it.
 */
jest.setTimeout(120_000);

const SCRIPT = path.join(__dirname, '..', '..', 'docs', 'subscribe.mjs');

let hub: TestHub;
let editor: string;
let folder: string;

beforeAll(async () => {
  hub = await TestHub.start();
  const coordinator = await hub.key({ coordinator: true });
  const organisation = await createOrganisation(hub, coordinator, { name: 'Sprachcafé Beispiel' });
  editor = await memberKey(hub, organisation.id, 'EDITOR');
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wirhub-subscribe-'));
});
afterAll(async () => {
  await hub?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  lines: Array<Record<string, any>>;
  /** The first line that satisfies `predicate`, as soon as the client prints it; rejects if the client exits first. */
  waitFor(predicate: (line: Record<string, any>) => boolean): Promise<Record<string, any>>;
  stop(): Promise<void>;
}

function run(cursorFile: string): Run {
  const url = hub.url.replace(/^http/, 'ws');
  const child = spawn(process.execPath, [SCRIPT, '--url', url, '--cursor-file', cursorFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new LineLog<Record<string, any>>();
  let buffer = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      output.push(JSON.parse(buffer.slice(0, newline)));
      buffer = buffer.slice(newline + 1);
    }
  });
  // 'close': the process has ended and all of its output has been read.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  void exited.then(() => output.end(() => `lines: ${JSON.stringify(output.lines)}; stderr: ${stderr}`));
  return {
    child,
    lines: output.lines,
    waitFor: (predicate) => output.waitFor(predicate),
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
      // Its socket closed with it; the hub lets go of the subscription asynchronously.
      await waitForSubscriberCount(hub, (n) => n === 0);
    },
  };
}

/**
 * Publishes an event once the hub has registered the client's subscription
 * and answers the line that shows it. Without a cursor the client follows
 * live changes only, from the moment of registration, which it does not
 * announce (a change committed just before is rightly not delivered): the
 * hub's feed tells, so there is nothing to retry.
 */
async function publishWhenFollowing(client: Run, title: string) {
  await waitForSubscribers(hub, 1);
  const event = await publishEvent(hub, editor, await createEvent(hub, editor, { title }));
  return { event, line: await client.waitFor((line) => line.show?.id === event.id) };
}

test('docs/subscribe.mjs follows changes and resumes from its stored cursor', async () => {
  const cursorFile = path.join(folder, 'resume.cursor');
  const first = run(cursorFile);
  let shown: Record<string, any>;
  try {
    await first.waitFor((line) => 'connected' in line);
    shown = (await publishWhenFollowing(first, 'Eins')).line;
    expect(shown).toMatchObject({ kind: 'PUBLISHED', show: { title: 'Eins', status: 'PUBLISHED' } });
  } finally {
    await first.stop();
  }
  // It stored the cursor of the last change it handled.
  expect(fs.readFileSync(cursorFile, 'utf8')).toBe(shown.cursor);

  // While the client is down: a new public event, and the draft of another (not public: never shown).
  const two = await publishEvent(hub, editor, await createEvent(hub, editor, { title: 'Zwei' }));
  await createEvent(hub, editor, { title: 'Entwurf' });
  const three = await publishEvent(hub, editor, await createEvent(hub, editor, { title: 'Drei' }));

  // Read before the second run starts: it rewrites the file as it handles the changes it catches up on.
  const stored = fs.readFileSync(cursorFile, 'utf8');
  const second = run(cursorFile);
  try {
    const connected = await second.waitFor((line) => 'connected' in line);
    expect(connected.since).toBe(stored);
    await second.waitFor((line) => line.show?.id === three.id);
    const changes = second.lines.filter((line) => line.show || line.remove);
    expect(changes.map((line) => line.show?.title)).toEqual(['Zwei', 'Drei']);
    expect(changes[0].show.id).toBe(two.id);
  } finally {
    await second.stop();
  }
});

test('docs/subscribe.mjs starts over when its stored cursor is not one the hub issued', async () => {
  const cursorFile = path.join(folder, 'bad.cursor');
  fs.writeFileSync(cursorFile, 'not-a-cursor');
  const client = run(cursorFile);
  try {
    await client.waitFor((line) => line.resync === 'CURSOR_INVALID');
    expect(fs.existsSync(cursorFile)).toBe(false);
    // It follows again, without `since`: new changes arrive.
    const { line } = await publishWhenFollowing(client, 'Neu');
    expect(line).toMatchObject({ kind: 'PUBLISHED', show: { title: 'Neu' } });
  } finally {
    await client.stop();
  }
});
