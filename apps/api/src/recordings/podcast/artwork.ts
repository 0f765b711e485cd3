import { createRequire } from 'node:module';
import { crc32 } from 'node:zlib';
import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { ARTWORK_MAX_PIXELS, ARTWORK_MIN_PIXELS, ErrorCode, type ErrorDetails } from '@amphi/contracts';
import { DomainError } from '../../common/domain-errors';

/**
 * The podcast's artwork: an organiser's JPEG or PNG, checked against what podcast directories accept
 * (square, 1400–3000 px, read from the file itself), or a square PNG drawn from the event's title.
 */

/** 422: directories would refuse this image; the details say why and the sizes allowed. */
export class ArtworkNotAccepted extends DomainError<typeof ErrorCode.ArtworkNotAccepted> {
  constructor(reason: ErrorDetails['ARTWORK_NOT_ACCEPTED']['reason'], size?: { width: number; height: number }) {
    super(422, ErrorCode.ArtworkNotAccepted, { reason, ...(size ? { width: size.width, height: size.height } : {}), min: ARTWORK_MIN_PIXELS, max: ARTWORK_MAX_PIXELS });
  }
}

export interface InspectedArtwork {
  contentType: 'image/png' | 'image/jpeg';
  extension: 'png' | 'jpg';
  width: number;
  height: number;
}

/**
 * What the bytes are (never the declared type) and their size in pixels; throws ArtworkNotAccepted
 * otherwise. Uploads are not decoded: @napi-rs/canvas's decoder crashed the process (SIGSEGV) on a
 * truncated PNG here, so the file's structure is checked instead (wholePng, wholeJpeg).
 */
export async function inspectArtwork(bytes: Buffer): Promise<InspectedArtwork> {
  const type = await fileTypeFromBuffer(bytes);
  if (type?.mime !== 'image/png' && type?.mime !== 'image/jpeg') throw new ArtworkNotAccepted('type');
  let width: number;
  let height: number;
  try {
    const size = imageSize(bytes);
    if (!size.width || !size.height) throw new Error('no dimensions');
    // An EXIF orientation of 5 to 8 turns the picture a quarter: what is shown is height × width.
    [width, height] = (size.orientation ?? 1) >= 5 ? [size.height, size.width] : [size.width, size.height];
  } catch {
    throw new ArtworkNotAccepted('type'); // a truncated or corrupt image: not one an app can show
  }
  // Only a whole image: its header alone gives its size, and a truncated file would pass for it.
  if (!(type.mime === 'image/png' ? wholePng(bytes) : wholeJpeg(bytes))) throw new ArtworkNotAccepted('type');
  const inspected = { width, height };
  if (width !== height) throw new ArtworkNotAccepted('not_square', inspected);
  if (width < ARTWORK_MIN_PIXELS) throw new ArtworkNotAccepted('too_small', inspected);
  if (width > ARTWORK_MAX_PIXELS) throw new ArtworkNotAccepted('too_large', inspected);
  return type.mime === 'image/png' ? { contentType: 'image/png', extension: 'png', width, height } : { contentType: 'image/jpeg', extension: 'jpg', width, height };
}

/** A PNG whose chunks are all there, each with its right CRC, from IHDR through image data to IEND. */
export function wholePng(bytes: Buffer): boolean {
  let pos = 8;
  let first = true;
  let data = false;
  while (pos + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    if (pos + 12 + length > bytes.length) return false;
    if (crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== bytes.readUInt32BE(pos + 8 + length)) return false;
    if (first && type !== 'IHDR') return false;
    first = false;
    if (type === 'IDAT') data = true;
    if (type === 'IEND') return data;
    pos += 12 + length;
  }
  return false;
}

const END_OF_IMAGE = Buffer.from([0xff, 0xd9]);

/** A JPEG whose segments are all there: a frame header, then the scan, ended by its end-of-image marker. */
export function wholeJpeg(bytes: Buffer): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
  let pos = 2;
  let frame = false;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return false;
    const marker = bytes[pos + 1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    const length = bytes.readUInt16BE(pos + 2);
    if (length < 2 || pos + 2 + length > bytes.length) return false;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) frame = true;
    if (marker === 0xda) {
      // The scans (several in a progressive JPEG) run to the end-of-image marker. Entropy-coded data
      // never holds FF D9 (an FF in it is followed by 00 or a restart marker), so the first one found
      // is the end; what some cameras append after it is let be.
      return frame && bytes.indexOf(END_OF_IMAGE, pos + 2 + length) !== -1;
    }
    pos += 2 + length;
  }
  return false;
}

// --- The generated artwork --------------------------------------------------------------------------

/**
 * 3000 × 3000, Apple's recommended size (the largest directories take, sharp on any screen). Skia
 * (@napi-rs/canvas, prebuilt in its npm package) draws and encodes it in well under a second, and it
 * is drawn once per title: stored, and found again by a hash of what is drawn. Text on a flat colour
 * compresses to 100–300 KB.
 */
export const GENERATED_ARTWORK_PIXELS = 3000;
/** Changed whenever the drawing changes, so that every stored artwork is drawn anew. */
const DRAWING_VERSION = 1;

const FONT_DIR = join(dirname(createRequire(__filename).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fontsLoaded = false;
function loadFonts(): void {
  if (fontsLoaded) return;
  GlobalFonts.registerFromPath(join(FONT_DIR, 'DejaVuSans-Bold.ttf'), 'Amphi Artwork Bold');
  GlobalFonts.registerFromPath(join(FONT_DIR, 'DejaVuSans.ttf'), 'Amphi Artwork');
  fontsLoaded = true;
}

/** Dark backgrounds on which white text reads at a contrast above 7:1; one is picked by the title. */
const BACKGROUNDS = ['#1d3557', '#2b2d42', '#14532d', '#4a1d5e', '#7c2d12', '#134e4a', '#1e3a8a', '#3f3f46'];

export interface ArtworkText {
  title: string;
  subtitle: string | null;
  /** The dates as words, in the event's language. */
  dates: string;
  language: string;
}

/** What identifies a drawing: the same text gives the same image, and the same stored file. */
export function artworkDrawingKey(text: ArtworkText): string {
  return JSON.stringify({ v: DRAWING_VERSION, size: GENERATED_ARTWORK_PIXELS, ...text });
}

/** Splits text into lines no wider than `width`; a word too long for a line is cut. */
function wrap(ctx: SKRSContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/[ \t\n\r]+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (ctx.measureText(line).width > width) {
      let cut = line.length - 1;
      while (cut > 1 && ctx.measureText(line.slice(0, cut)).width > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The largest font size (from `max` down) at which `text` wraps within `width` in `maxLines` lines
 * whose height fits `height`; the lines at that size.
 */
function fit(ctx: SKRSContext2D, text: string, font: (px: number) => string, box: { width: number; height: number; maxLines: number; max: number; min: number }): { size: number; lines: string[] } {
  for (let size = box.max; size >= box.min; size -= Math.max(2, Math.round(size * 0.04))) {
    ctx.font = font(size);
    const lines = wrap(ctx, text, box.width);
    if (lines.length <= box.maxLines && lines.length * size * 1.2 <= box.height) return { size, lines };
  }
  ctx.font = font(box.min);
  const lines = wrap(ctx, text, box.width);
  if (lines.length <= box.maxLines) return { size: box.min, lines };
  const kept = lines.slice(0, box.maxLines);
  kept[kept.length - 1] = `${kept[kept.length - 1].replace(/\s*\S{0,3}$/, '')}…`;
  return { size: box.min, lines: kept };
}

/**
 * Draws the artwork: the title as large as it fits, the subtitle under it if there is room, the
 * dates at the foot. The PNG is encoded off the main thread (the longest part, a few hundred ms).
 */
export async function drawArtwork(text: ArtworkText): Promise<Buffer> {
  loadFonts();
  const n = GENERATED_ARTWORK_PIXELS;
  const canvas = createCanvas(n, n);
  const ctx = canvas.getContext('2d');
  let hash = 0;
  for (const c of text.title) hash = (hash * 31 + c.codePointAt(0)!) >>> 0;
  ctx.fillStyle = BACKGROUNDS[hash % BACKGROUNDS.length];
  ctx.fillRect(0, 0, n, n);
  // A band of lighter colour at the top, so that the picture reads as artwork and not as a blank square.
  ctx.fillStyle = 'rgba(255, 255, 255, 0.12)';
  ctx.fillRect(0, 0, n, Math.round(n * 0.06));

  const margin = Math.round(n * 0.09);
  const width = n - 2 * margin;
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'top';

  const title = fit(ctx, text.title, (px) => `${px}px "Amphi Artwork Bold"`, { width, height: n * 0.52, maxLines: 6, max: Math.round(n * 0.13), min: Math.round(n * 0.04) });
  const subtitle = text.subtitle ? fit(ctx, text.subtitle, (px) => `${px}px "Amphi Artwork"`, { width, height: n * 0.14, maxLines: 3, max: Math.round(Math.min(title.size * 0.55, n * 0.06)), min: Math.round(n * 0.03) }) : null;

  let y = margin + Math.round(n * 0.06);
  ctx.font = `${title.size}px "Amphi Artwork Bold"`;
  for (const line of title.lines) {
    ctx.fillText(line, margin, y);
    y += Math.round(title.size * 1.2);
  }
  if (subtitle) {
    y += Math.round(n * 0.03);
    ctx.font = `${subtitle.size}px "Amphi Artwork"`;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    for (const line of subtitle.lines) {
      ctx.fillText(line, margin, y);
      y += Math.round(subtitle.size * 1.25);
    }
  }
  const datesSize = Math.round(n * 0.04);
  ctx.font = `${datesSize}px "Amphi Artwork Bold"`;
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'bottom';
  const dates = wrap(ctx, text.dates, width)[0] ?? '';
  ctx.fillText(dates, margin, n - margin);
  return canvas.encode('png');
}
