/**
 * Wiring, not domain: the CRM lookup over its settings row, its HTTP client and the directory,
 * and the two routing ports calls and chat take from it (the caller's number normalized; the
 * visitor with the identities of the customer holding their visitor id).
 */
import type { Kysely } from 'kysely';
import type { CallerRoutingPort } from '../calls/ports.js';
import type { VisitorRoutingPort } from '../chat/ports.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { CrmAnswer } from '../customers/crm-lookup.js';
import { CrmLookupService, type CrmSubject } from '../customers/crm-lookup-service.js';
import { normalizePhone } from '../customers/phone-number.js';
import type { DirectoryReaders } from '../directory/ports.js';
import type { MetricsRegistry } from '../metrics/registry.js';
import { FetchCrmHttp, type CrmHttpOptions } from '../outbound-http/crm-client.js';
import { KyselyCrmSettingsStore } from '../store/customers/crm-settings-repo.js';
import type { Database } from '../store/schema.js';

export interface Crm {
  service: CrmLookupService;
  /** Who a caller is (their number as the PBX gave it, normalized here). */
  callerSubject(number: string): CrmSubject | undefined;
  /** Who a visitor is: their id, and the phones and emails of the customer holding it. */
  visitorSubject(visitorId: string): Promise<CrmSubject>;
  callerRouting: CallerRoutingPort;
  visitorRouting: VisitorRoutingPort;
  /** The answer about a caller's number for the screen-pop (undefined: nothing known or no answer). */
  callerAnswer(number: string): Promise<CrmAnswer | undefined>;
}

export function createCrm(d: { db: Kysely<Database>; clock: Clock; logger: Logger; metrics: MetricsRegistry; directory: DirectoryReaders; http?: CrmHttpOptions }): Crm {
  const lookups = d.metrics.counter('switchboard_crm_lookups_total', 'CRM lookups by outcome (answer, not_found, timeout, http_error, unreachable, bad_answer) and source (endpoint, cache)', ['outcome', 'source']);
  const service = new CrmLookupService({
    store: new KyselyCrmSettingsStore(d.db, d.clock),
    http: new FetchCrmHttp(d.http ?? {}),
    clock: d.clock,
    log: d.logger.child({ component: 'crm' }),
    counted: (outcome, source) => lookups.inc({ outcome, source }),
    queueMedia: async (id) => (await d.directory.queues.find(id))?.media,
  });
  const callerSubject = (number: string): CrmSubject | undefined => {
    const phone = normalizePhone(number);
    return phone ? { kind: 'caller', phone } : undefined;
  };
  const visitorSubject = async (visitorId: string): Promise<CrmSubject> => {
    const c = await d.directory.customers.findByChatVisitor(visitorId);
    const identities = c ? [...c.phones.map((value) => ({ kind: 'phone', value })), ...c.emails.map((value) => ({ kind: 'email', value }))] : [];
    return { kind: 'visitor', visitorId, identities };
  };
  return {
    service,
    callerSubject,
    visitorSubject,
    callerRouting: async (number) => {
      const subject = callerSubject(number);
      return subject ? service.routing(subject, 'voice') : undefined;
    },
    callerAnswer: async (number) => {
      const subject = callerSubject(number);
      return subject ? (await service.lookup(subject)).answer : undefined;
    },
    visitorRouting: async (visitorId) => (service.enabled() ? service.routing(await visitorSubject(visitorId), 'chat') : undefined),
  };
}
