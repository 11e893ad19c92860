// A square product picture (the server serves SVG placeholders), with a grey fallback.
import { useState, type CSSProperties } from 'react';
import { PictureIcon } from '../lite/icons.js';

export function ProductImage({
  src,
  alt,
  size,
  style,
}: {
  src: string;
  alt: string;
  /** Fixed edge in px; omit to fill the parent's width. */
  size?: number;
  style?: CSSProperties;
}) {
  const [broken, setBroken] = useState(false);
  const box: CSSProperties = {
    width: size ?? '100%',
    height: size,
    aspectRatio: '1 / 1',
    borderRadius: 8,
    background: '#f5f5f5',
    flex: size ? `0 0 ${size}px` : undefined,
    overflow: 'hidden',
    display: 'block',
    ...style,
  };
  if (broken || !src) {
    return (
      <div role="img" aria-label={alt} style={{ ...box, display: 'grid', placeItems: 'center' }}>
        <PictureIcon style={{ fontSize: 24, color: '#bfbfbf' }} />
      </div>
    );
  }
  return (
    <img
      src={src}
      alt={alt}
      loading="lazy"
      onError={() => setBroken(true)}
      style={{ ...box, objectFit: 'cover' }}
    />
  );
}
