import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../db/client.js';
import { outgoingMessages } from '../db/schema/index.js';

export interface SmtpCapture {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * The embedded mail server: a real SMTP listener on loopback that keeps every message it accepts,
 * so development and tests exercise the same SMTP code path as production.
 */
export async function startSmtpCapture(db: Db, port: number): Promise<SmtpCapture> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      simpleParser(stream)
        .then((mail) =>
          db.insert(outgoingMessages).values(
            recipients.map((to) => ({
              channel: 'email' as const,
              recipient: to,
              subject: mail.subject ?? '',
              body: mail.text ?? '',
            })),
          ),
        )
        // Accept only once stored: a failed insert makes the sender retry.
        .then(() => callback())
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // A client dropping its connection (a worker killed mid-send) is that client's problem: the
  // message it did not finish is not stored, and it sends it again. smtp-server reports it as
  // an 'error' event, which with no listener would end this process.
  server.on('error', () => undefined);
  const address = server.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
