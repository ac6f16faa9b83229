import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { Config } from '../config';

export type { Logger };

/**
 * Fields that hold people's data or secrets wherever they appear in a log
 * entry (pino's path redaction): contact details, GraphQL variables and
 * inputs, and credentials.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'authorization',
  'secret',
  '*.secret',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'variables',
  '*.variables',
  'input',
  '*.input',
  'parameters',
  '*.parameters',
  'params',
  '*.params',
];

/** An e-mail address anywhere in a text. */
const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/**
 * A phone number as people write them: starting with + or 0 and with at
 * least one separator ("+49 561 123456", "0561/123456", "0561-12 34"), or
 * + and 7 to 15 digits. Plain digit runs (timestamps, durations, ids) are
 * not phone numbers.
 */
const PHONE = /(?<![\w.:/-])(?:\+\d{7,15}(?!\d)|(?:\+|0)\d{1,5}(?:[ /-]\d{1,8}){1,5})(?![\w.:-])/g;

/**
 * Removes e-mail addresses and phone numbers from a serialised log line:
 * the last line of defence behind the path redaction, for values inside
 * messages, error texts (a constraint's "Key (email)=(…)") and SQL.
 */
export function scrubPersonalData(line: string): string {
  return line.replace(EMAIL, '[e-mail]').replace(PHONE, '[phone]');
}

/**
 * JSON logs on stdout (pino); readable in development with `| npx
 * pino-pretty`. Logs never hold contact e-mail addresses or phone numbers
 * (docs/datenschutz.md): paths that carry them are redacted, and every line
 * is scrubbed before it is written. `destination`: another stream (tests).
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { service: 'wir-hub' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: scrubPersonalData },
  };
  return destination ? pino(options, destination) : pino(options);
}
