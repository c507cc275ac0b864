/**
 * Originated legs on the simulated PBX: each leg follows the behaviour its phone or number had
 * when the leg was placed.
 *
 *   down --(unregistered)--> hangup unreachable
 *   down --(busy)--> hangup busy
 *   down --> ringing --(answer | answerAfterMs | answerPhone)--> up
 *   ringing --(originate timeout)--> hangup no_answer
 */
import type { TimerHandle } from '../../core/clock.js';
import { AppError, validationError } from '../../core/errors.js';
import type { EndpointRef, OriginateOptions } from '../port.js';
import type { SimChannel, SimPhoneBehaviour, SimWorld } from './sim-world.js';

const NUMBER = /^\+?[0-9*#]{1,32}$/;

interface Target {
  key: string;
  registered: boolean;
  behaviour: SimPhoneBehaviour;
}

export class SimCalls {
  /** Ring-phase timers per leg (timeout, delayed answer), cleared when the leg is answered. */
  private readonly ringTimers = new WeakMap<SimChannel, TimerHandle[]>();

  constructor(private readonly world: SimWorld) {}

  originate(options: OriginateOptions): string {
    const world = this.world;
    world.requireConnected();
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0)
      throw validationError([{ where: '/timeoutMs', reason: 'must be a positive number of ms' }]);
    const target = this.resolveTarget(options.endpoint);
    const id = options.channelId ?? world.newId();
    if (world.channels.has(id)) throw new AppError('PBX_REJECTED', `Channel id ${id} is already in use`, { channelId: id });

    const ch = world.newChannel({
      id,
      direction: 'outbound',
      state: 'down',
      name: `SIM/${target.key}-${String(world.nextSeq()).padStart(8, '0')}`,
      callerNumber: options.callerIdNumber ?? '',
      callerName: options.callerIdName ?? '',
      dialedNumber: target.key,
      variables: { ...options.variables },
      sipHeaders: {},
      target: target.key,
    });
    world.known.add(id);
    // The far end reacts after the originate request has been accepted, as a real PBX does.
    queueMicrotask(() => this.progress(ch, target, options.timeoutMs));
    return id;
  }

  /** Answers the oldest leg ringing at that phone or number. */
  answerTarget(key: string): void {
    const leg = [...this.world.channels.values()].find((c) => c.target === key && c.state === 'ringing');
    if (!leg) throw new AppError('NOT_FOUND', `Nothing is ringing at ${key}`, { target: key });
    this.answerLeg(leg);
  }

  private progress(ch: SimChannel, target: Target, timeoutMs: number): void {
    const world = this.world;
    if (!world.channels.has(ch.id)) return;
    if (!target.registered) return world.endChannel(ch.id, 'unreachable', 'remote');
    const behaviour = target.behaviour;
    if (behaviour === 'busy') return world.endChannel(ch.id, 'busy', 'remote');
    ch.state = 'ringing';
    world.emit({ type: 'channel.ringing', channelId: ch.id });
    const timers = [
      world.channelTimer(ch, timeoutMs, () => {
        if (ch.state === 'ringing') world.endChannel(ch.id, 'no_answer', 'remote');
      }),
    ];
    this.ringTimers.set(ch, timers);
    if (behaviour === 'answer') this.answerLeg(ch);
    else if (typeof behaviour === 'object') timers.push(world.channelTimer(ch, behaviour.answerAfterMs, () => this.answerLeg(ch)));
  }

  private answerLeg(ch: SimChannel): void {
    if (!this.world.channels.has(ch.id) || ch.state !== 'ringing') return;
    for (const t of this.ringTimers.get(ch) ?? []) this.world.clearTimer(t, ch);
    this.world.answerChannel(ch);
  }

  private resolveTarget(endpoint: EndpointRef): Target {
    switch (endpoint.kind) {
      case 'phone': {
        const phone = this.world.phones.get(endpoint.name);
        if (!phone)
          throw new AppError('PBX_REJECTED', `No endpoint named ${endpoint.name}`, { endpoint: endpoint.name });
        return { key: endpoint.name, registered: phone.registered, behaviour: phone.behaviour };
      }
      case 'number':
        if (!NUMBER.test(endpoint.number))
          throw validationError([{ where: '/endpoint/number', reason: `not a dialable number: ${JSON.stringify(endpoint.number)}` }]);
        return { key: endpoint.number, registered: true, behaviour: this.world.numbers.get(endpoint.number) ?? 'answer' };
      case 'dial':
        if (endpoint.dialString.trim() === '')
          throw validationError([{ where: '/endpoint/dialString', reason: 'must not be empty' }]);
        return {
          key: endpoint.dialString,
          registered: true,
          behaviour: this.world.numbers.get(endpoint.dialString) ?? 'answer',
        };
    }
  }
}
