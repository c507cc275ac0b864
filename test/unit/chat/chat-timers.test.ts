import { describe, expect, it } from 'vitest';
import { ChatTimers, DEFAULT_CHAT_TIMERS } from '../../../src/chat/chat-timers.js';
import { FakeClock } from '../../../src/core/clock.js';

function world() {
  const clock = new FakeClock();
  const fired: string[] = [];
  const timers = new ChatTimers(clock, DEFAULT_CHAT_TIMERS, {
    onAgentSilent: (id, ms) => fired.push(`agent_silent ${id} ${ms}`),
    onVisitorReminder: (id) => fired.push(`reminder ${id}`),
    onVisitorGone: (id) => fired.push(`gone ${id}`),
  });
  return { clock, fired, timers };
}
const MIN = 60_000;

describe('chat conversation timers', () => {
  it('given a visitor message unanswered when 5 minutes pass then the agent is alerted once', () => {
    const { clock, fired, timers } = world();
    timers.visitorSpoke('c1');
    clock.advance(5 * MIN - 1);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([`agent_silent c1 ${5 * MIN}`]);
    clock.advance(30 * MIN);
    expect(fired).toHaveLength(1);
  });

  it('given a second visitor message when the agent is still silent then the alert keeps the first message as its start', () => {
    const { clock, fired, timers } = world();
    timers.visitorSpoke('c1');
    clock.advance(3 * MIN);
    timers.visitorSpoke('c1');
    clock.advance(2 * MIN);
    expect(fired).toEqual([`agent_silent c1 ${5 * MIN}`]);
  });

  it('given the agent answers within 5 minutes then no alert', () => {
    const { clock, fired, timers } = world();
    timers.visitorSpoke('c1');
    clock.advance(4 * MIN);
    timers.agentSpoke('c1');
    timers.visitorSpoke('c1');
    clock.advance(4 * MIN);
    expect(fired).toEqual([]);
  });

  it('given an agent message unanswered then a reminder at 5 minutes and the end at 8', () => {
    const { clock, fired, timers } = world();
    timers.agentSpoke('c1');
    clock.advance(5 * MIN);
    expect(fired).toEqual(['reminder c1']);
    clock.advance(3 * MIN);
    expect(fired).toEqual(['reminder c1', 'gone c1']);
  });

  it('given the visitor answers after the reminder then the chat does not close', () => {
    const { clock, fired, timers } = world();
    timers.agentSpoke('c1');
    clock.advance(6 * MIN);
    timers.visitorSpoke('c1');
    clock.advance(2 * MIN + 1);
    expect(fired).toEqual(['reminder c1']);
  });

  it('given a chat stopped then none of its timers fire and other chats keep theirs', () => {
    const { clock, fired, timers } = world();
    timers.agentSpoke('c1');
    timers.visitorSpoke('c2');
    timers.stop('c1');
    clock.advance(10 * MIN);
    expect(fired).toEqual([`agent_silent c2 ${5 * MIN}`]);
    expect(clock.pending()).toBe(0);
  });
});

describe('chat timers re-armed after a restart', () => {
  it('given the visitor spoke 3 minutes before the restart when the timers are re-armed from that message then the agent alert comes 2 minutes later, counting the whole silence', () => {
    const { clock, fired, timers } = world();
    clock.advance(10 * MIN);
    timers.visitorSpoke('c1', clock.now() - 3 * MIN);
    clock.advance(2 * MIN - 1);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([`agent_silent c1 ${5 * MIN}`]);
  });

  it('given the agent spoke 9 minutes before the restart (past the 8-minute close) when re-armed then the reminder and the close are due at once', () => {
    const { clock, fired, timers } = world();
    clock.advance(20 * MIN);
    timers.agentSpoke('c1', clock.now() - 9 * MIN);
    clock.advance(0);
    expect(fired).toEqual(['reminder c1', 'gone c1']);
  });
});
