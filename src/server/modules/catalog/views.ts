import { describePolicy, type AfterSalesPolicy } from '../../../domain/after-sales-policy.js';
import type { PolicyView } from '../../../contracts/common.js';

export function productImageUrl(productId: number): string {
  return `/img/products/${productId}.svg`;
}

export function policyView(p: AfterSalesPolicy): PolicyView {
  return { kind: p.kind, feeKind: p.feeKind, feeValue: p.feeValue, text: describePolicy(p) };
}
