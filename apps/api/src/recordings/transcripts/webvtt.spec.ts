import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clockTime, cueText, toPlainText, toWebVtt, vttTimestamp } from './webvtt';
import { parseTranscription, resolveTranscriberCommand } from './transcriber';

describe('WebVTT captions', () => {
  it('writes times as hh:mm:ss.mmm, rounded to the millisecond', () => {
    assert.equal(vttTimestamp(0), '00:00:00.000');
    assert.equal(vttTimestamp(65.4), '00:01:05.400');
    assert.equal(vttTimestamp(3723.0456), '01:02:03.046');
    assert.equal(vttTimestamp(59.9996), '00:01:00.000');
    assert.equal(vttTimestamp(-1), '00:00:00.000');
    assert.equal(clockTime(65.9), '00:01:05');
    assert.equal(clockTime(3 * 3600 + 7), '03:00:07');
  });

  it('escapes &, < and > and never leaves a blank line inside a cue', () => {
    assert.equal(cueText('Fish & chips <b>bold</b> --> here'), 'Fish &amp; chips &lt;b&gt;bold&lt;/b&gt; --&gt; here');
    assert.equal(cueText('one\n\n\ntwo\r\n  three  \n'), 'one\ntwo\nthree');
    assert.equal(cueText('  \n '), '');
  });

  it('numbers the cues in order, one per segment, and skips empty ones', () => {
    const vtt = toWebVtt([
      { start: 0, end: 2.5, text: 'Bonjour à toutes et à tous.' },
      { start: 2.5, end: 2.5, text: 'Un instant.' },
      { start: 3, end: 4, text: '   ' },
      { start: 65, end: 70.25, text: 'A < B\n\nand B > C' },
    ]);
    assert.equal(
      vtt,
      [
        'WEBVTT',
        '',
        '1',
        '00:00:00.000 --> 00:00:02.500',
        'Bonjour à toutes et à tous.',
        '',
        '2',
        '00:00:02.500 --> 00:00:03.000',
        'Un instant.',
        '',
        '3',
        '00:01:05.000 --> 00:01:10.250',
        'A &lt; B\nand B &gt; C',
        '',
      ].join('\n'),
    );
    assert.equal(toWebVtt([]), 'WEBVTT\n');
  });

  it('writes the plain transcript with the time each line starts', () => {
    assert.equal(toPlainText([{ start: 0, end: 1, text: 'Hello.' }, { start: 65.7, end: 70, text: 'Two\nlines' }]), '[00:00:00] Hello.\n[00:01:05] Two lines\n');
    assert.equal(toPlainText([]), '');
  });
});

describe('the transcriber protocol', () => {
  it('reads the JSON, trims texts, drops empty lines, sorts them and never lets one end before it starts', () => {
    const parsed = parseTranscription(
      JSON.stringify({ engine: ' test ', language: 'en', duration: 9, segments: [{ start: 4, end: 3, text: ' later ' }, { start: 0, end: 2, text: 'first\nline' }, { start: 2, end: 3, text: '  ' }] }),
    );
    assert.deepEqual(parsed, { engine: 'test', segments: [{ start: 0, end: 2, text: 'first line' }, { start: 4, end: 4, text: 'later' }] });
  });

  it('refuses what is not the protocol', () => {
    assert.throws(() => parseTranscription('not json'));
    assert.throws(() => parseTranscription('[]'));
    assert.throws(() => parseTranscription(JSON.stringify({ segments: [] })), /engine/);
    assert.throws(() => parseTranscription(JSON.stringify({ engine: 'x', segments: [{ start: 'a', end: 1, text: 'x' }] })), /segment 0/);
    assert.throws(() => parseTranscription(JSON.stringify({ engine: 'x', segments: [{ start: -1, end: 1, text: 'x' }] })), /segment 0/);
  });

  it('finds the command: TRANSCRIBER_COMMAND, off, else the installed wrapper if it is there', () => {
    assert.equal(resolveTranscriberCommand('/opt/x/transcribe'), '/opt/x/transcribe');
    assert.equal(resolveTranscriberCommand('off'), 'off');
    assert.equal(resolveTranscriberCommand(undefined, '/nonexistent-home'), null);
  });
});
