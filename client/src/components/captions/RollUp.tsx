import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptionDisplay } from '../../../../shared/meeting/model.js';
import { rollUpRows } from '../../captions/layout.js';
import { useCaptionStream, type CaptionFeed } from '../../captions/useCaptions.js';

interface RollUpProps {
  feed: CaptionFeed;
  display: CaptionDisplay;
  /** Rows of this roll-up. */
  lines: number;
  /** Rows of every roll-up stacked in the caption region: they share its height. */
  regionLines: number;
}

/**
 * Full-screen CART on the room screen: the chair's number of rows, each at most the chair's
 * line length, rolling up as text arrives (committed lines and the provisional tail alike).
 * Deliberately not a live region: screen-reader users follow the transcript instead.
 */
export function RollUp({ feed, display, lines, regionLines }: RollUpProps) {
  const { i18n } = useTranslation();
  const { language } = feed;
  const stream = useCaptionStream(feed);
  const rows = rollUpRows(stream, display.lineLength, lines);
  const style = {
    '--caption-lines': lines,
    '--caption-region-lines': regionLines,
    '--caption-line-length': display.lineLength,
  } as CSSProperties;
  return (
    <div className={`rollup caption-theme-${display.theme}`} style={style} lang={language} dir={i18n.dir(language)}>
      <div className="rollup-text" style={{ maxInlineSize: `${display.lineLength}ch` }}>
        {rows.length === 0 ? (
          // Said in the captions' own language: it is read by those who read that language.
          <div className="rollup-waiting">{i18n.getFixedT(language)('captions.waiting')}</div>
        ) : (
          rows.map((row, index) => (
            // Rows move up as text arrives; their position is their identity.
            <div key={index} className="rollup-row">
              {row}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
