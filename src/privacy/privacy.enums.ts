import { registerEnumType } from 'type-graphql';

/** What an erasure was about. */
export enum ErasureScope {
  CONTACT = 'CONTACT',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
}
registerEnumType(ErasureScope, {
  name: 'ErasureScope',
  description: 'What an erasure removed (the values themselves are never recorded).',
  valuesConfig: {
    CONTACT: { description: 'One contact and its traces (`eraseContact`).' },
    EMAIL: { description: 'Everything held under one e-mail address (`erasePersonalData(input: { email })`).' },
    PHONE: { description: 'Everything held under one phone number (`erasePersonalData(input: { phone })`).' },
  },
});
