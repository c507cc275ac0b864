/**
 * Part of the composition root: the agent toolbar's services over the store, the configuration,
 * the routing engine and call handling (screen-pop, wrap-up, the reads behind the agent's day and
 * recent numbers).
 */
import type { Kysely } from 'kysely';
import type { RoutingService } from '../acd/routing-service.js';
import type { DirectorySource } from '../api/http/toolbar/directory.js';
import type { CallControl } from '../calls/call-control.js';
import { ScreenPopService, type ScreenPopDeps } from '../calls/screen-pop.js';
import { WrapUpService } from '../calls/wrap-up-service.js';
import type { Clock } from '../core/clock.js';
import { isAppError } from '../core/errors.js';
import { allItems } from '../core/paging.js';
import { CustomerRecordService } from '../customers/customer-record.js';
import { CustomerTimelineService } from '../customers/customer-timeline.js';
import { CustomerTimelineRepo } from '../store/customers/customer-timeline-repo.js';
import { phoneLookupForms } from '../customers/phone-number.js';
import type { DirectoryReaders } from '../directory/ports.js';
import type { TraceStore } from '../ivr/ports.js';
import { KyselyOfferHistory } from '../store/acd/offer-history-repo.js';
import { KyselyCallHistory } from '../store/calls/call-history-repo.js';
import type { KyselyCallStore } from '../store/calls/call-repository.js';
import type { Database } from '../store/schema.js';

export interface ToolbarServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  directory: DirectoryReaders;
  acd: RoutingService;
  callStore: KyselyCallStore;
  calls: Pick<CallControl, 'view'>;
  traces: Pick<TraceStore, 'getTrace'>;
  /** The CRM's answer about a caller (wiring/crm.ts); absent without one. */
  crmByNumber?: ScreenPopDeps['crmByNumber'];
}

export interface ToolbarServices {
  /** The transfer picker's directory: configured agents and queues with the engine's live figures. */
  directory: DirectorySource;
  callHistory: KyselyCallHistory;
  offerHistory: KyselyOfferHistory;
  screenPop: ScreenPopService;
  wrapUp: WrapUpService;
  /** The customer page behind the screen-pop's link. */
  customerRecord: CustomerRecordService;
  /** The customer page's timeline: calls, chats, tickets. */
  customerTimeline: CustomerTimelineService;
}

export function createToolbarServices(d: ToolbarServiceDeps): ToolbarServices {
  const { clock, directory, acd, callStore } = d;
  const callHistory = new KyselyCallHistory(d.db);
  const liveCall = (callId: string) => {
    try {
      return d.calls.view(callId);
    } catch (err) {
      // Not in progress (ended, or never was): the stored record answers instead.
      if (isAppError(err, 'NOT_FOUND')) return undefined;
      throw err;
    }
  };
  const numberForms = (number: string): string[] => {
    const forms = phoneLookupForms(number);
    // A caller id that is no phone number (anonymous, a SIP user) matches only itself.
    return forms.length > 0 ? forms : [number];
  };
  const queueName = async (id: string) => (await directory.queues.find(id))?.name;
  const agentName = async (id: string) => (await directory.agents.find(id))?.displayName;
  const screenPop = new ScreenPopService({
    clock,
    liveCall,
    records: callStore,
    history: callHistory,
    traces: { stepsOf: async (callId) => (await d.traces.getTrace(callId))?.steps },
    customerByNumber: async (number) => {
      const [c] = (await directory.customers.list({ phone: number, limit: 1 })).items;
      return c ? { id: c.id, name: c.name, ...(c.company ? { company: c.company } : {}), level: c.level, tags: c.tags, numbers: c.phones } : undefined;
    },
    numberForms,
    queuedSince: (callId) => {
      try {
        // The call's first queue visit is the engine contact named after the call.
        return acd.contact(callId).enqueuedAt;
      } catch (err) {
        // No longer held by the engine (or never queued): the stored timeline says when.
        if (isAppError(err, 'NOT_FOUND')) return undefined;
        throw err;
      }
    },
    queueName,
    agentName,
    ...(d.crmByNumber ? { crmByNumber: d.crmByNumber } : {}),
  });
  const customerRecord = new CustomerRecordService({
    now: () => clock.now(),
    customer: (id) => directory.customers.find(id),
    history: callHistory,
    numberForms,
    queueName,
    agentName,
  });
  const wrapUp = new WrapUpService({
    clock,
    records: callStore,
    store: callStore,
    dispositions: directory.dispositions,
    liveCall,
    wrapUpContacts: (agentId) => {
      try {
        return acd.agentSnapshot(agentId).work.filter((w) => w.phase === 'wrap_up').map((w) => w.contactId);
      } catch (err) {
        // An agent the engine does not know is in no wrap-up.
        if (isAppError(err, 'NOT_FOUND')) return [];
        throw err;
      }
    },
  });
  const transferDirectory: DirectorySource = {
    agents: () => allItems((page) => directory.agents.list(page)),
    queues: () => allItems((page) => directory.queues.list(page)),
    stateOf: (id) => {
      try {
        return acd.agentSnapshot(id).state;
      } catch (err) {
        // Configured but not known to the engine yet: shown logged out.
        if (isAppError(err, 'NOT_FOUND')) return undefined;
        throw err;
      }
    },
    waiting: () => {
      // The engine's kept count per queue, not a walk over every waiting contact.
      return new Map(acd.queueIds().map((queueId) => [queueId, acd.queueFigures(queueId).waiting.total]));
    },
  };
  const customerTimeline = new CustomerTimelineService({
    customer: (id) => directory.customers.find(id),
    source: new CustomerTimelineRepo(d.db),
    agentName,
    queueName,
  });
  return { directory: transferDirectory, callHistory, offerHistory: new KyselyOfferHistory(d.db), screenPop, wrapUp, customerRecord, customerTimeline };
}
