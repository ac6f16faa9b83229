/**
 * Names of the topics in German and English: the one table that match reasons
 * (src/matching/scoring.ts, through TOPIC_LABELS and TOPIC_LABELS_DE) and the
 * coordinators' console (web/console/format.ts) both read. It imports nothing,
 * so the console's bundle can take it without the server's libraries.
 * Keys are the values of the GraphQL enum `Topic` (directory.enums.ts checks
 * that they match).
 */
export const TOPIC_NAMES = {
  ANTI_DISCRIMINATION: ['Antidiskriminierung', 'Anti-discrimination'],
  COUNSELLING: ['Beratung', 'Counselling'],
  CULTURE: ['Kultur', 'Culture'],
  EDUCATION: ['Bildung', 'Education'],
  FAMILY: ['Familie', 'Family'],
  HEALTH: ['Gesundheit', 'Health'],
  HOUSING: ['Wohnen', 'Housing'],
  INTEGRATION_GUIDANCE: ['Integrationsbegleitung', 'Integration guidance'],
  INTERFAITH_DIALOGUE: ['Interreligiöser Dialog', 'Interfaith dialogue'],
  INTERPRETING: ['Dolmetschen', 'Interpreting'],
  LABOUR_MARKET: ['Arbeitsmarkt', 'Labour market'],
  LANGUAGE_SUPPORT: ['Sprachförderung', 'Language support'],
  RELIGION: ['Religion', 'Religion'],
  SENIORS: ['Senioren', 'Seniors'],
  SPORTS: ['Sport', 'Sports'],
  VOLUNTEERING: ['Ehrenamt', 'Volunteering'],
  WOMEN: ['Frauen', 'Women'],
  YOUTH: ['Jugend', 'Youth'],
} as const satisfies Record<string, readonly [de: string, en: string]>;
