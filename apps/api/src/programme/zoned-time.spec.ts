import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventBounds, parseProgrammeTime, toZonedIso } from './zoned-time';

/** The instant parsed, as UTC ISO; fails the test when the input is refused. */
function instant(input: string, zone: string): string {
  const parsed = parseProgrammeTime(input, zone);
  assert.ok(parsed.ok, `${input} in ${zone} should be accepted: ${parsed.ok ? '' : parsed.message}`);
  return parsed.date.toISOString();
}

const hours = (bounds: { start: Date; end: Date }) => (bounds.end.getTime() - bounds.start.getTime()) / 3_600_000;

describe('parseProgrammeTime', () => {
  it('reads wall-clock time in Europe/Paris in winter as +01:00', () => {
    assert.equal(instant('2019-11-14T09:30', 'Europe/Paris'), '2019-11-14T08:30:00.000Z');
    assert.equal(instant('2019-11-14T09:30:00', 'Europe/Paris'), '2019-11-14T08:30:00.000Z');
  });

  it('reads wall-clock time in Europe/Paris in summer as +02:00', () => {
    assert.equal(instant('2019-06-14T09:30', 'Europe/Paris'), '2019-06-14T07:30:00.000Z');
  });

  it('keeps an explicit offset or Z as that instant, whatever the event zone', () => {
    assert.equal(instant('2019-11-14T09:30:00+01:00', 'Asia/Tokyo'), '2019-11-14T08:30:00.000Z');
    assert.equal(instant('2019-06-14T09:30:00-04:00', 'Europe/Paris'), '2019-06-14T13:30:00.000Z');
    assert.equal(instant('2019-11-14T08:30Z', 'America/Montreal'), '2019-11-14T08:30:00.000Z');
    assert.equal(instant('2019-11-14T08:30:00.250Z', 'Europe/Paris'), '2019-11-14T08:30:00.250Z');
  });

  it('refuses a wall-clock time skipped by the spring-forward change, saying why', () => {
    for (const input of ['2019-03-31T02:30', '2019-03-31T02:00', '2019-03-31T02:59:59']) {
      const parsed = parseProgrammeTime(input, 'Europe/Paris');
      assert.equal(parsed.ok, false, `${input} does not exist in Europe/Paris`);
      assert.match(parsed.ok ? '' : parsed.message, /does not exist in Europe\/Paris/);
    }
  });

  it('accepts the times on either side of the spring-forward gap', () => {
    assert.equal(instant('2019-03-31T01:59', 'Europe/Paris'), '2019-03-31T00:59:00.000Z');
    assert.equal(instant('2019-03-31T03:00', 'Europe/Paris'), '2019-03-31T01:00:00.000Z');
  });

  it('accepts the skipped hour when an offset says which instant is meant', () => {
    // 02:30+01:00 is a real instant (it reads 03:30 on Paris clocks); only the bare wall-clock time is ambiguous.
    assert.equal(instant('2019-03-31T02:30:00+01:00', 'Europe/Paris'), '2019-03-31T01:30:00.000Z');
  });

  it('reads the repeated autumn hour always as the same one: the second, in standard time (+01:00)', () => {
    const first = instant('2019-10-27T02:30', 'Europe/Paris');
    for (let i = 0; i < 3; i++) assert.equal(instant('2019-10-27T02:30', 'Europe/Paris'), first);
    assert.equal(first, '2019-10-27T01:30:00.000Z');
    assert.equal(toZonedIso(new Date(first), 'Europe/Paris'), '2019-10-27T02:30:00+01:00', 'shows the wall-clock time that was written');
    // Either occurrence can still be named with an explicit offset.
    assert.equal(instant('2019-10-27T02:30:00+02:00', 'Europe/Paris'), '2019-10-27T00:30:00.000Z');
  });

  it('reads wall-clock time in other zones', () => {
    assert.equal(instant('2019-11-14T09:30', 'America/Montreal'), '2019-11-14T14:30:00.000Z');
    assert.equal(instant('2019-06-14T09:30', 'America/Montreal'), '2019-06-14T13:30:00.000Z');
    assert.equal(instant('2019-11-14T09:30', 'Asia/Tokyo'), '2019-11-14T00:30:00.000Z');
    assert.equal(instant('2019-06-14T09:30', 'Asia/Tokyo'), '2019-06-14T00:30:00.000Z', 'Japan has no daylight-saving time');
  });

  it('refuses a time in the spring-forward gap of America/Montreal', () => {
    const parsed = parseProgrammeTime('2019-03-10T02:30', 'America/Montreal');
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.message, /does not exist in America\/Montreal/);
  });

  it('refuses dates and times that do not exist on any calendar', () => {
    for (const input of ['2019-02-30T10:00', '2019-11-14T25:00', '2019-13-01T10:00']) {
      const parsed = parseProgrammeTime(input, 'Europe/Paris');
      assert.equal(parsed.ok, false, input);
      assert.match(parsed.ok ? '' : parsed.message, /is not a valid date-time/);
    }
  });
});

describe('toZonedIso', () => {
  it('answers ISO-8601 with the zone offset of the day, without milliseconds', () => {
    assert.equal(toZonedIso(new Date('2019-11-14T08:30:00Z'), 'Europe/Paris'), '2019-11-14T09:30:00+01:00');
    assert.equal(toZonedIso(new Date('2019-06-14T07:30:00Z'), 'Europe/Paris'), '2019-06-14T09:30:00+02:00');
    assert.equal(toZonedIso(new Date('2019-11-14T14:30:00Z'), 'America/Montreal'), '2019-11-14T09:30:00-05:00');
    assert.equal(toZonedIso(new Date('2019-11-14T00:30:00Z'), 'Asia/Tokyo'), '2019-11-14T09:30:00+09:00');
    assert.equal(toZonedIso(new Date('2019-11-14T08:30:00Z'), 'UTC'), '2019-11-14T08:30:00Z');
  });

  it('shows both occurrences of the repeated autumn hour with their own offsets', () => {
    assert.equal(toZonedIso(new Date('2019-10-27T00:30:00Z'), 'Europe/Paris'), '2019-10-27T02:30:00+02:00');
    assert.equal(toZonedIso(new Date('2019-10-27T01:30:00Z'), 'Europe/Paris'), '2019-10-27T02:30:00+01:00');
  });

  it('round-trips with parseProgrammeTime', () => {
    for (const zone of ['Europe/Paris', 'America/Montreal', 'Asia/Tokyo']) {
      const date = new Date('2019-11-14T15:45:00Z');
      assert.equal(instant(toZonedIso(date, zone), zone), date.toISOString());
    }
  });
});

describe('eventBounds', () => {
  it('runs from midnight of the first day to midnight after the last day, in the event zone', () => {
    const bounds = eventBounds('2019-11-14', '2019-11-15', 'Europe/Paris');
    assert.equal(bounds.start.toISOString(), '2019-11-13T23:00:00.000Z');
    assert.equal(bounds.end.toISOString(), '2019-11-15T23:00:00.000Z');
    assert.equal(hours(bounds), 48);
  });

  it('counts 25 hours for the day the clocks go back (2019-10-27 in Europe/Paris)', () => {
    const bounds = eventBounds('2019-10-27', '2019-10-27', 'Europe/Paris');
    assert.equal(toZonedIso(bounds.start, 'Europe/Paris'), '2019-10-27T00:00:00+02:00');
    assert.equal(toZonedIso(bounds.end, 'Europe/Paris'), '2019-10-28T00:00:00+01:00');
    assert.equal(hours(bounds), 25);
  });

  it('counts 23 hours for the day the clocks go forward (2019-03-31 in Europe/Paris)', () => {
    const bounds = eventBounds('2019-03-31', '2019-03-31', 'Europe/Paris');
    assert.equal(toZonedIso(bounds.start, 'Europe/Paris'), '2019-03-31T00:00:00+01:00');
    assert.equal(toZonedIso(bounds.end, 'Europe/Paris'), '2019-04-01T00:00:00+02:00');
    assert.equal(hours(bounds), 23);
  });

  it('follows the event zone elsewhere', () => {
    const tokyo = eventBounds('2019-11-14', '2019-11-15', 'Asia/Tokyo');
    assert.equal(tokyo.start.toISOString(), '2019-11-13T15:00:00.000Z');
    assert.equal(tokyo.end.toISOString(), '2019-11-15T15:00:00.000Z');
    const montreal = eventBounds('2019-03-10', '2019-03-10', 'America/Montreal');
    assert.equal(montreal.start.toISOString(), '2019-03-10T05:00:00.000Z');
    assert.equal(montreal.end.toISOString(), '2019-03-11T04:00:00.000Z');
    assert.equal(hours(montreal), 23);
  });
});
