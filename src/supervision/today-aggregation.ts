/**
 * The day's figures folded from stored rows. The definitions (which call counts as what) live in
 * src/core/call-figures.ts, shared with the reports (src/reports/) so that both agree.
 */
export { DEFAULT_SERVICE_LEVEL_MS, groupFigures, isAbandonedInIvr, isAbandonedInQueue, isAnswered, isOffered, waitMs, wrapUpByCall, type GroupInput, type CallGroupFigures } from '../core/call-figures.js';
