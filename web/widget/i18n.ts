/** The widget's own texts, German first; `ar` is written right to left. */
export type Locale = 'de' | 'en' | 'tr' | 'ar';

export const LOCALES: readonly Locale[] = ['de', 'en', 'tr', 'ar'];

export interface Texts {
  heading: string;
  headingIn: (place: string) => string;
  loading: string;
  empty: string;
  free: string;
  barrierFree: string;
  cancelled: string;
  interpreting: (languages: string) => string;
  organisedBy: string;
  online: string;
  details: string;
  register: string;
  addToCalendar: string;
  allDay: string;
  updated: string;
  offline: string;
  error: string;
  unknownMunicipality: (slug: string) => string;
  unknownCampaign: (slug: string) => string;
  badAttribute: (name: string, value: string) => string;
}

const de: Texts = {
  heading: 'Veranstaltungen',
  headingIn: (place) => `Veranstaltungen in ${place}`,
  loading: 'Veranstaltungen werden geladen …',
  empty: 'Zurzeit sind keine Veranstaltungen geplant.',
  free: 'Kostenlos',
  barrierFree: 'Barrierefrei',
  cancelled: 'Abgesagt',
  interpreting: (languages) => `Verdolmetscht: ${languages}`,
  organisedBy: 'Veranstaltet von',
  online: 'Online',
  details: 'Details',
  register: 'Anmeldung',
  addToCalendar: 'In den Kalender',
  allDay: 'ganztägig',
  updated: 'Die Liste wurde aktualisiert.',
  offline: 'Keine Verbindung – die Liste wird aktualisiert, sobald sie wieder besteht.',
  error: 'Die Veranstaltungen konnten nicht geladen werden.',
  unknownMunicipality: (slug) => `Unbekannte Gemeinde „${slug}“ (Attribut municipality).`,
  unknownCampaign: (slug) => `Unbekannte Aktion „${slug}“ (Attribut campaign).`,
  badAttribute: (name, value) => `Ungültiger Wert „${value}“ im Attribut ${name}.`,
};

const en: Texts = {
  heading: 'Events',
  headingIn: (place) => `Events in ${place}`,
  loading: 'Loading events …',
  empty: 'No events are planned at the moment.',
  free: 'Free',
  barrierFree: 'Barrier-free',
  cancelled: 'Cancelled',
  interpreting: (languages) => `Interpreting: ${languages}`,
  organisedBy: 'Organised by',
  online: 'Online',
  details: 'Details',
  register: 'Registration',
  addToCalendar: 'Add to calendar',
  allDay: 'all day',
  updated: 'The list has been updated.',
  offline: 'No connection – the list will update once it is back.',
  error: 'The events could not be loaded.',
  unknownMunicipality: (slug) => `Unknown municipality "${slug}" (attribute municipality).`,
  unknownCampaign: (slug) => `Unknown campaign "${slug}" (attribute campaign).`,
  badAttribute: (name, value) => `Invalid value "${value}" in attribute ${name}.`,
};

const tr: Texts = {
  heading: 'Etkinlikler',
  headingIn: (place) => `${place} etkinlikleri`,
  loading: 'Etkinlikler yükleniyor …',
  empty: 'Şu anda planlanmış etkinlik yok.',
  free: 'Ücretsiz',
  barrierFree: 'Engelsiz',
  cancelled: 'İptal edildi',
  interpreting: (languages) => `Tercüme: ${languages}`,
  organisedBy: 'Düzenleyen',
  online: 'Çevrim içi',
  details: 'Ayrıntılar',
  register: 'Kayıt',
  addToCalendar: 'Takvime ekle',
  allDay: 'tüm gün',
  updated: 'Liste güncellendi.',
  offline: 'Bağlantı yok – bağlantı kurulunca liste güncellenecek.',
  error: 'Etkinlikler yüklenemedi.',
  unknownMunicipality: (slug) => `Bilinmeyen belediye "${slug}" (municipality özniteliği).`,
  unknownCampaign: (slug) => `Bilinmeyen kampanya "${slug}" (campaign özniteliği).`,
  badAttribute: (name, value) => `${name} özniteliğinde geçersiz değer "${value}".`,
};

const ar: Texts = {
  heading: 'الفعاليات',
  headingIn: (place) => `الفعاليات في ${place}`,
  loading: 'جارٍ تحميل الفعاليات …',
  empty: 'لا توجد فعاليات مخطط لها حاليًا.',
  free: 'مجاني',
  barrierFree: 'خالٍ من العوائق',
  cancelled: 'أُلغيت',
  interpreting: (languages) => `ترجمة فورية: ${languages}`,
  organisedBy: 'الجهة المنظمة',
  online: 'عبر الإنترنت',
  details: 'التفاصيل',
  register: 'التسجيل',
  addToCalendar: 'أضف إلى التقويم',
  allDay: 'طوال اليوم',
  updated: 'تم تحديث القائمة.',
  offline: 'لا يوجد اتصال – سيتم تحديث القائمة عند عودته.',
  error: 'تعذر تحميل الفعاليات.',
  unknownMunicipality: (slug) => `بلدية غير معروفة "${slug}" (السمة municipality).`,
  unknownCampaign: (slug) => `حملة غير معروفة "${slug}" (السمة campaign).`,
  badAttribute: (name, value) => `قيمة غير صالحة "${value}" في السمة ${name}.`,
};

export const TEXTS: Record<Locale, Texts> = { de, en, tr, ar };

/** The supported locale for a `lang` attribute ("de-AT" → "de"); German when unknown. */
export function localeFor(lang: string | null | undefined): Locale {
  const base = (lang ?? '').toLowerCase().split('-')[0] as Locale;
  return LOCALES.includes(base) ? base : 'de';
}

export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}
