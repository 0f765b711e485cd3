import type { TranscriptSegment } from '@amphi/contracts';

/** Seconds as WebVTT writes them: hh:mm:ss.mmm (hours always, so that a long session reads the same throughout). */
export function vttTimestamp(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}.${String(ms % 1000).padStart(3, '0')}`;
}

/** Seconds as the plain transcript shows them: [hh:mm:ss]. */
export function clockTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cue's text: &, < and > escaped (so no tag and no "-->" can appear), and no blank line inside it
 * (a blank line ends a cue): line breaks are kept single, other whitespace collapsed.
 */
export function cueText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/**
 * The captions of a transcript (WebVTT, for a <track>): one numbered cue per segment, in order. A cue
 * must end after it starts: a segment of no length is shown for a short moment (0.5 s) instead.
 */
export function toWebVtt(segments: TranscriptSegment[]): string {
  const cues: string[] = ['WEBVTT', ''];
  let n = 0;
  for (const segment of segments) {
    const text = cueText(segment.text);
    if (!text) continue;
    const end = segment.end > segment.start ? segment.end : segment.start + 0.5;
    n += 1;
    cues.push(String(n), `${vttTimestamp(segment.start)} --> ${vttTimestamp(end)}`, text, '');
  }
  return cues.join('\n');
}

/** The plain transcript: one line per segment, with the time it starts, e.g. "[00:01:05] text". */
export function toPlainText(segments: TranscriptSegment[]): string {
  return segments.map((s) => `[${clockTime(s.start)}] ${s.text.replace(/\s+/g, ' ').trim()}`).join('\n') + (segments.length ? '\n' : '');
}
