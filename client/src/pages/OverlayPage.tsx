import { useEffect } from 'react';
import { overlayRows } from '../../../shared/captions/stream.js';
import { useCaptionEvents } from '../captions/eventStream.js';
import { overlayOptions, type OverlayOptions } from '../captions/overlay.js';
import { useCaptionStream } from '../captions/useCaptions.js';
import { meetingTokenKey, useFragmentSecret } from '../secrets.js';

/**
 * A browser source for OBS and vMix: the captions and nothing else, on a transparent page (or
 * a chroma-key colour), placed and styled from the address. Nothing else ever shows, not even
 * an error: it would go out on air. The document title says what is wrong instead.
 */
export function OverlayPage({ meetingId }: { meetingId: string }) {
  const [token] = useFragmentSecret('token', meetingTokenKey(meetingId, 'overlay'), 'device');
  const options = overlayOptions(location.search);
  useEffect(() => {
    const root = document.documentElement;
    root.classList.add('overlay-page');
    root.style.setProperty('--overlay-background', options.chroma ?? 'transparent');
    return () => root.classList.remove('overlay-page');
  }, [options.chroma]);
  if (token === null) {
    document.title = 'Captions overlay: no link';
    return null;
  }
  return <OverlayCaptions token={token} options={options} />;
}

/** The captions come over the caption event stream: a browser source holds no Socket.IO connection for hours. */
function OverlayCaptions({ token, options }: { token: string; options: OverlayOptions }) {
  const { status, mirror } = useCaptionEvents(token, options.lang);
  const stream = useCaptionStream(mirror && { mirror });
  const language = mirror?.language ?? null;
  useEffect(() => {
    document.title = `Captions overlay: ${status}${language ? ` (${language})` : ''}`;
  }, [status, language]);
  if (!stream || !language) return null;
  const rows = overlayRows(stream, options.lines, options.length).filter((row) => row !== '');
  return (
    <div
      className={`overlay-area overlay-${options.position}`}
      style={{ justifyContent: { start: 'flex-start', center: 'center', end: 'flex-end' }[options.align] }}
    >
      <div
        className="overlay-box"
        lang={language}
        dir={language === 'ar' ? 'rtl' : 'ltr'}
        style={{
          fontFamily: options.font,
          fontSize: `${options.size}px`,
          color: options.color,
          background: options.box ?? 'transparent',
          maxInlineSize: `${options.width}%`,
          textAlign: options.align,
          visibility: rows.length > 0 ? 'visible' : 'hidden',
        }}
      >
        {rows.map((row, index) => (
          <div key={`${index}-${row}`}>{row}</div>
        ))}
      </div>
    </div>
  );
}
