// The operator settings, one section per subject: cancellation windows and deadlines, refund
// review, 价保与补偿, account standing, cancellation reasons.
import { Col, Form, InputNumber, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CancellationSettings } from '../../api/cancellation.js';
import { NumberField } from './NumberField.js';
import { SettingsSection } from './SettingsSection.js';

type Windows = Pick<
  CancellationSettings,
  'freeCancelWindowMinutes' | 'requestSlaHours' | 'afterSalesDays'
>;
const windows = (s: CancellationSettings): Windows => ({
  freeCancelWindowMinutes: s.freeCancelWindowMinutes,
  requestSlaHours: s.requestSlaHours,
  afterSalesDays: s.afterSalesDays,
});

/** 取消与售后时限: free cancellation window, the merchant's answer deadline, after-sales days. */
export function WindowsSection() {
  const { t } = useTranslation();
  return (
    <SettingsSection<Windows>
      id="windows"
      title={t('settings.cancellation')}
      toValues={windows}
      toPatch={(v) => v}
    >
      {() => (
        <Row gutter={16}>
          <NumberField
            name="freeCancelWindowMinutes"
            label={t('settings.freeWindow')}
            help={t('settings.freeWindowHelp')}
            min={0}
            max={1440}
          />
          <NumberField
            name="requestSlaHours"
            label={t('settings.sla')}
            help={t('settings.slaHelp')}
            min={1}
            max={168}
          />
          <NumberField
            name="afterSalesDays"
            label={t('settings.afterSalesDays')}
            help={t('settings.afterSalesDaysHelp')}
            min={1}
            max={90}
          />
        </Row>
      )}
    </SettingsSection>
  );
}

type Review = { reviewAmountYuan: number; refundReviewSlaHours: number };

/** 退款审核: the amount above which a person reviews a refund, and how fast they should. */
export function ReviewSection() {
  const { t } = useTranslation();
  return (
    <SettingsSection<Review>
      id="review"
      title={t('settings.review')}
      toValues={(s) => ({
        reviewAmountYuan: s.reviewAmountFen / 100,
        refundReviewSlaHours: s.refundReviewSlaHours,
      })}
      // Yuan with at most two decimals → integer fen, never a float in the API.
      toPatch={(v) => ({
        reviewAmountFen: Math.round(Number(v.reviewAmountYuan) * 100),
        refundReviewSlaHours: v.refundReviewSlaHours,
      })}
    >
      {() => (
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="reviewAmountYuan"
              label={t('settings.reviewAmount')}
              extra={t('settings.reviewAmountHelp')}
              rules={[{ required: true, message: t('settings.required') }]}
            >
              <InputNumber
                min={0}
                max={10_000_000}
                precision={2}
                step={100}
                prefix="¥"
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <NumberField
            name="refundReviewSlaHours"
            label={t('settings.reviewSla')}
            help={t('settings.reviewSlaHelp')}
            min={1}
            max={168}
          />
        </Row>
      )}
    </SettingsSection>
  );
}

type Standing = Pick<
  CancellationSettings,
  'standingWindowDays' | 'standingWarnAt' | 'standingReviewAt'
>;

/** 买家信誉: how many cancellations in how many days warn the shopper or send refunds to review. */
export function StandingSection() {
  const { t } = useTranslation();
  return (
    <SettingsSection<Standing>
      id="standing"
      title={t('settings.standing')}
      toValues={(s) => ({
        standingWindowDays: s.standingWindowDays,
        standingWarnAt: s.standingWarnAt,
        standingReviewAt: s.standingReviewAt,
      })}
      toPatch={(v) => v}
    >
      {() => (
        <Row gutter={16}>
          <NumberField
            name="standingWindowDays"
            label={t('settings.windowDays')}
            help={t('settings.windowDaysHelp')}
            min={1}
            max={365}
          />
          <NumberField
            name="standingWarnAt"
            label={t('settings.warnAt')}
            help={t('settings.warnAtHelp')}
            min={1}
            max={100}
          />
          <NumberField
            name="standingReviewAt"
            label={t('settings.reviewAt')}
            help={t('settings.reviewAtHelp')}
            min={1}
            max={100}
            dependencies={['standingWarnAt']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_: unknown, value: unknown) => {
                  const warn: unknown = getFieldValue('standingWarnAt');
                  return typeof value === 'number' && typeof warn === 'number' && value < warn
                    ? Promise.reject(new Error(t('settings.reviewAtTooLow')))
                    : Promise.resolve();
                },
              }),
            ]}
          />
        </Row>
      )}
    </SettingsSection>
  );
}

type StaffRefunds = { priceProtectionDays: number; staffRefundReviewAmountYuan: number };

/** 价保与补偿: how long 价保 may be asked for, and above what a 补偿 or 价保 waits for review. */
export function StaffRefundSection() {
  const { t } = useTranslation();
  return (
    <SettingsSection<StaffRefunds>
      id="staff-refunds"
      title={t('settings.staffRefunds')}
      toValues={(s) => ({
        priceProtectionDays: s.priceProtectionDays,
        staffRefundReviewAmountYuan: s.staffRefundReviewAmountFen / 100,
      })}
      toPatch={(v) => ({
        priceProtectionDays: v.priceProtectionDays,
        staffRefundReviewAmountFen: Math.round(Number(v.staffRefundReviewAmountYuan) * 100),
      })}
    >
      {() => (
        <Row gutter={16}>
          <NumberField
            name="priceProtectionDays"
            label={t('settings.priceProtectionDays')}
            help={t('settings.priceProtectionDaysHelp')}
            min={0}
            max={90}
          />
          <Col xs={24} md={12}>
            <Form.Item
              name="staffRefundReviewAmountYuan"
              label={t('settings.staffRefundReviewAmount')}
              extra={t('settings.staffRefundReviewAmountHelp')}
              rules={[{ required: true, message: t('settings.required') }]}
            >
              <InputNumber
                min={0}
                max={10_000_000}
                precision={2}
                step={100}
                prefix="¥"
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
      )}
    </SettingsSection>
  );
}
