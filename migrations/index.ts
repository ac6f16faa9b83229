import { Directory1764000000000 } from './1764000000000-directory';

/** Every migration, oldest first. A new migration is added here and nowhere else. */
export const migrations = [Directory1764000000000];
