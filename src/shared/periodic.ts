/**
 * A background job that runs on a timer, one run at a time: a tick while a
 * run is in progress queues behind it instead of overlapping it, and
 * `stop()` waits for the run in progress (so a stopping hub closes its
 * database only after its jobs let go of it). Shared by the jobs of several
 * slices (occurrence refresh, calendar sync).
 */
export interface PeriodicJob {
  /** Runs the work now, after any run in progress; resolves when it is done. */
  run(): Promise<void>;
  /** Stops the timer and waits for the run in progress; later ticks and `run()` calls do nothing. */
  stop(): Promise<void>;
}

/**
 * Starts `work` every `intervalMs` (the timer does not keep the process
 * alive). `work` may check `stopped()` to end a long run early; what it
 * throws goes to `onError`, and the next tick runs again.
 */
export function startPeriodic(
  intervalMs: number,
  work: (stopped: () => boolean) => Promise<void>,
  onError: (error: unknown) => void,
): PeriodicJob {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = running.then(() => (stopped ? undefined : work(() => stopped))).catch(onError);
    return running;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
