import { BROWSER_EXTENSION_PATTERN, BROWSER_EXTENSION_RULE } from '../accounts/user-phones.js';
import { validationError } from '../core/errors.js';
import type { AgentInput } from './model.js';

/** Agent rules JSON schema cannot express. Pure: the repository adds the checks against stored rows. */

/** Chats an agent takes at once unless configured otherwise. */
export const DEFAULT_CHAT_CAPACITY = 3;

/** Fails (VALIDATION_FAILED) on a blank number or name, or a phone binding that cannot ring. */
export function requireAgentShape(input: AgentInput): void {
  const blank = (['number', 'displayName'] as const).filter((k) => input[k].trim() === '');
  if (blank.length > 0) throw validationError(blank.map((k) => ({ where: `/${k}`, reason: 'must not be blank' })));
  if (input.phone.mode === 'fixed' && input.phone.extension.trim() === '') {
    throw validationError([{ where: '/phone/extension', reason: 'must not be blank' }]);
  }
  if (input.phone.mode === 'browser' && !BROWSER_EXTENSION_PATTERN.test(input.phone.extension.trim())) {
    throw validationError([{ where: '/phone/extension', reason: `a browser phone needs the name of its WebRTC endpoint: ${BROWSER_EXTENSION_RULE}` }]);
  }
}
