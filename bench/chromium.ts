// The Chromium the benchmarks and the browser tests launch (tests/helpers/browser.ts re-exports
// these): one list of flags, so a bench round runs the browser the tests check.

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags that keep Chromium quiet on a closed network: without the networking ones it keeps
 * trying to reach Google's services (updates, sync, QUIC probes).
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
