import { Directory1764000000000 } from './1764000000000-directory';
import { Events1764100000000 } from './1764100000000-events';
import { EventSearch1764150000000 } from './1764150000000-event-search';
import { ChangeLogSnapshot1764450000000 } from './1764450000000-change-log-snapshot';
import { Matching1764500000000 } from './1764500000000-matching';
import { OrganisationNameWords1764600000000 } from './1764600000000-organisation-name-words';
import { Calendars1764700000000 } from './1764700000000-calendars';
import { CalendarSources1764800000000 } from './1764800000000-calendar-sources';
import { Reliability1764900000000 } from './1764900000000-reliability';
import { DirectoryChanges1765000000000 } from './1765000000000-directory-changes';
import { Webhooks1765010000000 } from './1765010000000-webhooks';
import { TokenBuckets1765020000000 } from './1765020000000-token-buckets';
import { Privacy1765100000000 } from './1765100000000-privacy';
import { OrganisationKindOrder1765200000000 } from './1765200000000-organisation-kind-order';

/** Every migration, oldest first. A new migration is added here and nowhere else. */
export const migrations = [
  Directory1764000000000,
  Events1764100000000,
  EventSearch1764150000000,
  ChangeLogSnapshot1764450000000,
  Matching1764500000000,
  OrganisationNameWords1764600000000,
  Calendars1764700000000,
  CalendarSources1764800000000,
  Reliability1764900000000,
  DirectoryChanges1765000000000,
  Webhooks1765010000000,
  TokenBuckets1765020000000,
  Privacy1765100000000,
  OrganisationKindOrder1765200000000,
];
