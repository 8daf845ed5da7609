import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/**
 * Audio for the recording tests: tones as WAV files for Chromium's fake microphone
 * (`--use-file-for-fake-audio-capture`), and decoding with Debian's ffmpeg (installed by
 * infra/install-test-deps.sh) to measure what was recorded.
 */

export const SAMPLE_RATE = 48_000;

/** A mono 16-bit WAV of a sine tone. */
export function writeToneWav(path: string, frequency: number, seconds: number, amplitude = 0.5): void {
  const samples = Math.round(seconds * SAMPLE_RATE);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE)), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

/** Decodes any file ffmpeg reads to mono samples in [-1, 1] at 48 kHz. */
export function decodeToPcm(path: string): Float32Array {
  const raw = execFileSync('/usr/bin/ffmpeg', ['-nostdin', '-v', 'error', '-i', path, '-f', 's16le', '-ac', '1', '-ar', String(SAMPLE_RATE), '-'], {
    maxBuffer: 512 * 1024 * 1024,
  });
  const out = new Float32Array(raw.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = raw.readInt16LE(i * 2) / 32768;
  return out;
}

/** The duration ffprobe reads from a file's container, in seconds. */
export function probeSeconds(path: string): number {
  return Number(execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], { encoding: 'utf8' }).trim());
}

const rms = (samples: Float32Array) => Math.sqrt(samples.reduce((sum, value) => sum + value * value, 0) / Math.max(1, samples.length));

/** Power at one frequency (Goertzel), normalised by length. */
function goertzel(samples: Float32Array, frequency: number): number {
  const k = (2 * Math.cos((2 * Math.PI * frequency) / SAMPLE_RATE));
  let s1 = 0;
  let s2 = 0;
  for (const sample of samples) {
    const s0 = sample + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / (samples.length * samples.length);
}

/**
 * The strongest frequency from 100 Hz to 4 kHz, in 5 Hz steps, over the loud parts of the
 * signal (quarter-second windows above a floor), so silence around the speech does not count.
 */
export function dominantFrequency(samples: Float32Array): number {
  const window = SAMPLE_RATE / 4;
  const loud: Float32Array[] = [];
  for (let at = 0; at + window <= samples.length; at += window) {
    const part = samples.subarray(at, at + window);
    if (rms(part) > 0.01) loud.push(part);
  }
  if (loud.length === 0) return 0;
  let best = 0;
  let bestPower = -1;
  for (let frequency = 100; frequency <= 4000; frequency += 5) {
    const power = loud.slice(0, 12).reduce((sum, part) => sum + goertzel(part, frequency), 0);
    if (power > bestPower) {
      bestPower = power;
      best = frequency;
    }
  }
  return best;
}

/** Loudness (RMS) of each quarter second. */
export function loudnessByQuarterSecond(samples: Float32Array): number[] {
  const window = SAMPLE_RATE / 4;
  const out: number[] = [];
  for (let at = 0; at + window <= samples.length; at += window) out.push(rms(samples.subarray(at, at + window)));
  return out;
}
