import fs from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { COURSES, type CourseLevel, type CourseRecord } from './courses.data.ts';

/** The subgraph's SDL (schema.graphql beside src/), the file the hub's supergraph config composes. */
export const SCHEMA_FILE = path.join(import.meta.dirname, '..', 'schema.graphql');

/**
 * The hub's global IDs of the organisations and municipalities our records
 * name by slug. A real partner stores the hub's IDs with its own records once
 * (they never change); this demo looks them up when it starts (see linkToHub).
 */
export interface HubIds {
  organisations: ReadonlyMap<string, string>;
  municipalities: ReadonlyMap<string, string>;
}

/**
 * Looks up the hub IDs of every provider and municipality of the demo data
 * through the hub's public API (anonymous: organisations and municipalities
 * are public). Fails with a clear message when one is missing.
 */
export async function linkToHub(hubUrl: string): Promise<HubIds> {
  const slugs = [...new Set(COURSES.map((course) => course.providerSlug))];
  const aliases = slugs.map((slug, index) => `o${index}: organisation(slug: ${JSON.stringify(slug)}) { id slug }`);
  const response = await fetch(hubUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ municipalities { id slug } ${aliases.join(' ')} }` }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as {
    data?: Record<string, { id: string; slug: string } | null> & { municipalities?: Array<{ id: string; slug: string }> };
    errors?: Array<{ message: string }>;
  };
  if (!body.data?.municipalities) {
    throw new Error(`the hub at ${hubUrl} answered no data: ${body.errors?.map((error) => error.message).join('; ')}`);
  }
  const municipalities = new Map(body.data.municipalities.map((m) => [m.slug, m.id]));
  const organisations = new Map<string, string>();
  slugs.forEach((slug, index) => {
    const found = body.data![`o${index}`] as { id: string } | null | undefined;
    if (!found) throw new Error(`the hub has no organisation "${slug}": load its demo data first (npx wir-hub seed --demo)`);
    organisations.set(slug, found.id);
  });
  for (const course of COURSES) {
    if (!municipalities.has(course.place.municipalitySlug)) {
      throw new Error(`the hub has no municipality "${course.place.municipalitySlug}"`);
    }
  }
  return { organisations, municipalities };
}

interface CourseFilter {
  municipalitySlug?: string | null;
  level?: CourseLevel | null;
  free?: boolean | null;
}

function byStart(a: CourseRecord, b: CourseRecord): number {
  return a.startsOn.localeCompare(b.startsOn) || a.id.localeCompare(b.id);
}

function findCourses(filter: CourseFilter): CourseRecord[] {
  return COURSES.filter(
    (course) =>
      (filter.municipalitySlug == null || course.place.municipalitySlug === filter.municipalitySlug) &&
      (filter.level == null || course.level === filter.level) &&
      (filter.free == null || (course.feeEuros === null) === filter.free),
  ).sort(byStart);
}

/**
 * The resolvers. Entities owned by wir-hub (Organisation, Municipality) are
 * returned as references (`{ id }`): the gateway asks the hub for the rest,
 * with the caller's own API key, so the hub's privacy rules apply.
 */
function resolvers(ids: HubIds) {
  const slugOf = (map: ReadonlyMap<string, string>, id: string) => [...map].find(([, value]) => value === id)?.[0];
  return {
    Query: {
      courses: (_: unknown, filter: CourseFilter) => findCourses(filter),
      course: (_: unknown, { id }: { id: string }) => COURSES.find((course) => course.id === id) ?? null,
    },
    Course: {
      __resolveReference: ({ id }: { id: string }) => COURSES.find((course) => course.id === id) ?? null,
      schedule: (course: CourseRecord) => course,
      place: ({ place }: CourseRecord) => ({
        name: place.name,
        address: {
          street: place.street,
          postalCode: place.postalCode,
          locality: place.locality,
          municipality: { id: ids.municipalities.get(place.municipalitySlug) },
          location: { latitude: place.latitude, longitude: place.longitude },
        },
      }),
      free: (course: CourseRecord) => course.feeEuros === null,
      provider: (course: CourseRecord) => ({ id: ids.organisations.get(course.providerSlug) }),
      demo: () => true,
    },
    Organisation: {
      __resolveReference: (reference: { id: string }) => reference,
      courses: ({ id }: { id: string }) => {
        const slug = slugOf(ids.organisations, id);
        return COURSES.filter((course) => slug !== undefined && course.providerSlug === slug).sort(byStart);
      },
    },
    Municipality: {
      __resolveReference: (reference: { id: string }) => reference,
      courses: ({ id }: { id: string }) => {
        const slug = slugOf(ids.municipalities, id);
        return slug === undefined ? [] : findCourses({ municipalitySlug: slug });
      },
    },
  };
}

/** The executable subgraph schema (SDL from schema.graphql, resolvers above). */
export function buildCoursesSchema(ids: HubIds): GraphQLSchema {
  const typeDefs = parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers(ids) as unknown as GraphQLResolverMap }]);
}
