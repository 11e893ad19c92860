/** A generated product picture: a soft gradient with the product's first characters. */
export function placeholderSvg(title: string, hue: number): string {
  const label = [...title].slice(0, 4).join('');
  const escaped = label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue},70%,88%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},65%,70%)"/>
</linearGradient></defs>
<rect width="400" height="400" fill="url(#g)"/>
<text x="200" y="215" font-size="64" text-anchor="middle" font-family="sans-serif" fill="hsl(${hue},40%,25%)">${escaped}</text>
</svg>`;
}
