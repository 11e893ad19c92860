import { describe, expect, it } from 'vitest';
import { escapeHtml, formatFen } from './html.js';

describe('html helpers', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<script>alert("x")&'</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&amp;&#39;&lt;/script&gt;',
    );
  });

  it('formats fen as yuan', () => {
    expect(formatFen(1)).toBe('¥0.01');
    expect(formatFen(1234)).toBe('¥12.34');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(formatFen(100)).toBe('¥1.00');
  });
});
