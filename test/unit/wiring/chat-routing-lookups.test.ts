/**
 * What chat looks up in the directory on its busy paths, kept in memory: the agent names shown to
 * the visitor (ChatRoutingAdapter.displayName, every agent message) and the queue a chat starts in
 * (resolveQueue, every chat start), each read again after a change to that kind of entry.
 */
import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/log.js';
import type { DirectoryReaders } from '../../../src/directory/ports.js';
import { ChatRoutingAdapter } from '../../../src/wiring/chat-routing-port.js';

function adapterOver(names: Map<string, string>, reads: string[], failFirst = false) {
  let failed = !failFirst;
  const agents = {
    find: async (id: string) => {
      reads.push(id);
      if (!failed) {
        failed = true;
        throw new Error('database gone for a moment');
      }
      const name = names.get(id);
      return name === undefined ? undefined : { id, displayName: name };
    },
  } as unknown as DirectoryReaders['agents'];
  return new ChatRoutingAdapter({ agents, queues: {} as DirectoryReaders['queues'] }, undefined, silentLogger);
}

function adapterOverQueues(media: Map<string, string>, reads: string[]) {
  const queues = {
    find: async (id: string) => {
      reads.push(id);
      const m = media.get(id);
      return m === undefined ? undefined : { id, name: id, media: m };
    },
  } as unknown as DirectoryReaders['queues'];
  return new ChatRoutingAdapter({ agents: {} as DirectoryReaders['agents'], queues }, undefined, silentLogger);
}

describe('the queue a chat starts in', () => {
  it('given many chats naming one queue when they start then the directory is read once', async () => {
    const reads: string[] = [];
    const adapter = adapterOverQueues(new Map([['web', 'chat']]), reads);
    expect(await Promise.all([adapter.resolveQueue('web'), adapter.resolveQueue('web'), adapter.resolveQueue('web')])).toEqual(['web', 'web', 'web']);
    expect(reads).toEqual(['web']);
  });

  it('given a queue changed to voice when the change is published then the next chat naming it is refused', async () => {
    const reads: string[] = [];
    const media = new Map([['web', 'chat']]);
    const adapter = adapterOverQueues(media, reads);
    const bus = new InProcessEventBus();
    adapter.watch(bus);
    expect(await adapter.resolveQueue('web')).toBe('web');
    media.set('web', 'voice');
    bus.publish({ type: 'config.changed', at: 1, scope: { everyone: true }, entity: 'queue', id: 'web', action: 'updated' });
    await expect(adapter.resolveQueue('web')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(reads).toEqual(['web', 'web']);
  });
});

describe("chat's agent names", () => {
  it('given many messages of one agent when each names its agent then the directory is read once', async () => {
    const reads: string[] = [];
    const adapter = adapterOver(new Map([['a1', 'Alice']]), reads);
    const names = await Promise.all(Array.from({ length: 5 }, () => adapter.displayName('a1')));
    expect(names).toEqual(['Alice', 'Alice', 'Alice', 'Alice', 'Alice']);
    expect(reads).toEqual(['a1']);
  });

  it('given an agent renamed when the change is published then the next message carries the new name', async () => {
    const reads: string[] = [];
    const directory = new Map([['a1', 'Alice']]);
    const adapter = adapterOver(directory, reads);
    const bus = new InProcessEventBus();
    adapter.watch(bus);
    expect(await adapter.displayName('a1')).toBe('Alice');
    directory.set('a1', 'Alice Wang');
    bus.publish({ type: 'config.changed', at: 1, scope: { everyone: true }, entity: 'agent', id: 'a1', action: 'updated' });
    expect(await adapter.displayName('a1')).toBe('Alice Wang');
    bus.publish({ type: 'config.changed', at: 2, scope: { everyone: true }, entity: 'queue', id: 'a1', action: 'updated' });
    expect(await adapter.displayName('a1')).toBe('Alice Wang');
    expect(reads).toEqual(['a1', 'a1']);
  });

  it('given the first read fails when the next message names the agent then it is read again, not the failure kept', async () => {
    const reads: string[] = [];
    const adapter = adapterOver(new Map([['a1', 'Alice']]), reads, true);
    await expect(adapter.displayName('a1')).rejects.toThrow('database gone');
    expect(await adapter.displayName('a1')).toBe('Alice');
    expect(reads).toEqual(['a1', 'a1']);
  });
});
