import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * `asking`: the browser's permission prompt is open; `listening`: the meter runs; `denied`:
 * the person or the browser refused the microphone; `no-device`: there is none.
 */
export type MicCheckStatus = 'idle' | 'asking' | 'listening' | 'denied' | 'no-device' | 'failed';

export interface MicrophoneCheck {
  status: MicCheckStatus;
  /** Input level from 0 to 1 (−60 dBFS to 0 dBFS), a few times a second. */
  level: number;
  /** Sound came through at least once since the check started. */
  heard: boolean;
  /** Nothing came through for a while: the wrong device, or a muted one. */
  silent: boolean;
  devices: { deviceId: string; label: string }[];
  deviceId: string | null;
  start: (deviceId?: string | null) => Promise<void>;
  stop: () => void;
}

const SAMPLE_MS = 100;
/** Quieter than speech, louder than a good microphone's own noise. */
const HEARD_DB = -50;
const SILENT_AFTER_MS = 8_000;

/**
 * A microphone check with a live level meter: one getUserMedia call (the browser asks for
 * permission here, up front, not when the chair gives the floor), an AnalyserNode, and the
 * answer to "does sound come through?". The same capture settings as the published
 * microphone, so what the meter shows is what the room will hear.
 */
export function useMicrophoneCheck(onResult: (ok: boolean) => void): MicrophoneCheck {
  const [status, setStatus] = useState<MicCheckStatus>('idle');
  const [level, setLevel] = useState(0);
  const [heard, setHeard] = useState(false);
  const [silent, setSilent] = useState(false);
  const [devices, setDevices] = useState<MicrophoneCheck['devices']>([]);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const running = useRef<{ stream: MediaStream; context: AudioContext; timer: ReturnType<typeof setInterval> } | null>(
    null,
  );
  const report = useRef(onResult);
  report.current = onResult;
  const attempt = useRef(0);

  const stop = useCallback(() => {
    attempt.current += 1;
    const current = running.current;
    running.current = null;
    if (!current) return;
    clearInterval(current.timer);
    for (const track of current.stream.getTracks()) track.stop();
    void current.context.close().catch(() => undefined);
    setLevel(0);
    setStatus('idle');
  }, []);

  const start = useCallback(
    async (chosen?: string | null) => {
      stop();
      const mine = attempt.current;
      setStatus('asking');
      setHeard(false);
      setSilent(false);
      let stream: MediaStream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: {
            echoCancellation: true,
            noiseSuppression: true,
            autoGainControl: true,
            ...(chosen ? { deviceId: { exact: chosen } } : {}),
          },
        });
      } catch (error) {
        if (mine !== attempt.current) return;
        const name = error instanceof DOMException ? error.name : '';
        setStatus(
          name === 'NotAllowedError' || name === 'SecurityError'
            ? 'denied'
            : name === 'NotFoundError' || name === 'OverconstrainedError'
              ? 'no-device'
              : 'failed',
        );
        report.current(false);
        return;
      }
      if (mine !== attempt.current) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      const track = stream.getAudioTracks()[0];
      setDeviceId(track?.getSettings().deviceId ?? chosen ?? null);
      // Labels are only readable once permission is given.
      void navigator.mediaDevices
        .enumerateDevices()
        .then((all) =>
          setDevices(
            all
              .filter((device) => device.kind === 'audioinput' && device.deviceId !== '')
              .map((device) => ({ deviceId: device.deviceId, label: device.label })),
          ),
        )
        .catch(() => undefined);

      const context = new AudioContext();
      await context.resume().catch(() => undefined);
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      context.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      const startedAt = performance.now();
      let reported: boolean | null = null;
      const timer = setInterval(() => {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const sample of samples) sum += sample * sample;
        const rms = Math.sqrt(sum / samples.length);
        const db = rms > 0 ? 20 * Math.log10(rms) : -100;
        setLevel(Math.round(Math.min(1, Math.max(0, (db + 60) / 60)) * 100) / 100);
        if (db > HEARD_DB) {
          setHeard(true);
          setSilent(false);
          if (reported !== true) {
            reported = true;
            report.current(true);
          }
        } else if (reported === null && performance.now() - startedAt > SILENT_AFTER_MS) {
          reported = false;
          setSilent(true);
          report.current(false);
        }
      }, SAMPLE_MS);
      running.current = { stream, context, timer };
      setStatus('listening');
    },
    [stop],
  );

  useEffect(() => stop, [stop]);

  return { status, level, heard, silent, devices, deviceId, start, stop };
}
