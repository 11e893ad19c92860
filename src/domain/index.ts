// Pure domain rules: no I/O, no framework.
export * from './errors.js';
export * from './money.js';
export * from './shanghai-date.js';
export * from './order-number.js';
export * from './order-status.js';
export * from './order-transitions.js';
export * from './after-sales-policy.js';
export * from './business-days.js';
export * from './validation.js';
export * from './cancellation-settings.js';
export * from './cancellation-rules.js';
export * from './refund-calculation.js';
export * from './refund-eta.js';
export * from './account-standing.js';
export * from './refund-review.js';
export * from './refund-states.js';
export * from './notice-templates.js';
