// Our side of a provider notify, as the notify route will do it: verify and decode with the
// adapter, check it against what we recorded, answer in the provider's own format.
import type {
  ChannelNotify,
  ChannelProvider,
  NotifyRefusal,
} from '../../../src/server/platform/payment-channels/channel-provider.js';
import { NotifyRefusedError } from '../../../src/server/platform/payment-channels/channel-provider.js';
import {
  notifyRefusal,
  type RecordedPayment,
} from '../../../src/server/platform/payment-channels/notify-check.js';
import { serve } from './http.js';

export async function startNotifyReceiver(
  provider: ChannelProvider,
  recorded: Map<string, RecordedPayment>,
) {
  const accepted: ChannelNotify[] = [];
  const refused: NotifyRefusal[] = [];
  const server = await serve(async (req, body, res) => {
    let ok = false;
    try {
      const notify = provider.parseNotify(
        { rawBody: body.toString('utf8'), headers: req.headers },
        new Date(),
      );
      const ref =
        notify.kind === 'payment' ? notify.payment.merchantOrderNo : notify.refund.merchantOrderNo;
      const refusal = notifyRefusal(notify, recorded.get(ref) ?? null);
      if (refusal) throw new NotifyRefusedError(refusal);
      accepted.push(notify);
      ok = true;
    } catch (err) {
      if (!(err instanceof NotifyRefusedError)) throw err;
      refused.push(err.reason);
    }
    const answer = provider.notifyAnswer(ok);
    res.writeHead(answer.status, answer.contentType ? { 'content-type': answer.contentType } : {});
    res.end(answer.body);
  });
  return { url: `${server.url}/notify`, accepted, refused, close: () => server.close() };
}
