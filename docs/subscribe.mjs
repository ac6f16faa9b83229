// A small partner client: follows the hub's event changes over graphql-ws and
// resumes after a restart or a dropped connection without gaps or duplicates.
//
//   node docs/subscribe.mjs [--url ws://localhost:4000/graphql] [--key <secret>] [--cursor-file wir-hub.cursor]
//
// Without --key it receives changes to PUBLIC events only. It prints one JSON
// line per change ("show" with the event as it is now, or "remove" when the
// event was deleted or is no longer visible to this key) and stores the cursor
// of every change it has handled in --cursor-file, which the next run resumes
// from. Uses the project's own dependencies (graphql-ws, ws): run it from the
// repository, or `npm i graphql-ws ws` next to a copy.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const { values: options } = parseArgs({
  options: {
    url: { type: 'string', default: 'ws://localhost:4000/graphql' },
    key: { type: 'string' },
    'cursor-file': { type: 'string', default: 'wir-hub.cursor' },
  },
});
const cursorFile = options['cursor-file'];

const SUBSCRIPTION = `subscription Follow($since: String) {
  eventChanged(since: $since) {
    cursor kind eventId changedFields version
    event { id title status visibility startsAt endsAt municipality { name } }
  }
}`;

function loadCursor() {
  try {
    return fs.readFileSync(cursorFile, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
function saveCursor(cursor) {
  fs.writeFileSync(cursorFile, cursor);
}
const print = (line) => console.log(JSON.stringify(line));

const client = createClient({
  url: options.url,
  // Node.js before 22 has no global WebSocket: hand graphql-ws the `ws` package.
  webSocketImpl: WebSocket,
  connectionParams: options.key ? { authorization: `Bearer ${options.key}` } : undefined,
  // Connect now and stay connected; retry for ever with graphql-ws's backoff,
  // except when the hub refuses the key (close code 4403).
  lazy: false,
  retryAttempts: Infinity,
  shouldRetry: (event) => event?.code !== 4403,
  onNonLazyError(error) {
    print({ stopped: error?.code ?? String(error), reason: error?.reason || undefined });
    process.exit(1);
  },
});

let stop;
let resync = false;
function follow() {
  const since = loadCursor();
  stop = client.subscribe(
    { query: SUBSCRIPTION, variables: { since } },
    {
      next({ data, errors }) {
        if (errors) {
          const reason = errors[0]?.extensions?.reason;
          if (reason === 'CURSOR_EXPIRED' || reason === 'CURSOR_INVALID') {
            // The log no longer reaches back to our cursor: reload everything shown
            // (e.g. with the events query), then follow from now on.
            fs.rmSync(cursorFile, { force: true });
            resync = true;
            print({ resync: reason });
            return;
          }
          print({ errors });
          return;
        }
        const change = data.eventChanged;
        if (change.event) print({ show: change.event, kind: change.kind, cursor: change.cursor });
        else print({ remove: change.eventId, kind: change.kind, cursor: change.cursor });
        saveCursor(change.cursor);
      },
      error(error) {
        print({ error: error instanceof Error ? error.message : error });
      },
      complete() {
        // The hub ends a subscription it refused (e.g. the cursor above); start over without it.
        if (!resync) return;
        resync = false;
        follow();
      },
    },
  );
}

// graphql-ws re-sends a subscription's original variables when it reconnects;
// resume from the stored cursor instead: drop the subscription when the socket
// closes and subscribe afresh on every (re)connection.
client.on('connected', () => {
  print({ connected: options.url, since: loadCursor() ?? null });
  follow();
});
client.on('closed', (event) => {
  stop?.();
  stop = undefined;
  if (event?.code) print({ closed: event.code, reason: event.reason || undefined });
});

for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    stop?.();
    client.dispose();
    process.exit(0);
  });
