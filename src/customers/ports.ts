import type { Page, PageRequest } from '../core/paging.js';
import type { CustomerLevel } from '../core/vocabulary.js';
import type { Customer, CustomerInput } from './model.js';

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
}

/** Writes check the input (VALIDATION_FAILED naming the field) and unique phones (CONFLICT). */
export interface CustomerRepository extends CustomerReader {
  create(input: CustomerInput): Promise<Customer>;
  update(id: string, input: CustomerInput): Promise<Customer>;
  delete(id: string): Promise<void>;
}
