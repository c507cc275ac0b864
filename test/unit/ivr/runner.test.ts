import { existsSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { harness, type Harness } from './fakes.js';

const flowFile = (name: string) => readFileSync(new URL(`../../../ivr-flows/${name}.yaml`, import.meta.url), 'utf8');
const EXAMPLES = ['main', 'vip-routing', 'after-hours', 'survey', 'order-status'];
const examples = () => Object.fromEntries(EXAMPLES.map((n) => [n, flowFile(n)]));

async function press(h: Harness, channelId: string, digits: string) {
  await h.sim.control.pressDigits(channelId, digits);
  await h.clock.advanceAsync(0);
}

describe('IVR runner on the simulated media server', () => {
  it('given office hours and a regular customer when the caller presses 1 then the call is queued for sales', async () => {
    const h = await harness(examples());
    h.http.answer = { level: 'silver', id: 'c-7', address: { region: 'north' } };
    const { channelId, result } = await h.call('+4930555', '+4930123450');
    await h.clock.advanceAsync(3000); // welcome
    await press(h, channelId, '1');
    const r = await result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'sales', priority: 0, skills: ['english'], flow: 'main', version: 1 });
    expect(r.variables).toMatchObject({ caller_number: '+4930555', customer_level: 'silver', customer_id: 'c-7', region: 'north', post_call_survey: 'survey' });
    expect(r.kind === 'queue' ? r.announcements : []).toEqual([{ kind: 'file', path: expect.stringContaining('/tmp/tts/All_our_sales') }]);
    expect(r.trace.steps.map((s) => s.node)).toEqual(['hours', 'welcome', 'survey_opt_in', 'vip_check', 'lookup', 'level', 'back', 'menu', 'sales']);
    expect(r.trace.steps.find((s) => s.node === 'menu')).toMatchObject({ digits: '1', result: '1' });
    expect(r.trace.steps.find((s) => s.node === 'welcome')).toMatchObject({ leftAt: expect.any(Number) });
    const welcome = r.trace.steps.find((s) => s.node === 'welcome');
    expect((welcome?.leftAt ?? 0) - (welcome?.enteredAt ?? 0)).toBe(3000);
    expect(h.http.calls[0]?.url).toBe('http://crm.example.internal/api/customers/by-phone/%2B4930555');
    expect(h.sim.control.farSide(channelId).answered).toBe(true);
    expect(h.traces.traces).toHaveLength(1);
    expect(h.events.filter((e) => e.type === 'ivr.finished')).toEqual([expect.objectContaining({ exit: 'queue', flow: 'main' })]);
  });

  it('given the nested support menu when the caller presses 2 then star then 2 then 1 then they reach billing via the menus', async () => {
    const h = await harness(examples());
    const { channelId, result } = await h.call('+4930555', '+4930123450');
    await h.clock.advanceAsync(3000);
    await press(h, channelId, '2');
    await press(h, channelId, '*');
    await press(h, channelId, '2');
    await press(h, channelId, '2');
    const r = await result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'billing' });
    expect(r.trace.steps.filter((s) => s.kind === 'menu').map((s) => `${s.node}:${s.digits}`)).toEqual([
      'menu:2',
      'support_menu:*',
      'menu:2',
      'support_menu:2',
    ]);
  });

  it('given a gold customer in the CRM when the call comes in then it goes to the VIP queue with priority and a tag', async () => {
    const h = await harness(examples());
    h.http.answer = { level: 'gold', id: 'c-1' };
    const { result } = await h.call('+4930111', '100');
    await h.clock.advanceAsync(3000);
    const r = await result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'vip', priority: 10, skills: ['vip'], tags: ['vip'] });
    expect(r.variables).toMatchObject({ vip: 'yes', customer_level: 'gold' });
  });

  it('given a CRM that does not answer when its timeout passes then the caller goes on to the menu', async () => {
    const h = await harness(examples());
    h.http.hang = true;
    const { channelId, result } = await h.call('+4930555', '100');
    await h.clock.advanceAsync(3000);
    await h.clock.advanceAsync(1499);
    expect(h.http.calls[0]?.signal.aborted).toBe(false);
    await h.clock.advanceAsync(1);
    expect(h.http.calls[0]?.signal.aborted).toBe(true);
    await press(h, channelId, '1');
    const r = await result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'sales' });
    expect(r.trace.steps.find((s) => s.node === 'lookup')?.result).toBe('timeout');
  });

  it('given a caller who presses nothing when every retry times out then the menu fails over to support', async () => {
    const h = await harness(examples());
    const { channelId, result } = await h.call('+4930555', '100');
    await h.clock.advanceAsync(3000);
    // attempt: prompt 3 s + 5 s timeout, then the no-input prompt 3 s; three attempts in all
    await h.clock.advanceAsync(8000);
    expect(h.sim.control.farSide(channelId).heardPrompts.filter((p) => p.includes('did_not_hear'))).toHaveLength(1);
    await h.clock.advanceAsync(3000 + 8000 + 3000);
    let settled = false;
    void result.then(() => (settled = true));
    await h.clock.advanceAsync(7999);
    expect(settled).toBe(false);
    await h.clock.advanceAsync(1);
    const r = await result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'support' });
    expect(r.trace.steps.find((s) => s.node === 'menu')).toMatchObject({ digits: '', result: 'fail' });
  });

  it('given a wrong key when the caller then presses a right one then the invalid prompt plays and the choice counts', async () => {
    const h = await harness(examples());
    const { channelId, result } = await h.call('+4930555', '100');
    await h.clock.advanceAsync(3000);
    await press(h, channelId, '5');
    await h.clock.advanceAsync(3000); // "not an option"
    await press(h, channelId, '1');
    const r = await result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'sales' });
    expect(h.sim.control.farSide(channelId).heardPrompts.some((p) => p.includes('not_an_option'))).toBe(true);
    expect(r.trace.steps.find((s) => s.node === 'menu')?.digits).toBe('51');
  });

  it('given the office is closed when a caller leaves a message then a message record is made, ivr.finished names it for the ticket system, and the call ends', async () => {
    const h = await harness(examples());
    h.calendar.state = 'holiday';
    const { channelId, result } = await h.call('+4930777', '100');
    await h.clock.advanceAsync(3000 + 3000); // closed notice, voicemail prompt
    await h.clock.advanceAsync(4000); // speaking (the simulated line is silent: 5 s of it would end the message)
    await press(h, channelId, '#');
    const r = await result;
    expect(r).toMatchObject({ kind: 'message', messageId: 'msg-1' });
    expect(h.messages).toEqual([expect.objectContaining({ mailbox: 'general', callerNumber: '+4930777', recordingName: `voicemail-call-${channelId}`, durationMs: 4000, team: null })]);
    expect(h.events.filter((e) => e.type === 'ivr.finished')).toEqual([expect.objectContaining({ exit: 'message', messageId: 'msg-1' })]);
    expect(r.trace.steps.map((s) => s.node)).toEqual(['hours', 'closed', 'closed', 'message']);
    expect(h.sim.control.farSide(channelId).answered).toBe(true);
    expect((await h.sim.snapshot()).channels.find((c) => c.id === channelId)).toBeUndefined();
  });

  it('given the callback offer when the caller accepts then the outcome asks for a callback to their number', async () => {
    const h = await harness(examples());
    const { channelId, result } = await h.call('+4930888', '100');
    await h.clock.advanceAsync(3000);
    await press(h, channelId, '9');
    await press(h, channelId, '1');
    await h.clock.advanceAsync(3000); // confirmation
    const r = await result;
    expect(r).toMatchObject({ kind: 'callback', queue: 'support', number: '+4930888' });
  });

  it('given a caller who hangs up in the menu when the IVR ends then it is abandoned at the menu', async () => {
    const h = await harness(examples());
    const { channelId, result } = await h.call('+4930555', '100');
    await h.clock.advanceAsync(4000);
    await h.sim.control.farEndHangup(channelId);
    const r = await result;
    expect(r).toMatchObject({ kind: 'abandoned', node: 'menu' });
    expect(r.trace).toMatchObject({ exit: 'abandoned', exitNode: 'menu' });
  });

  it('given the survey when the caller rates 7 and then 4 then only the valid rating is stored against the call', async () => {
    const h = await harness(examples());
    const { channelId, result } = await h.call('+4930555', '100', { flow: 'survey' });
    await press(h, channelId, '7');
    await h.clock.advanceAsync(3000); // "press a key from 1 to 5"
    await press(h, channelId, '4');
    await h.clock.advanceAsync(3000); // thanks
    const r = await result;
    expect(r).toMatchObject({ kind: 'hangup', flow: 'survey' });
    expect(h.callData).toEqual([{ callId: `call-${channelId}`, values: { rating: '4' } }]);
    expect(r.trace.steps.find((s) => s.node === 'ask')).toMatchObject({ digits: '74', result: 'valid' });
  });

  it('given a transfer node when reached then the call is redirected to the number', async () => {
    const h = await harness({
      main: 'start: t\nnodes:\n  t:\n    type: transfer\n    number: "+4940123"\n',
    });
    const { channelId, result } = await h.call('+4930555', '100');
    const r = await result;
    expect(r).toMatchObject({ kind: 'transfer', number: '+4940123' });
    expect(h.sim.control.farSide(channelId).redirectedTo).toContain('4940123');
  });

  it('given a spoken menu when the recognizer hears billing then the call goes to billing, and a key still works', async () => {
    const h = await harness(examples());
    h.recognizer.phrase = 'billing';
    const first = await h.call('+4930555', '+4930123459');
    await h.clock.advanceAsync(3000); // prompt
    await h.clock.advanceAsync(1500); // silence ends the utterance
    const r1 = await first.result;
    expect(r1).toMatchObject({ kind: 'queue', queue: 'billing' });
    expect(r1.variables['speech_choice']).toBe('billing');
    expect(h.recognizer.heardFiles[0]).toBe(h.sim.control.recordingFile(`ivr-call-${first.channelId}-ask-1`));

    const second = await h.call('+4930556', '+4930123459');
    await h.clock.advanceAsync(3000);
    await press(h, second.channelId, '3');
    const r2 = await second.result;
    expect(r2).toMatchObject({ kind: 'queue', queue: 'support' });
    expect(h.recognizer.heardFiles).toHaveLength(1);
  });

  it('given a spoken menu on a machine without speech recognition when the caller presses a key then the choice is taken and nobody is recorded', async () => {
    const h = await harness(examples());
    h.recognizer.available = false;
    h.recognizer.phrase = 'billing';
    const { channelId, result } = await h.call('+4930555', '+4930123459');
    await h.clock.advanceAsync(3000); // prompt; no recording starts after it
    await h.clock.advanceAsync(1500); // where a speaker's silence would have ended the utterance
    await press(h, channelId, '3');
    const r = await result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'support' });
    expect(r.trace.steps[0]).toMatchObject({ node: 'ask', result: '3' });
    expect(h.recognizer.heardFiles).toEqual([]);
    expect(existsSync(h.sim.control.recordingFile(`ivr-call-${channelId}-ask-1`))).toBe(false);
  });
});
