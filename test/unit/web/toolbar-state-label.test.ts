/** The toolbar names the agent's own state: an agent serving chats only is "in a chat", not "on a call". */
import { describe, expect, it } from 'vitest';
import { deskStateKey, listedStateKey } from '../../../src/web/toolbar/state-labels.js';

describe("the toolbar's state name", () => {
  it.each([
    ['chats only', 'on_contact', ['chat', 'chat'], 'state.in_chat'],
    ['a call', 'on_contact', ['voice'], 'state.on_contact'],
    ['a call and a chat', 'on_contact', ['chat', 'voice'], 'state.on_contact'],
    ['a callback', 'on_contact', ['callback'], 'state.on_contact'],
    ['wrapping up a chat', 'wrap_up', ['chat'], 'state.wrap_up'],
    ['nothing', 'available', [], 'state.available'],
  ] as const)('given an agent with %s then the label is %s', (_what, state, media, key) => {
    expect(deskStateKey({ state, work: media.map((m) => ({ media: m })) })).toBe(key);
  });
});

describe("the console's state name of an agent on the list", () => {
  it.each([
    ['a chat', 'on_contact', 'chat', 'state.in_chat'],
    ['a call', 'on_contact', 'voice', 'state.on_contact'],
    ['a callback', 'on_contact', 'callback', 'state.on_contact'],
    ['nothing', 'available', null, 'state.available'],
    ['a chat in wrap-up', 'wrap_up', 'chat', 'state.wrap_up'],
  ] as const)('given an agent with %s then the label is %s', (_what, state, media, key) => {
    expect(listedStateKey({ state, contact: media === null ? null : { media } })).toBe(key);
  });
});
