import { randomBytes } from 'node:crypto';

/** What a generated WAV file holds: silence, a quiet 440 Hz tone, or random noise (each file different). */
export type WavSound = 'silence' | 'tone' | 'noise';

/** A real WAV file: RIFF header and `seconds` of 8 kHz mono 16-bit PCM holding `sound`. */
export function wavFile(seconds: number, sound: WavSound): Buffer {
  const samples = 8000 * seconds;
  let data: Buffer;
  if (sound === 'noise') data = randomBytes(samples * 2);
  else {
    data = Buffer.alloc(samples * 2);
    if (sound === 'tone') for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(2000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24); // samples per second
  header.writeUInt32LE(16000, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per sample
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
