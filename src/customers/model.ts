import type { CustomerLevel } from '../core/vocabulary.js';
import type { Stamped } from '../directory/model.js';

/** A customer as the API, the screen-pop and the queues' VIP boost see them. */
export interface CustomerInput {
  name: string;
  level?: CustomerLevel;
  phones?: string[];
  emails?: string[];
  tags?: string[];
  notes?: string;
}
export interface Customer extends Stamped {
  name: string;
  level: CustomerLevel;
  /** Normalized: digits with an optional leading `+`. */
  phones: string[];
  emails: string[];
  tags: string[];
  notes: string;
}
