import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs } from './mail-sender';
import { isPermanentFailure } from './mail-transport';

describe('the mail sender between two attempts', () => {
  it('waits the base after the first failure, then twice as long each time, up to an hour', () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffMs(n, 5000)), [5000, 10_000, 20_000, 40_000]);
    assert.equal(backoffMs(11, 5000), 60 * 60 * 1000);
    assert.equal(backoffMs(50, 5000), 60 * 60 * 1000);
  });

  it('gives up at once only on a recipient the server refuses for good', () => {
    assert.equal(isPermanentFailure({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }), true);
    assert.equal(isPermanentFailure({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }), false, 'a temporary refusal is retried');
    assert.equal(isPermanentFailure({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:2525' }), false, 'an outage is retried');
    assert.equal(isPermanentFailure({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }), false, 'a configuration problem is retried once fixed');
  });
});
