import { describe, expect, it } from 'vitest';
import { describeQueuePlace, queuePlaces } from './run-queue';

describe('queuePlaces', () => {
  it('numbers queued runs oldest first and ignores the others', () => {
    const places = queuePlaces([
      { id: 'c', status: 'queued', createdAt: '2026-01-01T00:00:03Z' },
      { id: 'x', status: 'running', createdAt: '2026-01-01T00:00:00Z' },
      { id: 'a', status: 'queued', createdAt: '2026-01-01T00:00:01Z' },
      { id: 'b', status: 'queued', createdAt: '2026-01-01T00:00:02Z' },
    ]);
    expect(describeQueuePlace(places.get('b'))).toBe('queued 2 of 3');
    expect(places.get('x')).toBeUndefined();
  });
});
