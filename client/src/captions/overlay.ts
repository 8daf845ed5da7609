/** How the overlay page looks, read from its address so a broadcast operator sets it once in the browser source. */
export interface OverlayOptions {
  lang: string | null;
  lines: number;
  /** Characters per row, as the GETlivecap feed's `length`. */
  length: number;
  font: string;
  /** Text size in CSS pixels. */
  size: number;
  color: string;
  /** Box behind the text; null for none. */
  box: string | null;
  /** Page background: transparent for OBS/vMix browser sources, else a chroma-key colour. */
  chroma: string | null;
  position: 'top' | 'middle' | 'bottom';
  align: 'start' | 'center' | 'end';
  /** Width of the caption area, in percent of the page. */
  width: number;
}

const HEX = /^(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
/** Font family names only: the value goes into a style, so nothing that could end it. */
const FONT = /^[\p{L}\p{N} ,'-]{1,80}$/u;

const colour = (value: string | null, fallback: string | null): string | null =>
  value === 'none' ? null : value && HEX.test(value) ? `#${value}` : fallback;

function bounded(value: string | null, min: number, max: number, fallback: number): number {
  const number = Number(value);
  return value !== null && Number.isFinite(number) ? Math.min(max, Math.max(min, Math.round(number))) : fallback;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

export function overlayOptions(search: string): OverlayOptions {
  const query = new URLSearchParams(search);
  const font = query.get('font');
  return {
    lang: query.get('lang'),
    lines: bounded(query.get('lines'), 1, 8, 2),
    length: bounded(query.get('length'), 10, 80, 32),
    font: font && FONT.test(font) ? font : 'system-ui, sans-serif',
    size: bounded(query.get('size'), 12, 200, 40),
    color: colour(query.get('color'), '#ffffff')!,
    box: colour(query.get('box'), '#000000cc'),
    chroma: colour(query.get('chroma'), null),
    position: oneOf(query.get('position'), ['top', 'middle', 'bottom'] as const, 'bottom'),
    align: oneOf(query.get('align'), ['start', 'center', 'end'] as const, 'center'),
    width: bounded(query.get('width'), 20, 100, 90),
  };
}
