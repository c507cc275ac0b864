/**
 * A customer's calls as the customer page shows them beside the profile: the calls with any of
 * the customer's numbers, newest first, with who took them and from which queue.
 *
 * Calls are found by number, as the screen-pop finds them (every stored notation of each number),
 * because calls are stored with the numbers the media server reported, not a customer id.
 */
import { AppError } from '../core/errors.js';
import type { CallRecord } from '../calls/call-model.js';
import type { CallHistoryReader } from '../calls/history-ports.js';
import { NameCache } from './name-cache.js';

/** What the calls are found by. */
export interface CustomerNumbers {
  id: string;
  phones: string[];
}

export interface CustomerCall {
  id: string;
  direction: 'inbound' | 'outbound';
  /** The customer's number on this call. */
  number: string;
  startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  outcome?: string;
  agentName?: string;
  queueName?: string;
}

export interface CustomerRecordDeps {
  now(): number;
  customer(id: string): Promise<CustomerNumbers | undefined>;
  history: Pick<CallHistoryReader, 'callsWithNumber'>;
  /** Every stored notation of a number that should match it. */
  numberForms(number: string): string[];
  queueName(queueId: string): Promise<string | undefined>;
  agentName(agentId: string): Promise<string | undefined>;
}

/** Enough for a page; older calls belong to the call records search. */
export const CUSTOMER_CALLS = 50;

export class CustomerRecordService {
  constructor(private readonly deps: CustomerRecordDeps) {}

  /** NOT_FOUND for no such customer. */
  async calls(customerId: string): Promise<CustomerCall[]> {
    const customer = await this.deps.customer(customerId);
    if (!customer) throw new AppError('NOT_FOUND', `No customer ${customerId}`, { customerId });
    const forms = [...new Set(customer.phones.flatMap((p) => this.deps.numberForms(p)))];
    // Strictly before "now + 1": a call that started this millisecond is included.
    const found = forms.length > 0 ? await this.deps.history.callsWithNumber(forms, this.deps.now() + 1, '', CUSTOMER_CALLS) : [];
    const names = new NameCache(this.deps);
    return Promise.all(found.map((c) => this.call(c, names)));
  }

  private async call(c: CallRecord, names: NameCache): Promise<CustomerCall> {
    const [agentName, queueName] = await Promise.all([c.agentId ? names.agent(c.agentId) : undefined, c.queueId ? names.queue(c.queueId) : undefined]);
    return {
      id: c.id,
      direction: c.direction,
      number: c.direction === 'inbound' ? c.from : c.to,
      startedAt: c.startedAt,
      ...(c.answeredAt !== undefined ? { answeredAt: c.answeredAt } : {}),
      ...(c.endedAt !== undefined ? { endedAt: c.endedAt } : {}),
      ...(c.outcome ? { outcome: c.outcome } : {}),
      ...(agentName ? { agentName } : {}),
      ...(queueName ? { queueName } : {}),
    };
  }
}
