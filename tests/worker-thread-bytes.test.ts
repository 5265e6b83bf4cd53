// Bytes between threads (src/worker-thread.ts): shared ones reach a thread without a copy, and a
// thread's answer hands its own bytes over.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { handOver, sharedBytes } from '../src/worker-thread.js';

// A thread that writes 7 into the first byte of what it is sent, and answers once it has.
const writer = () => new Worker("require('node:worker_threads').parentPort.on('message', (bytes) => { bytes[0] = 7; require('node:worker_threads').parentPort.postMessage('done'); });", { eval: true });

describe('bytes between threads', () => {
  it('shares bytes with a thread instead of copying them', async () => {
    const data = new Uint8Array([1, 2, 3, 4]);
    const shared = sharedBytes(data);
    expect([...shared]).toEqual([1, 2, 3, 4]);
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(sharedBytes(shared)).toBe(shared);
    const worker = writer();
    try {
      for (const bytes of [data, shared]) {
        const answered = new Promise((resolve) => worker.once('message', resolve));
        worker.postMessage(bytes);
        await answered;
      }
    } finally {
      await worker.terminate();
    }
    // The thread's write reached the shared bytes only: the others went as a copy.
    expect(data[0]).toBe(1);
    expect(shared[0]).toBe(7);
  });

  it('hands over bytes that are all of their buffer, and only those', () => {
    const whole = new Uint8Array(16);
    expect(handOver(whole)).toEqual([whole.buffer]);
    // A view into a larger buffer (a pooled Buffer among them) or shared bytes would take others' bytes along.
    expect(handOver(whole.subarray(4))).toEqual([]);
    expect(handOver(Buffer.from('abc'))).toEqual([]);
    expect(handOver(sharedBytes(whole))).toEqual([]);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(whole, handOver(whole));
    port1.close();
    port2.close();
    expect(whole.byteLength).toBe(0);
  });
});
