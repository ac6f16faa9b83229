/**
 * Keeps a background job's claim alive while its work runs. Claims (a
 * webhook delivery's `locked_until`, a calendar source's `claimed_until`)
 * are short leases (JOB_LEASE_MS) so that the claims of an instance that
 * dies run out soon and another instance takes the work over; an instance
 * that lives renews its claims every third of the lease, so work that takes
 * longer than one lease (a slow endpoint, a large calendar) is not taken
 * over while it still runs. A failed renewal is only logged: the next one
 * may succeed, and at worst the work is done twice (webhooks are delivered
 * at least once, with the same id; a calendar sync is idempotent by UID).
 */
export function renewWhileRunning(leaseMs: number, renew: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
  let renewing: Promise<unknown> | undefined;
  const timer = setInterval(
    () => {
      // One renewal at a time: a slow database must not pile them up.
      renewing ??= renew()
        .catch(onError)
        .finally(() => (renewing = undefined));
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
