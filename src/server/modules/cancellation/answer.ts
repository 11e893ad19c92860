import type { OrderDetail } from '../../../contracts/orders.js';
import { detailFrom } from '../orders/views.js';
import type { CancellationResult } from './cancel.js';

/**
 * The order's detail as the cancellation leaves it, from what the use case loaded and planned
 * (no re-read): a test checks it equals what GET /orders/:orderNo returns afterwards.
 */
export function answerDetail(done: CancellationResult, now: Date): OrderDetail {
  if (!done.timeline) throw new Error('the cancellation was run without its timeline');
  return detailFrom(
    { order: done.order, lines: done.lines, shop: done.shop, request: done.request },
    done.timeline,
    now,
  );
}
