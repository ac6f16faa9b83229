import type { EntityManager } from 'typeorm';
import { queryRows } from '../db/query-rows';
import { slugOf } from '../shared/slug';
import { insertRow, insertRows, NOW, updateRows } from '../db/write';
import { ContactEntity } from './contact.entity';
import { CONFIRMED_AT, DEMO_ORGANISATIONS, SUFFIX, VERIFIED_AT } from './directory.demo-data';
import { OrganisationEntity, OrganisationMembershipEntity } from './organisation.entity';

/** Who recorded the demo contacts' (fictional) consent. */
const DEMO_BASIS_RECORDED_BY = 'Demo-Daten (fiktive Einwilligung / fictional consent)';
/**
 * Fictional demo data for the directory: organisations of every kind spread
 * over the district's municipalities, umbrella memberships and contacts of
 * every visibility. Everything is clearly marked: `demo = true`, names end in
 * "(Demo)", descriptions say "fiktiv", slugs start with "demo-", e-mail
 * addresses are under example.org and phone numbers come from the block the
 * Bundesnetzagentur keeps free for fiction (069 90009 xxx).
 *
 * Idempotent: organisations are matched by slug and only written when they
 * differ (so a second run changes nothing, not even `version`); contacts are
 * matched by organisation and name; memberships by their pair. A real
 * (non-demo) organisation that happens to hold a demo slug is never touched.
 */

/** The slug of a demo organisation, from its name without the "(Demo)" suffix. */
export function demoSlug(name: string): string {
  return `demo-${slugOf(name)}`;
}

/** A point about 0.5–1.5 km from the municipality centre, the same on every run. */
function nearCentre(latitude: number, longitude: number, index: number): { latitude: number; longitude: number } {
  const angle = (index * 137.5 * Math.PI) / 180;
  const km = 0.5 + (index % 3) * 0.5;
  const round = (value: number) => Math.round(value * 1e5) / 1e5;
  return {
    latitude: round(latitude + (km / 111.2) * Math.sin(angle)),
    longitude: round(longitude + (km / (111.2 * Math.cos((latitude * Math.PI) / 180))) * Math.cos(angle)),
  };
}

/** Fictional phone numbers: 069 90009 000–999 is reserved for fiction. */
function fictionalPhone(n: number): string {
  return `+49 69 90009 ${String(n % 1000).padStart(3, '0')}`;
}

export interface DirectorySeedResult {
  organisations: { inserted: number; updated: number; unchanged: number; skipped: string[] };
  contacts: { inserted: number; updated: number; unchanged: number };
  memberships: { inserted: number };
  summary: string;
}

/**
 * Writes the demo directory through `manager` (the caller's transaction).
 * Answers what changed; a second run answers only "unchanged".
 */
export async function seedDirectoryDemo(manager: EntityManager): Promise<DirectorySeedResult> {
  const municipalities = new Map(
    (
      await queryRows<{ id: string; name: string; latitude: number; longitude: number }>(
        manager,
        'SELECT id, name, latitude, longitude FROM municipality',
      )
    ).map((row) => [row.name, row]),
  );
  const result: DirectorySeedResult = {
    organisations: { inserted: 0, updated: 0, unchanged: 0, skipped: [] },
    contacts: { inserted: 0, updated: 0, unchanged: 0 },
    memberships: { inserted: 0 },
    summary: '',
  };
  const ids = new Map<string, string>();

  for (const [index, org] of DEMO_ORGANISATIONS.entries()) {
    const municipality = municipalities.get(org.municipality);
    if (!municipality) throw new Error(`Demo data names an unknown municipality: ${org.municipality}`);
    const slug = demoSlug(org.name);
    const position = nearCentre(municipality.latitude, municipality.longitude, index);
    const verified = org.verified ?? false;
    // Written only when new, or when a demo row differs: a second run leaves version and updated_at alone.
    const [written] = await insertRows(
      manager,
      OrganisationEntity,
      [
        {
          kind: org.kind,
          name: org.name + SUFFIX,
          shortName: org.shortName ? org.shortName + SUFFIX : null,
          slug,
          description: org.about,
          originalLanguage: 'de',
          street: `Beispielweg ${index + 1}`,
          locality: org.municipality,
          municipalityId: municipality.id,
          latitude: position.latitude,
          longitude: position.longitude,
          website: `https://example.org/demo/${slug}`,
          email: `info@${slug}.example.org`,
          phone: fictionalPhone(index),
          languages: org.languages,
          topics: org.topics,
          barrierFree: org.barrierFree ?? null,
          lookingForPartners: org.lookingForPartners ?? false,
          details: org.details ?? {},
          verified,
          verifiedAt: verified ? new Date(VERIFIED_AT) : null,
          lastConfirmedAt: verified ? new Date(CONFIRMED_AT) : null,
          demo: true,
        },
      ],
      { conflict: { on: ['slug'], update: { insertOnly: ['originalLanguage', 'demo'], where: 't.demo' } } },
    );
    if (written) {
      if (written.inserted) result.organisations.inserted += 1;
      else result.organisations.updated += 1;
      ids.set(org.name, written.entity.id);
    } else {
      const [existing] = await queryRows<{ id: string }>(manager, 'SELECT id FROM organisation WHERE slug = $1 AND demo', [slug]);
      if (!existing) {
        // A real organisation holds the slug: leave it alone.
        result.organisations.skipped.push(slug);
        continue;
      }
      result.organisations.unchanged += 1;
      ids.set(org.name, existing.id);
    }

    for (const [position, contact] of org.contacts.entries()) {
      const values = {
        organisationId: ids.get(org.name)!,
        name: contact.name + SUFFIX,
        role: contact.role,
        email: contact.mailbox ? `${contact.mailbox}@${slug}.example.org` : null,
        phone: fictionalPhone(100 + index * 5 + position),
        languages: contact.languages,
        visibility: contact.visibility,
        // The demo people are fictional; their publication basis is the documented default of demo data
        // (docs/datenschutz.md): CONSENT, recorded by the seed.
        publicationBasis: contact.visibility === 'COORDINATORS' ? null : ('CONSENT' as const),
        basisRecordedAt: contact.visibility === 'COORDINATORS' ? null : NOW,
        basisRecordedBy: contact.visibility === 'COORDINATORS' ? null : DEMO_BASIS_RECORDED_BY,
      };
      const { organisationId, name, ...facts } = values;
      const [updated] = await updateRows(
        manager,
        ContactEntity,
        { organisationId, name },
        { ...facts, updatedAt: NOW },
        { ifChanged: ['role', 'email', 'phone', 'languages', 'visibility', 'publicationBasis'] },
      );
      if (updated) {
        result.contacts.updated += 1;
        continue;
      }
      const inserted = await insertRow(manager, ContactEntity, values, { unlessExists: ['organisationId', 'name'] });
      if (inserted) result.contacts.inserted += 1;
      else result.contacts.unchanged += 1;
    }
  }

  for (const org of DEMO_ORGANISATIONS) {
    for (const umbrella of org.memberOf ?? []) {
      const memberId = ids.get(org.name);
      const umbrellaId = ids.get(umbrella);
      if (!memberId || !umbrellaId) continue;
      const rows = await insertRows(manager, OrganisationMembershipEntity, [{ memberId, umbrellaId }], {
        conflict: { on: ['memberId', 'umbrellaId'] },
      });
      result.memberships.inserted += rows.length;
    }
  }

  const { organisations: o, contacts: c, memberships: m } = result;
  result.summary =
    `${DEMO_ORGANISATIONS.length - o.skipped.length} demo organisations (${o.inserted} new, ${o.updated} updated, ${o.unchanged} unchanged)` +
    `, contacts (${c.inserted} new, ${c.updated} updated, ${c.unchanged} unchanged), ${m.inserted} new umbrella memberships` +
    (o.skipped.length ? `; skipped because a real organisation holds the slug: ${o.skipped.join(', ')}` : '');
  return result;
}
