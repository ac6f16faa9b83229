import type { EntityManager } from 'typeorm';
import { queryRows } from '../db/query-rows';
import { badInput } from '../shared/errors';
import { parseGlobalId } from '../shared/global-id';
import { cleanText } from '../shared/text';
import type { OrganisationEntity } from './organisation.entity';
import type { AddressInput } from './organisation.inputs';
import type { Address } from './organisation.types';

/** The address columns an organisation or an event has (entity properties). */
export interface AddressColumns {
  street: string | null;
  postalCode: string | null;
  locality: string | null;
  municipalityId: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** The address properties, in one list for every read that needs an address (organisations and events). */
export const ADDRESS_PROPERTIES = [
  'street',
  'postalCode',
  'locality',
  'municipalityId',
  'latitude',
  'longitude',
] as const satisfies ReadonlyArray<keyof AddressColumns>;

/**
 * Address columns from an address input, checked (the municipality must
 * exist): the whole address is replaced, and null clears it. The one parser
 * of `AddressInput`, for organisations and events.
 */
export async function addressFromInput(manager: EntityManager, address: AddressInput | null): Promise<AddressColumns> {
  const municipalityId = address?.municipalityId
    ? parseGlobalId(address.municipalityId, 'Municipality', 'input.address.municipalityId')
    : null;
  if (municipalityId) {
    const rows = await queryRows(manager, 'SELECT 1 FROM municipality WHERE id = $1', [municipalityId]);
    if (!rows.length) throw badInput('input.address.municipalityId', 'no municipality has this ID.');
  }
  return {
    street: cleanText(address?.street, 'input.address.street'),
    postalCode: address?.postalCode ?? null,
    locality: cleanText(address?.locality, 'input.address.locality'),
    municipalityId,
    latitude: address?.location?.latitude ?? null,
    longitude: address?.location?.longitude ?? null,
  };
}

/** An organisation's address columns (an event at a venue takes the venue's). */
export function addressColumnsOf(organisation: OrganisationEntity): AddressColumns {
  const { street, postalCode, locality, municipalityId, latitude, longitude } = organisation;
  return { street, postalCode, locality, municipalityId, latitude, longitude };
}

/** The address of an organisation or event, as the `Address` type shows it, or null when it has none. */
export function addressOf(row: AddressColumns): (Omit<Address, 'municipality'> & { municipalityId: string | null }) | null {
  const { street, postalCode, locality, municipalityId, latitude, longitude } = row;
  if (!street && !postalCode && !locality && !municipalityId && latitude === null) return null;
  const location = latitude !== null && longitude !== null ? { latitude, longitude } : null;
  return { street, postalCode, locality, municipalityId, location };
}
