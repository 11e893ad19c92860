// The amount of a 补偿 or 线下退款, typed in yuan and checked against what the order can still
// refund (the server checks again under the order's lock; this explains at once).
import { Form, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../domain/money.js';

/** Yuan with at most two decimals → integer fen, never a float in the API. */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);

export function RefundAmountField({ refundableFen }: { refundableFen: number }) {
  const { t } = useTranslation();
  const most = formatYuan(refundableFen);
  return (
    <Form.Item
      name="amountYuan"
      label={t('staffRefund.amount')}
      extra={t('staffRefund.most', { amount: most })}
      rules={[
        { required: true, message: t('staffRefund.amountRequired') },
        {
          validator: (_, v: number | null | undefined) => {
            if (v === null || v === undefined) return Promise.resolve();
            const fen = yuanToFen(v);
            if (fen <= 0) return Promise.reject(new Error(t('staffRefund.amountPositive')));
            if (fen > refundableFen)
              return Promise.reject(new Error(t('staffRefund.amountTooHigh', { amount: most })));
            return Promise.resolve();
          },
        },
      ]}
    >
      <InputNumber<number>
        min={0}
        precision={2}
        step={1}
        prefix="¥"
        inputMode="decimal"
        style={{ width: '100%' }}
      />
    </Form.Item>
  );
}
