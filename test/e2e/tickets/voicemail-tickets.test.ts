/**
 * A voicemail becomes a ticket, end to end: the daemon as main.ts wires it on the simulated media
 * server, a flow whose voicemail node names a team, a caller whose number a customer holds. The
 * ticket is read over REST, its recording heard by a user allowed to hear recordings and refused
 * to an agent who may see the ticket but not hear recordings.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedMediaServer } from '../../../src/pbx/sim/simulated-media-server.js';
import { LINE_NUMBER, startDaemonLine, type DaemonLine } from '../../helpers/daemon-line.js';

const FLOW = `description: after hours
numbers: ["${LINE_NUMBER}"]
timezone: UTC
start: vm
nodes:
  vm:
    type: voicemail
    mailbox: sales
    team: Sales
    silence: 3s
`;

describe('voicemail made a ticket, through the daemon', () => {
  let d: DaemonLine;

  beforeEach(async () => {
    d = await startDaemonLine('sb-vm-');
    await writeFile(path.join(d.dir, 'line.yaml'), FLOW);
  });
  afterEach(async () => {
    await d.close();
  });

  it('given a caller a customer holds the number of when they leave a voicemail then a ticket of the node’s team names the customer, and its recording plays for a supervisor but not for an agent', async () => {
    const team = (await d.post('/api/teams', { name: 'Sales' })).json();
    const customer = (await d.post('/api/customers', { name: 'Grace Hopper', phones: ['+49 30 999'] })).json();
    await d.t.deps.contactCenter.start();
    expect(d.t.deps.contactCenter.ivr.registry.stateOf('line')?.problems).toEqual([]);

    const pbx = d.t.deps.contactCenter.pbx as SimulatedMediaServer;
    // The ticket is made in the background once the IVR ends: its announcement says when.
    const made = new Promise<void>((resolve) => {
      const off = d.t.deps.bus.subscribe((e) => {
        if (e.type === 'ticket.changed' && e.change === 'created') {
          off();
          resolve();
        }
      });
    });
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: LINE_NUMBER });
    await d.until('the caller left the message and was hung up on', async () => (await pbx.snapshot()).channels.every((c) => c.id !== caller));
    await made;
    const list = async () => (await d.t.inject({ method: 'GET', url: '/api/tickets', headers: d.admin })).json().tickets as { id: string; subject: string; customerId: string | null; teamId: string | null; status: string }[];
    const tickets = await list();
    expect(tickets).toEqual([expect.objectContaining({ subject: 'Voicemail (sales) from +4930999', customerId: customer.id, teamId: team.id, status: 'new' })]);
    const ticketId = tickets[0]?.id ?? '';

    // The ticket says it was made from a voicemail (the page shows the player), with the message's length.
    const detail = (await d.t.inject({ method: 'GET', url: `/api/tickets/${ticketId}`, headers: d.admin })).json();
    expect(detail.voicemail).toEqual({ durationMs: expect.any(Number) });
    expect(detail.voicemail.durationMs).toBeGreaterThan(0);

    const supervisor = await d.t.loginAs('supervisor');
    const heard = await d.t.inject({ method: 'GET', url: `/api/tickets/${ticketId}/voicemail`, headers: supervisor });
    expect(heard.statusCode, heard.body).toBe(200);
    expect(heard.headers['content-type']).toMatch(/^audio\/(x-)?wav/);
    expect(heard.rawPayload.subarray(0, 4).toString('latin1')).toBe('RIFF');

    // An agent sees team-less and own-team tickets; this one is the Sales team's, and hearing needs records.view anyway.
    const agent = await d.t.loginAs('agent');
    expect((await d.t.inject({ method: 'GET', url: `/api/tickets/${ticketId}/voicemail`, headers: agent })).statusCode).toBe(403);
    // A ticket not made from a voicemail has none to hear.
    const plain = (await d.post('/api/tickets', { subject: 'Call me' })).json();
    const none = await d.t.inject({ method: 'GET', url: `/api/tickets/${plain.id}/voicemail`, headers: supervisor });
    expect([none.statusCode, none.json().code]).toEqual([404, 'NOT_FOUND']);
    expect((await d.t.inject({ method: 'GET', url: `/api/tickets/${plain.id}`, headers: supervisor })).json().voicemail).toBeNull();
  });
});
