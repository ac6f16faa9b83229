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
import { escapeHtml, itemHtml, jsonLd, type Occurrence } from './render';

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

/** Thrown for a bad attribute, with the localised message shown in the widget and logged as a console warning. */
class AttributeError extends Error {}

const TOPIC = /^[A-Z_]+$/;
const DAY_MS = 86_400_000;

function intAttribute(texts: Texts, value: string | null, name: string, min: number, max: number, fallback: number): number {
  if (value === null || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new AttributeError(texts.badAttribute(name, value));
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
    'details-url',
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
      const limit = intAttribute(texts, this.getAttribute('limit'), 'limit', 1, 100, 10);
      const days = intAttribute(texts, this.getAttribute('days'), 'days', 1, 366, 180);
      const topics = (this.getAttribute('topics') ?? '')
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((topic) => topic.toUpperCase().replace(/-/g, '_'));
      const badTopic = topics.find((topic) => !TOPIC.test(topic));
      if (badTopic) throw new AttributeError(texts.badAttribute('topics', badTopic));

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
      message = error.message;
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
    list.innerHTML = occurrences
      .map((o) => itemHtml(o, locale, texts, languageName, this.endpoint, this.getAttribute('details-url') ?? undefined))
      .join('');
    // How often the list was loaded (tests wait on it rather than sleeping).
    const root = this.root.querySelector<HTMLElement>('.root')!;
    root.dataset.loads = String(Number(root.dataset.loads ?? 0) + 1);
    this.writeJsonLd(occurrences);
  }

  /** schema.org Event markup in the light DOM, where search engines read it (not in the shadow root). */
  private writeJsonLd(occurrences: Occurrence[]): void {
    if (!this.jsonLd) {
      this.jsonLd = document.createElement('script');
      this.jsonLd.type = 'application/ld+json';
      this.appendChild(this.jsonLd);
    }
    this.jsonLd.textContent = jsonLd(occurrences);
  }
}

function intAttributeSafe(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 2 && n <= 6 ? n : fallback;
}

if (!customElements.get('wir-events')) customElements.define('wir-events', WirEventsElement);
