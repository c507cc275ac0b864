/** JSON schemas of the custom fields an admin defines for customer profiles. */
import { CUSTOM_FIELD_TYPES } from '../../../customers/model.js';
import { stamps } from '../config/common-schemas.js';

const fields = {
  key: { type: 'string', minLength: 1, maxLength: 40, description: 'how values are keyed in a customer\'s custom: a-z, 0-9, _' },
  label: { type: 'string', minLength: 1, maxLength: 100 },
  type: { type: 'string', enum: CUSTOM_FIELD_TYPES },
  options: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 100, description: 'the choices of a choice field' },
  position: { type: 'integer', minimum: 0, maximum: 10_000 },
} as const;

export const customFieldInput = { type: 'object', required: ['key', 'label', 'type'], additionalProperties: false, properties: fields } as const;
export const customFieldView = {
  type: 'object',
  required: ['id', 'key', 'label', 'type', 'options', 'position', 'createdAt', 'updatedAt'],
  properties: { ...stamps, ...fields },
} as const;
