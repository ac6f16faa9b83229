import type { DataSource, EntityManager } from 'typeorm';
import { withTransaction } from '../db/transaction';
import { seedDirectoryDemo } from '../directory';
import { seedEventsDemo } from '../events';

/**
 * One part of the demo data. Steps run in order, in one transaction (so a
 * failed seed leaves nothing half-loaded); each must be idempotent and answer
 * a one-line summary of what it did. Later steps may look up what earlier
 * ones wrote (by slug).
 */
export interface SeedStep {
  readonly name: string;
  run(manager: EntityManager): Promise<string>;
}

/** The demo seed, in order. A domain adds its step here (one line). */
export const DEMO_SEED_STEPS: readonly SeedStep[] = [
  { name: 'directory', run: async (manager) => (await seedDirectoryDemo(manager)).summary },
  { name: 'events', run: async (manager) => (await seedEventsDemo(manager)).summary },
];

/** Loads the demo data; idempotent. Answers a summary, one line per step. */
export async function seedDemo(db: DataSource, steps: readonly SeedStep[] = DEMO_SEED_STEPS): Promise<string> {
  return withTransaction(db, async (manager) => {
    const lines: string[] = [];
    for (const step of steps) lines.push(`${step.name}: ${await step.run(manager)}`);
    return lines.join('\n');
  });
}
