/**
 * The lines a child process has written (parsed), to wait on: `waitFor`
 * answers the first line that satisfies a predicate, already written or as
 * soon as it is, and fails once the process has ended without it. No timer,
 * no polling: every new line is checked against the waiters.
 */
export class LineLog<T> {
  readonly lines: T[] = [];
  private readonly waiters = new Set<{ check(): void; fail(): void }>();
  private endedWith: (() => string) | undefined;

  /** Adds a line and wakes the waiters it satisfies. */
  push(line: T): void {
    this.lines.push(line);
    for (const waiter of [...this.waiters]) waiter.check();
  }

  /** The process has ended (all of its output read): waiting fails from now on, with `describe()` in the error. */
  end(describe: () => string): void {
    this.endedWith = describe;
    for (const waiter of [...this.waiters]) waiter.fail();
  }

  /** The `n`-th line (from 1), already written or as soon as it is. */
  async nth(n: number): Promise<T> {
    await this.waitFor(() => this.lines.length >= n);
    return this.lines[n - 1]!;
  }

  waitFor(predicate: (line: T) => boolean): Promise<T> {
    return new Promise((resolve, reject) => {
      const waiter = {
        check: () => {
          const found = this.lines.find(predicate);
          if (found === undefined) return false;
          this.waiters.delete(waiter);
          resolve(found);
          return true;
        },
        fail: () => {
          this.waiters.delete(waiter);
          reject(new Error(`the process ended without such a line; ${this.endedWith?.() ?? ''}`));
        },
      };
      if (waiter.check()) return;
      if (this.endedWith) waiter.fail();
      else this.waiters.add(waiter);
    });
  }
}
