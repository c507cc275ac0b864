import type { CustomerLevel } from '../core/vocabulary.js';
import type { Stamped } from '../directory/model.js';

/** The free profile section: nothing in it is checked beyond its type. */
export interface CustomerProfile {
  age?: number;
  gender?: string;
  preferences?: string;
  needs?: string;
}

/** A value of an admin-defined custom field: text and choice as text, date as YYYY-MM-DD. */
export type CustomValue = string | number;

/** An id on a messaging platform (WeChat, WhatsApp, ...). */
export interface MessagingId {
  platform: string;
  id: string;
}

/** A customer as the API, the screen-pop and the queues' VIP boost see them. */
export interface CustomerInput {
  name: string;
  company?: string;
  level?: CustomerLevel;
  phones?: string[];
  emails?: string[];
  /** Chat visitor ids (chat_visitors.id) of this customer. */
  chatVisitors?: string[];
  messaging?: MessagingId[];
  tags?: string[];
  notes?: string;
  profile?: CustomerProfile;
  /** Values of custom fields by key; `null` clears one. */
  custom?: Record<string, CustomValue | null>;
}
export interface Customer extends Stamped {
  name: string;
  company: string;
  level: CustomerLevel;
  /** Normalized: digits with an optional leading `+`. */
  phones: string[];
  /** Lower-cased. */
  emails: string[];
  chatVisitors: string[];
  messaging: MessagingId[];
  tags: string[];
  notes: string;
  profile: CustomerProfile;
  custom: Record<string, CustomValue>;
}

/** Part of a customer to change; what is absent stays as it is. */
export type CustomerPatch = Partial<CustomerInput>;

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'choice'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** A field an admin adds to every customer's profile. */
export interface CustomFieldInput {
  /** How values are keyed in `custom` (`contract_no`): lower case, digits, underscores. */
  key: string;
  label: string;
  type: CustomFieldType;
  /** The allowed values of a `choice` field; none for the other types. */
  options?: string[];
  position?: number;
}
export interface CustomField extends Stamped {
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  position: number;
}
