import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  matchStatement,
  type OurPayment,
  type OurRefund,
  type StatementEntry,
} from './statement-matching.js';

function payment(id: number, amountFen: number, over: Partial<OurPayment> = {}): OurPayment {
  return {
    id,
    orderNo: `ORD${id}`,
    merchantOrderNo: `ORD${id}`,
    providerTradeNo: `T${id}`,
    amountFen,
    status: 'succeeded',
    inDay: true,
    ...over,
  };
}

function refund(id: number, of: OurPayment, amountFen: number, over: Partial<OurRefund> = {}) {
  return {
    id,
    orderNo: of.orderNo,
    statementKey: `refund-${id}-a1`,
    merchantOrderNo: of.merchantOrderNo,
    paymentTradeNo: of.providerTradeNo,
    amountFen,
    status: 'succeeded',
    inDay: true,
    ...over,
  } satisfies OurRefund;
}

/** The statement a provider would write for exactly these records. */
function statementOf(payments: readonly OurPayment[], refunds: readonly OurRefund[]) {
  return [
    ...payments.map((p): StatementEntry => ({
      kind: 'payment',
      merchantOrderNo: p.merchantOrderNo,
      providerTradeNo: p.providerTradeNo ?? '',
      refundKey: null,
      amountFen: p.amountFen,
    })),
    ...refunds.map((r): StatementEntry => ({
      kind: 'refund',
      merchantOrderNo: r.merchantOrderNo,
      providerTradeNo: r.paymentTradeNo ?? '',
      refundKey: r.statementKey,
      amountFen: r.amountFen,
    })),
  ];
}

const p1 = payment(1, 8_800);
const p2 = payment(2, 1_250);
const r1 = refund(10, p1, 3_000);

describe('matchStatement', () => {
  it('a statement equal to our records: no mismatch, totals agree', () => {
    const result = matchStatement(statementOf([p1, p2], [r1]), {
      payments: [p1, p2],
      refunds: [r1],
    });
    expect(result.mismatches).toEqual([]);
    expect(result.totals).toEqual({
      payments: { ours: { count: 2, fen: 10_050 }, theirs: { count: 2, fen: 10_050 } },
      refunds: { ours: { count: 1, fen: 3_000 }, theirs: { count: 1, fen: 3_000 } },
    });
  });

  const line = (over: Partial<StatementEntry>): StatementEntry => ({
    kind: 'payment',
    merchantOrderNo: p1.merchantOrderNo,
    providerTradeNo: 'T1',
    refundKey: null,
    amountFen: 8_800,
    ...over,
  });

  it.each([
    {
      name: 'a payment they did not list → missing on theirs',
      lines: [],
      ours: { payments: [p1], refunds: [] },
      want: { kind: 'missing_theirs', entry: 'payment', reference: 'ORD1', ourAmountFen: 8_800 },
    },
    {
      name: 'a payment we never took → missing on ours',
      lines: [line({ merchantOrderNo: 'ORD99', amountFen: 500 })],
      ours: { payments: [], refunds: [] },
      want: { kind: 'missing_ours', entry: 'payment', reference: 'ORD99', theirAmountFen: 500 },
    },
    {
      name: 'listed at another amount → amount differs',
      lines: [line({ amountFen: 8_801 })],
      ours: { payments: [p1], refunds: [] },
      want: { kind: 'amount_differs', ourAmountFen: 8_800, theirAmountFen: 8_801 },
    },
    {
      name: 'paid at theirs, still pending at ours (a notify lost) → state differs',
      lines: [line({})],
      ours: { payments: [payment(1, 8_800, { status: 'pending', inDay: false })], refunds: [] },
      want: { kind: 'state_differs', entry: 'payment', ourStatus: 'pending' },
    },
    {
      name: 'a refund they settled that we still show 退款中 → state differs',
      lines: [line({ kind: 'refund', refundKey: r1.statementKey, amountFen: 3_000 })],
      ours: { payments: [], refunds: [{ ...r1, status: 'processing', inDay: false }] },
      want: { kind: 'state_differs', entry: 'refund', reference: r1.statementKey },
    },
    {
      name: 'a refund under a key that is not ours (dashboard) → missing on ours',
      lines: [line({ kind: 'refund', refundKey: 'DASH1', amountFen: 100 })],
      ours: { payments: [], refunds: [{ ...r1, inDay: false }] },
      want: { kind: 'missing_ours', entry: 'refund', reference: 'DASH1' },
    },
    {
      name: 'a UnionPay refund names the payment by origQryId only: another payment → not ours',
      lines: [
        line({
          kind: 'refund',
          merchantOrderNo: '',
          providerTradeNo: 'T2',
          refundKey: r1.statementKey,
          amountFen: 3_000,
        }),
      ],
      ours: { payments: [], refunds: [{ ...r1, inDay: false }] },
      want: { kind: 'missing_ours', entry: 'refund', reference: r1.statementKey },
    },
  ])('$name', ({ lines, ours, want }) => {
    const { mismatches } = matchStatement(lines as StatementEntry[], ours);
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject(want);
  });

  it('a UnionPay refund line (origQryId, derived key) matches our refund', () => {
    const lines: StatementEntry[] = [
      {
        kind: 'refund',
        merchantOrderNo: '',
        providerTradeNo: 'T1',
        refundKey: r1.statementKey,
        amountFen: 3_000,
      },
    ];
    expect(matchStatement(lines, { payments: [], refunds: [r1] }).mismatches).toEqual([]);
  });

  it('the same payment listed twice: the second line is missing on ours', () => {
    const lines = [...statementOf([p1], []), ...statementOf([p1], [])];
    const { mismatches, totals } = matchStatement(lines, { payments: [p1], refunds: [] });
    expect(mismatches).toEqual([
      expect.objectContaining({ kind: 'missing_ours', reference: 'ORD1' }),
    ]);
    expect(totals.payments.theirs).toEqual({ count: 2, fen: 17_600 });
  });

  it('records outside the day that the statement does not name are not expected on it', () => {
    const yesterday = payment(3, 700, { inDay: false });
    const result = matchStatement([], { payments: [yesterday], refunds: [] });
    expect(result.mismatches).toEqual([]);
    expect(result.totals.payments.ours).toEqual({ count: 0, fen: 0 });
  });
});

// Properties: records of a day, a statement written from them, and the three things a provider's
// statement can get wrong (a payment left out, listed at another amount, one we never took).
const recordsArb = fc
  .array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 0, maxLength: 25 })
  .chain((amounts) =>
    fc
      .array(
        fc.tuple(
          fc.nat({ max: Math.max(0, amounts.length - 1) }),
          fc.integer({ min: 1, max: 100_000 }),
        ),
        {
          maxLength: amounts.length === 0 ? 0 : 10,
        },
      )
      .map((refundSpecs) => {
        const payments = amounts.map((a, i) => payment(i + 1, a));
        const refunds = refundSpecs.map(([of, amount], i) =>
          refund(1000 + i, payments[of]!, amount),
        );
        return { payments, refunds };
      }),
  );

describe('matchStatement properties', () => {
  it('a statement equal to our records, in any order, gives no mismatch', () => {
    fc.assert(
      fc.property(
        recordsArb.chain((ours) => {
          const all = statementOf(ours.payments, ours.refunds);
          return fc
            .shuffledSubarray(all, { minLength: all.length })
            .map((lines) => ({ ours, lines }));
        }),
        ({ ours, lines }) => {
          const result = matchStatement(lines, ours);
          expect(result.mismatches).toEqual([]);
          expect(result.totals.payments.ours).toEqual(result.totals.payments.theirs);
          expect(result.totals.refunds.ours).toEqual(result.totals.refunds.theirs);
        },
      ),
    );
  });

  it('each injected mismatch is found exactly once, and nothing else', () => {
    fc.assert(
      fc.property(
        recordsArb,
        fc.array(fc.constantFrom('keep', 'omit', 'amount'), { maxLength: 25 }),
        fc.array(fc.integer({ min: 1, max: 9_999 }), { maxLength: 4 }),
        (ours, changes, extras) => {
          const lines: StatementEntry[] = [];
          const omitted: string[] = [];
          const changed: string[] = [];
          ours.payments.forEach((p, i) => {
            const change = changes[i] ?? 'keep';
            const [entry] = statementOf([p], []);
            if (change === 'omit') omitted.push(p.merchantOrderNo);
            else if (change === 'amount') {
              changed.push(p.merchantOrderNo);
              lines.push({ ...entry!, amountFen: p.amountFen + 1 });
            } else lines.push(entry!);
          });
          lines.push(...statementOf([], ours.refunds));
          const added = extras.map((_a, i) => `EXTRA${i}`);
          extras.forEach((a, i) =>
            lines.push({
              kind: 'payment',
              merchantOrderNo: added[i]!,
              providerTradeNo: `X${i}`,
              refundKey: null,
              amountFen: a,
            }),
          );

          const { mismatches } = matchStatement(lines, ours);
          const refs = (kind: string) =>
            mismatches
              .filter((m) => m.kind === kind)
              .map((m) => m.reference)
              .sort();
          expect(refs('missing_theirs')).toEqual([...omitted].sort());
          expect(refs('amount_differs')).toEqual([...changed].sort());
          expect(refs('missing_ours')).toEqual([...added].sort());
          expect(refs('state_differs')).toEqual([]);
          expect(mismatches).toHaveLength(omitted.length + changed.length + added.length);
        },
      ),
    );
  });

  it('the result does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(recordsArb, fc.integer({ min: 1, max: 999 }), (ours, seed) => {
        const lines = statementOf(ours.payments.slice(1), ours.refunds);
        lines.push({
          kind: 'payment',
          merchantOrderNo: 'EXTRA',
          providerTradeNo: 'X',
          refundKey: null,
          amountFen: seed,
        });
        const reversed = [...lines].reverse();
        expect(matchStatement(reversed, ours)).toEqual(matchStatement(lines, ours));
      }),
    );
  });
});
