/** The widget's markup: one list item per occurrence, and schema.org JSON-LD. Pure functions of the data. */
import type { Locale, Texts } from './i18n';

export interface Occurrence {
  cursor: string;
  startsAt: string;
  endsAt: string;
  event: WidgetEvent;
}

export interface WidgetEvent {
  id: string;
  title: string;
  summary: string | null;
  titleLanguages: string[];
  originalLanguage: string;
  status: string;
  cancellationReason: string | null;
  allDay: boolean;
  timeZone: string;
  free: boolean | null;
  barrierFree: boolean | null;
  interpretingLanguages: string[];
  attendanceMode: string;
  onlineUrl: string | null;
  registrationUrl: string | null;
  venue: { name: string } | null;
  address: {
    street: string | null;
    postalCode: string | null;
    locality: string | null;
    municipality: { name: string } | null;
  } | null;
  municipality: { name: string } | null;
  organisers: Array<{ role: string; organisation: { name: string } }>;
}

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Only http(s) links reach an href (a `javascript:` URL from the data would run on click). */
export const safeUrl = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** One `<li>` of the list (every value escaped; links only http(s)). */
export function itemHtml(
  o: Occurrence,
  locale: Locale,
  texts: Texts,
  languageName: (code: string) => string,
  endpoint: string,
  detailsUrl?: string,
): string {
  const e = o.event;
  const textLang = e.titleLanguages.includes(locale) ? locale : e.originalLanguage;
  const cancelled = e.status === 'CANCELLED';
  const place = [
    e.venue?.name,
    e.address?.street,
    [e.address?.postalCode, e.address?.locality ?? e.address?.municipality?.name ?? e.municipality?.name]
      .filter(Boolean)
      .join(' '),
  ].filter(Boolean);
  if (!place.length && e.municipality) place.push(e.municipality.name);
  if (e.attendanceMode !== 'IN_PERSON') place.push(texts.online);
  const organisers = e.organisers.map((o) => o.organisation.name);
  const badges = [
    e.free ? texts.free : undefined,
    e.barrierFree ? texts.barrierFree : undefined,
    e.interpretingLanguages.length ? texts.interpreting(e.interpretingLanguages.map(languageName).join(', ')) : undefined,
  ].filter((b): b is string => Boolean(b));
  const register = safeUrl(e.registrationUrl) ?? safeUrl(e.onlineUrl);
  const calendar = new URL(`/feeds/events/${encodeURIComponent(e.id)}.ics`, endpoint).href;
  // The partner's own page for the event, from the `details-url` template ("{id}" is replaced).
  const details = safeUrl(detailsUrl?.replace('{id}', encodeURIComponent(e.id)));
  const lang = `lang="${escapeHtml(textLang)}" dir="auto"`;
  const titleHtml = `<span class="title" ${lang}>${escapeHtml(e.title)}</span>`;
  return `<li part="item" data-event-id="${escapeHtml(e.id)}" data-starts-at="${escapeHtml(o.startsAt)}">
    <article class="${cancelled ? 'cancelled' : ''}" aria-labelledby="t-${escapeHtml(o.cursor)}">
      <p class="when" part="when"><time datetime="${escapeHtml(o.startsAt)}">${escapeHtml(formatWhen(o, e, locale, texts))}</time></p>
      <h3 part="title" id="t-${escapeHtml(o.cursor)}">${cancelled ? `<span class="status">${escapeHtml(texts.cancelled)}:</span> ` : ''}${details ? `<a part="link title-link" href="${escapeHtml(details)}">${titleHtml}</a>` : titleHtml}</h3>
      ${place.length ? `<p class="meta" part="place">${escapeHtml(place.join(', '))}</p>` : ''}
      ${organisers.length ? `<p class="organisers" part="organisers">${escapeHtml(texts.organisedBy)}: <span dir="auto">${escapeHtml(organisers.join(', '))}</span></p>` : ''}
      ${badges.length ? `<ul class="badges" part="badges" role="list">${badges.map((b) => `<li part="badge">${escapeHtml(b)}</li>`).join('')}</ul>` : ''}
      ${cancelled && e.cancellationReason ? `<p class="status" ${lang}>${escapeHtml(e.cancellationReason)}</p>` : ''}
      ${
        e.summary || register
          ? `<details part="details"><summary>${escapeHtml(texts.details)}</summary>${
              e.summary ? `<p ${lang}>${escapeHtml(e.summary)}</p>` : ''
            }${register ? `<p><a part="link" href="${escapeHtml(register)}" rel="noopener" target="_blank">${escapeHtml(texts.register)}</a></p>` : ''}</details>`
          : ''
      }
      ${cancelled ? '' : `<p class="links"><a part="link calendar" href="${escapeHtml(calendar)}" download>${escapeHtml(texts.addToCalendar)}<span class="visually-hidden">: ${escapeHtml(e.title)}</span></a></p>`}
    </article>
  </li>`;
}

/** The schema.org `Event`s of the occurrences, as one JSON-LD document ("<" escaped for a `<script>`). */
export function jsonLd(occurrences: Occurrence[]): string {
  const graph = occurrences.map(({ event: e, startsAt, endsAt }) => ({
    '@type': 'Event',
    name: e.title,
    startDate: startsAt,
    endDate: endsAt,
    eventStatus: e.status === 'CANCELLED' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: `https://schema.org/${
      e.attendanceMode === 'ONLINE' ? 'Online' : e.attendanceMode === 'HYBRID' ? 'Mixed' : 'Offline'
    }EventAttendanceMode`,
    ...(e.summary ? { description: e.summary } : {}),
    ...(e.free !== null ? { isAccessibleForFree: e.free } : {}),
    inLanguage: e.originalLanguage,
    location: {
      '@type': 'Place',
      name: e.venue?.name ?? e.address?.locality ?? e.municipality?.name ?? undefined,
      address: e.address
        ? {
            '@type': 'PostalAddress',
            streetAddress: e.address.street ?? undefined,
            postalCode: e.address.postalCode ?? undefined,
            addressLocality: e.address.locality ?? e.address.municipality?.name ?? undefined,
            addressCountry: 'DE',
          }
        : undefined,
    },
    organizer: e.organisers.map((o) => ({ '@type': 'Organization', name: o.organisation.name })),
    ...(safeUrl(e.registrationUrl) ? { url: e.registrationUrl } : {}),
  }));
  // "<" escaped: a title containing "</script>" must not end the element.
  return JSON.stringify({ '@context': 'https://schema.org', '@graph': graph }).replace(/</g, '\\u003c');
}

/** "Sa., 3. Okt. 2026, 11:00–15:00" in the event's own time zone. */
/** "Sa., 3. Okt. 2026, 11:00–15:00" in the event's own time zone. */
function formatWhen(o: Occurrence, e: WidgetEvent, locale: Locale, texts: Texts): string {
  const start = new Date(o.startsAt);
  const end = new Date(o.endsAt);
  const tag = locale === 'de' ? 'de-DE' : locale === 'tr' ? 'tr-TR' : locale;
  if (e.allDay) {
    const format = new Intl.DateTimeFormat(tag, { timeZone: e.timeZone, dateStyle: 'medium' });
    // An all-day end is the next local midnight: the last day is the one before it.
    const last = new Date(end.getTime() - 1);
    return `${format.formatRange(start, last < start ? start : last)} (${texts.allDay})`;
  }
  const format = new Intl.DateTimeFormat(tag, {
    timeZone: e.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return format.formatRange(start, end);
}
