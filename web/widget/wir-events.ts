/**
 * <wir-events>: the hub's upcoming events on any web page, live.
 *
 *   <script type="module" src="https://HUB/widget.js"></script>
 *   <wir-events municipality="baunatal" lang="de" limit="10"></wir-events>
 *
 * A plain custom element (no framework: the bundle stays small) with a shadow root. It lists the
 * `occurrences` the anonymous public may see, follows `eventChanged` over graphql-ws and reloads
 * the list when a change arrives, and writes schema.org `Event` JSON-LD into the page for search
 * engines. Attributes are described in the README ("Events widget").
 */
import { HubError, LiveChanges, query } from './hub-client';
import { directionOf, localeFor, TEXTS, type Locale, type Texts } from './i18n';
import { STYLES } from './styles';

interface Occurrence {
  cursor: string;
  startsAt: string;
  endsAt: string;
  event: WidgetEvent;
}

interface WidgetEvent {
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

const OCCURRENCES = /* GraphQL */ `
  query WidgetOccurrences($from: DateTime!, $to: DateTime!, $first: Int, $filter: EventFilter, $lang: LanguageCode) {
    occurrences(from: $from, to: $to, first: $first, filter: $filter) {
      cursor
      startsAt
      endsAt
      event {
        id
        title(language: $lang)
        summary(language: $lang)
        titleLanguages
        originalLanguage
        status
        cancellationReason
        allDay
        timeZone
        free
        barrierFree
        interpretingLanguages
        attendanceMode
        onlineUrl
        registrationUrl
        venue {
          name
        }
        address {
          street
          postalCode
          locality
          municipality {
            name
          }
        }
        municipality {
          name
        }
        organisers {
          role
          organisation {
            name
          }
        }
      }
    }
  }
`;

const MUNICIPALITIES = /* GraphQL */ `
  {
    municipalities {
      id
      slug
      name
    }
  }
`;
const CAMPAIGN = /* GraphQL */ `
  query WidgetCampaign($slug: String!) {
    campaign(slug: $slug) {
      id
      name
    }
  }
`;

/** Thrown for a bad attribute: shown in the widget and logged as a console warning. */
class AttributeError extends Error {}

const TOPIC = /^[A-Z_]+$/;
const DAY_MS = 86_400_000;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Only http(s) links reach an href (a `javascript:` URL from the data would run on click). */
const safeUrl = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

function intAttribute(value: string | null, name: string, min: number, max: number, fallback: number): number {
  if (value === null || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new AttributeError(`${name}=${value}`);
  return n;
}

/** The municipalities change rarely: one request per hub and page. */
const municipalityLists = new Map<string, Promise<Array<{ id: string; slug: string; name: string }>>>();

export class WirEventsElement extends HTMLElement {
  static readonly observedAttributes = [
    'municipality',
    'campaign',
    'topics',
    'lang',
    'limit',
    'days',
    'hub',
    'heading',
    'heading-level',
  ];

  private readonly root: ShadowRoot;
  private live: LiveChanges | undefined;
  private generation = 0;
  private scheduled = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private reload: (() => Promise<void>) | undefined;
  private jsonLd: HTMLScriptElement | undefined;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
  }

  connectedCallback(): void {
    this.schedule();
  }

  disconnectedCallback(): void {
    this.stop();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.schedule();
  }

  /** The hub's GraphQL endpoint: the `hub` attribute, else where this script was loaded from. */
  get endpoint(): string {
    const base = this.getAttribute('hub') || new URL(import.meta.url).origin;
    return new URL('/graphql', base).href;
  }

  /** The cursor of the last live change seen (for resuming; read by tests and curious integrators). */
  get cursor(): string | undefined {
    return this.live?.cursor;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.isConnected) void this.start();
    });
  }

  private stop(): void {
    this.generation += 1;
    this.live?.close();
    this.live = undefined;
    clearTimeout(this.refreshTimer);
  }

  private async start(): Promise<void> {
    this.stop();
    const generation = this.generation;
    const locale = localeFor(this.getAttribute('lang'));
    const texts = TEXTS[locale];
    this.renderFrame(locale, texts);
    this.setBusy(true);
    try {
      const limit = intAttribute(this.getAttribute('limit'), 'limit', 1, 100, 10);
      const days = intAttribute(this.getAttribute('days'), 'days', 1, 366, 180);
      const topics = (this.getAttribute('topics') ?? '')
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((topic) => topic.toUpperCase().replace(/-/g, '_'));
      const badTopic = topics.find((topic) => !TOPIC.test(topic));
      if (badTopic) throw new AttributeError(`topics=${badTopic}`);

      const filter: Record<string, unknown> = {};
      const changeFilter: Record<string, unknown> = {};
      let place: string | undefined;
      const slug = this.getAttribute('municipality')?.trim();
      if (slug) {
        const endpoint = this.endpoint;
        if (!municipalityLists.has(endpoint)) {
          const list = query<{ municipalities: Array<{ id: string; slug: string; name: string }> }>(
            endpoint,
            MUNICIPALITIES,
            {},
            locale,
          ).then((data) => data.municipalities);
          list.catch(() => municipalityLists.delete(endpoint));
          municipalityLists.set(endpoint, list);
        }
        const municipality = (await municipalityLists.get(endpoint)!).find((m) => m.slug === slug.toLowerCase());
        if (!municipality) throw new AttributeError(texts.unknownMunicipality(slug));
        filter.municipalityIds = changeFilter.municipalityIds = [municipality.id];
        place = municipality.name;
      }
      const campaignSlug = this.getAttribute('campaign')?.trim();
      if (campaignSlug) {
        const { campaign } = await query<{ campaign: { id: string } | null }>(
          this.endpoint,
          CAMPAIGN,
          { slug: campaignSlug },
          locale,
        );
        if (!campaign) throw new AttributeError(texts.unknownCampaign(campaignSlug));
        filter.campaignIds = changeFilter.campaignIds = [campaign.id];
      }
      if (topics.length) filter.topics = topics;
      if (generation !== this.generation) return;
      this.setHeading(this.getAttribute('heading') || (place ? texts.headingIn(place) : texts.heading));

      this.reload = async () => {
        const from = new Date();
        const to = new Date(from.getTime() + days * DAY_MS);
        const data = await query<{ occurrences: Occurrence[] }>(
          this.endpoint,
          OCCURRENCES,
          { from: from.toISOString(), to: to.toISOString(), first: limit, filter, lang: locale },
          locale,
        );
        if (generation !== this.generation) return;
        this.renderList(data.occurrences, locale, texts);
      };
      await this.reload();
      if (generation !== this.generation) return;
      this.live = new LiveChanges({
        endpoint: this.endpoint,
        filter: changeFilter,
        onChange: () => this.refreshSoon(generation, texts),
        onConnection: (connected, first) => {
          this.root.querySelector<HTMLElement>('.root')!.dataset.live = connected ? 'on' : 'off';
          this.setNotice(connected ? '' : texts.offline);
          // First connection: catch up on changes committed since the list was loaded. Back online:
          // the new subscription replays every change after the last cursor, which reloads the
          // list; without a cursor yet (no change seen), reload to catch up.
          if (connected && (first || this.live?.cursor === undefined)) this.refreshSoon(generation, texts);
        },
        onReset: () => this.refreshSoon(generation, texts),
      });
    } catch (error) {
      if (generation !== this.generation) return;
      this.fail(error, texts);
    } finally {
      if (generation === this.generation) this.setBusy(false);
    }
  }

  /** Changes come in bursts (a publish touches several fields): one reload for a burst. */
  private refreshSoon(generation: number, texts: Texts): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      if (generation !== this.generation || !this.reload) return;
      this.reload().then(
        () => this.announce(texts.updated),
        (error: unknown) => console.warn('<wir-events>: could not reload the events:', error),
      );
    }, 100);
  }

  private fail(error: unknown, texts: Texts): void {
    let message: string;
    if (error instanceof AttributeError) {
      const [name, value] = error.message.split('=');
      message = value !== undefined && !error.message.includes(' ') ? texts.badAttribute(name!, value) : error.message;
    } else if (error instanceof HubError && error.errors[0]?.extensions?.field) {
      message = `${texts.error} ${error.message}`;
    } else {
      message = texts.error;
    }
    console.warn(`<wir-events>: ${message}`, error instanceof AttributeError ? '' : error);
    const list = this.root.querySelector('[part="list"]')!;
    list.innerHTML = '';
    this.root.querySelector('[part="message"]')!.outerHTML =
      `<p part="message" class="message error" role="alert">${escapeHtml(message)}</p>`;
    this.writeJsonLd([]);
  }

  private renderFrame(locale: Locale, texts: Texts): void {
    const level = intAttributeSafe(this.getAttribute('heading-level'), 2);
    this.root.innerHTML = `<style>${STYLES}</style>
      <section class="root" part="root" lang="${locale}" dir="${directionOf(locale)}" aria-busy="true">
        <h${level} part="heading" class="heading">${escapeHtml(texts.heading)}</h${level}>
        <p part="message" class="message">${escapeHtml(texts.loading)}</p>
        <ul part="list" role="list"></ul>
        <p class="visually-hidden" role="status" aria-live="polite"></p>
      </section>`;
  }

  private setHeading(text: string): void {
    this.root.querySelector('.heading')!.textContent = text;
  }

  private setBusy(busy: boolean): void {
    this.root.querySelector('.root')?.setAttribute('aria-busy', String(busy));
  }

  private setNotice(text: string): void {
    const message = this.root.querySelector<HTMLElement>('[part="message"]')!;
    if (message.classList.contains('error')) return;
    message.textContent = text;
    message.hidden = !text;
  }

  private announce(text: string): void {
    const status = this.root.querySelector('[role="status"]')!;
    status.textContent = '';
    setTimeout(() => (status.textContent = text), 50);
  }

  private renderList(occurrences: Occurrence[], locale: Locale, texts: Texts): void {
    this.setNotice(occurrences.length ? '' : texts.empty);
    const names = new Intl.DisplayNames([locale], { type: 'language' });
    const languageName = (code: string) => {
      try {
        return names.of(code) ?? code;
      } catch {
        return code;
      }
    };
    const list = this.root.querySelector('[part="list"]')!;
    list.innerHTML = occurrences.map((o) => this.item(o, locale, texts, languageName)).join('');
    // How often the list was loaded (tests wait on it rather than sleeping).
    const root = this.root.querySelector<HTMLElement>('.root')!;
    root.dataset.loads = String(Number(root.dataset.loads ?? 0) + 1);
    this.writeJsonLd(occurrences);
  }

  private item(o: Occurrence, locale: Locale, texts: Texts, languageName: (code: string) => string): string {
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
    const calendar = new URL(`/feeds/events/${encodeURIComponent(e.id)}.ics`, this.endpoint).href;
    const lang = `lang="${escapeHtml(textLang)}" dir="auto"`;
    return `<li part="item" data-event-id="${escapeHtml(e.id)}" data-starts-at="${escapeHtml(o.startsAt)}">
      <article class="${cancelled ? 'cancelled' : ''}" aria-labelledby="t-${escapeHtml(o.cursor)}">
        <p class="when" part="when"><time datetime="${escapeHtml(o.startsAt)}">${escapeHtml(formatWhen(o, e, locale, texts))}</time></p>
        <h3 part="title" id="t-${escapeHtml(o.cursor)}">${cancelled ? `<span class="status">${escapeHtml(texts.cancelled)}:</span> ` : ''}<span class="title" ${lang}>${escapeHtml(e.title)}</span></h3>
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

  /** schema.org Event markup in the light DOM, where search engines read it (not in the shadow root). */
  private writeJsonLd(occurrences: Occurrence[]): void {
    if (!this.jsonLd) {
      this.jsonLd = document.createElement('script');
      this.jsonLd.type = 'application/ld+json';
      this.appendChild(this.jsonLd);
    }
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
    this.jsonLd.textContent = JSON.stringify({ '@context': 'https://schema.org', '@graph': graph }).replace(/</g, '\\u003c');
  }
}

function intAttributeSafe(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 2 && n <= 6 ? n : fallback;
}

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

if (!customElements.get('wir-events')) customElements.define('wir-events', WirEventsElement);
