import type { Executor } from '../../platform/db/client.js';
import type { SupportHistory } from '../support/order-history.js';

export type { SupportHistory } from '../support/order-history.js';

/** Reads an order's chats and board messages; the bundle takes it as a parameter for tests. */
export type SupportHistoryLoader = (db: Executor, orderId: number) => Promise<SupportHistory>;
