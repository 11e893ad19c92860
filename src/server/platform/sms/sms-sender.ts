import type { SmsContent } from '../../../domain/sms-templates.js';

export interface SmsMessage {
  /** Mainland mobile number, 11 digits. */
  to: string;
  content: SmsContent;
}

/**
 * Sends one SMS: an approved template and its variables. Throws when the service did not
 * accept it; the notice's outbox job then retries with backoff.
 */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}
