import { create } from 'qrcode';
import { useMemo } from 'react';

/**
 * A QR code of `value`, drawn as one SVG path so it stays sharp at any size and in print; a
 * phone's camera takes the link across without typing it. Error correction M, with the
 * four-module quiet zone the standard asks for.
 */
export function QrCode({ value, label }: { value: string; label: string }) {
  const { size, path } = useMemo(() => {
    const { modules } = create(value, { errorCorrectionLevel: 'M' });
    const quiet = 4;
    let d = '';
    for (let row = 0; row < modules.size; row += 1) {
      for (let col = 0; col < modules.size; col += 1) {
        if (modules.get(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`;
      }
    }
    return { size: modules.size + 2 * quiet, path: d };
  }, [value]);
  return (
    <svg className="qr-code" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
