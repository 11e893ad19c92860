// A price in yuan from integer fen, in the shop's accent colour: ¥12.80.
import type { CSSProperties } from 'react';
import { formatYuan } from '../../domain/money.js';

type Size = 'small' | 'medium' | 'large';
const FONT: Record<Size, number> = { small: 14, medium: 18, large: 28 };

export function Price({
  fen,
  size = 'medium',
  muted = false,
  style,
}: {
  fen: number;
  size?: Size;
  muted?: boolean;
  style?: CSSProperties;
}) {
  const text = formatYuan(fen);
  const [whole, cents] = text.split('.');
  const base = FONT[size];
  return (
    <span
      className="btp-price"
      style={{
        color: muted ? 'rgba(0,0,0,0.65)' : '#c73c00',
        fontWeight: muted ? 400 : 600,
        whiteSpace: 'nowrap',
        fontVariantNumeric: 'tabular-nums',
        ...style,
      }}
    >
      <span style={{ fontSize: Math.round(base * 0.7) }}>{whole?.slice(0, 1)}</span>
      <span style={{ fontSize: base }}>{whole?.slice(1)}</span>
      <span style={{ fontSize: Math.round(base * 0.75) }}>.{cents}</span>
    </span>
  );
}
