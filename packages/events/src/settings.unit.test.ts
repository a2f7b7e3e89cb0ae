import { DEFAULT_RETRY_SCHEDULE_MS, eventsSettingsFromEnv, parseRetrySchedule, retryDelayMs } from './settings';

describe('events settings', () => {
  it('retries 9 times by default, the last one about 73 hours after the first attempt', () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS).toHaveLength(9);
    expect(DEFAULT_RETRY_SCHEDULE_MS.slice(0, 3)).toEqual([4_000, 12_000, 48_000]);
    // Attempt n+1 lands 4^n seconds after the first attempt.
    let elapsed = 0;
    DEFAULT_RETRY_SCHEDULE_MS.forEach((wait, i) => {
      elapsed += wait;
      expect(elapsed).toBe(4 ** (i + 1) * 1000);
    });
    expect(elapsed / 3_600_000).toBeCloseTo(72.8, 1);
  });

  it('reads a schedule of seconds, fractions allowed; empty means no retries; nonsense names the variable', () => {
    expect(parseRetrySchedule('0.2, 1,30')).toEqual([200, 1000, 30_000]);
    expect(parseRetrySchedule('')).toEqual([]);
    expect(parseRetrySchedule(undefined)).toEqual(DEFAULT_RETRY_SCHEDULE_MS);
    expect(() => parseRetrySchedule('1,,2')).toThrow(/JUNCTION_EVENT_RETRY_SCHEDULE/);
    expect(() => parseRetrySchedule('-1')).toThrow(/JUNCTION_EVENT_RETRY_SCHEDULE/);
  });

  it('gives the wait after each failed attempt until the schedule runs out', () => {
    const schedule = [100, 200, 400];
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(schedule, attempt))).toEqual([100, 200, 400, undefined]);
    expect(retryDelayMs([], 1)).toBeUndefined();
  });

  it('reads the floor and timeouts from the environment with their defaults', () => {
    expect(eventsSettingsFromEnv({})).toEqual({ pollFloorSeconds: 60, retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS, deliveryTimeoutMs: 10_000, workerIntervalMs: 1000 });
    expect(eventsSettingsFromEnv({ JUNCTION_POLL_FLOOR_SECONDS: '0.5', JUNCTION_EVENT_RETRY_SCHEDULE: '1' })).toMatchObject({ pollFloorSeconds: 0.5, retryScheduleMs: [1000] });
    expect(() => eventsSettingsFromEnv({ JUNCTION_POLL_FLOOR_SECONDS: 'soon' })).toThrow(/JUNCTION_POLL_FLOOR_SECONDS/);
  });
});
