import { randomUUID } from 'node:crypto';
import { globalId, parseAnyGlobalId, parseGlobalId } from '../../src/shared/global-id';

/** The Relay convention, as graphql-relay's toGlobalId writes it: base64 of the UTF-8 bytes of "Type:id". */
const relay = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');

test('a global ID is base64 of the UTF-8 bytes of "Type:id", for ASCII and for any other text', () => {
  const ids = [randomUUID(), randomUUID(), '42', '', 'a~b c'];
  for (const type of ['Event', 'Organisation', 'Municipality', 'EventOrganiser'])
    for (const id of ids) expect(globalId(type, id)).toBe(relay(type, id));
  // Latin-1 and beyond: btoa would encode "ü" as one byte (and refuse "€"); the UTF-8 path gives Relay's bytes.
  for (const id of ['Grün', 'Café €', 'مسجد', 'tab\there', 'line\nbreak']) expect(globalId('Event', id)).toBe(relay('Event', id));
  expect(globalId('Event', 'Grün')).toBe('RXZlbnQ6R3LDvG4=');
});

test('what globalId writes, parseGlobalId reads back; malformed and foreign IDs are refused naming the field', () => {
  const id = randomUUID();
  expect(parseAnyGlobalId(globalId('Organisation', id))).toEqual({ type: 'Organisation', id });
  expect(parseGlobalId(globalId('Event', id), 'Event', 'eventId')).toBe(id);
  const refusal = (value: string) => {
    try {
      parseGlobalId(value, 'Event', 'eventId');
    } catch (error) {
      return error;
    }
    return undefined;
  };
  expect(refusal(globalId('Organisation', id))).toMatchObject({
    message: expect.stringMatching(/expected the ID of Event/),
    extensions: { code: 'BAD_USER_INPUT', field: 'eventId' },
  });
  expect(refusal('not base64!')).toMatchObject({
    message: expect.stringMatching(/^eventId: "not base64!" is not a valid ID/),
    extensions: { code: 'BAD_USER_INPUT', field: 'eventId' },
  });
});
