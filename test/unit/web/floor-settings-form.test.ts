/** The floor-settings editor: at most four indicators, thresholds as numbers or none, limits in minutes. */
import { describe, expect, it } from 'vitest';
import { limitMinutes, limitSeconds, parseThreshold, setThreshold, toggleIndicator } from '../../../src/web/floor-settings/settings-form.js';

describe('the floor settings form', () => {
  it('given four indicators chosen when a fifth is ticked then nothing changes, and unticking one frees a place', () => {
    const four = ['waiting', 'longestWait', 'available', 'notReady'];
    expect(toggleIndicator(four, 'online', true, 4)).toEqual(four);
    expect(toggleIndicator(four, 'available', false, 4)).toEqual(['waiting', 'longestWait', 'notReady']);
    expect(toggleIndicator(['waiting'], 'online', true, 4)).toEqual(['waiting', 'online']);
  });

  it.each([
    ['', null],
    ['  ', null],
    ['0', 0],
    ['2.5', 2.5],
    ['-1', -1],
    ['abc', undefined],
  ])('given the threshold field %j then it reads %s', (text, value) => {
    expect(parseThreshold(text)).toBe(value);
  });

  it('given a threshold for chats when one for calls is set then both are kept', () => {
    expect(setThreshold({ waiting: { chat: 5 } }, 'waiting', 'voice', 2)).toEqual({ waiting: { chat: 5, voice: 2 } });
  });

  it('given a limit typed in minutes then seconds are stored, and shown back in minutes', () => {
    expect(limitSeconds('1.5')).toBe(90);
    expect(limitSeconds('')).toBeNull();
    expect(limitSeconds('x')).toBeUndefined();
    expect(limitMinutes(90)).toBe('1.5');
    expect(limitMinutes(null)).toBe('');
  });
});
