import type { SelectionItem } from '../../../domain/cancellation-rules.js';

/** `lines=12:1,13:2` (validated by the contract) → a selection; absent → the whole order. */
export function parseSelectionQuery(lines: string | undefined): SelectionItem[] | 'all' {
  if (!lines) return 'all';
  return lines.split(',').map((pair) => {
    const [lineId, quantity] = pair.split(':').map(Number);
    return { lineId: lineId ?? 0, quantity: quantity ?? 0 };
  });
}
