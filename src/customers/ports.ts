import type { Page, PageRequest } from '../core/paging.js';
import type { CustomerLevel } from '../core/vocabulary.js';
import type { Customer, CustomerInput, CustomerPatch, CustomField, CustomFieldInput } from './model.js';

/** Ports of the customers domain; src/store/config/customers-repo.ts implements them over kysely. */

export interface CustomerFilter extends PageRequest {
  /** Part of the name, any case. */
  q?: string;
  /** A phone number in any common notation; matches customers holding it. */
  phone?: string;
  tag?: string;
  level?: CustomerLevel;
}

/** Reads: the customer list, the screen-pop's lookup by caller id. */
export interface CustomerReader {
  list(filter?: CustomerFilter): Promise<Page<Customer>>;
  find(id: string): Promise<Customer | undefined>;
  /** NOT_FOUND when there is none. */
  get(id: string): Promise<Customer>;
  /** Customers holding a phone number (screen-pop); usually one, possibly several. */
  findByPhone(phone: string): Promise<Customer[]>;
  /** The customer holding a chat visitor id (the chat's screen-pop); at most one. */
  findByChatVisitor(visitorId: string): Promise<Customer | undefined>;
  /** The customer holding an e-mail address (any case). */
  findByEmail(email: string): Promise<Customer | undefined>;
  /** By name (prefix, substring, fuzzy) or any identity, best match first (search-query.ts). */
  search(text: string, limit: number): Promise<Customer[]>;
}

/** A change with the customer before it, for the audit entry's list of changed fields. */
export interface CustomerChange {
  before: Customer;
  after: Customer;
}

/**
 * Writes check the input (VALIDATION_FAILED naming the field), custom values against the
 * definitions (CUSTOMER_FIELD_UNKNOWN / _INVALID) and identities held by another customer
 * (CUSTOMER_IDENTITY_TAKEN); nothing is stored when one fails.
 */
export interface CustomerRepository extends CustomerReader {
  create(input: CustomerInput): Promise<Customer>;
  update(id: string, input: CustomerInput): Promise<Customer>;
  /** Changes what the patch names; the rest stays. */
  patch(id: string, patch: CustomerPatch): Promise<CustomerChange>;
  delete(id: string): Promise<void>;
}

/** The admin-defined custom fields of the profile. */
export interface CustomFieldReader {
  list(filter?: PageRequest): Promise<Page<CustomField>>;
  all(): Promise<CustomField[]>;
  get(id: string): Promise<CustomField>;
}

/** Changing a field's key or type, or deleting it, under values customers hold is CONFLICT. */
export interface CustomFieldRepository extends CustomFieldReader {
  create(input: CustomFieldInput): Promise<CustomField>;
  update(id: string, input: CustomFieldInput): Promise<CustomField>;
  delete(id: string): Promise<void>;
}
