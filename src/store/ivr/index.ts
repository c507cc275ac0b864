export { FlowVersionsRepo } from './flow-versions-repo.js';
export { IvrTracesRepo } from './traces-repo.js';
export { IvrCallDataRepo, IvrMessagesRepo, type StoredMessage } from './call-data-repo.js';
export { IvrConfigLookup } from './config-lookup.js';
