// The campaign timeline: events grouped by calendar month (in the district's time zone), in order.
import { TIME_ZONE } from './format';
import type { Lang } from './i18n';

export interface Dated {
  startsAt: string;
}

export function groupByMonth<T extends Dated>(
  items: readonly T[],
  lang: Lang,
): Array<{ key: string; label: string; items: T[] }> {
  const sorted = [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const groups = new Map<string, { key: string; label: string; items: T[] }>();
  for (const item of sorted) {
    const date = new Date(item.startsAt);
    const key = date.toLocaleDateString('en-CA', { timeZone: TIME_ZONE }).slice(0, 7);
    const label = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: TIME_ZONE,
    }).format(date);
    if (!groups.has(key)) groups.set(key, { key, label, items: [] });
    groups.get(key)!.items.push(item);
  }
  return [...groups.values()];
}
